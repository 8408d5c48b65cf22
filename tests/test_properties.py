"""No string makes the bot raise, and every answer keeps its citation promises."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from qa import ask

words = st.sampled_from(["papers", "cash", "rankings", "faculty", "pakistan", "the", "visa", "nihari", "**", "<b>", "[x](y)"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=1200), st.lists(words, max_size=12).map(" ".join)))
def test_any_text_gets_an_answer_whose_markers_all_point_to_citations(fixture_index, text):
    answer = ask(text, fixture_index)
    assert answer.status in ("answered", "not_covered", "invalid")
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.message)}
    assert markers == {c.n for c in answer.citations}
    if answer.status != "answered":
        assert answer.citations == ()
    assert answer.message.strip()


turns = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["tell me more", "why?", "sources?", "and funding?", "benefit 3", "the 4th one", "benefits 2 and 9",
                     "ok", "aur batao", "any downsides?", "what are the benefits?", "¹", "no. 7"]),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(turns, min_size=1, max_size=8))
def test_any_conversation_gets_answers_whose_markers_all_point_to_citations(index, questions):
    from qa import Conversation

    chat = Conversation(index)
    for text in questions:
        answer = chat.ask(text)
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.message)}
        assert markers == {c.n for c in answer.citations}
        assert answer.message.strip()
        if answer.status != "answered":
            assert answer.citations == ()
