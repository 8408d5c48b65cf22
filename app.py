"""Chat about the benefits of international collaboration for Pakistan's higher education.

Run with `streamlit run app.py`. A thin layer over `qa`: the core finds and cites passages;
this file shows them. Set QA_CORPUS_DIR to preview another corpus folder (default: corpus/).
QA_FEEDBACK_URL picks where questions and thumbs are recorded (qa/feedback.py; `off`: nowhere).

Safety: the user's words are only ever shown with `st.text` (never as Markdown or HTML);
every Markdown string shown here comes from the corpus, escaped by `qa.render`.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlsplit

import streamlit as st

import qa
from qa.feedback import Recorder, new_session_id
from qa.render import highlight, md_escape, render_conversation, render_markdown

TITLE = "Benefits of International Collaboration for Pakistan's Higher Education"
PLACEHOLDER = "Ask about the benefits of international collaboration…"
MAX_STARTERS = 6
MAX_SHOWN_CHARS = 1500
PRIVACY_NOTE = (
    "Questions and ratings are recorded to improve the answers, with a random id for this visit; "
    "no name, IP address or browser details."
)
ICONS = {"answered": ":material/school:", "not_covered": ":material/explore:", "invalid": ":material/edit:"}


@st.cache_resource(show_spinner="Loading the sources…")
def load_index(corpus_dir: str | None) -> qa.Index:
    """Built once per server process (and per corpus folder)."""
    return qa.get_index(corpus_dir)


@st.cache_resource(show_spinner=False)
def feedback_recorder(url: str | None) -> Recorder:
    """One background writer per server process and QA_FEEDBACK_URL, shared by all sessions:
    recording never delays or breaks an answer (see qa/feedback.py)."""
    return Recorder.from_env(url)


def record(answer: qa.Answer) -> None:
    """Record an answer's outcome; remember its record id (by the answer object) for ratings."""
    record_id = recorder.record_answer(answer, st.session_state.feedback_session, index)
    if record_id:
        st.session_state.recorded[id(answer)] = (answer, record_id)


def rate(record_id: str, key: str) -> None:
    """A thumb was clicked (clearing it records nothing)."""
    if st.session_state[key] is not None:
        recorder.record_rating(record_id, st.session_state.feedback_session, st.session_state[key])


def send_comment(record_id: str) -> None:
    comment = st.session_state.get(f"comment-text-{record_id}")
    recorder.record_rating(record_id, st.session_state.feedback_session, 0, comment)
    st.session_state[f"commented-{record_id}"] = True


def feedback_widget(answer: qa.Answer) -> None:
    """Thumbs up and down under an answer; after a thumbs-down, an optional comment."""
    answer_, record_id = st.session_state.recorded.get(id(answer), (None, None))
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


def queue_question(key: str) -> None:
    """A chip was clicked: ask its question on this rerun and clear the chip's selection."""
    st.session_state.queued = st.session_state[key]
    st.session_state[key] = None


def chips(label: str, questions: tuple[str, ...], key: str) -> None:
    """Questions as clickable chips; clicking one asks it."""
    if questions:
        st.pills(label, questions, format_func=md_escape, key=key, on_change=queue_question, args=(key,))


def clear_chat() -> None:
    st.session_state.history = []
    st.session_state.pop("queued", None)


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


def show_sources(answer: qa.Answer) -> None:
    """Each [n]: its passage with the question's words in bold, its benefit and its source."""
    with st.expander(f"Sources ({len(answer.citations)})", expanded=not answer.overview):
        for c in answer.citations:
            st.markdown(f"**\\[{c.n}\\]** {highlight(c.passage.text, answer.question)}")
            st.caption(f"{md_escape(benefit_label(c))} · Source: {source_markdown(c.passage.source)}")


def unlisted(message: str, questions: tuple[str, ...]) -> str:
    """The message without its bulleted list of questions, which are shown as chips instead."""
    listed = {f"- {md_escape(q)}" for q in questions}
    return "\n".join(line for line in message.splitlines() if line not in listed).strip()


def clipped(question: str) -> str:
    """A pasted essay is shown only in part (the core answers it with a length warning)."""
    if len(question) <= MAX_SHOWN_CHARS:
        return question
    return f"{question[:MAX_SHOWN_CHARS]}\u2026 ({len(question):,} characters)"


def show_turn(turn: int, answer: qa.Answer) -> None:
    with st.chat_message("user"):
        st.text(clipped(answer.question))  # the user's words, shown literally
    with st.chat_message("assistant", avatar=ICONS[answer.status]):
        if answer.status == "answered":
            st.markdown(answer.message)
            show_sources(answer)
            with st.expander("Copy answer with sources", icon=":material/content_copy:"):
                st.caption("Point at the box and click its copy button (top right) to copy this Markdown.")
                st.code(render_markdown(answer), language="markdown", wrap_lines=True)
            chips("Related questions", answer.suggestions[:3], key=f"related-{turn}")
        else:
            show_box = st.info if answer.status == "not_covered" else st.warning
            show_box(unlisted(answer.message, answer.suggestions))
            chips("Try one of these", answer.suggestions, key=f"examples-{turn}")
        feedback_widget(answer)


st.set_page_config(page_title=TITLE, page_icon=":material/school:")
try:
    index = load_index(os.environ.get("QA_CORPUS_DIR") or None)
except qa.CorpusError as err:
    st.error(f"The corpus could not be loaded: {md_escape(str(err))}")
    st.stop()
corpus = index.corpus
recorder = feedback_recorder(os.environ.get("QA_FEEDBACK_URL"))
st.session_state.setdefault("feedback_session", new_session_id())  # random, per browser session
st.session_state.setdefault("recorded", {})  # id(answer) -> (answer, its record id)
st.session_state.setdefault("history", [])
history: list[qa.Answer] = st.session_state.history

if prompt := st.chat_input(PLACEHOLDER) or st.session_state.pop("queued", None):
    history.append(qa.ask(prompt, index))
    record(history[-1])

with st.sidebar:
    st.subheader("This conversation")
    st.download_button(
        "Download chat (Markdown)", render_conversation(history, TITLE), file_name="conversation.md",
        mime="text/markdown", key="download", on_click="ignore", disabled=not history,
        icon=":material/download:",
    )
    st.button("Clear chat", key="clear", on_click=clear_chat, disabled=not history, icon=":material/delete:")

st.title(TITLE)
cited = len({p.source.id for p in corpus.passages})
st.markdown(
    "Ask how international collaboration benefits Pakistan's higher education sector: every answer is "
    f"built only from {len(corpus.passages)} passages drawn from {cited} curated source{'s' * (cited != 1)}, "
    "never generated, and each claim is numbered like \\[1\\] so you can check it."
)
if recorder.enabled:
    st.caption(PRIVACY_NOTE)
if not history:
    starters = (corpus.vocabulary.overview_example, *(t.example for t in corpus.topics))
    chips("Try a question", tuple(q for q in starters if q)[:MAX_STARTERS], key="starters")

for turn, answer in enumerate(history):
    show_turn(turn, answer)
