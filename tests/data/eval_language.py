"""Top-1 by style for Urdu and Roman-Urdu questions, read through the lexicon (qa/language.py)
and answered by the English pipeline: `qa.ask(read(q, lexicon).english)`.

    python3 tests/data/eval_language.py tests/data/dev_styles.jsonl            # styles urdu, roman_urdu
    python3 tests/data/eval_language.py tests/data/dev_styles.jsonl --readings # ...and every reading

Until the question-analysis stage calls qa.language itself, this is how the lexicon is measured.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qa import ask, get_index  # noqa: E402
from qa.evaluate import Item, evaluate, format_report  # noqa: E402
from qa.language import load_lexicon, read  # noqa: E402

STYLES = ("roman_urdu", "urdu")


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("--")]
    show = "--readings" in argv
    index, lexicon = get_index(), load_lexicon()
    by_style: dict[str, list[Item]] = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                if raw.get("style") in STYLES:
                    expect = tuple(raw["expect"]) if isinstance(raw["expect"], list) else raw["expect"]
                    by_style.setdefault(raw["style"], []).append(Item(raw["q"], expect))
    for style, items in by_style.items():
        report = evaluate(items, lambda q: ask(read(q, lexicon).english, index))
        print(format_report(report, style))
        for m in report.misses:
            print(f"      read as: {read(m.item.q, lexicon).english!r}")
        if show:
            for item in items:
                r = read(item.q, lexicon)
                print(f"  [{r.language}] {item.q}\n      -> {r.english}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
