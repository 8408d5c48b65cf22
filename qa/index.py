"""The search index: BM25 over the passages, and BM25 over one profile per topic.

Built once per process (see `get_index`). A topic profile is the topic's title, its benefit
passage and its vocabulary from topics.yaml: it lets a question in users' words ("cash",
"league tables") reach a benefit whose passages say "financial resources" or
"competitiveness". Evidence passages are scored on their own and count for their benefit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from .corpus import load_corpus
from .records import Corpus, Passage, Topic, TopicKey
from .tokenize import TOKENIZER, Tokenizer


@dataclass(frozen=True)
class TermSets:
    """Stemmed word lists from topics.yaml, in the tokenizer's terms."""

    generic: frozenset[str]
    overview: frozenset[str]


class Index:
    def __init__(self, corpus: Corpus, tokenizer: Tokenizer = TOKENIZER) -> None:
        self.corpus = corpus
        self.tokenizer = tokenizer
        self.passages: tuple[Passage, ...] = corpus.passages
        self.passage_terms: tuple[frozenset[str], ...] = tuple(
            frozenset(tokenizer.tokenize(p.text)) for p in self.passages
        )
        self.passage_bm25 = BM25Okapi([tokenizer.tokenize(p.text) for p in self.passages])
        self.topics: tuple[Topic, ...] = corpus.topics
        profiles = [self._profile(t) for t in self.topics]
        self.topic_terms: tuple[frozenset[str], ...] = tuple(frozenset(p) for p in profiles)
        self.topic_bm25 = BM25Okapi(profiles)
        self.terms = TermSets(
            generic=self._term_set(corpus.vocabulary.generic),
            overview=self._term_set(corpus.vocabulary.overview),
        )
        self.known_terms: frozenset[str] = frozenset().union(*self.passage_terms, *self.topic_terms)

    def _profile(self, topic: Topic) -> list[str]:
        claim = " ".join(
            p.text for p in self.passages if p.kind == "benefit" and p.benefit == topic.key
        )
        return self.tokenizer.tokenize(" ".join([topic.title, claim, *topic.vocabulary]))

    def _term_set(self, words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(t for w in words for t in self.tokenizer.tokenize(w))

    def passage_scores(self, term: str) -> np.ndarray:
        """BM25 contribution of one query term to every passage."""
        return self.passage_bm25.get_scores([term])

    def topic_scores(self, term: str) -> np.ndarray:
        return self.topic_bm25.get_scores([term])

    def topic_index(self, key: TopicKey) -> int:
        return next(i for i, t in enumerate(self.topics) if t.key == key)


def build_index(corpus_dir: Path | str | None = None) -> Index:
    return Index(load_corpus(corpus_dir))


@lru_cache(maxsize=4)
def get_index(corpus_dir: str | None = None) -> Index:
    """The index for a corpus folder, built once per process."""
    return build_index(corpus_dir)
