"""Measure honestly what learning from read blind rounds is worth: hold out one round at a time.

    python3 tests/data/crossval_rounds.py

For each round of rounds 1-5 (blind+blind2, blind3, blind4, blind5), the corpus's example
questions are replaced by those of make_examples.LEARNED_FROM alone ("base") and then also by the
English single questions of the other read rounds ("+others"); the held-out round's single
questions are answered each way. The README's "raised each one's top-1 by 0.007-0.012" comes
from this.
"""

import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from make_examples import LEARNED_FROM, collect  # noqa: E402

from qa.compose import ask  # noqa: E402
from qa.corpus import load_corpus  # noqa: E402
from qa.evaluate import evaluate, load_items  # noqa: E402
from qa.index import Index  # noqa: E402

ROUNDS = {"rounds 1-2": ["blind", "blind2"], "round 3": ["blind3"], "round 4": ["blind4"], "round 5": ["blind5"]}


def singles(rounds: list[str]):  # type: ignore[no-untyped-def]
    return [item for r in rounds for path in sorted((HERE / r).glob("*.jsonl"))
            if not path.name.startswith("conv") for item in load_items(path)]


def main() -> None:
    corpus = load_corpus()
    for name, held_out in ROUNDS.items():
        figures = []
        for train in ([], [r for other, rs in ROUNDS.items() if other != name for r in rs]):
            examples = collect([t.key for t in corpus.topics], LEARNED_FROM, train)
            index = Index(replace(corpus, topics=tuple(replace(t, examples=tuple(examples[t.key])) for t in corpus.topics)))
            figures.append(evaluate(singles(held_out), lambda q: ask(q, index)).figures()["top1_accuracy"])
        print(f"{name}: top-1 {figures[0]:.3f} learning from no other round, {figures[1]:.3f} from the others")


if __name__ == "__main__":
    main()
