"""The quality gate: the evaluation on the blind question sets, failing when a bar is missed or a
figure slips. The English blind sets unseen19-22 were never tuned on. The issue #10 sets came in
sixteen rounds, each by writers with briefs unlike the rounds before (tests/data/blind, blind2, ...,
blind16). Each round was committed unread and run once on the rules of its day, the first run kept
in docs/ (blind-first-run.txt, blind2-..., ..., blind16-first-run.txt); then it was read and rules
were learned from it, so only the newest round's first run is an honest figure. The English single
questions of rounds 1-5 are also example questions now (corpus/examples.yaml), so their figures
are training figures.

Every bar of issue #10 is a test on the newest round. A bar it does not meet is an expected
failure, strict, naming the first-run figure: when a change meets the bar, the test fails as XPASS
so the mark is taken away. No figure of any round slips below what was measured at the last
change (FLOORS), whether or not its bar is met. Round 16 ran last, after learning from round 15,
and nothing was learned from it yet, so its floors are its first run (FIRST_RUN). Round 15 had met
five bars on its first run; round 16's writers (a grandmother's plain worries, an imam's formal
Urdu, a voice-note transcript) met fewer: each new writer still finds phrasings no rule knows.

Run one gate alone: python3 -m pytest -q tests/test_quality_gate.py -k english
See the figures behind a failure: python3 -m qa eval --pooled tests/data/blind16/*.jsonl
"""

from pathlib import Path

import pytest

from qa import Conversation, ask
from qa.evaluate import by_style, evaluate, evaluate_conversations, load_items, load_set

DATA = Path(__file__).parent / "data"
ENGLISH_BLIND = [DATA / f"unseen{n}.jsonl" for n in (19, 20, 21, 22)]
ROUNDS = {
    "rounds1-2": sorted((DATA / "blind").glob("*.jsonl")) + sorted((DATA / "blind2").glob("*.jsonl")),
    "round3": sorted((DATA / "blind3").glob("*.jsonl")),
    "round4": sorted((DATA / "blind4").glob("*.jsonl")),
    "round5": sorted((DATA / "blind5").glob("*.jsonl")),
    "round6": sorted((DATA / "blind6").glob("*.jsonl")),
    "round7": sorted((DATA / "blind7").glob("*.jsonl")),
    **{f"round{n}": sorted((DATA / f"blind{n}").glob("*.jsonl")) for n in range(8, 17)},
}
HONEST = "round16"  # the newest round: its first run (docs/blind16-first-run.txt) is the honest figure

# Top-1 bars per style; near_scope is judged by how many it refuses.
TOP1_BY_STYLE = {"context": 0.90, "terse": 0.90, "indirect": 0.90, "roman_urdu": 0.90, "urdu": 0.85}
NEAR_SCOPE_REFUSED = 0.90
CHALLENGES_REACHED = 0.90
FALSE_ABSTENTION = 0.05
FOLLOW_UP_TURNS = 0.90
WHOLE_CONVERSATIONS = 0.80

BARS = {
    **{(style, "top1"): bar for style, bar in TOP1_BY_STYLE.items()},
    ("near_scope", "refused"): NEAR_SCOPE_REFUSED,
    ("all", "overview"): 1.0,
    ("all", "challenges"): CHALLENGES_REACHED, ("all", "false_abstention"): FALSE_ABSTENTION,
    ("conversations", "follow_up"): FOLLOW_UP_TURNS, ("conversations", "whole"): WHOLE_CONVERSATIONS,
}
LOWER_IS_BETTER = {("all", "false_abstention")}

# The newest round's one first run (docs/blind16-first-run.txt), for the record.
FIRST_RUN = {
    ("context", "top1"): 0.826, ("terse", "top1"): 0.913, ("indirect", "top1"): 0.625,
    ("roman_urdu", "top1"): 0.826, ("urdu", "top1"): 0.739, ("near_scope", "refused"): 0.792,
    ("all", "overview"): 0.786, ("all", "challenges"): 0.947, ("all", "false_abstention"): 0.044,
    ("conversations", "follow_up"): 0.741, ("conversations", "whole"): 0.333,
}

