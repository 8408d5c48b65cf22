"""Render an Answer for people: readable text for the terminal, Markdown to copy or export.

Both keep every `[n]` and end with the numbered sources list, so an answer pasted into a
report, proposal or email stays cited. The Markdown (one answer copied, or the whole chat
exported) lists its references in APA 7th edition style: Author. (Year). Title. Publisher. URL
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


def apa_author(author: str) -> str:
    """APA author element: "Waseem Hassan; Amina Ara" -> "Hassan, W., & Ara, A."

    sources.yaml writes people as "Given Family" separated by ";". A name already written
    "Family, Given" or of one word (an organisation's short name) is kept as written.
    """
    names = [_apa_name(n.strip()) for n in author.split(";") if n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _apa_name(name: str) -> str:
    if "," in name or len(name.split()) < 2:
        return name
    *given, family = name.split()
    initials = " ".join(f"{g[0]}." for g in given if g[0].isalpha())
    return f"{family}, {initials}" if initials else name


def _sentence(text: str) -> str:
    """An APA element ends with one full stop (a title may already end with ? or !)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def apa_reference(source: Source, markdown: bool = False) -> str:
    """APA 7th: Author. (Year). Title. Publisher. URL (the title leads when there is no author).

    With `markdown`, corpus text is escaped and the URL is an autolink `<...>`, so nothing in a
    source can turn into Markdown or a link other than its own URL.
    """
    esc = md_escape if markdown else (lambda text: text)
    year = f"({source.year or 'n.d.'})."
    title = _sentence(esc(source.title))
    parts = [_sentence(esc(apa_author(source.author))), year, title] if source.author else [title, year]
    if source.publisher and source.publisher != source.author:
        parts.append(_sentence(esc(source.publisher)))
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
    """Markdown to paste into a document: the question, the answer, then its APA references.

    Each reference is its own paragraph, `[n] Author. (Year). ...`, written like the answer's
    `[n]` markers (plain brackets, which Markdown shows as they are), so pasted as raw text or
    rendered the numbers read the same.
    """
    lines = []
    if with_question:
        lines += [f"**Question:** {md_escape(one_line(answer.question))}", ""]
    lines.append(answer.message)
    if answer.citations:
        lines += ["", "**References**"]
        for c in answer.citations:
            lines += ["", f"[{c.n}] {apa_reference(c.passage.source, markdown=True)}"]
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
