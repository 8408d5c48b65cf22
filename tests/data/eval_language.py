"""Top-1 by style for Urdu and Roman-Urdu questions, read through the lexicon (qa/language.py)
and answered by the English pipeline: `qa.ask(read(q, lexicon).english)`.

    python3 tests/data/eval_language.py tests/data/dev_styles.jsonl            # styles urdu, roman_urdu
    python3 tests/data/eval_language.py tests/data/dev_styles.jsonl --readings # ...and every reading
    python3 tests/data/eval_language.py --timing                                # load + read speed

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


def timing() -> None:
    """Median of 7: load_lexicon from its cache and from the file; read() on 100 questions."""
    import statistics
    import tempfile
    import time

    from qa import language
    from qa.language import LEXICON_FILE

    folder = Path(__file__).resolve().parents[2] / "corpus"
    here = Path(__file__).parent
    urdu = [json.loads(line)["q"] for name in ("dev_styles.jsonl", "urdu_own.jsonl")
            for line in (here / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("style") in STYLES][:100]
    english = [json.loads(line)["q"] for line in (here / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()][:100]

    def median_ms(run) -> float:
        times = []
        for _ in range(7):
            language.fold_roman.cache_clear()
            language._urdu_key.cache_clear()
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1000

    load_lexicon(folder)  # make sure the cached copy exists
    with tempfile.TemporaryDirectory() as fresh:
        (Path(fresh) / LEXICON_FILE).write_bytes((folder / LEXICON_FILE).read_bytes())
        built = median_ms(lambda: language._build(Path(fresh) / LEXICON_FILE, __import__("yaml").load(
            (folder / LEXICON_FILE).read_text(encoding="utf-8"), Loader=__import__("yaml").CSafeLoader)))
    lexicon = load_lexicon(folder)
    print(f"load_lexicon from cache: {median_ms(lambda: load_lexicon(folder)):.1f} ms; parse and build: {built:.1f} ms")
    print(f"read {len(urdu)} Urdu/Roman questions: {median_ms(lambda: [read(q, lexicon) for q in urdu]):.1f} ms; "
          f"{len(english)} English: {median_ms(lambda: [read(q, lexicon) for q in english]):.1f} ms")


def main(argv: list[str]) -> int:
    if "--timing" in argv:
        timing()
        return 0
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
