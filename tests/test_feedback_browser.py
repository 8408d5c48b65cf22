"""Feedback end to end: `streamlit run app.py` servers driven by Debian's Chromium, read back with
`python -m qa review --json` under the same QA_FEEDBACK_URL.

`python3 -m pytest -q -s tests/test_feedback_browser.py -k answer_time` prints the side-by-side
answer times with recording on and off (the README's figure).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from _servers import streamlit_server
from conftest import REPO
from test_browser import (  # noqa: F401  (browser: the shared Chromium fixture)
    TIMEOUT_MS, VIEWPORT, browser, chat_input, messages, type_question,
)

FUNDING = "Can international collaboration bring funding to universities?"
NIHARI = "What is a good recipe for nihari?"
COMMENT = "It should name the scholarship programme"
# Answered questions for the timing run, in users' words (from tests/data/dev.jsonl).
TIMED = [json.loads(line)["q"] for line in (REPO / "tests" / "data" / "dev.jsonl").read_text().splitlines()[:50]]
TIME_PAIRS = 4
TIME_ROUNDS = 10
MAX_SLOWDOWN = 1.10
# Other work on the machine (more than two runnable processes per core) swamps a difference of a
# few milliseconds: over the bar on such a machine, the timing test reports its figure and skips.
MAX_LOAD_PER_CORE = 2.0


@contextmanager
def serve(feedback_url: str, log: Path) -> Iterator[str]:
    """The app on a free loopback port, recording to `feedback_url`; always terminated, and its
    log must hold no traceback."""
    with streamlit_server(log, {"QA_FEEDBACK_URL": feedback_url}) as url:
        yield url
    assert "Traceback" not in log.read_text(errors="replace"), log.read_text(errors="replace")[-3000:]


@contextmanager
def visit(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    try:
        page.goto(server)
        chat_input(page).wait_for()
        yield page
    finally:
        context.close()


def review_json(feedback_url: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "qa", "review", "--json"], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QA_FEEDBACK_URL": feedback_url},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def eventually(check: Callable[[], object], timeout: float = 20.0) -> object:
    """Records are written in the background: poll until `check` holds."""
    deadline = time.monotonic() + timeout
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.25)
    return result


def test_an_out_of_scope_question_and_a_thumbs_down_both_appear_in_qa_review(browser, tmp_path):
    feedback_url = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    with serve(feedback_url, tmp_path / "server.log") as server, visit(browser, server) as page:
        expect(page.get_by_text("recorded to improve the answers")).to_be_visible()
        type_question(page, NIHARI)
        expect(messages(page).nth(1)).to_contain_text("do not cover")
        type_question(page, FUNDING, turn=1)
        answer = messages(page).nth(3)
        expect(answer).to_contain_text("Benefit 6: Financial Resources and Growth")
        answer.get_by_role("radio", name="Thumbs down").click()
        answer.get_by_label("What was wrong with this answer? (optional)").fill(COMMENT)
        answer.get_by_role("button", name="Send").click()
        expect(answer.get_by_text("Thank you: your comment was recorded.")).to_be_visible()

        def both() -> dict | None:
            report = review_json(feedback_url)
            return report if report["unanswered"] and report["disliked"] and report["disliked"][0]["comments"] else None

        report = eventually(both)
    assert report, review_json(feedback_url)
    assert [(u["question"], u["status"], u["count"]) for u in report["unanswered"]] == [(NIHARI, "not_covered", 1)]
    [disliked] = report["disliked"]
    assert disliked["question"] == FUNDING and disliked["comments"] == [COMMENT]
    assert disliked["topic_title"] == "Benefit 6: Financial Resources and Growth" and disliked["passage_ids"]


def test_two_app_processes_on_one_postgresql_both_reach_qa_review(browser, postgres_url, tmp_path):
    questions = [FUNDING, "How does international collaboration help train our faculty?"]
    with serve(postgres_url, tmp_path / "a.log") as a, serve(postgres_url, tmp_path / "b.log") as b:
        for server, question in zip((a, b), questions):
            with visit(browser, server) as page:
                type_question(page, question)
                expect(messages(page).nth(1)).to_contain_text("[1]")
                if server == b:
                    messages(page).nth(1).get_by_role("radio", name="Thumbs down").click()
        report = eventually(lambda: (r := review_json(postgres_url))["totals"]["thumbs_down"] == 1 and r)
    assert report, review_json(postgres_url)
    assert report["totals"]["questions"] == 2 and report["totals"]["sessions"] == 2
    assert {t["key"] for t in report["topics"]} == {"6", "3"}
    assert report["disliked"][0]["question"] == questions[1]


def test_killing_the_database_mid_session_costs_no_answer_in_the_browser(browser, private_postgres, tmp_path):
    log = tmp_path / "server.log"
    with serve(private_postgres.url, log) as server, visit(browser, server) as page:
        type_question(page, FUNDING)
        expect(messages(page).nth(1)).to_contain_text("Benefit 6: Financial Resources and Growth")
        private_postgres.kill()
        type_question(page, "How does international collaboration help train our faculty?", turn=1)
        expect(messages(page).nth(3)).to_contain_text("Benefit 3: Faculty Development and Internationalization")
        messages(page).nth(3).get_by_role("radio", name="Thumbs down").click()
        expect(messages(page).nth(3).get_by_label("What was wrong with this answer? (optional)")).to_be_visible()
        type_question(page, NIHARI, turn=2)
        expect(messages(page).nth(5)).to_contain_text("do not cover")
        assert eventually(lambda: "unavailable" in log.read_text(errors="replace"))
    text = log.read_text(errors="replace")
    assert text.count("unavailable") == 1 and "answers are unaffected" in text  # one warning, no traceback


# Timed inside the page, so Playwright's polling does not round the figures: a keydown listener
# notes when Enter is pressed, a MutationObserver when the answer's last element appears.
WATCH = """([selector]) => {
  window.__answered = null; window.__asked = null;
  const box = document.querySelector('[data-testid="stChatInput"] textarea');
  box.addEventListener('keydown', e => { if (e.key === 'Enter') window.__asked = performance.now(); }, {once: true});
  const done = () => {
    const answer = document.querySelectorAll('[data-testid="stChatMessage"]')[1];
    return answer && answer.querySelector(selector);
  };
  const observer = new MutationObserver(() => {
    if (window.__asked !== null && done()) { window.__answered = performance.now(); observer.disconnect(); }
  });
  observer.observe(document.body, {childList: true, subtree: true, attributes: true});
}"""


def time_answer(page: Page, question: str) -> float:
    """Seconds from pressing Enter to the whole answer shown, up to its related-question chips
    (the same last element with recording on or off; the thumbs come after the answer); then
    the chat is cleared, untimed."""
    box = chat_input(page)
    box.fill(question)
    page.evaluate(WATCH, ['[role="radio"]'])
    box.press("Enter")
    page.wait_for_function("window.__answered !== null")
    took = page.evaluate("window.__answered - window.__asked") / 1000
    page.get_by_role("button", name="Clear chat").click()
    expect(messages(page)).to_have_count(0)
    return took


def answer_times(browser: Browser, tmp_path: Path, pairs: int = TIME_PAIRS, rounds: int = TIME_ROUNDS) -> dict[bool, list[float]]:
    """Answer times with recording on (to SQLite) and off, side by side: `pairs` fresh pairs of
    servers (so no one process or browser page decides), the same questions asked in turn in
    each server of a pair, alternating which goes first."""
    times: dict[bool, list[float]] = {True: [], False: []}
    for n in range(pairs):
        feedback_url = f"sqlite:///{tmp_path / f'feedback-{n}.sqlite3'}"
        with serve(feedback_url, tmp_path / f"on-{n}.log") as on, serve("off", tmp_path / f"off-{n}.log") as off, \
                visit(browser, on if n % 2 == 0 else off) as first, visit(browser, off if n % 2 == 0 else on) as second:
            pages = {True: first, False: second} if n % 2 == 0 else {True: second, False: first}
            for question in TIMED[:3]:  # warm-up: first renders, caches
                for page in pages.values():
                    time_answer(page, question)
            for i, question in enumerate(TIMED[3:3 + rounds]):
                for recording in ((True, False) if i % 2 == 0 else (False, True)):
                    times[recording].append(time_answer(pages[recording], question))
            recorded = eventually(lambda: review_json(feedback_url)["totals"]["questions"] == 3 + rounds)
            assert recorded, review_json(feedback_url)["totals"]
    return times


def test_recording_costs_at_most_a_tenth_more_answer_time_in_the_browser(browser, tmp_path):
    times = answer_times(browser, tmp_path)
    on_ms, off_ms = (statistics.median(times[r]) * 1000 for r in (True, False))
    ratio = on_ms / off_ms
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    figure = (f"answer time in the browser, median of {len(times[True])} each: recording on {on_ms:.0f} ms, "
              f"off {off_ms:.0f} ms, ratio {ratio:.3f} (bar <= {MAX_SLOWDOWN}; load {load:.1f} per core)")
    print(f"\n{figure}")
    if ratio > MAX_SLOWDOWN and load > MAX_LOAD_PER_CORE:
        pytest.skip(f"machine oversubscribed, the timing says nothing: {figure}")
    assert ratio <= MAX_SLOWDOWN, figure
