"""Render an Answer for people: readable text for the terminal, Markdown to copy or export.

Both keep every `[n]` and end with the numbered sources list, so an answer pasted into a
report, proposal or email stays cited.
"""

from __future__ import annotations

from .markdown import md_escape, plain, printable
from .records import Answer, Citation, Source
from .tokenize import TOKENIZER, Tokenizer

def format_source(source: Source, markdown: bool = False) -> str:
    """One line: Author. "Title". Publisher, Year. URL (escaped for Markdown when asked)."""
    esc = md_escape if markdown else (lambda text: text)
    parts = []
    if source.author:
        parts.append(f"{esc(source.author)}.")
    parts.append(f"\"{esc(source.title)}\".")
    year = str(source.year) if source.year else "n.d."
    where = ", ".join(esc(x) for x in (source.publisher, year) if x)
    parts.append(where if where.endswith(".") else where + ".")
    if source.url:
        parts.append(f"<{source.url}>" if markdown else source.url)
    return " ".join(parts)


def _topic(c: Citation) -> str:
    return f"benefit {c.passage.benefit}: {c.topic_title}" if c.passage.benefit else f"{c.topic_title}"


def citation_line(c: Citation) -> str:
    return f"[{c.n}] {format_source(c.passage.source)} (passage {c.passage.id}; {_topic(c)})"


def one_line(text: str, limit: int = 300) -> str:
    """User text folded to one line (a heading must not be broken by its newlines), without
    control characters or bidi overrides (an export must read as the text was typed)."""
    text = " ".join(printable(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def render_text(answer: Answer) -> str:
    lines = [plain(answer.message)]
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [citation_line(c) for c in answer.citations]
    return "\n".join(lines)


def render_markdown(answer: Answer, with_question: bool = True) -> str:
    """Markdown to paste into a document: the question, the answer, and its sources."""
    lines = []
    if with_question:
        lines += [f"**Question:** {md_escape(one_line(answer.question))}", ""]
    lines.append(answer.message)
    if answer.citations:
        lines += ["", "**Sources**", ""]
        for c in answer.citations:
            lines.append(f"{c.n}. {format_source(c.passage.source, markdown=True)} ({md_escape(_topic(c))})")
    return "\n".join(lines)


def render_conversation(answers: list[Answer], title: str) -> str:
    """A whole chat as one Markdown document, each answer with its own numbered sources."""
    blocks = [f"# {md_escape(title)}"]
    for i, answer in enumerate(answers, 1):
        blocks.append(f"## {i}. {md_escape(one_line(answer.question)) or '(empty question)'}")
        blocks.append(render_markdown(answer, with_question=False))
    return "\n\n".join(blocks) + "\n"


def highlight(text: str, question: str, tokenizer: Tokenizer = TOKENIZER, mark: str = "**") -> str:
    """Passage text as Markdown with the question's matching words wrapped in `mark`.

    Words match by index term, so "papers" in a question highlights "paper" in a passage.
    Everything else is escaped: corpus text can never inject Markdown.
    """
    wanted = set(tokenizer.tokenize(question))
    out: list[str] = []
    last = 0
    for token in tokenizer.tokens(text):
        if token.term in wanted:
            out.append(md_escape(text[last:token.start]))
            out.append(f"{mark}{md_escape(text[token.start:token.end])}{mark}")
            last = token.end
    out.append(md_escape(text[last:]))
    return "".join(out)
