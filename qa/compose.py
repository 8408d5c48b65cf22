"""Compose an extractive Answer from a Retrieval: the bot only says what a passage says.

Every claim in the message is a passage's own text followed by its `[n]`; every `[n]` has a
Citation and every Citation is referenced. The question itself is never copied into the
message, so nothing a user types can be rendered as Markdown or HTML.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import replace

from .index import Index, get_index
from .messages import LANGUAGE_NAMES, table
from .markdown import md_escape
from .query import MAX_QUESTION_CHARS, Query, analyse, urdu_messages
from .records import CHALLENGES, Answer, Citation, Passage, ScoredPassage, TopicKey
from .retrieve import DEFAULT_SETTINGS, Retrieval, Settings, retrieve

MAX_EVIDENCE = 2  # evidence passages per benefit, after its benefit passage
MAX_CHALLENGES = 3
MAX_MORE = 2  # passages given for "tell me more"
EVIDENCE_FLOOR = 0.5  # an evidence passage is cited only if it scores half the best one
SECOND_TOPIC_RATIO = 0.85  # a second benefit is shown when it scores this close to the best

def ask(
    question: str, index: Index | None = None, settings: Settings = DEFAULT_SETTINGS, conversation: object = None,
) -> Answer:
    """Answer one question (in the light of `conversation`, see `qa.Conversation`). Never
    raises for any string."""
    return respond(question, index, settings, conversation)[0]


def respond(
    question: str, index: Index | None = None, settings: Settings = DEFAULT_SETTINGS, conversation: object = None,
) -> tuple[Answer, Query, Retrieval]:
    """The answer with the question's reading and the retrieval behind it: analyse ->
    retrieve (rank and decide) -> compose (lay out)."""
    start = time.perf_counter()
    index = index or get_index()
    query = analyse(question, index, conversation)
    result = retrieve(index, query, settings)
    answer = compose(query, result, index)
    return replace(answer, took_ms=(time.perf_counter() - start) * 1000), query, result


def compose(query: Query, result: Retrieval, index: Index) -> Answer:
    """Lay out the answer `retrieve` decided on, in the question's language."""
    words = _Words(query, index)
    decision = result.decision
    ranking = tuple(t.key for t in result.topics)
    if decision == "invalid":
        answer = _invalid(query, index, words)
    elif decision in ("not_covered", "procedure", "no_figure"):
        answer = _refusal(query, index, words, decision, ranking)
    elif decision == "overview":
        answer = _overview(query, index, words)
    elif decision == "numbers":
        answer = _numbers(query, result, index, words)
    elif decision == "more":
        answer = _more(query, result, index, words)
    elif decision == "sources":
        answer = _sources(query, index, words)
    elif decision == "challenges":
        answer = _challenges(query, index, result, ranking, words)
    else:
        answer = _benefits(query, index, result, ranking, words)
    if query.language == "ur" and answer.citations and words.text("sources_in_english"):
        answer = replace(answer, message=answer.message + "\n\n" + words.text("sources_in_english"))
    return replace(
        answer, language=query.language, follow_up=query.follow_up,
        understood_as=understood(query, result, answer, index, words),
        read_differently=query.follow_up or query.language != "en" or decision == "numbers",
    )


class _Words:
    """The bot's own words for one answer: the messages table of the question's language, and
    the topic titles in it (passages are never translated)."""

    def __init__(self, query: Query, index: Index) -> None:
        self.index = index
        urdu = urdu_messages(index) if query.language == "ur" else {}
        self.table = table(query.language, urdu)
        titles = urdu.get("titles") if urdu else None
        self.titles: dict[str, str] = dict(titles) if isinstance(titles, dict) else {}
        examples = urdu.get("examples") if urdu else None
        self.examples: tuple[str, ...] = tuple(e for e in examples if isinstance(e, str)) if isinstance(examples, list) else ()

    def text(self, key: str, **values: object) -> str:
        """A message with its {placeholders} filled; a translated message that does not fit
        its placeholders falls back to English rather than fail the answer."""
        try:
            return self.table[key].format(**values)
        except (KeyError, IndexError, ValueError):
            return table("en")[key].format(**values)

    def title(self, key: TopicKey) -> str:
        return self.titles.get(str(key)) or self.index.corpus.topic(key).title

    def heading(self, key: TopicKey) -> str:
        """"Benefit 4: Quality Assurance and Impact", or the challenges' title."""
        if key == CHALLENGES:
            return self.title(key)
        return self.text("benefit_heading", n=key, title=self.title(key))


