"""Retrieve: from a question's terms to ranked topics and passages.

Rules; the numbers in `Settings` were chosen by a sweep on the development questions
(`python -m qa sweep`, README "Tuning"):
- Misspelt words are mapped to a known word one letter away ("finacial" -> "financial"; the
  composer also mends words as typed, "inovation" -> "innovation", see `Index.correct`). A
  correction helps ranking but never alone makes a question topical ("patients" ~ "patents").
- Generic domain words ("Pakistan", "university", "collaboration") weigh `generic_weight` of a
  normal word, so they cannot decide which benefit answers.
- A topic's score is its profile's BM25 score (title + benefit passage + vocabulary) plus
  `passage_weight` times the best score of its own passages: evidence counts for its benefit.
- Matching is decided by which terms a passage or profile contains, never by `score > 0`:
  rank_bm25's idf floors common terms, so a real match can score 0 on a small corpus.
- A question is covered only when enough of its content words (not generic) match something
  (`min_matched_share`; `min_share_collab` when it uses a collaboration word, which already
  shows what it is about) and the best topic scores at least `min_score`; otherwise the bot
  abstains rather than cite something irrelevant.
- A question made only of generic and overview words ("summarise the benefits") is an
  overview question; so is one with other words too, when it uses an overview word, a
  collaboration word and a higher-education word, and none of its other words names a topic.
  A clause that only sets the scene ("Donor briefing tomorrow.") does not count against it.
- A question word's synonyms (topics.yaml `synonyms`) also score passages, at `synonym_weight`.
- A topic that matches a content word ranks above topics that match only generic words; so
  does a benefit above the challenges topic when the question uses none of its words and
  meets none of its passages in two words ("bring money into universities" is benefit 6).
  A question that does name a worry ("shut down") scores the challenges `cue_boost` higher.
- Users' example questions (corpus/examples.yaml) teach which words point to which topic: a
  topic's score is multiplied by P(topic | question words)^`example_weight` (naive Bayes,
  `qa/naive_bayes.py`). Not for a fact question, whose passage decides; never for coverage.
- A question asking for a figure ("how many", "when") ranks passages that give one (a count,
  a year) `figure_boost` higher: siblings from one source are about the same thing, and the
  one that states the figure is the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .index import Index
from .records import CHALLENGES, ScoredPassage, ScoredTopic

TOP_PASSAGES = 50  # passages kept for composing an answer; the rest only feed topic scores


@dataclass(frozen=True)
class Settings:
    generic_weight: float = 0.35
    passage_weight: float = 0.5
    min_matched_share: float = 0.4
    min_share_collab: float = 0.25  # the same, for a question that uses a collaboration word
    min_score: float = 1.0
    min_overlap: int = 3  # words that must meet in one passage or profile, without a collaboration word
    synonym_weight: float = 0.5  # a synonym's share of a word's weight in passage scores
    figure_boost: float = 1.2  # passage score factor when a "how many" question meets a passage with a figure
    cue_boost: float = 1.5  # challenges topic score factor when the question names a worry ("shut down")
    example_weight: float = 0.5  # topic scores are multiplied by P(topic | question)^this (examples.yaml)


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Retrieval:
    terms: tuple[str, ...]  # unique query terms (spelling corrected), in question order
    content_terms: tuple[str, ...]  # the terms that are neither generic nor overview words
    matched_content: frozenset[str]  # content terms found in some passage or topic profile
    overview: bool
    covered: bool
    topics: tuple[ScoredTopic, ...]  # best first; only topics that match a term
    passages: tuple[ScoredPassage, ...]  # best first; only passages that contain a term


# Questions that ask for a figure: "how many", "how much", "what percentage", "when", "what year".
_ASKS_COUNT = re.compile(r"\bhow (many|much)\b|\bwhat (percentage|proportion|share|number|amount)\b", re.I)
_ASKS_YEAR = re.compile(r"\bwhen\b|\b(what|which) year\b|\bsince when\b", re.I)


def question_form(question: str) -> list[tuple[int, int]]:
    """Where a question says what kind of figure it wants ("what year", "what percentage"):
    those words are the question's form, not its subject, and match nothing ("what year was
    it set up" is not about a passage that says "15 years")."""
    return [m.span() for rx in (_ASKS_COUNT, _ASKS_YEAR) for m in rx.finditer(question)]


def asks_for(question: str) -> str | None:
    """What kind of figure a question asks for: "count", "year" or None."""
    if _ASKS_COUNT.search(question):
        return "count"
    if _ASKS_YEAR.search(question):
        return "year"
    return None


