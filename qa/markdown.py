"""The one escaping rule for every string that reaches Markdown, and its inverse.

Corpus fields (passages, titles, sources, example questions), suggestions and messages are
shown literally: `md_escape` makes Markdown (CommonMark, GitHub's extensions, Streamlit's
additions) show the text as written, and `plain` turns escaped Markdown back into the text, so
`plain(md_escape(x)) == x` for every string (tested with hypothesis). Three kinds of markup are
neutralised:

- inline: every character in SPECIAL gets a backslash (emphasis, code, links, images, HTML and
  entities, tables, strikethrough, Streamlit's $math$);
- line starts, where "1. ", "2) ", "- ", "+ ", "= " or "---" would make a list, a heading
  underline or a rule: the marker gets a backslash (a "#" or ">" already has one);
- bare URLs, e-mail addresses and shortcodes ("www.x.org", "http://x", "a@b.org", ":smile:",
  ":material/school:"): Streamlit's renderer finds these in the text *after* backslashes are
  removed, so a backslash cannot stop them. An invisible WORD JOINER (U+2060) goes between the
  parts instead ("www\u2060.x.org"): the text reads and copies the same, and links nothing.
"""

from __future__ import annotations

import re

SPECIAL = "\\`*_{}[]<>#|~$&!"
# Every ASCII punctuation character may carry a backslash in CommonMark; `plain` removes the
# backslash from all of them, so what `md_escape` escapes is always undone.
ESCAPABLE = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
JOINER = "\u2060"

_SPECIAL = re.compile("([" + re.escape(SPECIAL) + "])")
_LINE_MARKER = re.compile(r"^([ \t]*)([-+=])", re.MULTILINE)
_LINE_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
# Where a joiner goes: after "www" before ".", between a letter and "://", before "@", and
# after a ":" that starts a word (a shortcode). Each pattern also looks past joiners already in
# the text, so exactly one is added, and `plain` removes exactly that one.
_J = JOINER
_JOIN_AT = re.compile(rf"(?i:(?<=www))(?={_J}*\.)|(?<=[A-Za-z])(?={_J}*://)|(?<!{_J})(?={_J}*@)|(?<=:)(?={_J}*[\w+\-])")
_JOINED = re.compile(rf"(?i:(?<=www)){_J}(?={_J}*\.)|(?<=[A-Za-z]){_J}(?={_J}*://)|(?<!{_J}){_J}(?={_J}*@)|(?<=:){_J}(?={_J}*[\w+\-])")
_UNESCAPE = re.compile("\\\\([" + re.escape(ESCAPABLE) + "])")


def md_escape(text: str) -> str:
    """`text` as Markdown that shows exactly `text`."""
    out = _SPECIAL.sub(r"\\\1", text)
    out = _LINE_MARKER.sub(r"\1\\\2", out)
    out = _LINE_NUMBER.sub(r"\1\\\2", out)
    return _JOIN_AT.sub(JOINER, out)


def plain(markdown: str) -> str:
    """Markdown built from escaped text (and **bold** markers) as the text itself."""
    text = markdown.replace("**", "")
    text = _JOINED.sub("", text)
    return _UNESCAPE.sub(r"\1", text)


# Control characters and the bidi embeddings, overrides and isolates, which can make user text
# display in an order other than the one it was typed in ("Trojan source"); the marks LRM/RLM
# that Urdu text may need are kept.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """User text for an export: control characters and bidi overrides dropped."""
    return _UNSAFE.sub("", text)