def understood(query: Query, result: Retrieval, answer: Answer, index: Index, words: _Words | None = None) -> str:
    """One short sentence saying how the question was read (English: it describes the reading
    for the user and the maintainer)."""
    en = table("en")
    decision = result.decision

    def heading(key: TopicKey) -> str:
        title = index.corpus.topic(key).title
        return title if key == CHALLENGES else en["benefit_heading"].format(n=key, title=title)

    if decision == "invalid":
        return en["understood_clarify"] if query.invalid == "clarify" else en["understood_invalid"]
    if decision == "sources":
        return en["understood_followup_sources"]
    if decision == "more" and query.refers_to is not None:
        key = "understood_followup_evidence" if query.cue == "evidence" else "understood_followup_more"
        return en[key].format(title=heading(query.refers_to))
    if decision == "numbers":
        names = [f"Benefit {n}" for n in query.numbers]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return en["understood_numbers"].format(benefits=joined)
    if decision == "procedure":
        return en["understood_procedure"]
    shown = answer.ranking[0] if answer.ranking and not answer.overview else None
    reading = heading(shown) if shown is not None and answer.status == "answered" else "nothing the sources cover"
    if query.language != "en":
        # the reader's gloss already names the language ("Roman Urdu, read as: ...")
        return query.gloss or en["understood_language"].format(
            language=LANGUAGE_NAMES.get(query.language, query.language), reading=" ".join(query.english.split()),
        )
    if decision == "no_figure":
        return en["understood_figure"].format(reading="not stated in the sources")
    if decision == "overview":
        return en["understood_overview"]
    if query.follow_up and query.in_context and shown is not None:
        return en["understood_followup_frame"].format(title=query.frame or "the conversation", reading=reading)
    if decision == "challenges":
        return en["understood_challenges"].format(reading="Challenges and Limits")
    return en["understood_topic"].format(reading=reading)


def _invalid(query: Query, index: Index, words: _Words) -> Answer:
    example = md_escape((words.examples[0] if words.examples else None) or index.corpus.vocabulary.overview_example or "What are the benefits?")
    reason = query.invalid or "empty"
    if reason == "too_long":
        message = words.text("too_long", length=len(query.text), limit=MAX_QUESTION_CHARS)
    elif reason == "clarify" and query.asks == "sources":
        message = words.text("no_sources")
    else:
        message = words.text(reason if reason in words.table else "empty", example=example)
    return Answer(query.text, "invalid", message, suggestions=_examples(index, query.text, words=words))


def _examples(index: Index, question: str, exclude: tuple[TopicKey, ...] = (), words: _Words | None = None) -> tuple[str, ...]:
    """Three questions the corpus answers: the overview and two topics, varied by question."""
    if words is not None and words.examples:
        first = zlib.crc32(question.encode("utf-8", "replace")) % len(words.examples)
        return tuple(dict.fromkeys(words.examples[(first + i) % len(words.examples)] for i in range(3)))
    topics = [t for t in index.corpus.benefits if t.example and t.key not in exclude]
    first = zlib.crc32(question.encode("utf-8", "replace")) % max(len(topics), 1)
    picks = [topics[(first + i) % len(topics)].example for i in range(min(2, len(topics)))]
    overview = index.corpus.vocabulary.overview_example
    return tuple(q for q in ([overview] if overview else []) + picks if q)