def retrieve(
    index: Index, terms: list[str], settings: Settings = DEFAULT_SETTINGS, asks: str | None = None,
    corrected: frozenset[str] = frozenset(), clauses: tuple[tuple[str, ...], ...] = (),
) -> Retrieval:
    """Rank topics and passages for a question's terms. `corrected` names terms that are
    spelling corrections (made before stemming); like those made here, they help ranking but
    never alone show that a question is about a topic: "patients" is one letter from "patents".
    `clauses` are the question's terms split into its clauses (`tokenize.clauses`); without
    them the question is read as one clause."""
    spelled = [index.spell(t) for t in terms]
    corrected = corrected | frozenset(s for t, s in zip(terms, spelled) if s != t)
    unique = tuple(dict.fromkeys(spelled))
    light = index.light
    content = tuple(t for t in unique if t not in light)
    phrase = _has_phrase(spelled, index.light_phrases)
    overview = bool(unique) and not phrase and not content

    n_topics = len(index.topics)
    passage_score = np.zeros(len(index.passages))
    touched: list[np.ndarray] = []
    topic_score = np.zeros(n_topics)
    # which query terms each topic contains, in its profile or any of its passages
    topic_matched: list[set[str]] = [set() for _ in range(n_topics)]
    for term in unique:
        weight = settings.generic_weight if term in light else 1.0
        ids, contrib = index.postings(index.passage_bm25, term)
        if ids.size:
            passage_score[ids] += weight * contrib
            touched.append(ids)
            for row in np.unique(index.topic_of[ids]).tolist():
                if row >= 0:
                    topic_matched[row].add(term)
        # A synonym ("started" for "launched") helps rank passages, at `synonym_weight`, but
        # never counts as a match: it cannot make a question covered or a topic matched.
        for other in index.synonyms.get(term, ()):
            if other not in unique:
                ids, contrib = index.postings(index.passage_bm25, other)
                if ids.size:
                    passage_score[ids] += weight * settings.synonym_weight * contrib
                    touched.append(ids)
        ids, contrib = index.postings(index.topic_bm25, term)
        if ids.size:
            topic_score[ids] += weight * contrib
            for row in ids.tolist():
                topic_matched[row].add(term)

    candidates = np.unique(np.concatenate(touched)) if touched else np.zeros(0, dtype=np.int32)
    scores = passage_score[candidates]
    best = np.full(n_topics, -np.inf)
    rows = index.topic_of[candidates]
    own = rows >= 0
    np.maximum.at(best, rows[own], scores[own])
    best[np.isinf(best)] = 0.0

    if asks is not None and candidates.size:
        # A question asking "how many" is answered by a passage that gives a count, one
        # asking "when" by a passage that gives a year: among passages about the same thing
        # (siblings from one source), those come first.
        has = index.has_count if asks == "count" else index.has_year
        scores = scores * np.where(has[candidates], settings.figure_boost, 1.0)
    order = np.argsort(-scores, kind="stable")[:TOP_PASSAGES]  # ties keep corpus order
    query = frozenset(unique)
    content_set = frozenset(content)
    passages = tuple(
        ScoredPassage(index.passages[candidates[i]], float(scores[i]), _contains(index, int(candidates[i]), query))
        for i in order.tolist()
    )
    # A question that names a worry ("shut down", "visa", "budget cut") asks about the
    # challenges even when a benefit's words ("donor-funded", "students") score as much.
    cued = _names_a_worry(index, content_set)
    raw = (topic_score + settings.passage_weight * best) * np.array(
        [settings.cue_boost if cued and t.key == CHALLENGES else 1.0 for t in index.topics]
    )
    # What users' example questions say about the question's own words reorders the topics it
    # matches ("hold its own against rivals" is benefit 2), but does not decide coverage, and
    # does not move a fact question away from the passage that states the fact.
    fit = (
        np.ones(n_topics) if _asks_a_fact(index, passages, content_set, asks, settings.min_overlap)
        else index.examples.posterior(content) ** settings.example_weight
    )
    topics = sorted(
        (
            ScoredTopic(topic.key, float(raw[i] * fit[i]), frozenset(topic_matched[i]))
            for i, topic in enumerate(index.topics)
            if topic_matched[i]
        ),
        # A topic that matches one of the question's own words ranks above one that matches
        # only generic words, however many: "Pakistani universities" cannot decide the answer.
        key=lambda st: (not (st.matched & content_set) or _uncued_challenge(st, cued, content_set, passages), -st.score),
    )
    matched_content = frozenset(content) & frozenset().union(*(t.matched for t in topics))
    # Numbers ("18" of "BPS-18") say nothing of the subject: the share counts words only.
    content_words = [t for t in content if not t.isdigit()]
    matched_words = [t for t in content_words if t in matched_content]
    share = len(matched_words) / len(content_words) if content_words else (1.0 if phrase else 0.0)
    # A number ("2024", "5") matches some figure in the corpus but says nothing of the subject:
    # it never counts towards a question being covered.
    words = frozenset(t for t in matched_content if not t.isdigit())
    has_word = bool(words) or phrase  # "ties between nations": generic words that name a topic together
    # ...but a specific figure ("2013", "189") standing in the same passage as the question's
    # words helps show that passage is what the question is about.
    figures = frozenset(t for t in matched_content if t.isdigit() and len(t) >= 3)
    # The question must be about collaboration: it says so ("partner", "foreign", "exchange"),
    # or uses a word that is topical on its own ("diplomacy", "visa"), or `min_overlap` of its
    # words meet in one passage or topic profile (a fact question naming "Fulbright awards in
    # 2022"). A question about Pakistani universities that shares a stray word or two with the
    # corpus ("last date to apply for admission") is not covered.
    collab = any(t in index.collaboration for t in unique)
    anchored = (
        collab
        or phrase
        or any(entry <= words - corrected for entry in index.topical)
        or (has_word and _strongest_overlap(index, passages, topics, words | figures) >= settings.min_overlap)
    )
    if not overview and not phrase:
        overview = _asks_for_everything(index, unique, content, clauses, passages)
    covered = overview or (
        bool(topics) and has_word and anchored
        and share >= (settings.min_share_collab if collab else settings.min_matched_share)
        and float(raw[index.topic_row(topics[0].key)]) >= settings.min_score
    )
    return Retrieval(unique, content, matched_content, overview, covered, tuple(topics), passages)


