"""Write corpus/examples.yaml: the questions of the sets below, each under the topic it expects.

Run after adding a set that may be learned from: `python3 tests/data/make_examples.py`.
A set listed here is training data, so its figures are training figures; an honest figure
comes only from a blind set that is not listed (README, "Measured quality").
Overview and out-of-scope questions are left out: examples teach which topic answers a
question, not whether one does. A question with two expected benefits is filed under the first.
"""

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from qa import load_corpus  # noqa: E402

LEARNED_FROM = ["dev", "heldout", "unseen", *(f"unseen{n}" for n in range(2, 19))]
# Blind rounds already spent: each was run once unread (docs/blind*-first-run.txt), then read.
# Their English single questions are users' own words, so they may be learned from; a round
# listed here measures nothing honestly any more, the next unread round does.
READ_ROUNDS = ["blind", "blind2", "blind3", "blind4", "blind5"]
ENGLISH_STYLES = {"context", "terse", "indirect", "near_scope"}

HEADER = """\
# Questions in users' words, each under the topic (1-6 or challenges) that answers it. The index
# learns from them which words point to which topic (qa/naive_bayes.py), and uses that to order
# the topics a question matches; they never decide whether a question is covered, and are never
# shown or cited. Add a question a user asked under the topic that should answer it.
#
# Made by tests/data/make_examples.py from the question sets {sets}.
# Those sets are therefore training data; the README's honest figure is on blind sets not
# listed here.
"""


def collect(keys: list[object], names: list[str], rounds: list[str] = ()) -> dict[object, list[str]]:
    """The questions of the sets `names`, and the English single questions of the blind
    `rounds`, each once, under the first topic it expects."""
    examples: dict[object, list[str]] = {key: [] for key in keys}
    files = [HERE / f"{name}.jsonl" for name in names] + [
        path for r in rounds for path in sorted((HERE / r).glob("*.jsonl")) if not path.name.startswith("conv")
    ]
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            expect = item["expect"]
            if path.parent != HERE and item.get("style") not in ENGLISH_STYLES:
                continue
            if isinstance(expect, list) and expect and expect[0] in examples:
                if item["q"] not in examples[expect[0]]:
                    examples[expect[0]].append(item["q"])
    return examples


def main() -> None:
    examples = collect([t.key for t in load_corpus().topics], LEARNED_FROM, READ_ROUNDS)
    sets = LEARNED_FROM + [f"{r} (English single questions)" for r in READ_ROUNDS]
    text = HEADER.format(sets=", ".join(sets)) + "\n" + yaml.safe_dump(
        examples, allow_unicode=True, sort_keys=False, width=1000
    )
    (HERE.parent.parent / "corpus" / "examples.yaml").write_text(text, encoding="utf-8")
    print(", ".join(f"{key}: {len(qs)}" for key, qs in examples.items()), "examples written")


if __name__ == "__main__":
    main()