def _refusal(query: Query, index: Index, words: _Words, decision: str, ranking: tuple[TopicKey, ...]) -> Answer:
    """Not covered: what the bot does answer, and three questions it can answer. A procedure
    and a figure no passage states each say so."""
    suggestions = _examples(index, query.text, words=words)
    lines = [words.text(decision), "", *[f"- {md_escape(q)}" for q in suggestions]]
    return Answer(query.text, "not_covered", "\n".join(lines), suggestions=suggestions, ranking=ranking)


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


def _overview(query: Query, index: Index, words: _Words) -> Answer:
    """All six benefits in order, each in the original answer's words and cited, each followed
    by its one strongest evidence passage from a real source (`profile_evidence`), then the
    summary."""
    citer = _Citer(index)
    lines = [words.text("overview_intro"), ""]
    strongest = profile_evidence(index)
    for topic in index.corpus.benefits:
        claim = _claim(index, topic.key)
        lines.append(f"{topic.key}. **{md_escape(words.title(topic.key))}**: {md_escape(claim.text)} {citer.cite(claim, 0.0)}")
        evidence = strongest.get(topic.key, ())
        if evidence:
            lines.append(f"   - {words.text('evidence_label')} {md_escape(evidence[0].text)} {citer.cite(evidence[0], 0.0)}")
    for summary in index.corpus.passages_of("summary"):
        lines += ["", f"{md_escape(summary.text)} {citer.cite(summary, 0.0)}"]
    related = tuple(t.example for t in index.corpus.benefits[:3] if t.example)
    return Answer(
        query.text, "answered", "\n".join(lines), tuple(citer.citations), related,
        _matched_words(query, index, citer.citations),
        ranking=tuple(t.key for t in index.corpus.benefits), overview=True,
    )


_PROFILE_EVIDENCE: dict[int, tuple[Index, dict[TopicKey, tuple[Passage, ...]]]] = {}


def profile_evidence(index: Index) -> dict[TopicKey, tuple[Passage, ...]]:
    """Each topic's evidence (or challenge) passages, strongest first: ranked by their BM25
    score against the topic's profile (title, benefit passage, vocabulary; generic words
    left out), ties in corpus order. A deterministic "strongest evidence for this benefit",
    computed once per index."""
    cached = _PROFILE_EVIDENCE.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1]
    out: dict[TopicKey, tuple[Passage, ...]] = {}
    for row, topic in enumerate(index.topics):
        kind = "challenge" if topic.key == CHALLENGES else "evidence"
        own = [i for i, p in enumerate(index.passages) if p.kind == kind and p.topic_key == topic.key]
        score = dict.fromkeys(own, 0.0)
        for term in index.topic_terms[row] - index.light:
            ids, contrib = index.postings(index.passage_bm25, term)
            for i, c in zip(ids.tolist(), contrib.tolist()):
                if i in score:
                    score[i] += c
        ranked = sorted(own, key=lambda i: (-score[i], i))
        out[topic.key] = tuple(index.passages[i] for i in ranked)
    _PROFILE_EVIDENCE[id(index)] = (index, out)
    return out


def _claim(index: Index, key: TopicKey) -> Passage:
    return next(p for p in index.corpus.passages if p.kind == "benefit" and p.benefit == key)


