"""The feedback store (qa/feedback.py): every test that takes `store_url` runs on a SQLite file
and on a fresh database of a real PostgreSQL server (QA_TEST_POSTGRES_URL, set by .ci/run)."""

from __future__ import annotations

import dataclasses

import logging
import sqlite3
import threading
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from qa import ask, build_index
from qa.feedback import (
    DEFAULT_URL, SCHEMA_VERSION, FeedbackError, QuestionRecord, RatingRecord, Recorder, Store,
    configured_url, corpus_version, new_session_id, normalise, question_record,
)

FUNDING = "Can international collaboration bring funding to universities?"
NIHARI = "What is a good recipe for nihari?"


def quick(url: str, **kwargs) -> Recorder:
    """A recorder that gives up on a record after two seconds, so failure tests run fast."""
    return Recorder(Store(url), max_age_s=kwargs.pop("max_age_s", 2.0), retry_s=(0.05, 0.1, 0.2), **kwargs)


def test_each_answer_is_stored_with_status_topic_language_follow_up_citations_corpus_version_and_session(store_url, index):
    recorder = quick(store_url)
    answer = ask(FUNDING, index)
    session = new_session_id()
    record_id = recorder.record_answer(answer, session, index)
    assert recorder.flush()
    [stored] = Store(store_url).questions()
    assert stored.id == record_id and stored.session_id == session
    assert stored.question == FUNDING and stored.status == "answered" and stored.topic == "6"
    assert stored.language == "en" and stored.follow_up is False
    assert stored.passage_ids == tuple(c.passage.id for c in answer.citations)
    assert stored.corpus_version == corpus_version(index)
    assert abs(stored.asked_at - datetime.utcnow()) < timedelta(minutes=1)


def test_an_unanswered_question_is_stored_with_no_topic_and_no_citations(store_url, index):
    recorder = quick(store_url)
    recorder.record_answer(ask(NIHARI, index), "s", index)
    assert recorder.flush()
    [stored] = Store(store_url).questions()
    assert (stored.status, stored.topic, stored.passage_ids) == ("not_covered", None, ())


def test_an_overview_answer_is_stored_under_the_overview_topic(index):
    answer = ask(index.corpus.vocabulary.overview_example, index)
    assert question_record(answer, "s", "v").topic == "overview"


def test_language_and_follow_up_are_read_from_the_answer_when_it_has_them(index):
    answer = ask(FUNDING, index)
    richer = dataclasses.replace(answer, language="ur", follow_up=True)
    record = question_record(richer, "s", "v")
    assert (record.language, record.follow_up) == ("ur", True)


def test_a_thumbs_down_with_a_comment_is_stored_against_its_answer(store_url, index):
    recorder = quick(store_url)
    record_id = recorder.record_answer(ask(FUNDING, index), "s", index)
    recorder.record_rating(record_id, "s", 0)
    recorder.record_rating(record_id, "s", 0, "  cites the wrong scholarship  ")
    assert recorder.flush()
    ratings = Store(store_url).ratings()
    assert [(r.question_id, r.rating, r.comment) for r in ratings] == [
        (record_id, 0, None), (record_id, 0, "cites the wrong scholarship"),
    ]


def test_the_tables_are_created_when_missing_and_hold_no_ip_address_or_user_agent(store_url):
    store = Store(store_url)
    assert store.questions() == [] and store.ratings() == []
    inspector = sa.inspect(store.engine)
    assert {"qa_meta", "qa_questions", "qa_ratings"} <= set(inspector.get_table_names())
    columns = {t: {c["name"] for c in inspector.get_columns(t)} for t in ("qa_questions", "qa_ratings")}
    assert columns == {
        "qa_questions": {"id", "session_id", "asked_at", "question", "status", "topic", "language",
                         "follow_up", "passage_ids", "corpus_version"},
        "qa_ratings": {"id", "question_id", "session_id", "given_at", "rating", "comment"},
    }


def test_a_schema_from_a_newer_version_is_refused_with_a_clear_message(store_url):
    Store(store_url).ensure_schema()
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE qa_meta SET value = :v WHERE key = 'schema_version'"), {"v": str(SCHEMA_VERSION + 1)})
    engine.dispose()
    with pytest.raises(FeedbackError, match=f"schema version {SCHEMA_VERSION + 1}, newer than this code's {SCHEMA_VERSION}: update the app"):
        Store(store_url).ensure_schema()


