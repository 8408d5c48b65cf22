"""One escaping rule (qa/markdown.py) for every string that reaches Markdown: corpus text and
fields are shown literally, and `plain` undoes exactly what `md_escape` does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa import ask, build_index
from qa.markdown import JOINER, md_escape, plain, printable

PIECES = st.sampled_from(
    ["www", ".", "http", "://", "@", ":", "smile", "\\", "*", "_", "$", "&amp;", "1", ". ", ") ", "#", ">", "-", "+",
     "=", "\n", " ", "\t", JOINER, "[x](y)", "<b>", "`", "~", "|", "!", "w", "material/school", "\u202e", "پاکستان"]
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.lists(PIECES, max_size=20).map("".join)))
def test_plain_of_md_escape_is_the_text_itself(text):
    assert plain(md_escape(text)) == text


def test_a_dollar_sign_survives_escaping_and_unescaping():
    assert plain(md_escape("USD 18.44 million ($18.44m)")) == "USD 18.44 million ($18.44m)"


@pytest.mark.parametrize("text", ["1. Universities gained", "12) listed", "# Heading", "> quoted", "- item", "+ item", "===", "---", "  2. indented"])
def test_line_start_markdown_is_shown_literally(text):
    for line in md_escape(f"{text}\n{text}").splitlines():
        assert re.match(r"^[ \t]*(\\|\d+\\[.)])", line), line


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [("see www.hec.gov.pk now", "www."), ("at http://example.org/x", "http://"), ("https://x.org", "https://"),
     ("mail info@hec.gov.pk", "info@"), ("smile :smile:", ":smile:"), ("icon :material/school:", ":material/")],
)
def test_bare_urls_addresses_and_shortcodes_are_not_links(text, forbidden):
    escaped = md_escape(text)
    assert forbidden not in escaped
    assert escaped.replace(JOINER, "") == text  # reads and copies the same


def test_compose_render_and_the_app_share_the_one_rule():
    import qa.compose
    import qa.markdown
    import qa.render

    assert qa.compose.md_escape is qa.markdown.md_escape is qa.render.md_escape
    assert qa.render.plain is qa.markdown.plain
    app = (qa.markdown.__file__.rsplit("/qa/", 1)[0]) + "/app.py"
    assert "from qa.markdown import md_escape" in open(app, encoding="utf-8").read()


def test_the_overview_example_from_topics_yaml_is_escaped_in_messages(corpus_copy):
    topics = corpus_copy / "topics.yaml"
    example = "What are the benefits? ![pixel](http://tracker.example/p.png) www.example.org"
    topics.write_text(re.sub(r"overview_example: .*", f"overview_example: '{example}'", topics.read_text()))
    index = build_index(corpus_copy, use_cache=False)
    for question in ("", "what is the", "nihari recipe please"):
        answer = ask(question, index)
        assert not re.search(r"(?<!\\)[!\[\]]", answer.message) and "www." not in answer.message
        assert example in plain(answer.message) or example in answer.suggestions


def test_passage_text_starting_like_a_list_is_highlighted_literally():
    from qa.render import highlight

    assert highlight("1. Papers rose at www.x.org", "papers").startswith("1\\. **Papers**")


def test_exports_drop_control_characters_and_bidi_overrides_from_user_text(fixture_index):
    from qa.render import render_conversation, render_markdown

    question = "do international papers\u202e get\x07 cited\x1b[31m more\u2066?"
    answer = ask(question, fixture_index)
    for text in (render_conversation([answer], "Chat"), render_markdown(answer)):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert printable("پاکستان\u200f ok\u202e") == "پاکستان\u200f ok"  # Urdu's RLM mark is kept