def _benefit_block(
    index: Index, key: TopicKey, evidence: list[ScoredPassage], fact_first: bool, citer: "_Citer",
    result: Retrieval | None, words: _Words,
) -> str:
    """One benefit: its heading, its benefit passage, then its evidence; a fact question's
    passage comes first, with the benefit it is evidence for after it."""
    claim = _claim(index, key)
    claim_score = _score(result, claim) if result is not None else 0.0
    lines = [f"**{md_escape(words.heading(key))}**", ""]
    if fact_first and evidence:  # a fact question: the passage stating the fact comes first
        lines.append(f"{md_escape(evidence[0].passage.text)} {citer.cite(evidence[0].passage, evidence[0].score)}")
        lines += ["", f"{words.text('fact_label')} {md_escape(claim.text)} {citer.cite(claim, claim_score)}"]
        rest = evidence[1:]
    else:
        lines.append(f"{md_escape(claim.text)} {citer.cite(claim, claim_score)}")
        rest = evidence
    if rest:
        lines += ["", words.text("evidence_label")]
        lines += [f"- {md_escape(sp.passage.text)} {citer.cite(sp.passage, sp.score)}" for sp in rest]
    return "\n".join(lines)


def _benefits(query: Query, index: Index, result: Retrieval, ranking: tuple[TopicKey, ...], words: _Words) -> Answer:
    top = result.topics[0]
    shown = [top]
    for other in result.topics[1:2]:
        if other.key != CHALLENGES and other.score >= SECOND_TOPIC_RATIO * top.score:
            shown.append(other)
    # A fact question puts first the benefit of the passage that states the fact best.
    fact = result.fact
    if fact and fact.passage.kind == "evidence" and fact.passage.benefit == shown[-1].key != top.key:
        shown.reverse()
        ranking = tuple(st.key for st in shown) + tuple(k for k in ranking if k not in {st.key for st in shown})
    citer = _Citer(index)
    blocks: list[str] = []
    for st in shown:
        evidence = _strongest([
            sp for sp in result.passages
            if sp.passage.kind == "evidence" and sp.passage.benefit == st.key
            and sp.matched & result.matched_content
        ], MAX_EVIDENCE)
        fact_first = bool(evidence) and evidence[0].passage.id in result.fact_ids
        blocks.append(_benefit_block(index, st.key, evidence, fact_first, citer, result, words))
    return Answer(
        query.text, "answered", "\n\n".join(blocks), tuple(citer.citations),
        _related(index, tuple(st.key for st in shown)),
        _matched_words(query, index, citer.citations), ranking,
    )


def _numbers(query: Query, result: Retrieval, index: Index, words: _Words) -> Answer:
    """Benefits asked for by number: each benefit with its strongest evidence not yet cited
    in the conversation (by its profile, `profile_evidence`)."""
    known = {t.key for t in index.corpus.benefits}
    keys = [n for n in query.numbers if n in known]
    if not keys:
        return _refusal(query, index, words, "not_covered", ())
    citer = _Citer(index)
    strongest = profile_evidence(index)
    blocks = []
    for key in keys:
        fresh = [p for p in strongest.get(key, ()) if p.id not in query.context.cited][:MAX_EVIDENCE]
        blocks.append(_benefit_block(index, key, [ScoredPassage(p, 0.0) for p in fresh], False, citer, None, words))
    ranking = tuple(keys) + tuple(t.key for t in index.topics if t.key not in keys)
    return Answer(
        query.text, "answered", "\n\n".join(blocks), tuple(citer.citations), _related(index, tuple(keys)),
        _matched_words(query, index, citer.citations), ranking,
    )


def _more(query: Query, result: Retrieval, index: Index, words: _Words) -> Answer:
    """"Tell me more", "why?", "an example": the next strongest evidence for the
    conversation's topic (ranked for the question that set the topic, then by the topic's
    profile), never a passage already cited in the conversation; when none is left, that
    this is all the sources say about it."""
    key = query.refers_to
    assert key is not None
    kind = "challenge" if key == CHALLENGES else "evidence"
    ranked = [sp.passage for sp in result.passages if sp.passage.kind == kind and sp.passage.topic_key == key]
    ranked += [p for p in profile_evidence(index).get(key, ()) if p not in ranked]
    fresh = [p for p in ranked if p.id not in query.context.cited][:MAX_MORE]
    ranking = (key,) + tuple(t.key for t in index.topics if t.key != key)
    if not fresh:
        message = words.text("exhausted", title=words.heading(key))
        return Answer(query.text, "answered", message, suggestions=_related(index, (key,)), ranking=ranking)
    citer = _Citer(index)
    lines = [f"**{md_escape(words.text('more_intro', title=words.heading(key)))}**", ""]
    lines += [f"- {md_escape(p.text)} {citer.cite(p, _score(result, p))}" for p in fresh]
    return Answer(
        query.text, "answered", "\n".join(lines), tuple(citer.citations), _related(index, (key,)),
        _matched_words(query, index, citer.citations), ranking,
    )


