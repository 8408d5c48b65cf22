"""Measure answer quality on a question set (JSON Lines).

Each line is one question or one conversation:
- {"q": str, "expect": [topic, ...] | "all" | "abstain", "passage": id (optional),
  "style": str (optional)}, where a topic is a benefit number 1-6 or "challenges",
  "passage" names the passage that states the fact a fact question asks about, and "style"
  (context, terse, indirect, roman_urdu, urdu, near_scope) groups the figures;
- {"turns": [{"q": str, "expect": [topic, ...] | "all" | "abstain" | "sources" | "clarify"}, ...]}:
  one conversation, asked in order through `qa.Conversation`.
Retrieval figures count a wrong abstention as a miss, so they never look better by refusing
to answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .records import CHALLENGES, Answer, TopicKey


@dataclass(frozen=True)
class Item:
    q: str
    expect: tuple[TopicKey, ...] | str  # topics, or "all" / "abstain" (a conversation turn: also "sources" / "clarify")
    passage: str | None = None
    style: str | None = None


TURN_EXPECTS = ("all", "abstain", "sources", "clarify")


@dataclass(frozen=True)
class Miss:
    item: Item
    got: str  # what the bot did, in a few words


@dataclass
class Report:
    in_scope: int = 0
    top1: int = 0
    recall3: int = 0
    rr_sum: float = 0.0
    out_of_scope: int = 0
    abstained: int = 0
    false_abstain: int = 0
    overview: int = 0
    overview_ok: int = 0
    facts: int = 0
    fact_first: int = 0
    fact_top3: int = 0
    misses: list[Miss] = field(default_factory=list)

    def ratio(self, n: int, d: int) -> float:
        return n / d if d else 0.0

    def figures(self) -> dict[str, float | int]:
        scoped = self.in_scope + self.overview
        return {
            "questions": self.in_scope + self.out_of_scope + self.overview,
            "top1_accuracy": self.ratio(self.top1, self.in_scope),
            "recall_at_3": self.ratio(self.recall3, self.in_scope),
            "mrr": self.ratio(self.rr_sum, self.in_scope),  # type: ignore[arg-type]
            "abstention_out_of_scope": self.ratio(self.abstained, self.out_of_scope),
            "false_abstention_in_scope": self.ratio(self.false_abstain, scoped),
            "overview_all_six": self.ratio(self.overview_ok, self.overview),
            "fact_first": self.ratio(self.fact_first, self.facts),
            "fact_top3": self.ratio(self.fact_top3, self.facts),
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "overview": self.overview,
            "facts": self.facts,
        }


def load_items(path: Path | str) -> list[Item]:
    """The single questions of a set (its conversations, if any, are read by `load_conversations`)."""
    return load_set(path)[0]


def load_conversations(path: Path | str) -> list[tuple[Item, ...]]:
    return load_set(path)[1]


def load_set(path: Path | str) -> tuple[list[Item], list[tuple[Item, ...]]]:
    """(single questions, conversations) of a JSON Lines set."""
    items: list[Item] = []
    conversations: list[tuple[Item, ...]] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ValueError("each line must be a JSON object with 'q' and 'expect', or 'turns'")
            if "turns" in raw:
                turns = raw["turns"]
                if not isinstance(turns, list) or not turns:
                    raise ValueError("'turns' must be a non-empty list of {'q', 'expect'}")
                conversations.append(tuple(_item(t, TURN_EXPECTS) for t in turns))
            else:
                items.append(_item(raw, ("all", "abstain")))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}: line {n}: {err}") from None
    return items, conversations


def _item(raw: dict, allowed: tuple[str, ...]) -> Item:  # type: ignore[type-arg]
    expect = raw["expect"]
    if isinstance(expect, list):
        expect = tuple(expect)
    elif expect not in allowed:
        raise ValueError(f"expect must be a list or one of {', '.join(map(repr, allowed))}, got {expect!r}")
    style = raw.get("style")
    return Item(str(raw["q"]), expect, raw.get("passage"), str(style) if style is not None else None)


def _cited_topics(answer: Answer) -> list[TopicKey]:
    keys: list[TopicKey] = []
    for c in answer.citations:
        key = c.passage.topic_key
        if key is not None and key not in keys:
            keys.append(key)
    return keys


def evaluate(items: list[Item], ask: Callable[[str], Answer]) -> Report:
    report = Report()
    for item in items:
        answer = ask(item.q)
        if item.expect == "abstain":
            report.out_of_scope += 1
            if answer.status == "not_covered":
                report.abstained += 1
            else:
                report.misses.append(Miss(item, f"{answer.status} {_cited_topics(answer)}"))
            continue
        if item.expect == "all":
            report.overview += 1
            cited = _cited_topics(answer)
            if answer.status != "answered":
                report.false_abstain += 1
            if all(k in cited for k in range(1, 7)):
                report.overview_ok += 1
            else:
                report.misses.append(Miss(item, f"{answer.status} cited {cited}"))
            continue
        report.in_scope += 1
        expect = item.expect
        answered = answer.status == "answered"
        if not answered:
            report.false_abstain += 1
        cited = _cited_topics(answer) if answered else []
        ranking = list(answer.ranking) if answered else []
        if answer.overview:
            ranking = []  # an overview answer cites everything; it does not pick a benefit
        first = cited[0] if cited and not answer.overview else None
        ok1 = first in expect
        report.top1 += ok1
        report.recall3 += any(k in expect for k in ranking[:3])
        rank = next((i for i, k in enumerate(ranking, 1) if k in expect), None)
        report.rr_sum += 1 / rank if rank else 0.0
        fact_ok = True
        if item.passage:
            report.facts += 1
            ids = [c.passage.id for c in answer.citations] if answered else []
            fact_ok = bool(ids) and ids[0] == item.passage
            report.fact_first += fact_ok
            report.fact_top3 += item.passage in ids[:3]
        if not ok1 or not fact_ok:
            got = f"{answer.status}; overview" if answer.overview else f"{answer.status} {cited}"
            if item.passage and answered:
                got += f" first={answer.citations[0].passage.id if answer.citations else None}"
            report.misses.append(Miss(item, got))
    return report


def format_report(report: Report, title: str) -> str:
    f = report.figures()
    rows = [
        ("top-1 benefit accuracy", f["top1_accuracy"], f"{report.top1}/{report.in_scope}"),
        ("recall@3", f["recall_at_3"], f"{report.recall3}/{report.in_scope}"),
        ("MRR", f["mrr"], ""),
        ("out-of-scope answered not_covered", f["abstention_out_of_scope"], f"{report.abstained}/{report.out_of_scope}"),
        ("in-scope wrongly not_covered", f["false_abstention_in_scope"], f"{report.false_abstain}/{report.in_scope + report.overview}"),
        ("overview cites all six", f["overview_all_six"], f"{report.overview_ok}/{report.overview}"),
    ]
    if report.facts:
        rows += [
            ("fact passage cited first", f["fact_first"], f"{report.fact_first}/{report.facts}"),
            ("fact passage in first three", f["fact_top3"], f"{report.fact_top3}/{report.facts}"),
        ]
    out = [f"{title}: {f['questions']} questions", *(f"  {name:<36} {value:6.3f}  {count}" for name, value, count in rows)]
    if report.misses:
        out.append(f"misses ({len(report.misses)}):")
        out += [f"  - {m.item.q!r}: expected {m.item.expect}{' ' + m.item.passage if m.item.passage else ''}, got {m.got}" for m in report.misses]
    return "\n".join(out)


def sweep(items: list[Item], ask_with: Callable[[str, "Settings"], Answer], grid: dict[str, list[float]]) -> list[tuple["Settings", dict[str, float | int]]]:
    """Evaluate every combination of retrieval settings in `grid` (field -> values)."""
    from itertools import product

    from .retrieve import Settings

    names = list(grid)
    results = []
    for values in product(*(grid[n] for n in names)):
        settings = Settings(**dict(zip(names, values)))
        report = evaluate(items, lambda q: ask_with(q, settings))
        results.append((settings, report.figures()))
    return results


def sweep_objective(figures: dict[str, float | int]) -> float:
    """What a sweep maximises: right benefit first and honest abstention count equally; a
    setting that wrongly refuses more than 5% of in-scope questions is out."""
    if figures["false_abstention_in_scope"] > 0.05:
        return -1.0
    return float(figures["top1_accuracy"]) + float(figures["abstention_out_of_scope"]) + 0.5 * float(figures["fact_first"])


def by_style(items: list[Item], ask: Callable[[str], Answer]) -> dict[str, "StyleFigures"]:
    """Figures per `style` of the items that have one (each question asked once)."""
    answers: dict[str, Answer] = {}

    def cached(q: str) -> Answer:
        if q not in answers:
            answers[q] = ask(q)
        return answers[q]

    out: dict[str, StyleFigures] = {}
    for style in sorted({i.style for i in items if i.style}):
        group = [i for i in items if i.style == style]
        out[style] = StyleFigures(evaluate(group, cached), _challenges_reached(group, cached))
    return out


@dataclass(frozen=True)
class StyleFigures:
    report: Report
    challenges: tuple[int, int]  # (questions expecting the challenges that reach them first, such questions)

    def figures(self) -> dict[str, float | int]:
        f = self.report.figures()
        reached, total = self.challenges
        return {
            **f,
            # a near-scope set expects "abstain": its refused share is its abstention figure
            "refused": f["abstention_out_of_scope"],
            "challenges_reached": reached / total if total else 0.0,
            "challenges": total,
        }


def _challenges_reached(items: list[Item], ask: Callable[[str], Answer]) -> tuple[int, int]:
    group = [i for i in items if isinstance(i.expect, tuple) and CHALLENGES in i.expect]
    reached = 0
    for item in group:
        answer = ask(item.q)
        cited = _cited_topics(answer)
        reached += answer.status == "answered" and not answer.overview and bool(cited) and cited[0] == CHALLENGES
    return reached, len(group)


def format_styles(styles: dict[str, "StyleFigures"]) -> str:
    lines = ["by style:"]
    for style, sf in styles.items():
        f, r = sf.figures(), sf.report
        parts = [f"{f['questions']:>3} questions"]
        if r.in_scope:
            parts.append(f"top-1 {f['top1_accuracy']:.3f} ({r.top1}/{r.in_scope})")
        if r.out_of_scope:
            parts.append(f"refused {f['refused']:.3f} ({r.abstained}/{r.out_of_scope})")
        if r.overview:
            parts.append(f"overview {r.overview_ok}/{r.overview}")
        if sf.challenges[1]:
            parts.append(f"challenges reached {sf.challenges[0]}/{sf.challenges[1]}")
        parts.append(f"false abstention {r.false_abstain}/{r.in_scope + r.overview}")
        lines.append(f"  {style:<12} " + ", ".join(parts))
    return "\n".join(lines)


@dataclass
class ConversationReport:
    """Conversation figures. A follow-up turn is every turn after the first, and a first turn
    that expects "clarify" (a follow-up with nothing before it): the set's writers wrote each
    turn's expectation in the light of the conversation."""

    conversations: int = 0
    conversations_ok: int = 0
    turns: int = 0
    turns_ok: int = 0
    follow_ups: int = 0
    follow_ups_ok: int = 0
    misses: list[tuple[int, Item, str]] = field(default_factory=list)  # (conversation number, turn, what the bot did)

    def figures(self) -> dict[str, float | int]:
        ratio = lambda n, d: n / d if d else 0.0  # noqa: E731
        return {
            "conversations": self.conversations,
            "conversation_accuracy": ratio(self.conversations_ok, self.conversations),
            "turns": self.turns,
            "turn_accuracy": ratio(self.turns_ok, self.turns),
            "follow_up_turns": self.follow_ups,
            "follow_up_accuracy": ratio(self.follow_ups_ok, self.follow_ups),
        }


