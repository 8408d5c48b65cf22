"""`python -m qa review`: the maintainer's report on what real users asked (qa/review.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime

import pytest
import yaml

from conftest import REPO
from qa import ask, load_corpus
from qa.feedback import RatingRecord, Store, question_record

FUNDING = "Can international collaboration bring funding to universities?"
FACULTY = "How does international collaboration help train our faculty?"
NIHARI = "What is a good recipe for nihari?"
# Not among the example questions (FUNDING and FACULTY are):
GRANTS = "Will a tie-up with a Chinese university bring in research grants for our department?"
LECTURERS = "Could exchanges with Turkish universities train our lecturers in new teaching methods?"
RANKING = "Would a UK partner make us rank higher: yes or no?"


def review(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa", "review", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QA_FEEDBACK_URL": url},
    )


def review_json(url: str, *args: str) -> dict:
    done = review(url, "--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


def store_questions(url: str, index, *questions: str, session: str = "s", asked_at: datetime | None = None) -> list[str]:
    records = [question_record(ask(q, index), session, "v", asked_at) for q in questions]
    Store(url).write(records)
    return [r.id for r in records]


def rate(url: str, question_id: str, rating: int, comment: str | None = None, at: datetime | None = None) -> None:
    Store(url).write([RatingRecord(f"r-{question_id}-{rating}-{comment}", question_id, "s", at or datetime.utcnow(), rating, comment)])


def test_unanswered_questions_are_grouped_by_normalised_text_with_counts_most_asked_first(url, index):
    store_questions(url, index, NIHARI, "what is a good recipe for NIHARI", FUNDING, session="a")
    store_questions(url, index, "  What is a good   recipe for nihari!!", "   ", "🎓🇵🇰👍", session="b")
    report = review_json(url)
    first, *rest = report["unanswered"]
    assert first == {**first, "question": NIHARI, "count": 3, "status": "not_covered", "sessions": 2}
    assert sorted(u["status"] for u in rest) == ["invalid", "invalid"]
    assert report["totals"] == {
        "questions": 6, "sessions": 2, "answered": 1, "not_covered": 3, "invalid": 2, "follow_ups": 0,
        "thumbs_up": 0, "thumbs_down": 0,
    }


def test_thumbs_down_answers_are_listed_with_their_comments_and_what_was_cited(url, index):
    funding, faculty = store_questions(url, index, FUNDING, FACULTY)
    rate(url, funding, 0)
    rate(url, funding, 0, "wrong scholarship")
    rate(url, faculty, 1)
    [disliked] = review_json(url)["disliked"]
    assert disliked["question"] == FUNDING and disliked["comments"] == ["wrong scholarship"]
    assert disliked["topic_title"] == "Benefit 6: Financial Resources and Growth"
    assert disliked["passage_ids"] == [c.passage.id for c in ask(FUNDING, index).citations]


def test_a_later_thumbs_up_takes_an_answer_off_the_thumbs_down_list(url, index):
    [funding] = store_questions(url, index, FUNDING)
    rate(url, funding, 0, at=datetime(2026, 1, 1, 10))
    rate(url, funding, 1, at=datetime(2026, 1, 1, 11))
    report = review_json(url)
    assert report["disliked"] == [] and report["totals"]["thumbs_up"] == 1


def test_topics_and_languages_are_counted_most_asked_first(url, index):
    store_questions(url, index, FUNDING, FUNDING, FACULTY, NIHARI)
    report = review_json(url)
    assert [(t["key"], t["count"]) for t in report["topics"]] == [("6", 2), ("3", 1)]
    assert report["topics"][0]["label"] == "Benefit 6: Financial Resources and Growth"
    assert report["languages"] == [{"key": "en", "label": "en", "count": 4}]


def test_since_reports_only_records_from_that_date_on(url, index):
    store_questions(url, index, NIHARI, asked_at=datetime(2026, 1, 5))
    store_questions(url, index, "what is the price of gold", asked_at=datetime(2026, 3, 5))
    report = review_json(url, "--since", "2026-02-01")
    assert [u["question"] for u in report["unanswered"]] == ["what is the price of gold"]
    assert report["since"] == "2026-02-01T00:00:00"


def test_the_text_report_names_each_section(url, index):
    [funding] = store_questions(url, index, FUNDING, NIHARI)[:1]
    rate(url, funding, 0, "not helpful")
    done = review(url)
    assert done.returncode == 0, done.stderr
    for heading in ("Unanswered questions (1 distinct):", "Answers marked wrong (1):", "comment: not helpful",
                    "Topics asked about most:", "Languages:", NIHARI):
        assert heading in done.stdout


def test_purge_before_deletes_older_records_and_says_how_many(url, index):
    store_questions(url, index, NIHARI, FUNDING, asked_at=datetime(2026, 1, 5))
    store_questions(url, index, FACULTY, asked_at=datetime(2026, 3, 5))
    done = review(url, "--purge-before", "2026-02-01")
    assert done.returncode == 0 and done.stdout.startswith("deleted 2 questions and 0 ratings recorded before 2026-02-01")
    assert review_json(url)["totals"]["questions"] == 1


@pytest.mark.parametrize("flag", ["--since", "--purge-before"])
def test_a_bad_date_is_a_one_line_error(url, flag):
    done = review(url, flag, "yesterday")
    assert done.returncode == 2 and done.stderr == f"error: {flag}: 'yesterday' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)\n"


def test_review_of_a_sqlite_file_that_does_not_exist_says_so_and_creates_nothing(tmp_path):
    done = review(f"sqlite:///{tmp_path / 'typo.sqlite3'}")
    assert done.returncode == 2 and "no feedback database at" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_review_with_recording_off_says_there_is_nothing_to_read():
    done = review("off")
    assert done.returncode == 2 and "recording is off" in done.stderr and "Traceback" not in done.stderr


def test_an_unreachable_database_is_a_one_line_error_without_the_password():
    done = review("postgresql+psycopg://qa:s3cret@127.0.0.1:1/none")
    assert done.returncode == 2 and done.stderr.startswith("error: cannot read the feedback database")
    assert "s3cret" not in done.stderr and "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def picked_now(question: str, index) -> int | str:
    return ask(question, index).citations[0].passage.topic_key


def test_suggested_examples_file_each_question_under_the_topic_picked_now_and_paste_into_examples_yaml(url, index, tmp_path):
    grants, _, _ = store_questions(url, index, GRANTS, LECTURERS, "  will a tie-up with a chinese university bring in RESEARCH GRANTS for our department ")
    store_questions(url, index, NIHARI, "   ", RANKING)
    rate(url, grants, 0, "cites the wrong scheme")
    done = review(url, "--suggest-examples")
    assert done.returncode == 0, done.stderr
    snippet = done.stdout
    data = yaml.safe_load(snippet)
    assert data == {picked_now(GRANTS, index): [GRANTS], picked_now(LECTURERS, index): [LECTURERS],
                    picked_now(RANKING, index): [RANKING]}
    assert f"# thumbs-down: cites the wrong scheme\n- {GRANTS}" in snippet
    assert f"# - {NIHARI}  (not_covered now)" in snippet
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus, ignore=shutil.ignore_patterns(".cache"))
    (corpus / "examples.yaml").write_text(snippet)  # the snippet alone is a valid examples file
    assert GRANTS in load_corpus(corpus).topic(picked_now(GRANTS, index)).examples


def test_suggested_examples_leave_out_questions_already_among_the_examples_and_invalid_ones(url, index):
    known = index.corpus.topic(1).examples[0]
    store_questions(url, index, known, FUNDING, LECTURERS, "   ")
    data = yaml.safe_load(review(url, "--suggest-examples").stdout)
    assert data == {picked_now(LECTURERS, index): [LECTURERS]}