def _sources(query: Query, index: Index, words: _Words) -> Answer:
    """"Which source says so?": the previous answer's sources, each cited to the passage it
    gave, in the same order; after a refusal, those of the last answer that cited any, saying so."""
    previous = query.context.previous
    if not previous:
        return Answer(query.text, "invalid", words.text("no_sources"), suggestions=_examples(index, query.text, words=words))
    citer = _Citer(index)
    lines = [words.text("sources_intro_earlier" if query.context.earlier else "sources_intro"), ""]
    for c in previous:
        lines.append(f"- {md_escape(_source_line(c.passage))} {citer.cite(c.passage, c.score)}")
    ranking = tuple(dict.fromkeys(c.passage.topic_key for c in previous if c.passage.topic_key is not None))
    return Answer(query.text, "answered", "\n".join(lines), tuple(citer.citations), (), (), ranking)


def _source_line(passage: Passage) -> str:
    s = passage.source
    who = f"{s.author}. " if s.author else ""
    where = ", ".join(x for x in (s.publisher, str(s.year) if s.year else "n.d.") if x)
    return f"{who}\"{s.title}\". {where}."


def _strongest(passages: list[ScoredPassage], limit: int) -> list[ScoredPassage]:
    """The best passages, leaving out weak ones (under EVIDENCE_FLOOR of the best score): a
    passage that shares one incidental word with the question is not evidence for it."""
    if not passages:
        return []
    floor = EVIDENCE_FLOOR * passages[0].score
    return [sp for sp in passages[:limit] if sp.score >= floor]


def _challenges(query: Query, index: Index, result: Retrieval, ranking: tuple[TopicKey, ...], words: _Words) -> Answer:
    citer = _Citer(index)
    found = _strongest([sp for sp in result.passages if sp.passage.kind == "challenge"], MAX_CHALLENGES)
    if not found:  # the question matched the topic's vocabulary only: show its strongest passages
        found = [ScoredPassage(p, 0.0) for p in profile_evidence(index).get(CHALLENGES, ())[:MAX_CHALLENGES]]
    if not found:  # a corpus with a challenges topic but no challenge passages
        return _refusal(query, index, words, "not_covered", ranking)
    lines = [f"**{md_escape(words.title(CHALLENGES))}**", ""]
    lines += [f"- {md_escape(sp.passage.text)} {citer.cite(sp.passage, sp.score)}" for sp in found]
    return Answer(
        query.text, "answered", "\n".join(lines), tuple(citer.citations),
        _related(index, (CHALLENGES,)), _matched_words(query, index, citer.citations), ranking,
    )


def _score(result: Retrieval | None, passage: Passage) -> float:
    if result is None:
        return 0.0
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


def _matched_words(query: Query, index: Index, citations: list[Citation]) -> tuple[str, ...]:
    """The question's words (as typed; as read, for a question in another language) that
    appear in the cited passages."""
    question = query.english or query.text
    cited: set[str] = set()
    for c in citations:
        cited |= set(index.tokenizer.tokenize(c.passage.text))
    light = index.light
    words = [
        question[t.start:t.end] for t in index.tokenizer.tokens(question)
        if t.term in cited and t.term not in light
    ]
    return tuple(dict.fromkeys(words))
