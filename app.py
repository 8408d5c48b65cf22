"""Chat about the benefits of international collaboration for Pakistan's higher education.

Run with `streamlit run app.py`. A thin layer over `qa`: the core finds and cites passages
and keeps the conversation (`qa.Conversation`); this file shows them. Set QA_CORPUS_DIR to
preview another corpus folder (default: corpus/).
QA_FEEDBACK_URL picks where questions and thumbs are recorded (qa/feedback.py; `off`: nowhere).

Safety: the user's words are only ever shown with `st.text` (never as Markdown or HTML);
every Markdown string shown here comes from the corpus, escaped by `qa.markdown`. Nothing is
loaded from another server: the copy button's code and icon ship in ui/.

One function per piece of the screen (show_question, show_answer, show_sources, copy_button,
followup_chips, related_chips, ...), so a piece can be changed without touching the others.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from urllib.parse import quote, urlsplit

import streamlit as st

import qa
from qa.feedback import Recorder, new_session_id
from qa.markdown import md_escape
from qa.render import highlight, render_conversation, render_markdown

TITLE = "Benefits of International Collaboration for Pakistan's Higher Education"
PLACEHOLDER = "Ask about the benefits of international collaboration…"
MAX_STARTERS = 6
MAX_RELATED = 3
MAX_SHOWN_CHARS = 1500
# An emoji page icon is drawn in the page (a data: URL); a ":material/...:" one would be fetched
# from fonts.gstatic.com on every visit, and the bot must make no request off its own server.
PAGE_ICON = "\N{GRADUATION CAP}"
log = logging.getLogger("app")
# Long chats stay fast (issue #11: redrawing the whole page for every question took answers
# from 458 to 858 ms by turn 60). Each turn is drawn in its own fragment ("turn-<n>"), and a
# full run leaves SPARE_TURNS empty ones after the last turn. A new question reruns only the
# new turn, the previous one (its chips go) and the one leaving the screen: the page shows the
# last RECENT_TURNS turns, earlier ones on request ("Show N earlier turns"), so neither the
# server nor the browser does more at turn 60 than at turn 6. Past the spare slots, the page
# is redrawn once and gets as many again. The Markdown download always has every turn.
RECENT_TURNS = 6
SPARE_TURNS = 40
FOLLOW_UPS = ("Tell me more", "Which sources say so?", "What are the risks?")
RTL_LANGUAGES = frozenset({"ur"})  # Answer.language values written right to left ("ur-Latn" is not)
PRIVACY_NOTE = (
    "Questions and ratings are recorded to improve the answers, with a random id for this visit; "
    "no name, IP address or browser details."
)
ICONS = {"answered": ":material/school:", "not_covered": ":material/explore:", "invalid": ":material/edit:"}
UI = Path(__file__).parent / "ui"


@st.cache_resource(show_spinner="Loading the sources…")
def load_index(corpus_dir: str | None) -> qa.Index:
    """Built once per server process (and per corpus folder)."""
    return qa.get_index(corpus_dir)


@st.cache_resource
def copy_component():
    """The one-click copy button: a Streamlit v2 component drawn in the page (no iframe), its
    script and inline-SVG icon read from ui/, so it works offline and loads nothing."""
    return st.components.v2.component(
        "pakistan_he_qa.copy_button",
        html=(
            '<button type="button"><svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" '
            'focusable="false"></svg><span class="label">Copy</span></button>'
            '<span class="status" role="status" aria-live="polite"></span>'
        ),
        css=(UI / "copy_button.css").read_text(encoding="utf-8"),
        js=(UI / "copy_button.js").read_text(encoding="utf-8"),
    )


def page_style() -> None:
    """Right-to-left Urdu, its font, and wrapping on narrow screens (ui/style.css)."""
    st.html(f"<style>{(UI / 'style.css').read_text(encoding='utf-8')}</style>")


# --- the conversation ---------------------------------------------------------------------


def conversation(index: qa.Index) -> qa.Conversation:
    """One conversation per browser session, kept in session_state so it survives reruns."""
    if "conversation" not in st.session_state:
        st.session_state.conversation = qa.Conversation(index)
    return st.session_state.conversation


def clear_chat() -> None:
    """Start a new conversation (the core forgets the old one's context too)."""
    st.session_state.pop("conversation", None)
    st.session_state.pop("show_all", None)
    st.session_state.pop("recorded", None)  # the old answers' record ids go with them


def show_all_turns() -> None:
    st.session_state.show_all = True
    st.rerun()  # the whole page: the earlier turns' fragments are empty


@st.cache_resource(show_spinner=False)
def feedback_recorder(url: str | None) -> Recorder:
    """One background writer per server process and QA_FEEDBACK_URL, shared by all sessions:
    recording never delays or breaks an answer (see qa/feedback.py)."""
    return Recorder.from_env(url)


def recorder() -> Recorder:
    return feedback_recorder(os.environ.get("QA_FEEDBACK_URL"))


@st.cache_resource(show_spinner=False)
def freeze_long_lived_objects(corpus_dir: str | None, feedback_url: str | None) -> None:
    """Once per index and recorder (once per process, in production), after both exist: move
    every object alive now to the garbage collector's permanent generation. Streamlit runs a full
    `gc.collect()` after every script run (runner.postScriptGC), holding the GIL while the
    answer's messages wait to be sent, and a full collection walks every tracked object: 55 ms
    with the index loaded, 75 ms once the recorder has imported SQLAlchemy, at least twice per
    question. That extra 20 ms a run, not the store's writes or the thumbs, was most of what
    recording cost in the browser (issue #13). The index, the corpus, the modules and the store
    live as long as the process, so a collection has nothing to find there; frozen, it walks only
    what the sessions made since (well under 5 ms). Frozen objects are still freed by reference
    counting; only cycles alive at the freeze are kept, and those are the long-lived ones."""
    gc.freeze()


def record(answer: qa.Answer) -> None:
    """Record an answer's outcome; remember its record id (by the answer object) for ratings."""
    st.session_state.setdefault("feedback_session", new_session_id())  # random, per browser session
    recorded = st.session_state.setdefault("recorded", {})  # id(answer) -> (answer, its record id)
    index = load_index(os.environ.get("QA_CORPUS_DIR") or None)
    record_id = recorder().record_answer(answer, st.session_state.feedback_session, index)
    if record_id:
        recorded[id(answer)] = (answer, record_id)


def rate(record_id: str, key: str) -> None:
    """A thumb was clicked (clearing it records nothing)."""
    if st.session_state[key] is not None:
        recorder().record_rating(record_id, st.session_state.feedback_session, st.session_state[key])


def send_comment(record_id: str) -> None:
    comment = st.session_state.get(f"comment-text-{record_id}")
    recorder().record_rating(record_id, st.session_state.feedback_session, 0, comment)
    st.session_state[f"commented-{record_id}"] = True


def feedback_widget(answer: qa.Answer) -> None:
    """Thumbs up and down under an answer; after a thumbs-down, an optional comment."""
    answer_, record_id = st.session_state.get("recorded", {}).get(id(answer), (None, None))
    if answer_ is not answer or not record_id:
        return
    key = f"feedback-{record_id}"
    st.feedback("thumbs", key=key, on_change=rate, args=(record_id, key))
    if st.session_state.get(key) != 0:
        return
    if st.session_state.get(f"commented-{record_id}"):
        st.caption("Thank you: your comment was recorded.")
        return
    with st.form(f"comment-{record_id}", border=False):
        st.text_input("What was wrong with this answer? (optional)", max_chars=500, key=f"comment-text-{record_id}")
        st.form_submit_button("Send", on_click=send_comment, args=(record_id,))


def ask(question: str) -> None:
    """Ask in the session's conversation, then redraw only what changed (see RECENT_TURNS).

    Called from widget callbacks, which run before the rerun they trigger. The first question
    redraws the page (the starters go, the sidebar wakes up), and so does one asked with every
    turn shown or past the spare slots; any other reruns the "earlier" button and three turn
    fragments: the new turn, the previous one (its chips go) and the one leaving the screen."""
    answers = st.session_state.conversation.answers
    record(st.session_state.conversation.ask(question))
    new = len(answers) - 1
    if 1 <= new < st.session_state.get("turn_slots", 0) and not st.session_state.pop("show_all", False):
        leaving = [f"turn-{new - RECENT_TURNS}"] if new >= RECENT_TURNS else []
        st.rerun(["earlier", "sidebar", *leaving, f"turn-{new - 1}", f"turn-{new}"])
    else:
        st.rerun()


def ask_typed() -> None:
    ask(st.session_state.question)


def ask_chip(key: str) -> None:
    """A chip was clicked: ask its question and clear the chip's selection."""
    question = st.session_state[key]
    st.session_state[key] = None
    if question:
        ask(question)


# --- pieces of the screen -----------------------------------------------------------------


def chips(label: str, questions: tuple[str, ...], key: str) -> None:
    """Questions as clickable chips; clicking one asks it."""
    if questions:
        st.pills(label, questions, format_func=md_escape, key=key, on_change=ask_chip, args=(key,))


def followup_chips(turn: int, answer: qa.Answer) -> None:
    """Questions about the answer just given, asked in its context."""
    chips("Follow up", FOLLOW_UPS, key=f"followups-{turn}")


def related_chips(turn: int, answer: qa.Answer) -> None:
    """Other questions the corpus answers, next to the one just asked."""
    chips("Related questions", answer.suggestions[:MAX_RELATED], key=f"related-{turn}")


def benefit_label(citation: qa.Citation) -> str:
    benefit = citation.passage.benefit
    return f"Benefit {benefit}: {citation.topic_title}" if benefit else citation.topic_title or ""


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with characters that could end a Markdown link percent-encoded."""
    if not url or urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return quote(url, safe=":/?#[]@!&'*+,;=%~-._")


def source_markdown(source: qa.Source) -> str:
    """Author. "Title" (a link when the source has an http(s) URL). Publisher, Year."""
    title = f"\u201c{md_escape(source.title)}\u201d"
    url = safe_url(source.url)
    linked = f"[{title}]({url})" if url else title
    author = f"{md_escape(source.author)}." if source.author else ""
    where = ", ".join(([md_escape(source.publisher)] if source.publisher else []) + [str(source.year or "n.d.")])
    return " ".join(p for p in (author, f"{linked}.", where.removesuffix(".") + ".") if p)


def show_sources(answer: qa.Answer, latest: bool) -> None:
    """Each [n]: its passage with the question's words in bold, its benefit and its source.
    Open under the latest answer (not an overview, whose sources are long), closed above it."""
    with st.expander(f"Sources ({len(answer.citations)})", expanded=latest and not answer.overview):
        for c in answer.citations:
            st.markdown(f"**\\[{c.n}\\]** {highlight(c.passage.text, answer.question)}")
            st.caption(f"{md_escape(benefit_label(c))} · Source: {source_markdown(c.passage.source)}")


def copy_button(turn: int, answer: qa.Answer) -> None:
    """Copy, one click: the answer as Markdown with its [n] markers and APA references."""
    copy_component()(
        key=f"copy-{turn}",
        data={"text": render_markdown(answer), "label": f"Copy answer {turn + 1} with its references"},
        width="content",
    )


def understood_as(answer: qa.Answer) -> None:
    """One line when the bot read the question differently from its words (a follow-up,
    Urdu, a benefit by number), so a surprising answer explains itself."""
    if answer.read_differently and answer.understood_as:
        st.caption(f"Understood as: {md_escape(answer.understood_as)}")


def unlisted(message: str, questions: tuple[str, ...]) -> str:
    """The message without its bulleted list of questions, which are shown as chips instead."""
    listed = {f"- {md_escape(q)}" for q in questions}
    return "\n".join(line for line in message.splitlines() if line not in listed).strip()


def clipped(question: str) -> str:
    """A pasted essay is shown only in part (the core answers it with a length warning)."""
    if len(question) <= MAX_SHOWN_CHARS:
        return question
    return f"{question[:MAX_SHOWN_CHARS]}\u2026 ({len(question):,} characters)"


def direction(answer: qa.Answer) -> str:
    return "rtl" if answer.language in RTL_LANGUAGES else "ltr"


def show_question(turn: int, answer: qa.Answer) -> None:
    with st.chat_message("user"), st.container(key=f"{direction(answer)}-question-{turn}"):
        st.text(clipped(answer.question))  # the user's words, shown literally


def show_answer(turn: int, answer: qa.Answer, latest: bool) -> None:
    """The bot's reply. Chips are offered under the latest answer only: they ask the next
    question, and a chat whose every old turn kept its widgets would redraw ever more."""
    with st.chat_message("assistant", avatar=ICONS[answer.status]):
        with st.container(key=f"{direction(answer)}-answer-{turn}"):
            understood_as(answer)
            if answer.status == "answered":
                st.markdown(answer.message)
                show_sources(answer, latest)
            else:
                show_box = st.info if answer.status == "not_covered" else st.warning
                show_box(unlisted(answer.message, answer.suggestions))
        if answer.status == "answered":
            copy_button(turn, answer)
            if latest:
                followup_chips(turn, answer)
                related_chips(turn, answer)
        elif latest:
            chips("Try one of these", answer.suggestions, key=f"examples-{turn}")
        feedback_widget(answer)


def sidebar(chat: qa.Conversation) -> None:
    with st.sidebar:
        conversation_tools()


@st.fragment(key="sidebar")
def conversation_tools() -> None:
    """Download and Clear, redrawn with every new turn (see `ask`): a download registered on an
    earlier run is gone once later runs have replaced it, so the button must be drawn anew. The
    Markdown is written when clicked, from the chat as it is then."""
    chat = st.session_state.conversation
    history = chat.answers
    st.subheader("This conversation")
    st.download_button(
        "Download chat (Markdown)", lambda: render_conversation(list(chat.answers), TITLE), file_name="conversation.md",
        mime="text/markdown", key="download", on_click="ignore", disabled=not history,
        icon=":material/download:",
    )
    if st.button("Clear chat", key="clear", disabled=not history, icon=":material/delete:"):
        clear_chat()
        st.rerun()  # the whole page: a rerun of this fragment alone would leave the old turns on screen


def intro(corpus: qa.Corpus, empty: bool) -> None:
    st.title(TITLE)
    cited = len({p.source.id for p in corpus.passages})
    st.markdown(
        "Ask how international collaboration benefits Pakistan's higher education sector: every answer is "
        f"built only from {len(corpus.passages)} passages drawn from {cited} curated source{'s' * (cited != 1)}, "
        "never generated, and each claim is numbered like \\[1\\] so you can check it."
    )
    if recorder().enabled:
        st.caption(PRIVACY_NOTE)
    if empty:
        starters = (corpus.vocabulary.overview_example, *(t.example for t in corpus.topics))
        chips("Try a question", tuple(q for q in starters if q)[:MAX_STARTERS], key="starters")


def first_shown(history: list[qa.Answer]) -> int:
    return 0 if st.session_state.get("show_all") else max(0, len(history) - RECENT_TURNS)


@st.fragment(key="earlier")
def earlier_turns() -> None:
    """A button in place of the turns not drawn (see RECENT_TURNS)."""
    hidden = first_shown(st.session_state.conversation.answers)
    if hidden:
        st.button(
            f"Show {hidden} earlier turn{'s' * (hidden != 1)}", key="show-earlier", on_click=show_all_turns,
            icon=":material/history:",
        )


def turn_slot(turn: int) -> None:
    """Turn `turn` (question and answer) in a fragment of its own: empty until it is asked, and
    again once it has left the recent turns."""

    @st.fragment(key=f"turn-{turn}")
    def slot() -> None:
        history = st.session_state.conversation.answers
        if first_shown(history) <= turn < len(history):
            show_question(turn, history[turn])
            show_answer(turn, history[turn], latest=turn == len(history) - 1)

    slot()


def main() -> None:
    st.set_page_config(page_title=TITLE, page_icon=PAGE_ICON)
    page_style()
    try:
        index = load_index(os.environ.get("QA_CORPUS_DIR") or None)
    except qa.CorpusError as err:  # the maintainer's one line, with the file named from corpus/
        log.error("the corpus could not be loaded: %s", err)
        st.error(f"The corpus could not be loaded: {md_escape(err.public())}")
        st.stop()
    except Exception:  # a visitor sees a short message; the traceback goes to the server log
        log.exception("the index could not be built")
        st.error("Sorry, the bot could not start. The details are in the server log.")
        st.stop()
    recorder()  # created before the freeze, so SQLAlchemy's objects are frozen with the index's
    freeze_long_lived_objects(os.environ.get("QA_CORPUS_DIR") or None, os.environ.get("QA_FEEDBACK_URL"))
    chat = conversation(index)
    sidebar(chat)
    intro(index.corpus, empty=not chat.answers)
    st.session_state.turn_slots = len(chat.answers) + SPARE_TURNS
    earlier_turns()
    for turn in range(st.session_state.turn_slots):
        turn_slot(turn)
    st.chat_input(PLACEHOLDER, key="question", on_submit=ask_typed)


main()