def test_a_recorder_on_a_newer_schema_drops_records_with_one_warning_and_no_traceback(store_url, index, caplog):
    Store(store_url).ensure_schema()
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE qa_meta SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()
    recorder = quick(store_url)
    with caplog.at_level(logging.INFO, logger="qa.feedback"):
        recorder.record_answer(ask(FUNDING, index), "s", index)
        recorder.record_answer(ask(NIHARI, index), "s", index)
        assert recorder.flush()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "newer than this code's" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    assert not recorder.enabled and recorder.written == 0


def test_a_record_written_twice_is_stored_once(store_url, index):
    """A retry after a commit whose reply was lost must not duplicate the record."""
    store = Store(store_url)
    record = question_record(ask(FUNDING, index), "s", "v")
    other = question_record(ask(NIHARI, index), "s", "v")
    store.write([record])
    store.write([record, other])
    assert sorted(q.id for q in store.questions()) == sorted([record.id, other.id])


def test_twenty_concurrent_sessions_sharing_one_recorder_lose_no_record(store_url, index):
    recorder = quick(store_url, max_age_s=60)
    answers = [ask(q, index) for q in (FUNDING, NIHARI, "How does collaboration help train our faculty?")]
    start = threading.Barrier(20)

    def session(n: int) -> None:
        sid = f"session-{n}"
        start.wait()
        for i in range(10):
            record_id = recorder.record_answer(answers[i % 3], sid, index)
            recorder.record_rating(record_id, sid, i % 2, f"comment {n}-{i}" if i % 2 == 0 else None)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert recorder.flush(timeout=60)
    store = Store(store_url)
    assert len(store.questions()) == 200 and len(store.ratings()) == 200
    assert len({q.session_id for q in store.questions()}) == 20
    assert recorder.dropped == 0


def test_twenty_processes_worth_of_recorders_writing_at_once_lose_no_record(store_url, index):
    """Twenty recorders with their own connections (like twenty replicas) on one database."""
    answer = ask(FUNDING, index)
    recorders = [quick(store_url, max_age_s=60) for _ in range(20)]
    start = threading.Barrier(20)

    def session(n: int) -> None:
        start.wait()
        for _ in range(5):
            recorders[n].record_answer(answer, f"session-{n}", index)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.flush(timeout=60) for r in recorders)
    assert len(Store(store_url).questions()) == 100
    assert sum(r.dropped for r in recorders) == 0


def test_purge_before_deletes_older_questions_and_their_ratings(store_url, index):
    store = Store(store_url)
    old = question_record(ask(FUNDING, index), "s", "v", asked_at=datetime(2026, 1, 5))
    new = question_record(ask(NIHARI, index), "s", "v", asked_at=datetime(2026, 3, 1))
    store.write([
        old, new,
        RatingRecord("r1", old.id, "s", datetime(2026, 3, 2), 0, "late rating of an old answer"),
        RatingRecord("r2", new.id, "s", datetime(2026, 3, 2), 1),
    ])
    assert store.purge_before(datetime(2026, 2, 1)) == (1, 1)
    assert [q.id for q in store.questions()] == [new.id]
    assert [r.id for r in store.ratings()] == ["r2"]


def test_since_keeps_only_records_from_that_time_on(store_url, index):
    store = Store(store_url)
    old = question_record(ask(FUNDING, index), "s", "v", asked_at=datetime(2026, 1, 5))
    new = question_record(ask(NIHARI, index), "s", "v", asked_at=datetime(2026, 3, 1))
    store.write([old, new])
    assert [q.id for q in store.questions(since=datetime(2026, 2, 1))] == [new.id]


def test_off_turns_recording_off(index):
    assert configured_url({"QA_FEEDBACK_URL": "off"}) is None
    assert configured_url({"QA_FEEDBACK_URL": "OFF "}) is None
    recorder = Recorder.from_env("off")
    assert not recorder.enabled
    assert recorder.record_answer(ask(FUNDING, index), "s", index) is None


def test_the_default_store_is_a_sqlite_file_in_the_working_folder(tmp_path, monkeypatch, index):
    assert configured_url({}) == DEFAULT_URL == "sqlite:///qa-feedback.sqlite3"
    monkeypatch.chdir(tmp_path)
    recorder = Recorder.from_env("")
    recorder.record_answer(ask(FUNDING, index), "s", index)
    assert recorder.flush()
    assert (tmp_path / "qa-feedback.sqlite3").is_file()


def test_the_default_store_file_is_ignored_by_git():
    from conftest import REPO

    assert "qa-feedback.sqlite3*" in (REPO / ".gitignore").read_text().splitlines()


