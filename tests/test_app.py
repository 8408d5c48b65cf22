"""The Streamlit chat (app.py), driven in-process with Streamlit's AppTest.

Questions here have an obvious answer in the shipped corpus (they name the benefit's own
words); the source-formatting test uses the fixture corpus, whose sources have URLs.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import qa
from conftest import FIXTURE, REPO
from qa import get_index
from qa.render import render_conversation

APP = str(REPO / "app.py")
FUNDING = "Can international collaboration bring funding to universities?"
FACULTY = "How does international collaboration help train our faculty?"
NIHARI = "What is a good recipe for nihari?"
URDU = "بین الاقوامی تعاون سے ہماری یونیورسٹی کو فنڈنگ کیسے مل سکتی ہے؟"  # how can collaboration bring our university funding?


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
    return whole_page(run(at))


def whole_page(at: AppTest) -> AppTest:
    """A question after the first reruns only two turn fragments; AppTest then holds only
    their elements, so run the page once more to see all of it (nothing is asked again)."""
    return run(at) if not at.chat_input else at


def click_chip(at: AppTest, key: str, question: str) -> AppTest:
    chips = at.button_group(key=key)
    assert question in chips.options
    chips.set_value(question)
    return whole_page(run(at))


def turns(at: AppTest) -> list[tuple[str, str]]:
    """(user text, everything the assistant message shows) for each turn."""
    messages = list(at.chat_message)
    assert [m.name for m in messages] == ["user", "assistant"] * (len(messages) // 2)
    return [(user.text[0].value, assistant_text(bot)) for user, bot in zip(messages[::2], messages[1::2])]


def assistant_text(message) -> str:
    kinds = ("markdown", "caption", "info", "warning", "code")
    return "\n".join(str(e.value) for kind in kinds for e in getattr(message, kind))


def copy_buttons(at: AppTest) -> list[dict]:
    """The data of every copy button on the page: the Markdown it copies and its label."""
    found = [e for e in at.get("bidi_component") if e.proto.component_name.endswith("copy_button")]
    return [json.loads(e.proto.json) for e in found]


def container_keys(node) -> list[str]:
    """The keys of the keyed containers under `node` (the CSS for Urdu is keyed on them)."""
    keys: list[str] = []
    for child in getattr(node, "children", {}).values():
        block_id = getattr(child.proto, "id", "") if child.type == "flex_container" else ""
        if block_id.startswith("$$ID-"):
            keys.append(block_id.split("-", 2)[2])
        keys += container_keys(child)
    return keys


def leaves(node) -> list:
    """Every element (not container) under `node`."""
    found = []
    for child in getattr(node, "children", {}).values():
        found += leaves(child) if getattr(child, "children", None) else [child]
    return found


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
    assert "\\$18" in copy_buttons(at)[0]["text"]  # escaped in the copied Markdown too


def test_every_answer_has_a_copy_button_holding_markdown_with_citations_then_apa_references(at):
    ask(at, FUNDING)
    ask(at, FACULTY)
    first, second = copy_buttons(at)
    assert first["label"] == "Copy answer 1 with its references"
    text = first["text"]
    assert text.startswith(f"**Question:** {FUNDING}")
    assert "**Benefit 6: Financial Resources and Growth**" in text
    body, references = text.split("\n\n**References**\n\n")
    assert "[1]" in body
    assert references.startswith("[1] ")
    assert second["text"].startswith(f"**Question:** {FACULTY}")


def test_copied_references_are_apa_author_year_title_publisher_url(monkeypatch):
    monkeypatch.setenv("QA_CORPUS_DIR", str(FIXTURE))
    at = ask(run(AppTest.from_file(APP, default_timeout=30)), "do international papers get cited more")
    text = copy_buttons(at)[0]["text"]
    assert "Writer, A. (2020). A fixture report on partnerships. Fixture Press. <https://example.org/report>" in text
    assert "Fixture original answer. (n.d.)." in text  # no author: the title leads, then the year


def test_no_copy_button_on_an_answer_without_citations(at):
    ask(at, NIHARI)
    assert copy_buttons(at) == []


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


def test_overview_cites_at_least_six_distinct_named_sources_besides_the_original_answer(at):
    click_chip(at, "starters", get_index().corpus.vocabulary.overview_example)
    captions = [c.value for c in at.chat_message[1].expander[0].caption]
    links = {c.split("](", 1)[1].split(")", 1)[0] for c in captions if "](" in c}
    assert len(links) >= 6


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
    ],
    ids=["blank", "too-long", "emoji-only"],
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
    assert [e.type for e in leaves(user)] == ["text"]
    assert user.text[0].value == question
    everything_as_markdown = [e.value for e in at.markdown] + [e.value for e in at.caption]
    assert not any(question in value for value in everything_as_markdown)


def test_a_pasted_essay_is_shown_clipped_and_gets_the_length_warning(at):
    essay = "Partnerships matter. " * 250
    ask(at, essay)
    shown = at.chat_message[0].text[0].value
    assert shown.startswith(essay[:1000]) and shown.endswith(f"({len(essay):,} characters)")
    assert "characters long" in at.chat_message[1].warning[0].value


def test_related_question_chips_ask_when_clicked_and_move_to_the_latest_answer(at):
    ask(at, FUNDING)
    related = at.button_group(key="related-0").options
    assert 2 <= len(related) <= 3
    click_chip(at, "related-0", related[0])
    assert [user for user, _ in turns(at)] == [FUNDING, related[0]]
    keys = [b.key for b in at.button_group]
    assert "related-1" in keys and "related-0" not in keys  # chips ask the next question: latest answer only


def test_follow_up_chips_come_beside_the_related_questions(at):
    ask(at, FUNDING)
    bot = at.chat_message[1]
    assert [b.key for b in bot.button_group] == ["followups-0", "related-0"]
    assert at.button_group(key="followups-0").options == ["Tell me more", "Which sources say so?", "What are the risks?"]


def test_a_follow_up_chip_asks_its_question_in_the_same_conversation(at):
    ask(at, FUNDING)
    click_chip(at, "followups-0", "Tell me more")
    assert [user for user, _ in turns(at)] == [FUNDING, "Tell me more"]
    assert len(at.session_state.conversation.answers) == 2


def test_tell_me_more_is_answered_in_the_context_of_the_last_answer(at):
    ask(at, FUNDING)
    click_chip(at, "followups-0", "Tell me more")
    answer = at.session_state.conversation.answers[-1]
    assert answer.status == "answered" and answer.follow_up
    assert "Financial Resources and Growth" in turns(at)[1][1]
    assert any(c.value.startswith("Understood as: ") for c in at.chat_message[3].caption)


def answers_with(monkeypatch: pytest.MonkeyPatch, **fields: object) -> None:
    """The conversation's answers carry these field values (what the core would set)."""
    real_ask = qa.Conversation.ask

    def ask_and_set(self, question):
        answer = dataclasses.replace(real_ask(self, question), **fields)
        self.answers[-1] = answer
        return answer

    monkeypatch.setattr(qa.Conversation, "ask", ask_and_set)