def evaluate_conversations(conversations: list[tuple[Item, ...]], start: Callable[[], Any]) -> ConversationReport:
    """Ask each conversation's turns in order through a fresh conversation from `start()`
    (an object with `.ask(question) -> Answer`)."""
    report = ConversationReport()
    for n, turns in enumerate(conversations, 1):
        chat = start()
        previous: Answer | None = None
        all_ok = True
        for i, turn in enumerate(turns):
            answer = chat.ask(turn.q)
            ok, got = turn_ok(turn, answer, previous)
            follow_up = i > 0 or turn.expect == "clarify"
            report.turns += 1
            report.turns_ok += ok
            report.follow_ups += follow_up
            report.follow_ups_ok += follow_up and ok
            if not ok:
                all_ok = False
                report.misses.append((n, turn, got))
            previous = answer
        report.conversations += 1
        report.conversations_ok += all_ok
    return report


def turn_ok(turn: Item, answer: Answer, previous: Answer | None) -> tuple[bool, str]:
    """Whether one turn is right, and what the bot did in a few words."""
    cited = _cited_topics(answer)
    got = f"{answer.status}" + ("; overview" if answer.overview else f" {cited or list(answer.ranking[:1])}")
    expect = turn.expect
    if expect == "abstain":
        return answer.status == "not_covered", got
    if expect == "clarify":
        return answer.status != "answered" and not answer.citations, got
    if expect == "all":
        return answer.status == "answered" and all(k in cited for k in range(1, 7)), got
    if expect == "sources":
        before = {c.passage.id for c in previous.citations} if previous else set()
        now = {c.passage.id for c in answer.citations}
        return answer.status == "answered" and bool(now) and now == before, got
    if answer.status != "answered" or answer.overview:
        return False, got
    # an answer with no citations ("that is all the sources say about X") names its topic first in its ranking
    first = cited[0] if cited else (answer.ranking[0] if answer.ranking else None)
    return first in expect, got


def format_conversations(report: ConversationReport, title: str) -> str:
    f = report.figures()
    out = [
        f"{title}: {report.conversations} conversations, {report.turns} turns",
        f"  {'follow-up turns right':<36} {f['follow_up_accuracy']:6.3f}  {report.follow_ups_ok}/{report.follow_ups}",
        f"  {'whole conversations right':<36} {f['conversation_accuracy']:6.3f}  {report.conversations_ok}/{report.conversations}",
        f"  {'all turns right':<36} {f['turn_accuracy']:6.3f}  {report.turns_ok}/{report.turns}",
    ]
    if report.misses:
        out.append(f"turn misses ({len(report.misses)}):")
        out += [f"  - #{n} {item.q!r}: expected {item.expect}, got {got}" for n, item, got in report.misses]
    return "\n".join(out)
