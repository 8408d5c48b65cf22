"""The Streamlit chat (app.py), driven in-process with Streamlit's AppTest.

Questions here have an obvious answer in the shipped corpus (they name the benefit's own
words); the source-formatting test uses the fixture corpus, whose sources have URLs.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import FIXTURE, REPO
from qa import get_index

APP = str(REPO / "app.py")
FUNDING = "Can international collaboration bring funding to universities?"
FACULTY = "How does international collaboration help train our faculty?"
NIHARI = "What is a good recipe for nihari?"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.delenv("QA_CORPUS_DIR", raising=False)
    return run(AppTest.from_file(APP, default_timeout=30))


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question)
    return run(at)


def click_chip(at: AppTest, key: str, question: str) -> AppTest:
    chips = at.button_group(key=key)
    assert question in chips.options
    chips.set_value(question)
    return run(at)


def turns(at: AppTest) -> list[tuple[str, str]]:
    """(user text, everything the assistant message shows) for each turn."""
    messages = list(at.chat_message)
    assert [m.name for m in messages] == ["user", "assistant"] * (len(messages) // 2)
    return [(user.text[0].value, assistant_text(bot)) for user, bot in zip(messages[::2], messages[1::2])]


def assistant_text(message) -> str:
    kinds = ("markdown", "caption", "info", "warning", "code")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(message, kind))


def starters() -> tuple[str, ...]:
    corpus = get_index().corpus
    return (corpus.vocabulary.overview_example, *(t.example for t in corpus.topics if t.example))


def test_empty_state_shows_title_intro_and_four_to_six_starter_chips_from_the_corpus(at):
    assert at.title[0].value.startswith("Benefits of International Collaboration")
    assert "sources" in at.markdown[0].value and "\\[1\\]" in at.markdown[0].value
    options = at.button_group(key="starters").options
    assert 4 <= len(options) <= 6
    assert options[0] == get_index().corpus.vocabulary.overview_example
    assert set(options) <= set(starters())
    assert not at.chat_message
    assert at.chat_input[0].placeholder


def test_clicking_a_starter_chip_asks_its_question(at):
    question = at.button_group(key="starters").options[1]
    click_chip(at, "starters", question)
    [(user, bot)] = turns(at)
    assert user == question and "[1]" in bot
    assert "starters" not in [b.key for b in at.button_group]  # the empty state is gone


def test_typed_question_gets_a_user_and_an_assistant_message_with_its_benefit_and_citation(at):
    ask(at, FUNDING)
    [(user, bot)] = turns(at)
    assert user == FUNDING
    assert "Benefit 6: Financial Resources and Growth" in bot
    assert "[1]" in bot


def test_each_citation_shows_its_passage_benefit_and_source(at):
    ask(at, FACULTY)
    bot = at.chat_message[1]
    sources = bot.expander[0]
    assert sources.label.startswith("Sources (")
    assert sources.markdown[0].value.startswith("**\\[1\\]** ")
    assert "**faculty**" in sources.markdown[0].value  # the question's word, highlighted
    benefit = "Benefit 3: Faculty Development and Internationalization"
    assert sources.caption[0].value.startswith(f"{benefit} · Source: ")


def test_sources_show_author_title_link_publisher_and_year(monkeypatch):
    monkeypatch.setenv("QA_CORPUS_DIR", str(FIXTURE))
    at = ask(run(AppTest.from_file(APP, default_timeout=30)), "do international papers get cited more")
    captions = [c.value for c in at.chat_message[1].expander[0].caption]
    assert "Benefit 1: Research Output · Source: \u201cFixture original answer\u201d. n.d." in captions
    assert (
        "Benefit 1: Research Output · Source: A. Writer. "
        "[\u201cA fixture report on partnerships\u201d](https://example.org/report). Fixture Press, 2020."
    ) in captions


def test_dollar_amounts_in_passages_stay_text_not_latex(monkeypatch, corpus_copy):
    passage = corpus_copy / "passages" / "e6-fulbright.md"
    passage.write_text(passage.read_text().replace("18 million dollars", "$18 million, up from $9 million"))
    monkeypatch.setenv("QA_CORPUS_DIR", str(corpus_copy))
    at = ask(run(AppTest.from_file(APP, default_timeout=30)), "how many scholarship awards were funded?")
    bot = at.chat_message[1]
    shown = [m.value for m in bot.markdown if "18 million" in m.value]
    assert len(shown) == 2  # in the answer and in its sources
    assert all("\\$18 million, up from \\$9 million" in m for m in shown)
    assert "\\$18" in at.chat_message[1].code[0].value  # escaped in the copied Markdown too


def test_copy_box_holds_the_answer_as_markdown_with_citations_and_sources(at):
    ask(at, FUNDING)
    copy = at.chat_message[1].expander[1]
    assert copy.label == "Copy answer with sources"
    text = copy.code[0].value
    assert copy.code[0].language == "markdown"
    assert text.startswith(f"**Question:** {FUNDING}")
    assert "[1]" in text and "**Sources**" in text and "\n1. " in text


def test_overview_question_shows_all_six_benefits_then_the_summary(at):
    corpus = get_index().corpus
    click_chip(at, "starters", corpus.vocabulary.overview_example)
    message = at.chat_message[1].markdown[0].value
    titles = [t.title for t in corpus.benefits]
    assert len(titles) == 6
    positions = [message.index(f"**{title}**") for title in titles]
    assert positions == sorted(positions)
    # the summary comes last (issue #12 point 3: each benefit is followed by its strongest evidence)
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", message)]
    assert re.search(rf"\[{max(markers)}\]\s*$", message) and max(markers) == 13


def test_out_of_scope_question_gets_a_not_covered_info_box_with_example_chips_and_no_citation(at):
    ask(at, NIHARI)
    [(user, bot)] = turns(at)
    assert user == NIHARI
    assert "do not cover" in at.chat_message[1].info[0].value
    assert "[1]" not in bot and not at.chat_message[1].expander
    examples = at.button_group(key="examples-0").options
    assert len(examples) >= 2
    assert all(q not in at.chat_message[1].info[0].value for q in examples)  # chips, not a list too


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("   ", "Please type a question"),
        ("why " * 300, "characters long"),
        ("🎓🇵🇰👍", "English, Urdu or Roman Urdu"),
        ("بین الاقوامی تعاون کے فوائد", "English only"),
    ],
    ids=["blank", "too-long", "emoji-only", "urdu-script"],
)
def test_unusable_input_gets_the_core_invalid_message_as_a_warning(at, question, says):
    ask(at, question)
    bot = at.chat_message[1]
    assert says in bot.warning[0].value
    assert not bot.info and not bot.expander
    assert at.button_group(key="examples-0").options


@pytest.mark.parametrize(
    "question",
    [
        "**bold** question about funding",
        "<img src=x onerror=alert(1)> funding",
        "[link](http://x) funding",
        "# heading about funding",
        "$x^2$ :red[funding] <script>alert(1)</script>",
    ],
)
def test_user_text_is_shown_literally_never_as_markdown_or_html(at, question):
    ask(at, question)
    user = at.chat_message[0]
    assert [e.type for e in user.children.values()] == ["text"]
    assert user.text[0].value == question
    everything_as_markdown = [e.value for e in at.markdown] + [e.value for e in at.caption]
    assert not any(question in value for value in everything_as_markdown)


def test_a_pasted_essay_is_shown_clipped_and_gets_the_length_warning(at):
    essay = "Partnerships matter. " * 250
    ask(at, essay)
    shown = at.chat_message[0].text[0].value
    assert shown.startswith(essay[:1000]) and shown.endswith(f"({len(essay):,} characters)")
    assert "characters long" in at.chat_message[1].warning[0].value


def test_related_question_chips_ask_when_clicked_and_have_a_key_per_turn(at):
    ask(at, FUNDING)
    related = at.button_group(key="related-0").options
    assert 2 <= len(related) <= 3
    click_chip(at, "related-0", related[0])
    assert [user for user, _ in turns(at)] == [FUNDING, related[0]]
    assert "related-1" in [b.key for b in at.button_group]
    assert at.button_group(key="related-0").value is None  # the chip does not stay selected


def test_history_survives_reruns(at):
    ask(at, FUNDING)
    ask(at, NIHARI)
    before = turns(at)
    run(at)
    run(at)
    assert turns(at) == before
    assert [user for user, _ in before] == [FUNDING, NIHARI]


def test_clear_chat_empties_the_history_and_brings_back_the_starters(at):
    assert at.button(key="clear").disabled
    ask(at, FUNDING)
    assert not at.button(key="clear").disabled
    at.button(key="clear").click()
    run(at)
    assert not at.chat_message
    assert at.button_group(key="starters").options
    assert at.button(key="clear").disabled


def test_download_button_is_offered_once_there_is_a_conversation(at):
    assert at.download_button(key="download").disabled
    ask(at, FUNDING)
    assert not at.download_button(key="download").disabled


def test_a_missing_corpus_shows_an_error_instead_of_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("QA_CORPUS_DIR", str(tmp_path / "nowhere"))
    at = run(AppTest.from_file(APP, default_timeout=30))
    assert "could not be loaded" in at.error[0].value
    assert not at.chat_input


# A visitor never sees a traceback or a server path; the details go to the server log.


def element_texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "warning", "error", "code", "text", "exception")
    return "\n".join(str(getattr(e, "value", e)) for kind in kinds for e in getattr(at, kind))


@pytest.mark.parametrize("fault", ["folder", "bool key", "broken link"])
def test_a_corpus_fault_shows_its_one_line_without_a_traceback_or_server_path(monkeypatch, corpus_copy, fault, caplog):
    passages = corpus_copy / "passages"
    if fault == "folder":
        (passages / "x.md").mkdir()
    elif fault == "bool key":
        (passages / "x.md").write_text("---\nid: x\nkind: summary\nsource: seed\nyes: x\n---\nText.\n")
    else:
        (passages / "x.md").symlink_to(corpus_copy / "nowhere.md")
    monkeypatch.setenv("QA_CORPUS_DIR", str(corpus_copy))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("The corpus could not be loaded: corpus/passages/x.md")
    shown = element_texts(at)
    assert str(corpus_copy.parent) not in shown and "Traceback" not in shown
    assert any(str(corpus_copy) in r.getMessage() for r in caplog.records)  # the full path, in the server log


def test_an_unexpected_error_shows_a_short_message_and_logs_the_details(monkeypatch, tmp_path, caplog):
    import qa

    def crash(corpus_dir=None):
        raise RuntimeError(f"disk trouble in {tmp_path}/secret")

    monkeypatch.setattr(qa, "get_index", crash)
    monkeypatch.setenv("QA_CORPUS_DIR", str(tmp_path / "any"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    (error,) = at.error
    assert error.value == "Sorry, the bot could not start. The details are in the server log."
    shown = element_texts(at)
    assert str(tmp_path) not in shown and "RuntimeError" not in shown
    assert any(r.exc_info and "secret" in str(r.exc_info[1]) for r in caplog.records)


def test_uncaught_errors_show_no_details_to_visitors():
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"

