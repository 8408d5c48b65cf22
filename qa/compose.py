"""Compose an extractive Answer from a Retrieval: the bot only says what a passage says.

Every claim in the message is a passage's own text followed by its `[n]`; every `[n]` has a
Citation and every Citation is referenced. The question itself is never copied into the
message, so nothing a user types can be rendered as Markdown or HTML.
"""

from __future__ import annotations

import time
import unicodedata
import zlib
from dataclasses import replace

from .index import Index, get_index
from .markdown import md_escape
from .records import CHALLENGES, Answer, Citation, Passage, ScoredPassage, TopicKey
from .retrieve import DEFAULT_SETTINGS, Retrieval, Settings, asks_for, question_form, retrieve
from .tokenize import clauses

MAX_QUESTION_CHARS = 1000
MAX_EVIDENCE = 2  # evidence passages per benefit, after its benefit passage
MAX_CHALLENGES = 3
EVIDENCE_FLOOR = 0.5  # an evidence passage is cited only if it scores half the best one
SECOND_TOPIC_RATIO = 0.85  # a second benefit is shown when it scores this close to the best

def ask(question: str, index: Index | None = None, settings: Settings = DEFAULT_SETTINGS) -> Answer:
    """Answer one question. Never raises for any string."""
    start = time.perf_counter()
    index = index or get_index()
    answer = _answer(question if isinstance(question, str) else "", index, settings)
    return replace(answer, took_ms=(time.perf_counter() - start) * 1000)


def _answer(question: str, index: Index, settings: Settings) -> Answer:
    tokens = index.tokenizer.tokens(question) if len(question) <= MAX_QUESTION_CHARS else []
    form = question_form(question)
    tokens = [t for t in tokens if not any(s <= t.start < e for s, e in form)]
    terms = [index.correct(question[t.start:t.end], t.term) for t in tokens]
    corrected = frozenset(fixed for t, fixed in zip(tokens, terms) if fixed != t.term)
    problem = _invalid_reason(question, terms, index)
    if problem:
        return Answer(question, "invalid", problem, suggestions=_examples(index, question))
    parts = tuple(tuple(terms[i] for i in part) for part in clauses(question, tokens))
    result = retrieve(index, terms, settings, asks_for(question), corrected, parts)
    ranking = tuple(t.key for t in result.topics)
    if result.overview:
        return _overview(question, index, result)
    if not result.covered or not result.topics:
        return _not_covered(question, index, ranking)
    top = result.topics[0]
    if top.key == CHALLENGES:
        return _challenges(question, index, result, ranking)
    return _benefits(question, index, result, ranking)


def _invalid_reason(question: str, terms: list[str], index: Index) -> str | None:
    example = md_escape(index.corpus.vocabulary.overview_example or "What are the benefits?")
    if not question.strip():
        return f"Please type a question, for example: \"{example}\""
    if len(question) > MAX_QUESTION_CHARS:
        return (
            f"Your question is {len(question):,} characters long. Please keep it to "
            f"{MAX_QUESTION_CHARS:,} characters or fewer: one or two sentences work best."
        )
    if terms:
        return None
    if any(_is_latin_letter(ch) for ch in question):
        return (
            "Your question has only very common words (like \"what\" or \"is\"), so there is "
            f"nothing to search for. Try naming what you want to know, for example: \"{example}\""
        )
    return (
        "I could not find any English words in your question. This bot reads questions in "
        f"English only, for example: \"{example}\""
    )


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def _examples(index: Index, question: str, exclude: tuple[TopicKey, ...] = ()) -> tuple[str, ...]:
    """Three questions the corpus answers: the overview and two topics, varied by question."""
    topics = [t for t in index.corpus.benefits if t.example and t.key not in exclude]
    first = zlib.crc32(question.encode("utf-8", "replace")) % max(len(topics), 1)
    picks = [topics[(first + i) % len(topics)].example for i in range(min(2, len(topics)))]
    overview = index.corpus.vocabulary.overview_example
    return tuple(q for q in ([overview] if overview else []) + picks if q)


