"""Measure answer quality on a question set (JSON Lines).

Each line: {"q": str, "expect": [topic, ...] | "all" | "abstain", "passage": id (optional)}
where a topic is a benefit number 1-6 or "challenges", and "passage" names the passage that
states the fact a fact question asks about. Retrieval figures count a wrong abstention as a
miss, so they never look better by refusing to answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .records import Answer, TopicKey


@dataclass(frozen=True)
class Item:
    q: str
    expect: tuple[TopicKey, ...] | str  # topics, or "all" / "abstain"
    passage: str | None = None


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
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            expect = raw["expect"]
            if isinstance(expect, list):
                expect = tuple(expect)
            elif expect not in ("all", "abstain"):
                raise ValueError(f"expect must be a list, 'all' or 'abstain', got {expect!r}")
            items.append(Item(str(raw["q"]), expect, raw.get("passage")))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}: line {n}: {err}") from None
    return items


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
