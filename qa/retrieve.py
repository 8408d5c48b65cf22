"""Retrieve: from a question's terms to ranked topics and passages.

Rules, each chosen by a sweep on the development questions (see README, "Tuning"):
- Generic domain words ("Pakistan", "university", "collaboration") weigh `generic_weight` of a
  normal word, so they cannot decide which benefit answers.
- A topic's score is its profile's BM25 score (title + benefit passage + vocabulary) plus
  `passage_weight` times the best score of its own passages: evidence counts for its benefit.
- Matching is decided by which terms a passage or profile contains, never by `score > 0`:
  rank_bm25's idf floors common terms, so a real match can score 0 on a small corpus.
- A question is covered only when enough of its content words (not generic) match something
  (`min_matched_share`) and the best topic scores at least `min_score`; otherwise the bot
  abstains rather than cite something irrelevant.
- A question made only of generic and overview words ("summarise the benefits") is an
  overview question.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index import Index
from .records import ScoredPassage, ScoredTopic


@dataclass(frozen=True)
class Settings:
    generic_weight: float = 0.2
    passage_weight: float = 0.5
    min_matched_share: float = 0.5
    min_score: float = 1.0


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Retrieval:
    terms: tuple[str, ...]  # unique query terms, in question order
    content_terms: tuple[str, ...]  # the terms that are neither generic nor overview words
    matched_content: frozenset[str]  # content terms found in some passage or topic profile
    overview: bool
    covered: bool
    topics: tuple[ScoredTopic, ...]  # best first; only topics that match a term
    passages: tuple[ScoredPassage, ...]  # best first; only passages that contain a term


def retrieve(index: Index, terms: list[str], settings: Settings = DEFAULT_SETTINGS) -> Retrieval:
    unique = tuple(dict.fromkeys(terms))
    light = index.terms.generic | index.terms.overview
    content = tuple(t for t in unique if t not in light)
    overview = bool(unique) and not content

    weights = {t: settings.generic_weight if t in light else 1.0 for t in unique}
    passage_score = np.zeros(len(index.passages))
    topic_score = np.zeros(len(index.topics))
    for term in unique:
        if term in index.known_terms:
            passage_score += weights[term] * index.passage_scores(term)
            topic_score += weights[term] * index.topic_scores(term)

    query = frozenset(unique)
    passages = sorted(
        (
            ScoredPassage(p, float(passage_score[i]), index.passage_terms[i] & query)
            for i, p in enumerate(index.passages)
            if index.passage_terms[i] & query
        ),
        key=lambda sp: -sp.score,  # sorted() is stable: ties keep corpus order
    )
    best_passage: dict[object, float] = {}
    matched_by_topic: dict[object, frozenset[str]] = {}
    for sp in passages:
        key = sp.passage.topic_key
        if key is None:
            continue
        best_passage[key] = max(best_passage.get(key, float("-inf")), sp.score)
        matched_by_topic[key] = matched_by_topic.get(key, frozenset()) | sp.matched

    topics = []
    for i, topic in enumerate(index.topics):
        matched = (index.topic_terms[i] & query) | matched_by_topic.get(topic.key, frozenset())
        if not matched:
            continue
        score = float(topic_score[i]) + settings.passage_weight * best_passage.get(topic.key, 0.0)
        topics.append(ScoredTopic(topic.key, score, matched))
    topics.sort(key=lambda st: -st.score)

    matched_content = frozenset(content) & frozenset().union(*(t.matched for t in topics))
    share = len(matched_content) / len(content) if content else 0.0
    covered = overview or (
        bool(topics) and share >= settings.min_matched_share and topics[0].score >= settings.min_score
    )
    return Retrieval(unique, content, matched_content, overview, covered, tuple(topics), tuple(passages))
