"""The bot's own words, in one table per language.

`compose` takes every sentence it writes from here, so an answer in another language is a
different table, not different code. The cited passages are never translated: they stay in
the words of their sources. For a question in Urdu script the Urdu table (from
corpus/lexicon.yaml, `qa.language`) replaces these keys; any key it lacks stays English.

Keys with {placeholders}: benefit_heading ({n}, {title}), too_long ({length}, {limit}),
exhausted ({title}), understood_* (see `qa.query.Query.understood_as`).
"""

from __future__ import annotations

from collections.abc import Mapping

ENGLISH: dict[str, str] = {
    "overview_intro": "International collaboration offers these benefits for Pakistan's higher education sector:",
    "benefit_heading": "Benefit {n}: {title}",
    "evidence_label": "Evidence:",
    "fact_label": "This is evidence for the benefit:",
    "not_covered": (
        "The sources behind this bot do not cover that question. It answers questions about "
        "the benefits of international collaboration for Pakistan's higher education sector, "
        "from cited evidence. You could ask:"
    ),
    "no_figure": (
        "The sources behind this bot do not give that figure, so I cannot state it. They cover "
        "the benefits of international collaboration for Pakistan's higher education sector, "
        "with cited evidence. You could ask:"
    ),
    "procedure": (
        "I cannot help with procedures such as applications, deadlines, documents, admission, "
        "fees, attestation or equivalence: the sources behind this bot do not cover them (the "
        "programme's or HEC's official website does). This bot answers questions about the "
        "benefits of international collaboration for Pakistan's higher education sector, from "
        "cited evidence. You could ask:"
    ),
    "empty": "Please type a question, for example: \"{example}\"",
    "too_long": (
        "Your question is {length:,} characters long. Please keep it to {limit:,} characters "
        "or fewer: one or two sentences work best."
    ),
    "only_stopwords": (
        "Your question has only very common words (like \"what\" or \"is\"), so there is "
        "nothing to search for. Try naming what you want to know, for example: \"{example}\""
    ),
    "other_script": (
        "I could not find any English or Urdu words in your question. This bot reads questions in "
        "English, Urdu or Roman Urdu, for example: \"{example}\""
    ),
    "clarify": (
        "What would you like to know more about? Ask about one of the benefits of international "
        "collaboration, for example: \"{example}\""
    ),
    "no_sources": "The previous answer cited no sources. Ask a question and I will cite the sources behind the answer.",
    "sources_intro": "The previous answer rests on these sources:",
    "sources_intro_earlier": "The previous answer cited no sources. The last answer that did rests on these sources:",
    "exhausted": "That is all the sources say about {title}: every passage on it has been cited in this conversation.",
    "more_intro": "More evidence for {title}:",
    "sources_in_english": "",
    "understood_followup_more": "Follow-up: more evidence for {title}",
    "understood_followup_evidence": "Follow-up: evidence for {title}",
    "understood_followup_sources": "Follow-up: the sources of the previous answer",
    "understood_followup_frame": "Follow-up in the frame of {title}: {reading}",
    "understood_clarify": "Follow-up with no single topic before it: asking what about",
    "understood_numbers": "{benefits} by number",
    "understood_procedure": "A procedure (how to apply, dates, documents, fees): not in the sources",
    "understood_figure": "A specific figure: {reading}",
    "understood_overview": "The overview: all six benefits",
    "understood_challenges": "The challenges: {reading}",
    "understood_topic": "A question about: {reading}",
    "understood_invalid": "Not a question I can read",
    "understood_language": "{language}, read as: {reading}",
}

LANGUAGE_NAMES = {"en": "English", "ur": "Urdu", "ur-Latn": "Roman Urdu", "other": "another script"}


def table(language: str, urdu: Mapping[str, object] | None = None) -> dict[str, str]:
    """The messages for an answer in `language`: English, or Urdu keys over English ones for
    a question in Urdu script ("ur") when a lexicon supplies them."""
    if language != "ur" or not urdu:
        return ENGLISH
    return {**ENGLISH, **{k: v for k, v in urdu.items() if isinstance(v, str)}}
