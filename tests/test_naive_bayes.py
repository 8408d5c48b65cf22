"""The example-questions classifier: naive Bayes rules on tiny, hand-checkable data."""

import numpy as np
import pytest

from qa.naive_bayes import MultinomialNB


@pytest.fixture
def model() -> MultinomialNB:
    # topic rows 0, 1, 2; row 2 has no examples
    return MultinomialNB.fit([["rival", "rank"], ["rival", "compet"], ["donor", "cash"]], [0, 0, 1], 3)


def test_a_word_seen_under_one_topic_points_to_it(model: MultinomialNB):
    assert int(np.argmax(model.posterior(["rival"]))) == 0
    assert int(np.argmax(model.posterior(["cash"]))) == 1


def test_the_posterior_is_a_probability_over_the_topics(model: MultinomialNB):
    p = model.posterior(["rival", "cash"])
    assert p.shape == (3,) and abs(p.sum() - 1) < 1e-12 and (p > 0).all()


def test_words_no_example_used_change_nothing(model: MultinomialNB):
    assert np.allclose(model.posterior(["rival", "nihari"]), model.posterior(["rival"]))


def test_without_words_the_posterior_is_the_prior_with_smoothing(model: MultinomialNB):
    # two examples under row 0, one under row 1, none under row 2: (2+1)/6, (1+1)/6, (0+1)/6
    assert np.allclose(model.posterior([]), [3 / 6, 2 / 6, 1 / 6])


def test_without_examples_every_topic_gets_one():
    assert MultinomialNB.fit([], [], 4).posterior(["rival"]).tolist() == [1.0, 1.0, 1.0, 1.0]
