"""Feedback in the chat (app.py over qa/feedback.py), driven in-process with AppTest: thumbs
under every answer, a comment after a thumbs-down, the privacy note, every outcome recorded,
and a database that dies mid-session costing no answer."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from conftest import REPO
from qa.feedback import Recorder, Store

APP = str(REPO / "app.py")
FUNDING = "Can international collaboration bring funding to universities?"
FACULTY = "How does international collaboration help train our faculty?"
NIHARI = "What is a good recipe for nihari?"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def start(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.delenv("QA_CORPUS_DIR", raising=False)
    monkeypatch.setenv("QA_FEEDBACK_URL", url)
    return run(AppTest.from_file(APP, default_timeout=30))


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question)
    run(at)
    # a question after the first reruns only the turn fragments (app.py, long chats stay fast);
    # AppTest then holds only their elements, so run the page once more to see all of it
    return run(at) if not at.chat_input else at


def eventually(check: Callable[[], object], timeout: float = 20.0) -> object:
    """Records are written in the background: wait for them."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception:
            result = None
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def thumbs(at: AppTest) -> list:
    return list(at.get("feedback"))


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


def test_every_answer_has_thumbs_and_its_outcome_is_recorded(monkeypatch, url):
    at = start(monkeypatch, url)
    ask(at, FUNDING)
    ask(at, NIHARI)
    ask(at, "   ")
    assert len(thumbs(at)) == 3
    assert [m.name for m in at.chat_message].count("assistant") == 3
    records = eventually(lambda: (qs := Store(url).questions()) and len(qs) == 3 and qs)
    assert [(q.question, q.status) for q in records] == [(FUNDING, "answered"), (NIHARI, "not_covered"), ("   ", "invalid")]
    assert len({q.session_id for q in records}) == 1 and len(records[0].session_id) == 32


def test_two_visitors_get_different_random_session_ids(monkeypatch, url):
    ask(start(monkeypatch, url), FUNDING)
    ask(start(monkeypatch, url), FUNDING)
    records = eventually(lambda: (qs := Store(url).questions()) and len(qs) == 2 and qs)
    assert records[0].session_id != records[1].session_id


def test_a_thumbs_down_opens_an_optional_comment_and_both_are_recorded(monkeypatch, url):
    at = ask(start(monkeypatch, url), FUNDING)
    assert not at.text_input  # no comment box before a thumbs-down
    thumbs(at)[0].set_value(0)
    run(at)
    box = at.chat_message[1].text_input[0]
    assert box.label == "What was wrong with this answer? (optional)"
    box.input("It cites the wrong scholarship")
    next(b for b in at.chat_message[1].button if b.label == "Send").click()
    run(at)
    assert "Thank you: your comment was recorded." in [c.value for c in at.chat_message[1].caption]
    ratings = eventually(lambda: (rs := Store(url).ratings()) and len(rs) == 2 and rs)
    [question] = Store(url).questions()
    assert [(r.question_id, r.rating, r.comment) for r in ratings] == [
        (question.id, 0, None), (question.id, 0, "It cites the wrong scholarship"),
    ]


def test_a_thumbs_up_is_recorded_and_asks_for_no_comment(monkeypatch, url):
    at = ask(start(monkeypatch, url), FACULTY)
    thumbs(at)[0].set_value(1)
    run(at)
    assert not at.text_input
    ratings = eventually(lambda: Store(url).ratings())
    assert [r.rating for r in ratings] == [1]


def test_the_app_says_in_one_line_that_questions_are_recorded(monkeypatch, url):
    at = start(monkeypatch, url)
    notes = [c.value for c in at.caption if "recorded to improve the answers" in c.value]
    assert len(notes) == 1 and "\n" not in notes[0] and "IP address" in notes[0]


def test_with_recording_off_there_is_no_note_no_thumbs_and_nothing_written(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    at = ask(start(monkeypatch, "off"), FUNDING)
    assert not any("recorded" in c.value for c in at.caption)
    assert not thumbs(at)
    assert list(tmp_path.iterdir()) == []


def test_killing_the_database_mid_session_costs_no_answer(monkeypatch, private_postgres, caplog):
    at = start(monkeypatch, private_postgres.url)
    ask(at, FUNDING)
    assert eventually(lambda: len(Store(private_postgres.url).questions()) == 1)
    private_postgres.kill()
    with caplog.at_level(logging.INFO, logger="qa.feedback"):
        for question in (FACULTY, NIHARI, FUNDING):
            started = time.perf_counter()
            ask(at, question)
            assert time.perf_counter() - started < 5  # no wait for the dead database
        messages = at.chat_message
        assert [m.name for m in messages].count("assistant") == 4
        assert "Benefit 3" in messages[3].markdown[0].value and "do not cover" in messages[5].info[0].value
        thumbs(at)[1].set_value(0)  # a rating while the database is down: no error either
        run(at)
        private_postgres.start()  # back within the retry window: the queued records are written
        assert eventually(lambda: len(Store(private_postgres.url).questions()) == 4, timeout=30)
        assert eventually(lambda: len(Store(private_postgres.url).ratings()) == 1, timeout=30)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "answers are unaffected" in warnings[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)


def test_the_recorder_is_left_out_of_the_collection_streamlit_runs_after_every_script_run(monkeypatch, url):
    """Streamlit runs a full gc.collect() after every script run, holding the GIL while the
    answer waits to be sent; walking SQLAlchemy's objects made that 20 ms slower per run with
    recording on (issue #13). The process's long-lived objects are frozen out of it."""
    ask(start(monkeypatch, url), FUNDING)
    assert eventually(lambda: Store(url).questions())  # this URL's recorder exists and writes
    walked = [o for o in gc.get_objects() if isinstance(o, Recorder) and o.store and o.store.url == url]
    assert walked == []


def test_clearing_the_chat_lets_go_of_the_old_answers_record_ids(monkeypatch, url):
    # the session kept every answer ever recorded (for its thumbs), so a recording session held
    # on to answers a cleared chat had let go of, and each garbage collection walked them
    at = start(monkeypatch, url)
    ask(at, FUNDING)
    assert len(at.session_state["recorded"]) == 1
    at.button(key="clear").click()
    run(at)
    assert "recorded" not in at.session_state