def _not_covered(question: str, index: Index, ranking: tuple[TopicKey, ...]) -> Answer:
    suggestions = _examples(index, question)
    lines = [
        "The sources behind this bot do not cover that question. It answers questions about "
        "the benefits of international collaboration for Pakistan's higher education sector, "
        "from cited evidence. You could ask:",
        "",
        *[f"- {md_escape(q)}" for q in suggestions],
    ]
    return Answer(question, "not_covered", "\n".join(lines), suggestions=suggestions, ranking=ranking)


class _Citer:
    """Numbers passages in the order they are first cited."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.citations: list[Citation] = []

    def cite(self, passage: Passage, score: float) -> str:
        for c in self.citations:
            if c.passage.id == passage.id:
                return f"[{c.n}]"
        key = passage.topic_key
        title = self.index.corpus.topic(key).title if key is not None else "Summary"
        self.citations.append(Citation(len(self.citations) + 1, passage, score, title))
        return f"[{len(self.citations)}]"


def _overview(question: str, index: Index, result: Retrieval) -> Answer:
    citer = _Citer(index)
    lines = ["International collaboration offers these benefits for Pakistan's higher education sector:", ""]
    for topic in index.corpus.benefits:
        claim = _claim(index, topic.key)
        lines.append(f"{topic.key}. **{md_escape(topic.title)}**: {md_escape(claim.text)} {citer.cite(claim, 0.0)}")
    for summary in index.corpus.passages_of("summary"):
        lines += ["", f"{md_escape(summary.text)} {citer.cite(summary, 0.0)}"]
    related = tuple(t.example for t in index.corpus.benefits[:3] if t.example)
    return Answer(
        question, "answered", "\n".join(lines), tuple(citer.citations), related,
        _matched_words(question, index, citer.citations),
        ranking=tuple(t.key for t in index.corpus.benefits), overview=True,
    )


def _claim(index: Index, key: TopicKey) -> Passage:
    return next(p for p in index.corpus.passages if p.kind == "benefit" and p.benefit == key)


def _benefits(question: str, index: Index, result: Retrieval, ranking: tuple[TopicKey, ...]) -> Answer:
    top = result.topics[0]
    shown = [top]
    for other in result.topics[1:2]:
        if other.key != CHALLENGES and other.score >= SECOND_TOPIC_RATIO * top.score:
            shown.append(other)
    # A fact question puts first the benefit of the passage that states the fact best.
    best = next((sp for sp in result.passages if sp.passage.kind == "evidence"), None)
    if best and best.passage.benefit == shown[-1].key != top.key and _states_a_fact(index, best.passage.benefit, best, result):
        shown.reverse()
        ranking = tuple(st.key for st in shown) + tuple(k for k in ranking if k not in {st.key for st in shown})
    citer = _Citer(index)
    blocks: list[str] = []
    for st in shown:
        topic = index.corpus.topic(st.key)
        claim = _claim(index, st.key)
        evidence = _strongest([
            sp for sp in result.passages
            if sp.passage.kind == "evidence" and sp.passage.benefit == st.key
            and sp.matched & result.matched_content
        ], MAX_EVIDENCE)
        fact_first = bool(evidence) and _states_a_fact(index, st.key, evidence[0], result)
        lines = [f"**Benefit {topic.key}: {md_escape(topic.title)}**", ""]
        if fact_first:  # a fact question: the passage stating the fact comes first
            lines.append(f"{md_escape(evidence[0].passage.text)} {citer.cite(evidence[0].passage, evidence[0].score)}")
            lines += ["", f"This is evidence for the benefit: {md_escape(claim.text)} {citer.cite(claim, _score(result, claim))}"]
            rest = evidence[1:]
        else:
            lines.append(f"{md_escape(claim.text)} {citer.cite(claim, _score(result, claim))}")
            rest = evidence
        if rest:
            lines += ["", "Evidence:"]
            lines += [f"- {md_escape(sp.passage.text)} {citer.cite(sp.passage, sp.score)}" for sp in rest]
        blocks.append("\n".join(lines))
    return Answer(
        question, "answered", "\n\n".join(blocks), tuple(citer.citations),
        _related(index, tuple(st.key for st in shown)),
        _matched_words(question, index, citer.citations), ranking,
    )


def _strongest(passages: list[ScoredPassage], limit: int) -> list[ScoredPassage]:
    """The best passages, leaving out weak ones (under EVIDENCE_FLOOR of the best score): a
    passage that shares one incidental word with the question is not evidence for it."""
    if not passages:
        return []
    floor = EVIDENCE_FLOOR * passages[0].score
    return [sp for sp in passages[:limit] if sp.score >= floor]


def _states_a_fact(index: Index, key: TopicKey, evidence: ScoredPassage, result: Retrieval) -> bool:
    """A question asks for a fact, not a benefit, when the best evidence passage matches two
    or more of its content words, and more of them than the benefit's own profile does or one
    the profile lacks (a name, a number, a programme): then that passage is cited first. One
    word is not enough: "hold its own against rivals" is not about the passage saying Sir
    Steve Smith "holds the post" of International Education Champion."""
    profile = index.topic_terms[index.topic_row(key)] & result.matched_content
    found = evidence.matched & result.matched_content
    return len(found) >= 2 and (len(found) > len(profile) or bool(found - profile))


def _challenges(question: str, index: Index, result: Retrieval, ranking: tuple[TopicKey, ...]) -> Answer:
    citer = _Citer(index)
    found = _strongest([sp for sp in result.passages if sp.passage.kind == "challenge"], MAX_CHALLENGES)
    if not found:  # the question matched the topic's vocabulary only: show its first passages
        found = [ScoredPassage(p, 0.0) for p in index.corpus.passages_of("challenge")[:MAX_CHALLENGES]]
    if not found:  # a corpus with a challenges topic but no challenge passages
        return _not_covered(question, index, ranking)
    title = index.corpus.topic(CHALLENGES).title
    lines = [f"**{md_escape(title)}**", ""]
    lines += [f"- {md_escape(sp.passage.text)} {citer.cite(sp.passage, sp.score)}" for sp in found]
    return Answer(
        question, "answered", "\n".join(lines), tuple(citer.citations),
        _related(index, (CHALLENGES,)), _matched_words(question, index, citer.citations), ranking,
    )


def _score(result: Retrieval, passage: Passage) -> float:
    return next((sp.score for sp in result.passages if sp.passage.id == passage.id), 0.0)


def _related(index: Index, shown: tuple[TopicKey, ...]) -> tuple[str, ...]:
    """Follow-up questions about the neighbouring benefits, which the corpus can answer."""
    benefits = [t for t in index.corpus.benefits if t.example]
    keys = [t.key for t in benefits]
    picks: list[str] = []
    for key in shown:
        if key in keys:
            i = keys.index(key)
            for j in (i + 1, i - 1):
                if 0 <= j < len(benefits) and benefits[j].key not in shown:
                    picks.append(benefits[j].example or "")
    overview = index.corpus.vocabulary.overview_example
    if overview:
        picks.append(overview)
    if CHALLENGES not in shown:
        try:
            example = index.corpus.topic(CHALLENGES).example
        except KeyError:
            example = None
        if example:
            picks.append(example)
    return tuple(dict.fromkeys(p for p in picks if p))[:3]


def _matched_words(question: str, index: Index, citations: list[Citation]) -> tuple[str, ...]:
    """The question's words (as typed) that appear in the cited passages."""
    cited: set[str] = set()
    for c in citations:
        cited |= set(index.tokenizer.tokenize(c.passage.text))
    light = index.light
    words = [
        question[t.start:t.end] for t in index.tokenizer.tokens(question)
        if t.term in cited and t.term not in light
    ]
    return tuple(dict.fromkeys(words))
