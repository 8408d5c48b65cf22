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