def test_a_question_read_differently_shows_what_it_was_understood_as_in_one_line(at, monkeypatch):
    answers_with(monkeypatch, understood_as="benefit 6: *financial* resources")
    ask(at, "number 6?")
    captions = [c.value for c in at.chat_message[1].caption]
    assert captions[0] == "Understood as: benefit 6: \\*financial\\* resources"  # escaped, one line


def test_a_question_read_as_typed_has_no_understood_as_line(at):
    ask(at, FUNDING)
    assert not any(c.value.startswith("Understood as") for c in at.chat_message[1].caption)


def test_urdu_question_is_shown_literally_in_a_right_to_left_container(at):
    ask(at, URDU)
    user, bot = at.chat_message[0], at.chat_message[1]
    assert user.text[0].value == URDU
    assert [e.type for e in leaves(user)] == ["text"]
    assert container_keys(user) == ["rtl-question-0"]
    assert container_keys(bot) == ["rtl-answer-0"]


@pytest.mark.parametrize("language", ["en", "ur-Latn"])
def test_english_and_roman_urdu_turns_stay_left_to_right(at, monkeypatch, language):
    answers_with(monkeypatch, language=language)
    ask(at, FUNDING)
    assert container_keys(at.chat_message[0]) == ["ltr-question-0"]
    assert container_keys(at.chat_message[1]) == ["ltr-answer-0"]


def test_urdu_question_is_answered_with_citations(at):
    ask(at, URDU)
    answer = at.session_state.conversation.answers[-1]
    assert answer.status == "answered" and answer.language == "ur"
    assert "[1]" in turns(at)[0][1]
    assert copy_buttons(at)


def test_history_survives_reruns(at):
    ask(at, FUNDING)
    ask(at, NIHARI)
    before = turns(at)
    run(at)
    run(at)
    assert turns(at) == before
    assert [user for user, _ in before] == [FUNDING, NIHARI]


def test_clear_chat_starts_a_new_conversation_and_brings_back_the_starters(at):
    assert at.button(key="clear").disabled
    ask(at, FUNDING)
    old = at.session_state.conversation
    assert not at.button(key="clear").disabled
    at.button(key="clear").click()
    run(at)
    assert not at.chat_message
    assert at.button_group(key="starters").options
    assert at.button(key="clear").disabled
    assert at.session_state.conversation is not old and not at.session_state.conversation.answers


def test_a_question_after_the_first_redraws_only_the_previous_turn_and_the_new_one(at):
    ask(at, FUNDING)
    ask(at, NIHARI)
    at.chat_input[0].set_value(FACULTY)
    run(at)  # what this rerun drew: the turn fragments and the sidebar's tools, not the page (title, input)
    assert not at.title and not at.chat_input
    assert [user for user, _ in turns(at)] == [NIHARI, FACULTY]
    assert [b.key for b in at.button_group] == ["followups-2", "related-2"]  # the previous turn lost its chips


def test_a_long_chat_shows_its_recent_turns_and_the_earlier_ones_on_request(at):
    questions = [FUNDING, FACULTY, NIHARI] * 3  # 9 turns
    for question in questions:
        ask(at, question)
    assert [user for user, _ in turns(at)] == questions[3:]  # the six most recent
    assert [b.key for b in at.button_group] == ["examples-8"]  # chips under the latest answer only
    earlier = at.button(key="show-earlier")
    assert earlier.label == "Show 3 earlier turns"
    earlier.click()
    run(at)
    assert [user for user, _ in turns(at)] == questions
    assert len(copy_buttons(at)) == 6  # every cited answer has its copy button
    ask(at, FUNDING)  # a new question goes back to the recent turns, where its answer is
    assert [user for user, _ in turns(at)] == questions[4:] + [FUNDING]


def test_the_markdown_export_holds_every_turn(at):
    for question in [FUNDING, FACULTY, NIHARI] * 3:
        ask(at, question)
    text = render_conversation(at.session_state.conversation.answers, "t")
    assert text.count("\n## ") == 9 and "**References**" in text


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