# What each round measured at the last change (rounds 1-4 and round 5 since read and tuned on).
FLOORS: dict[str, dict[tuple[str, str], float]] = {}  # filled below


def test_english_blind_sets_keep_their_bars(index):
    items = [item for path in ENGLISH_BLIND for item in load_items(path)]
    f = evaluate(items, lambda q: ask(q, index)).figures()
    assert f["top1_accuracy"] >= 0.95, f
    assert f["recall_at_3"] >= 0.98, f
    assert f["abstention_out_of_scope"] >= 0.95, f
    assert f["overview_all_six"] == 1.0, f
    assert f["false_abstention_in_scope"] <= FALSE_ABSTENTION, f


def figures_of(paths: list[Path], index) -> dict[tuple[str, str], float]:  # type: ignore[no-untyped-def]
    """A round's figures, per style and pooled, the way issue #10 states its bars."""
    items, conversations = [], []
    for path in paths:
        i, c = load_set(path)
        items += i
        conversations += c
    out: dict[tuple[str, str], float] = {}
    reached = total = overview_ok = overview = 0
    for style, sf in by_style(items, lambda q: ask(q, index)).items():
        f = sf.figures()
        if style == "near_scope":
            out[(style, "refused")] = f["refused"]
            continue
        out[(style, "top1")] = f["top1_accuracy"]
        overview_ok, overview = overview_ok + sf.report.overview_ok, overview + sf.report.overview
        reached, total = reached + sf.challenges[0], total + sf.challenges[1]
    out[("all", "overview")] = overview_ok / overview if overview else 1.0
    out[("all", "challenges")] = reached / total if total else 1.0
    out[("all", "false_abstention")] = evaluate(items, lambda q: ask(q, index)).figures()["false_abstention_in_scope"]
    c = evaluate_conversations(conversations, lambda: Conversation(index)).figures()
    out[("conversations", "follow_up")] = c["follow_up_accuracy"]
    out[("conversations", "whole")] = c["conversation_accuracy"]
    return out


@pytest.fixture(scope="module")
def round_figures(index) -> dict[str, dict[tuple[str, str], float]]:
    return {name: figures_of(paths, index) for name, paths in ROUNDS.items()}


def _name(key: tuple[str, str]) -> str:
    return f"{key[0]}-{key[1]}"


def _meets(key: tuple[str, str], value: float, bar: float) -> bool:
    return value <= bar + 1e-9 if key in LOWER_IS_BETTER else value >= bar - 1e-9


