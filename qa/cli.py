"""`python -m qa`: ask, corpus, sources, eval, bench, review. See README for examples."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

from .compose import ask
from .conversation import Conversation
from .corpus import CorpusError
from .evaluate import (
    by_style, evaluate, evaluate_conversations, format_conversations, format_report, format_styles, load_items, load_set,
)
from .index import Index, build_index
from .render import format_source, render_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", metavar="DIR", help="corpus folder (default: the shipped corpus/)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ask", parents=[common], help="answer a question (or one per line from stdin)")
    p.add_argument("question", nargs="?", help="the question; omit to read questions from stdin")
    p.add_argument("--json", action="store_true", help="one JSON object per answer")

    p = sub.add_parser(
        "chat", parents=[common],
        help="a conversation: one question a line from stdin, an empty line starts a new one (interactive at a terminal)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per answer, as ask --json")

    p = sub.add_parser("corpus", parents=[common], help="list every passage after validation")
    p.add_argument("--json", action="store_true", help="as a JSON list")

    p = sub.add_parser("sources", parents=[common], help="list sources with how many passages cite each")
    p.add_argument("--json", action="store_true", help="as a JSON list")

    p = sub.add_parser("eval", parents=[common], help="measure accuracy on a JSON Lines question set")
    p.add_argument("file", nargs="+", help="question set(s), JSON Lines")
    p.add_argument("--json", action="store_true", help="figures as JSON")
    p.add_argument("--pooled", action="store_true", help="also one report over all the files' questions together")

    p = sub.add_parser("sweep", parents=[common], help="grid-search the retrieval settings on a question set")
    p.add_argument("file", help="development question set, JSON Lines")

    p = sub.add_parser("speed", parents=[common], help="time answers on the real corpus: in-process and cold start")
    p.add_argument("file", nargs="?", default="tests/data/dev.jsonl", help="questions to time (JSON Lines)")
    p.add_argument("--runs", type=int, default=5, help="cold starts to time (default 5)")

    p = sub.add_parser("bench", parents=[common], help="benchmark scoring on a synthetic corpus")
    p.add_argument("--passages", type=int, default=100_000, help="synthetic passages (default 100000)")
    p.add_argument("--queries", type=int, default=200, help="queries (default 200)")
    p.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    p.add_argument("--cli", action="store_true", help="also time `python -m qa ask` on a folder of N passage files")

    p = sub.add_parser("review", parents=[common], help="what users asked: unanswered questions, thumbs-down, topics")
    p.add_argument("--json", action="store_true", help="the report as one JSON object")
    p.add_argument("--since", metavar="DATE", help="only records from DATE on (YYYY-MM-DD, UTC)")
    p.add_argument("--purge-before", metavar="DATE", help="delete the records from before DATE, then stop")
    p.add_argument("--suggest-examples", action="store_true",
                   help="print a YAML snippet for corpus/examples.yaml: each question under the topic picked now")
    p.add_argument("--db", metavar="URL", help="the feedback database (default: $QA_FEEDBACK_URL, else qa-feedback.sqlite3)")
    return parser


def _byte_safe_streams() -> None:
    """Any bytes in, valid UTF-8 out: undecodable input becomes U+FFFD (and then an ordinary,
    usually `invalid`, question), never a UnicodeDecodeError; a leading BOM is dropped."""
    for stream, encoding in ((sys.stdin, "utf-8-sig"), (sys.stdout, "utf-8"), (sys.stderr, "utf-8")):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding=encoding, errors="replace")


def _repaired(text: str) -> str:
    """A command-line argument as text: bytes that were not UTF-8 (kept by Python as lone
    surrogates) become U+FFFD, so nothing downstream meets an unencodable string."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


# Characters str.splitlines() breaks on that JSON leaves raw: escaped, one record stays one line.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json(obj: object, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent).translate(_LINE_BREAKS)


