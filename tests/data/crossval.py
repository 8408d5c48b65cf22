"""Measure the example questions honestly: learn examples from some sets, test on others.

    python3 tests/data/crossval.py TRAIN TEST [WEIGHTS]

TRAIN and TEST are comma-separated set names in tests/data ("dev,unseen,unseen2"); WEIGHTS is
a comma-separated list of `Settings.example_weight` values (default "0,0.5"; 0 means the
examples change nothing). The shipped corpus is used with its examples replaced by the TRAIN
sets' questions, so no TEST question is learned from. Example:

    python3 tests/data/crossval.py dev,heldout,unseen,unseen2,unseen3,unseen4,unseen5,unseen6,unseen7,unseen8,unseen9,unseen10,unseen11,unseen12,unseen13,unseen14 unseen15,unseen16,unseen17,unseen18
"""

import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from qa.compose import ask  # noqa: E402
from qa.corpus import load_corpus  # noqa: E402
from qa.evaluate import Item, evaluate, load_items  # noqa: E402
from qa.index import Index  # noqa: E402
from qa.retrieve import Settings  # noqa: E402

sys.path.insert(0, str(HERE))
from make_examples import collect  # noqa: E402  (the same collection as corpus/examples.yaml)


def items(names: list[str]) -> list[Item]:
    return [item for name in names for item in load_items(HERE / f"{name}.jsonl")]


def main(train: list[str], test: list[str], weights: list[float]) -> None:
    corpus = load_corpus()
    examples = collect([t.key for t in corpus.topics], train)
    topics = tuple(replace(t, examples=tuple(examples[t.key])) for t in corpus.topics)
    index = Index(replace(corpus, topics=topics))
    questions = items(test)
    print(f"examples from {len(train)} sets ({sum(map(len, examples.values()))} questions); tested on {len(questions)} questions")
    for weight in weights:
        f = evaluate(questions, lambda q: ask(q, index, Settings(example_weight=weight))).figures()
        print(
            f"example_weight {weight}: top-1 {f['top1_accuracy']:.3f}  recall@3 {f['recall_at_3']:.3f}  "
            f"abstention {f['abstention_out_of_scope']:.3f}  false abstention {f['false_abstention_in_scope']:.3f}  "
            f"overview {f['overview_all_six']:.3f}  fact first {f['fact_first']:.3f}  fact top-3 {f['fact_top3']:.3f}"
        )


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1].split(","), sys.argv[2].split(","), [float(w) for w in (sys.argv[3] if len(sys.argv) > 3 else "0,0.5").split(",")])
