"""Multinomial naive Bayes over the topics' example questions (corpus/examples.yaml).

Why: BM25 over a topic's profile knows the words of its passages and vocabulary, but people
ask in their own words ("hold its own against rivals", "make more of a mark"). Questions in
users' words, each filed under the topic that answers it, show which words point to which
topic. The posterior P(topic | question words) only reorders the topics a question already
matches (`retrieve.Settings.example_weight`): it never decides whether a question is covered,
and never picks a passage, so an answer still says only what its passages say.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

ALPHA = 1.0  # Laplace smoothing: a word never seen with a topic is unlikely there, not impossible


@dataclass(frozen=True)
class MultinomialNB:
    log_prior: np.ndarray  # log P(topic), one per topic row
    log_likelihood: dict[str, np.ndarray]  # word -> log P(word | topic), one per topic row

    @classmethod
    def fit(cls, documents: list[list[str]], labels: list[int], n_topics: int) -> MultinomialNB:
        """Learn from `documents` (each a question's terms) filed under topic rows `labels`."""
        counts = [Counter[str]() for _ in range(n_topics)]
        docs = np.zeros(n_topics)
        for terms, row in zip(documents, labels):
            counts[row].update(terms)
            docs[row] += 1
        vocabulary = sorted(set().union(*counts)) if documents else []
        totals = np.array([sum(c.values()) for c in counts], dtype=float)
        denominator = totals + ALPHA * len(vocabulary)
        log_likelihood = {
            word: np.log((np.array([c[word] for c in counts], dtype=float) + ALPHA) / denominator)
            for word in vocabulary
        }
        log_prior = np.log((docs + ALPHA) / (docs.sum() + ALPHA * n_topics)) if n_topics else np.zeros(0)
        return cls(log_prior, log_likelihood)

    @property
    def fitted(self) -> bool:
        return bool(self.log_likelihood)

    def posterior(self, terms: list[str] | tuple[str, ...]) -> np.ndarray:
        """P(topic | terms) per topic row; words no example used are left out. Without
        examples every topic gets 1.0, so the posterior changes nothing."""
        if not self.fitted:
            return np.ones(self.log_prior.shape[0])
        scores = self.log_prior.copy()
        for term in terms:
            row = self.log_likelihood.get(term)
            if row is not None:
                scores = scores + row
        probabilities = np.exp(scores - scores.max())  # shifted so the largest is 1: no underflow
        return probabilities / probabilities.sum()
