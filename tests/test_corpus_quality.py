"""The shipped corpus keeps the evidence rules: coverage, real sources, no copying."""

import re
from collections import defaultdict
from pathlib import Path

import pytest

from qa import load_corpus

SOURCES_NOTES = Path(__file__).resolve().parents[2] / "shared" / "sources.md"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_every_benefit_has_four_evidence_passages_from_three_sources(corpus):
    passages, sources = defaultdict(int), defaultdict(set)
    for p in corpus.passages_of("evidence"):
        passages[p.benefit] += 1
        sources[p.benefit].add(p.source.id)
    for benefit in range(1, 7):
        assert passages[benefit] >= 4 and len(sources[benefit]) >= 3, benefit


def test_at_least_forty_evidence_passages_from_eighteen_sources(corpus):
    evidence = corpus.passages_of("evidence")
    assert len(evidence) >= 40
    assert len({p.source.id for p in evidence}) >= 18


def test_the_six_benefits_and_summary_cite_the_original_answer(corpus):
    for p in corpus.passages_of("benefit") + corpus.passages_of("summary"):
        assert p.source.id == "original-answer"


def test_challenge_passages_belong_to_no_benefit(corpus):
    challenges = corpus.passages_of("challenge")
    assert challenges and all(p.benefit is None for p in challenges)


def test_no_source_is_the_copied_site(corpus):
    assert not any("dandypaints" in (s.url or "") for s in corpus.sources)


def test_every_source_is_cited_by_some_passage(corpus):
    cited = {p.source.id for p in corpus.passages}
    assert [s.id for s in corpus.sources if s.id not in cited] == []


@pytest.mark.skipif(not SOURCES_NOTES.exists(), reason="shared/sources.md is beside the repo in CI and dev")
def test_no_passage_shares_twelve_consecutive_words_with_the_source_notes(corpus):
    words = re.findall(r"[a-z0-9]+", SOURCES_NOTES.read_text(encoding="utf-8").lower())
    runs = {tuple(words[i:i + 12]) for i in range(len(words) - 11)}
    copied = []
    for p in corpus.passages_of("evidence") + corpus.passages_of("challenge"):
        w = re.findall(r"[a-z0-9]+", p.text.lower())
        copied += [(p.id, " ".join(w[i:i + 12])) for i in range(len(w) - 11) if tuple(w[i:i + 12]) in runs]
    assert copied == []


def test_figures_found_only_in_a_report_cite_the_report_not_the_news_item_about_it(corpus):
    # STINT's news item on report R 19:03 gives no student numbers; the report does.
    passage = next(p for p in corpus.passages if p.id == "pakistani-students-admitted-sweden-2019")
    assert passage.source.id == "stint-sweden-pakistan-2019-report"