def test_a_url_sqlalchemy_cannot_use_turns_recording_off_with_one_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="qa.feedback"):
        recorder = Recorder.from_env("nosuchdb://x/y")
    assert not recorder.enabled
    assert len(caplog.records) == 1 and "QA_FEEDBACK_URL" in caplog.records[0].getMessage()
    assert not caplog.records[0].exc_info


def test_passwords_never_appear_in_messages(caplog, index):
    recorder = Recorder(Store("postgresql+psycopg://user:s3cret@127.0.0.1:1/none"), max_age_s=0.5, retry_s=(0.05,))
    with caplog.at_level(logging.INFO, logger="qa.feedback"):
        recorder.record_answer(ask(FUNDING, index), "s", index)
        assert recorder.flush(timeout=30)
    assert caplog.records and not any("s3cret" in r.getMessage() for r in caplog.records)


def test_an_unreachable_database_costs_nothing_logs_one_warning_and_drops_the_records(tmp_path, caplog, index):
    recorder = quick(f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'f.sqlite3'}", max_age_s=0.5)
    answer = ask(FUNDING, index)
    with caplog.at_level(logging.INFO, logger="qa.feedback"):
        start = time.perf_counter()
        for _ in range(50):
            recorder.record_answer(answer, "s", index)
        assert time.perf_counter() - start < 0.5  # recording never waits for the database
        assert recorder.flush(timeout=10)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "answers are unaffected" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    assert recorder.dropped == 50 and recorder.written == 0


def test_a_locked_sqlite_database_delays_records_until_the_lock_is_released(tmp_path, caplog, index):
    path = tmp_path / "f.sqlite3"
    url = f"sqlite:///{path}?timeout=0.1"
    Store(url).ensure_schema()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    recorder = quick(url, max_age_s=30)
    with caplog.at_level(logging.INFO, logger="qa.feedback"):
        for _ in range(3):
            recorder.record_answer(ask(FUNDING, index), "s", index)
        time.sleep(1.0)
        assert recorder.written == 0
        holder.execute("ROLLBACK")
        holder.close()
        assert recorder.flush(timeout=20)
    assert len(Store(url).questions()) == 3 and recorder.dropped == 0
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "locked" in warnings[0].getMessage()


def test_a_killed_postgresql_loses_only_what_it_could_not_take_and_recording_resumes(private_postgres, caplog, index):
    recorder = quick(private_postgres.url, max_age_s=1.0)
    answer = ask(FUNDING, index)
    recorder.record_answer(answer, "before", index)
    assert recorder.flush(timeout=20) and recorder.written == 1
    private_postgres.kill()
    with caplog.at_level(logging.INFO, logger="qa.feedback"):
        recorder.record_answer(answer, "during", index)
        assert recorder.flush(timeout=30)
        private_postgres.start()
        recorder.record_answer(answer, "after", index)
        assert recorder.flush(timeout=30)
    assert [q.session_id for q in Store(private_postgres.url).questions()] == ["before", "after"]
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    assert not any(r.exc_info for r in caplog.records)


def test_the_corpus_version_is_a_hash_of_the_corpus_that_changes_when_a_passage_does(corpus_copy, fixture_index):
    assert corpus_version(fixture_index) == corpus_version(build_index(corpus_copy, use_cache=False))
    passage = next((corpus_copy / "passages").rglob("*.md"))
    passage.write_text(passage.read_text() + "\nOne more sentence.\n")
    assert corpus_version(build_index(corpus_copy, use_cache=False)) != corpus_version(fixture_index)


def test_questions_group_by_normalised_text():
    assert normalise("  What is   NIHARI?? ") == normalise("what is nihari") == "what is nihari"
    assert normalise("بین الاقوامی تعاون؟") == "بین الاقوامی تعاون"


def test_question_records_are_frozen(index):
    record = question_record(ask(FUNDING, index), "s", "v")
    assert isinstance(record, QuestionRecord)
    with pytest.raises(AttributeError):
        record.status = "invalid"  # type: ignore[misc]


def test_an_answer_that_cannot_be_recorded_is_skipped_with_a_warning_not_an_exception(tmp_path, index, caplog):
    recorder = quick(f"sqlite:///{tmp_path / 'f.sqlite3'}")
    with caplog.at_level(logging.WARNING, logger="qa.feedback"):
        assert recorder.record_answer(SimpleNamespace(question="q"), "s", index) is None
    assert "could not record an answer" in caplog.records[0].getMessage()
