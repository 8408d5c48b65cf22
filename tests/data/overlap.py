"""How close a question set is to the example questions, and the figures on its far part.

    python3 tests/data/overlap.py unseen19 unseen20

For each question: the largest word overlap (Jaccard of its terms) with any question in
corpus/examples.yaml. Prints how many are near (>= 0.5) and the figures on the questions that
are not, which are the ones to expect for phrasings nobody has used yet.
"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from qa import get_index  # noqa: E402
from qa.compose import ask  # noqa: E402
from qa.evaluate import evaluate, load_items  # noqa: E402
from qa.tokenize import tokenize  # noqa: E402

NEAR = 0.5


def main(names: list[str]) -> None:
    index = get_index()
    examples = [set(tokenize(q)) for t in index.topics for q in t.examples]
    items = [item for name in names for item in load_items(HERE / f"{name}.jsonl")]

    def overlap(question: str) -> float:
        terms = set(tokenize(question))
        return max((len(terms & e) / len(terms | e) for e in examples), default=0.0) if terms else 0.0

    far = [item for item in items if overlap(item.q) < NEAR]
    print(f"{len(items) - len(far)} of {len(items)} questions share at least {NEAR:.0%} of their words with an example")
    f = evaluate(far, lambda q: ask(q, index)).figures()
    print(
        f"the other {len(far)} ({f['in_scope']} in scope): top-1 {f['top1_accuracy']:.3f}  recall@3 {f['recall_at_3']:.3f}  "
        f"abstention {f['abstention_out_of_scope']:.3f}  false abstention {f['false_abstention_in_scope']:.3f}"
    )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