def main(argv: list[str] | None = None) -> int:
    _byte_safe_streams()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug, not the user's input: one line, the details on request
        if os.environ.get("QA_DEBUG"):
            raise
        print(f"error: unexpected {type(err).__name__}: {_repaired(str(err))} (QA_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "bench":
            from .bench import run_bench, run_cli_cold_start

            if args.cli:
                figures = run_cli_cold_start(args.passages)
                print(json.dumps(figures) if args.json else "\n".join(f"{k:<20} {v}" for k, v in figures.items()))
            else:
                run_bench(passages=args.passages, queries=args.queries, json_out=args.json)
            return 0
        index = build_index(args.corpus, progress=_progress)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    commands = {"ask": _ask, "chat": _chat, "corpus": _corpus, "sources": _sources, "eval": _eval, "sweep": _sweep, "speed": _speed, "review": _review}
    try:
        return commands[args.command](index, args)
    except CorpusError as err:  # a corpus file read on first use (reading.yaml, lexicon.yaml)
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `python -m qa eval ... | head` closed the pipe: not an error
        sys.stderr.close()
        return 0


def _progress(stage: str, done: int, total: int) -> None:
    """Long builds (large corpora, first run) say how far they are, on stderr."""
    print(f"{stage} passages: {done:,}/{total:,}", file=sys.stderr, flush=True)


def _ask(index: Index, args: argparse.Namespace) -> int:
    questions = [_repaired(args.question)] if args.question is not None else (line.rstrip("\r\n") for line in sys.stdin)
    first = True
    for question in questions:
        answer = ask(question, index)
        if args.json:
            print(_json(answer.as_json()), flush=True)
        else:
            if not first:
                print("\n" + "-" * 72 + "\n")
            print(render_text(answer), flush=True)
        first = False
    return 0


def _chat(index: Index, args: argparse.Namespace) -> int:
    """One conversation from stdin, a question a line; an empty line starts a new conversation.
    At a terminal it prompts for each question; `exit`, `quit` or end of input stops it."""
    interactive = sys.stdin.isatty()
    conversation = Conversation(index)
    first = True
    if interactive:
        print("Ask about the benefits of international collaboration for Pakistan's higher education."
              " An empty line starts a new conversation; Ctrl-D or 'quit' ends.", file=sys.stderr)
    while True:
        if interactive:
            try:
                line = input("> ")
            except (EOFError, KeyboardInterrupt):
                print(file=sys.stderr)
                return 0
            if line.strip().lower() in ("quit", "exit"):
                return 0
        else:
            line = sys.stdin.readline()
            if not line:
                return 0
        question = line.rstrip("\r\n")
        if not question.strip():
            conversation = Conversation(index)
            if interactive:
                print("(new conversation)", file=sys.stderr)
            continue
        answer = conversation.ask(question)
        if args.json:
            print(json.dumps(answer.as_json(), ensure_ascii=False), flush=True)
        else:
            if not first:
                print("\n" + "-" * 72 + "\n")
            if answer.understood_as:
                print(f"({answer.understood_as})\n")
            print(render_text(answer), flush=True)
        first = False


def _review(index: Index, args: argparse.Namespace) -> int:
    from .review import run_review  # imports SQLAlchemy only for this command

    return run_review(index, args)


def _passage_json(index: Index) -> list[dict[str, object]]:
    out = []
    for p in index.corpus.passages:
        key = p.topic_key
        out.append({
            "id": p.id,
            "kind": p.kind,
            "benefit": p.benefit,
            "benefit_title": index.corpus.topic(key).title if key is not None else None,
            "text": p.text,
            "source_id": p.source.id,
            "source": p.source.as_json(),
        })
    return out


def _corpus(index: Index, args: argparse.Namespace) -> int:
    passages = _passage_json(index)
    if args.json:
        print(_json(passages, indent=2))
        return 0
    for p in passages:
        topic = f"benefit {p['benefit']}" if p["benefit"] else p["kind"]
        print(f"{p['id']:<48} {topic:<10} {p['source_id']}")
    print(f"{len(passages)} passages")
    return 0


def _sources(index: Index, args: argparse.Namespace) -> int:
    counts = Counter(p.source.id for p in index.corpus.passages)
    rows = [{"id": s.id, "passages": counts[s.id], **s.as_json()} for s in index.corpus.sources]
    if args.json:
        print(_json(rows, indent=2))
        return 0
    for s in index.corpus.sources:
        print(f"{counts[s.id]:>3}  {s.id:<44} {format_source(s)}")
    print(f"{len(rows)} sources, {sum(counts.values())} passages")
    return 0


def _eval(index: Index, args: argparse.Namespace) -> int:
    sets: dict[str, list] = {}  # type: ignore[type-arg]
    conversations: dict[str, list] = {}  # type: ignore[type-arg]
    for path in args.file:
        try:
            sets[path], conversations[path] = load_set(path)
        except (OSError, ValueError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
    if args.pooled and len(sets) > 1:
        name = "pooled: " + " + ".join(args.file)
        sets[name] = [item for items in list(sets.values()) for item in items]
        conversations[name] = [c for cs in list(conversations.values()) for c in cs]
    results: dict[str, dict[str, object]] = {}
    for path, items in sets.items():
        start = time.perf_counter()
        figures: dict[str, object] = {}
        if items:
            report = evaluate(items, lambda q: ask(q, index))
            styles = by_style(items, lambda q: ask(q, index))
            figures.update(report.figures())
            if styles:
                figures["styles"] = {name: sf.figures() for name, sf in styles.items()}
            if not args.json:
                print(format_report(report, path))
                if styles:
                    print(format_styles(styles))
        if conversations[path]:
            chats = evaluate_conversations(conversations[path], lambda: Conversation(index))
            figures["conversations"] = chats.figures()
            if not args.json:
                print(format_conversations(chats, path))
        results[path] = figures
        if not args.json:
            asked = len(items) + sum(len(c) for c in conversations[path])
            print(f"  ({(time.perf_counter() - start) * 1000 / max(asked, 1):.2f} ms per question)")
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


SWEEP_GRID: dict[str, list[float]] = {
    "generic_weight": [0.1, 0.2, 0.35],
    "passage_weight": [0.25, 0.5, 1.0],
    "min_matched_share": [0.3, 0.4, 0.5, 0.6],
    "min_score": [0.5, 1.0, 2.0],
    "min_overlap": [2, 3],
    "min_share_collab": [0.25, 0.4],
    "cue_boost": [1.0, 1.5],
}


def _sweep(index: Index, args: argparse.Namespace) -> int:
    from .evaluate import sweep, sweep_objective
    from .retrieve import DEFAULT_SETTINGS

    items = load_items(args.file)
    results = sweep(items, lambda q, s: ask(q, index, s), SWEEP_GRID)
    results.sort(key=lambda r: -sweep_objective(r[1]))
    names = list(SWEEP_GRID)  # one column per swept setting, in grid order
    print(" ".join(f"{n:>17}" for n in names) + f" | {'top1':>5} {'r@3':>5} {'abst':>5} {'false':>5} {'overv':>5} {'fact1':>5}")
    for settings, f in results[:15] + [r for r in results if r[0] == DEFAULT_SETTINGS]:
        mark = "  <- default" if settings == DEFAULT_SETTINGS else ""
        print(
            " ".join(f"{getattr(settings, n):>17}" for n in names) + " | "
            f"{f['top1_accuracy']:.3f} {f['recall_at_3']:.3f} {f['abstention_out_of_scope']:.3f} "
            f"{f['false_abstention_in_scope']:.3f} {f['overview_all_six']:.3f} {f['fact_first']:.3f}{mark}"
        )
    print(f"{len(results)} settings tried on {args.file}")
    return 0


def _speed(index: Index, args: argparse.Namespace) -> int:
    """In-process latency of ask() over a question set, and cold starts of `python -m qa ask`."""
    import statistics
    import subprocess

    questions = [item.q for item in load_items(args.file)]
    for q in questions[:20]:  # warm-up
        ask(q, index)
    times = []
    for q in questions * 3:
        start = time.perf_counter()
        ask(q, index)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    cmd = [sys.executable, "-m", "qa", "ask", "--json", questions[0]]
    if args.corpus:
        cmd[3:3] = ["--corpus", args.corpus]
    subprocess.run(cmd, capture_output=True, check=True)  # make sure the index cache exists
    cold = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        cold.append(time.perf_counter() - start)
    first, last, ratio = conversation_timing(index, questions)
    print(f"ask() in process: p50 {p50:.2f} ms, p95 {p95:.2f} ms over {len(times)} questions ({len(index.passages)} passages)")
    print(f"python -m qa ask, cold start: median {statistics.median(cold):.2f} s over {args.runs} runs (min {min(cold):.2f} s)")
    print(
        f"{CONVERSATION_TURNS}-turn conversation: first turns {first:.2f} ms, last turns {last:.2f} ms "
        f"(median of {TIMED_TURNS} each; last/first {ratio:.2f})"
    )
    return 0


CONVERSATION_TURNS = 200
TIMED_TURNS = 20
FOLLOW_UPS = ("tell me more", "why?", "which source says so?", "and funding?", "benefit 3", "any downsides?", "give me an example")


def conversation_timing(index: Index, questions: list[str], turns: int = CONVERSATION_TURNS) -> tuple[float, float, float]:
    """One conversation of `turns` turns, questions from the set and follow-ups taking turns:
    the median time of its first and of its last TIMED_TURNS turns (ms), and their ratio.
    A conversation remembers a few records, so its last turns should take as long as its first."""
    import statistics

    chat = Conversation(index)
    times = []
    for n in range(turns):
        q = questions[n // 2 % len(questions)] if n % 2 == 0 else FOLLOW_UPS[n // 2 % len(FOLLOW_UPS)]
        start = time.perf_counter()
        chat.ask(q)
        times.append((time.perf_counter() - start) * 1000)
    first, last = statistics.median(times[:TIMED_TURNS]), statistics.median(times[-TIMED_TURNS:])
    return first, last, last / first
