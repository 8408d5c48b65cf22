"""The quality gate: the evaluation on the blind question sets, failing when a bar is missed or a
figure slips. The English blind sets unseen19-22 were never tuned on. The issue #10 sets, two
rounds by fifteen writers (tests/data/blind, tests/data/blind2), were each run once before anyone
read them (docs/blind-first-run.txt, docs/blind2-first-run.txt); round 1 has since been tuned on.
They are judged together, per style (issue #10 "Bars").

Every bar is a test. A bar the first runs did not meet is an expected failure, strict, with the
figure measured: when a change meets it, the test fails as XPASS so the mark is taken away. A
figure never slips below what was measured (FLOORS), whether or not its bar is met.

Run one gate alone: python3 -m pytest -q tests/test_quality_gate.py -k english
See the figures behind a failure: python3 -m qa eval FILE
"""

from pathlib import Path

import pytest

from qa import Conversation, ask
from qa.evaluate import by_style, evaluate, evaluate_conversations, load_items, load_set

DATA = Path(__file__).parent / "data"
ENGLISH_BLIND = [DATA / f"unseen{n}.jsonl" for n in (19, 20, 21, 22)]
BLIND = sorted((DATA / "blind").glob("*.jsonl")) + sorted((DATA / "blind2").glob("*.jsonl"))

# Top-1 bars per style; near_scope is judged by how many it refuses.
TOP1_BY_STYLE = {"context": 0.90, "terse": 0.90, "indirect": 0.90, "roman_urdu": 0.90, "urdu": 0.85}
NEAR_SCOPE_REFUSED = 0.90
CHALLENGES_REACHED = 0.90
FALSE_ABSTENTION = 0.05
FOLLOW_UP_TURNS = 0.90
WHOLE_CONVERSATIONS = 0.80


def test_english_blind_sets_keep_their_bars(index):
    items = [item for path in ENGLISH_BLIND for item in load_items(path)]
    f = evaluate(items, lambda q: ask(q, index)).figures()
    assert f["top1_accuracy"] >= 0.95, f
    assert f["recall_at_3"] >= 0.98, f
    assert f["abstention_out_of_scope"] >= 0.95, f
    assert f["overview_all_six"] == 1.0, f
    assert f["false_abstention_in_scope"] <= FALSE_ABSTENTION, f


def _misses(report) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(f"{m.item.q!r}: expected {m.item.expect}, got {m.got}" for m in report.misses[:20])



# What the first runs left short of the bar (round 1 tuned on, round 2 first run), by
# (style, figure): the figure measured on both rounds together at the last change.
FLOORS = {
    ("context", "top1"): 0.953, ("terse", "top1"): 0.854, ("indirect", "top1"): 0.784,
    ("roman_urdu", "top1"): 0.968, ("urdu", "top1"): 0.923,
    ("near_scope", "refused"): 0.80,
    ("context", "overview"): 0.60, ("terse", "overview"): 0.80, ("indirect", "overview"): 1.0,
    ("roman_urdu", "overview"): 1.0, ("urdu", "overview"): 0.90,
    ("all", "challenges"): 0.867, ("all", "false_abstention"): 0.05,
    ("conversations", "follow_up"): 0.942, ("conversations", "whole"): 0.770,
}
BARS = {
    **{(style, "top1"): bar for style, bar in TOP1_BY_STYLE.items()},
    ("near_scope", "refused"): NEAR_SCOPE_REFUSED,
    **{(style, "overview"): 1.0 for style in ("context", "terse", "indirect", "roman_urdu", "urdu")},
    ("all", "challenges"): CHALLENGES_REACHED, ("all", "false_abstention"): FALSE_ABSTENTION,
    ("conversations", "follow_up"): FOLLOW_UP_TURNS, ("conversations", "whole"): WHOLE_CONVERSATIONS,
}
SHORT_OF_THE_BAR = {key for key, bar in BARS.items() if key[1] != "false_abstention" and FLOORS[key] < bar}


@pytest.fixture(scope="module")
def blind_figures(index) -> dict[tuple[str, str], float]:
    items, conversations = [], []
    for path in BLIND:
        i, c = load_set(path)
        items += i
        conversations += c
    out: dict[tuple[str, str], float] = {}
    reached = total = 0
    for style, sf in by_style(items, lambda q: ask(q, index)).items():
        f = sf.figures()
        if style == "near_scope":
            out[(style, "refused")] = f["refused"]
            continue
        out[(style, "top1")] = f["top1_accuracy"]
        out[(style, "overview")] = sf.report.overview_ok / sf.report.overview if sf.report.overview else 1.0
        reached, total = reached + sf.challenges[0], total + sf.challenges[1]
    out[("all", "challenges")] = reached / total
    out[("all", "false_abstention")] = evaluate(items, lambda q: ask(q, index)).figures()["false_abstention_in_scope"]
    c = evaluate_conversations(conversations, lambda: Conversation(index)).figures()
    out[("conversations", "follow_up")] = c["follow_up_accuracy"]
    out[("conversations", "whole")] = c["conversation_accuracy"]
    return out


def _name(key: tuple[str, str]) -> str:
    return f"{key[0]}-{key[1]}"


@pytest.mark.parametrize("key", list(FLOORS), ids=_name)
def test_no_blind_figure_slips_below_what_was_measured(blind_figures, key):
    if key[1] == "false_abstention":
        assert blind_figures[key] <= FLOORS[key], blind_figures
    else:
        assert blind_figures[key] >= FLOORS[key] - 1e-9, (key, blind_figures[key])


@pytest.mark.parametrize(
    "key",
    [pytest.param(k, marks=pytest.mark.xfail(strict=True, reason=f"short of the bar on the first runs: {FLOORS[k]} < {BARS[k]}"))
     if k in SHORT_OF_THE_BAR else k for k in BARS],
    ids=_name,
)
def test_blind_sets_meet_the_bar_of_issue_10(blind_figures, key):
    if key[1] == "false_abstention":
        assert blind_figures[key] <= BARS[key], blind_figures
    else:
        assert blind_figures[key] >= BARS[key], (key, blind_figures[key])