def _asks_a_fact(
    index: Index, passages: tuple[ScoredPassage, ...], content: frozenset[str], asks: str | None, words: int,
) -> bool:
    """A fact question asks for a figure ("how many", "when"), or `words` of its own words meet
    in the best evidence or challenge passage, more of them than in that passage's topic
    profile or one the profile lacks (a name, a programme): "does STINT think a balanced
    student exchange with Sweden is likely". Its passage, not users' usual words, decides the
    topic: that passage may be filed under a topic its other words do not suggest."""
    if asks is not None:
        return True
    lead = next((sp for sp in passages if sp.passage.kind in ("evidence", "challenge")), None)
    if lead is None:
        return False
    found = lead.matched & content
    profile = index.topic_terms[index.topic_row(lead.passage.topic_key)] & content
    return len(found) >= words and (len(found) > len(profile) or bool(found - profile))


def _names_a_worry(index: Index, content: frozenset[str]) -> bool:
    """Whether the question holds a whole entry of the challenges topic's title or vocabulary:
    "risk", "visa", "budget cut", but not "budget" alone."""
    return any(
        cue <= content for i, topic in enumerate(index.topics) if topic.key == CHALLENGES for cue in index.cues[i]
    )


def _uncued_challenge(st: ScoredTopic, cued: bool, content: frozenset[str], passages: tuple[ScoredPassage, ...]) -> bool:
    """Challenge passages talk about money, scholarships and exchanges too ("only one defaulter
    paid the money back"), so the challenges topic leads only when the question says what
    worries it (`cued`, see `_names_a_worry`) or two of its words meet in one challenge passage
    (a fact question)."""
    if st.key != CHALLENGES or cued:
        return False
    return max((len(sp.matched & content) for sp in passages if sp.passage.topic_key == CHALLENGES), default=0) < 2


def _has_phrase(terms: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of `phrases` stands in `terms`, its words side by side."""
    return any(
        tuple(terms[i:i + len(p)]) == p for p in phrases for i in range(len(terms) - len(p) + 1)
    )


def _asks_for_everything(
    index: Index, terms: tuple[str, ...], content: tuple[str, ...], clauses: tuple[tuple[str, ...], ...],
    passages: tuple[ScoredPassage, ...],
) -> bool:
    """An overview question with words of its own ("VC here, preparing a syndicate note: list
    the main benefits of international collaboration for our university"): its request asks
    for the whole picture (an overview word) of collaboration (a collaboration word), the
    question is about higher education (a domain word), and none of the request's other words
    names a topic or meets another in one passage ("top five for improvement, per Academia
    Magazine" asks for that passage). The request is the whole question, or one clause when
    the others set the scene: in "Donor briefing tomorrow. List the key upsides of
    international cooperation for our universities", "donor" says who asks, not what about."""
    if not any(t in index.domain for t in terms):
        return False
    own = frozenset(content)
    parts = [terms] + [tuple(index.spell(t) for t in c) for c in clauses if len(clauses) > 1]
    return any(
        any(t in index.overview for t in part)
        and any(t in index.collaboration for t in part)
        and not (words := own.intersection(part)) & index.topic_words
        and _strongest_overlap(index, passages, [], words) < 2
        for part in parts
    )


def _strongest_overlap(index: Index, passages: tuple[ScoredPassage, ...], topics: list[ScoredTopic], content: frozenset[str]) -> int:
    """The most content terms that one passage, or one topic profile, contains together."""
    in_passage = max((len(sp.matched & content) for sp in passages), default=0)
    in_profile = max((len(index.topic_terms[index.topic_row(t.key)] & content) for t in topics), default=0)
    return max(in_passage, in_profile)


def _contains(index: Index, doc: int, query: frozenset[str]) -> frozenset[str]:
    return frozenset(index.passage_bm25.matched_terms(list(query), doc))