FLOORS.update({
    "rounds1-2": {
        ('context', 'top1'): 0.984,
        ('indirect', 'top1'): 0.953,
        ('near_scope', 'refused'): 1.0,
        ('roman_urdu', 'top1'): 1.0,
        ('terse', 'top1'): 0.967,
        ('urdu', 'top1'): 0.923,
        ('all', 'overview'): 0.953,
        ('all', 'challenges'): 1.0,
        ('all', 'false_abstention'): 0.0,
        ('conversations', 'follow_up'): 0.976,
        ('conversations', 'whole'): 0.916,
    },
    "round3": {
        ('context', 'top1'): 0.861,
        ('indirect', 'top1'): 0.952,
        ('near_scope', 'refused'): 1.0,
        ('roman_urdu', 'top1'): 0.969,
        ('terse', 'top1'): 1.0,
        ('urdu', 'top1'): 0.969,
        ('all', 'overview'): 0.857,
        ('all', 'challenges'): 1.0,
        ('all', 'false_abstention'): 0.0,
        ('conversations', 'follow_up'): 0.963,
        ('conversations', 'whole'): 0.846,
    },
    "round4": {
        ('context', 'top1'): 0.933,
        ('indirect', 'top1'): 0.916,
        ('near_scope', 'refused'): 0.814,
        ('roman_urdu', 'top1'): 0.896,
        ('terse', 'top1'): 0.965,
        ('urdu', 'top1'): 0.896,
        ('all', 'overview'): 0.846,
        ('all', 'challenges'): 0.96,
        ('all', 'false_abstention'): 0.025,
        ('conversations', 'follow_up'): 0.925,
        ('conversations', 'whole'): 0.625,
    },
    "round5": {
        ('context', 'top1'): 0.923,
        ('indirect', 'top1'): 0.87,
        ('near_scope', 'refused'): 0.913,
        ('roman_urdu', 'top1'): 0.96,
        ('terse', 'top1'): 1.0,
        ('urdu', 'top1'): 0.96,
        ('all', 'overview'): 1.0,
        ('all', 'challenges'): 0.95,
        ('all', 'false_abstention'): 0.014,
        ('conversations', 'follow_up'): 0.896,
        ('conversations', 'whole'): 0.708,
    },
    "round6": {
        ('context', 'top1'): 0.958,
        ('indirect', 'top1'): 0.884,
        ('near_scope', 'refused'): 1.0,
        ('roman_urdu', 'top1'): 0.92,
        ('terse', 'top1'): 0.875,
        ('urdu', 'top1'): 0.913,
        ('all', 'overview'): 0.933,
        ('all', 'challenges'): 0.863,
        ('all', 'false_abstention'): 0.022,
        ('conversations', 'follow_up'): 0.923,
        ('conversations', 'whole'): 0.708,
    },
    "round7": {
        ('context', 'top1'): 0.92,
        ('indirect', 'top1'): 0.84,
        ('near_scope', 'refused'): 0.909,
        ('roman_urdu', 'top1'): 0.961,
        ('terse', 'top1'): 0.863,
        ('urdu', 'top1'): 0.956,
        ('all', 'overview'): 0.933,
        ('all', 'challenges'): 0.869,
        ('all', 'false_abstention'): 0.03,
        ('conversations', 'follow_up'): 0.822,
        ('conversations', 'whole'): 0.541,
    },
    "round8": {
        ('context', 'top1'): 0.84,
        ('indirect', 'top1'): 0.826,
        ('near_scope', 'refused'): 0.909,
        ('roman_urdu', 'top1'): 1.0,
        ('terse', 'top1'): 0.791,
        ('urdu', 'top1'): 0.956,
        ('all', 'overview'): 0.8,
        ('all', 'challenges'): 0.863,
        ('all', 'false_abstention'): 0.045,
        ('conversations', 'follow_up'): 0.737,
        ('conversations', 'whole'): 0.333,
    },
    "round9": {
        ('context', 'top1'): 0.913,
        ('indirect', 'top1'): 0.8,
        ('near_scope', 'refused'): 0.863,
        ('roman_urdu', 'top1'): 0.916,
        ('terse', 'top1'): 0.956,
        ('urdu', 'top1'): 0.954,
        ('all', 'overview'): 1.0,
        ('all', 'challenges'): 0.916,
        ('all', 'false_abstention'): 0.008,
        ('conversations', 'follow_up'): 0.734,
        ('conversations', 'whole'): 0.291,
    },
    "round10": {
        ('context', 'top1'): 0.956,
        ('indirect', 'top1'): 0.869,
        ('near_scope', 'refused'): 0.956,
        ('roman_urdu', 'top1'): 0.956,
        ('terse', 'top1'): 0.913,
        ('urdu', 'top1'): 0.96,
        ('all', 'overview'): 0.727,
        ('all', 'challenges'): 0.958,
        ('all', 'false_abstention'): 0.015,
        ('conversations', 'follow_up'): 0.737,
        ('conversations', 'whole'): 0.291,
    },
    "round11": {
        ('context', 'top1'): 0.913,
        ('indirect', 'top1'): 0.8,
        ('near_scope', 'refused'): 0.913,
        ('roman_urdu', 'top1'): 0.958,
        ('terse', 'top1'): 0.958,
        ('urdu', 'top1'): 0.916,
        ('all', 'overview'): 0.9,
        ('all', 'challenges'): 0.956,
        ('all', 'false_abstention'): 0.022,
        ('conversations', 'follow_up'): 0.663,
        ('conversations', 'whole'): 0.25,
    },
    "round12": {
        ('context', 'top1'): 0.956,
        ('indirect', 'top1'): 0.72,
        ('near_scope', 'refused'): 0.782,
        ('roman_urdu', 'top1'): 0.88,
        ('terse', 'top1'): 0.913,
        ('urdu', 'top1'): 0.875,
        ('all', 'overview'): 0.777,
        ('all', 'challenges'): 0.92,
        ('all', 'false_abstention'): 0.023,
        ('conversations', 'follow_up'): 0.74,
        ('conversations', 'whole'): 0.208,
    },
    "round13": {
        ('context', 'top1'): 0.869,
        ('indirect', 'top1'): 0.807,
        ('near_scope', 'refused'): 0.869,
        ('roman_urdu', 'top1'): 0.913,
        ('terse', 'top1'): 0.916,
        ('urdu', 'top1'): 0.809,
        ('all', 'overview'): 0.9,
        ('all', 'challenges'): 0.904,
        ('all', 'false_abstention'): 0.023,
        ('conversations', 'follow_up'): 0.78,
        ('conversations', 'whole'): 0.458,
    },
    "round14": {
        ('context', 'top1'): 0.826,
        ('indirect', 'top1'): 0.791,
        ('near_scope', 'refused'): 0.916,
        ('roman_urdu', 'top1'): 0.869,
        ('terse', 'top1'): 0.875,
        ('urdu', 'top1'): 0.869,
        ('all', 'overview'): 0.857,
        ('all', 'challenges'): 0.85,
        ('all', 'false_abstention'): 0.059,
        ('conversations', 'follow_up'): 0.811,
        ('conversations', 'whole'): 0.458,
    },
    "round15": {
        ('context', 'top1'): 0.782,
        ('indirect', 'top1'): 0.875,
        ('near_scope', 'refused'): 1.0,
        ('roman_urdu', 'top1'): 0.956,
        ('terse', 'top1'): 0.956,
        ('urdu', 'top1'): 0.916,
        ('all', 'overview'): 1.0,
        ('all', 'challenges'): 0.857,
        ('all', 'false_abstention'): 0.03,
        ('conversations', 'follow_up'): 0.666,
        ('conversations', 'whole'): 0.166,
    },
    "round16": {
        ('context', 'top1'): 0.826,
        ('indirect', 'top1'): 0.625,
        ('near_scope', 'refused'): 0.791,
        ('roman_urdu', 'top1'): 0.826,
        ('terse', 'top1'): 0.913,
        ('urdu', 'top1'): 0.739,
        ('all', 'overview'): 0.785,
        ('all', 'challenges'): 0.947,
        ('all', 'false_abstention'): 0.045,
        ('conversations', 'follow_up'): 0.74,
        ('conversations', 'whole'): 0.333,
    },
})


@pytest.mark.parametrize(
    "round_name, key", [(r, k) for r in ROUNDS for k in BARS], ids=lambda v: v if isinstance(v, str) else _name(v),
)
def test_no_blind_figure_slips_below_what_was_measured(round_figures, round_name, key):
    floor = FLOORS[round_name][key]
    assert _meets(key, round_figures[round_name][key], floor), (round_name, key, round_figures[round_name][key], floor)


@pytest.mark.parametrize(
    "key",
    [pytest.param(k, marks=pytest.mark.xfail(
        strict=True, reason=f"short of the bar: first run {FIRST_RUN[k]}, now {FLOORS[HONEST][k]}, bar {BARS[k]}"))
     if not _meets(k, FLOORS[HONEST][k], BARS[k]) else k for k in BARS],
    ids=_name,
)
def test_the_newest_blind_round_meets_the_bar_of_issue_10(round_figures, key):
    assert _meets(key, round_figures[HONEST][key], BARS[key]), (key, round_figures[HONEST][key], BARS[key])
