"""STAND-IN for `qa.Conversation` (the real one comes from the core branch, core10).

Only here so the app and its tests can be written against the agreed contract:
`Conversation(index)`, `.ask(question) -> Answer`, `.answers: list[Answer]`, and an Answer
that carries `language` ("en" | "ur" | "ur-Latn"), `follow_up` and `understood_as`.
It has no memory: every question is answered on its own by `qa.ask`. The lead replaces this
file (and the fields, which move into `records.Answer`) at merge.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields

from .compose import ask
from .index import Index
from .records import Answer


@dataclass(frozen=True)
class ConversationAnswer(Answer):
    language: str = "en"  # "en" | "ur" | "ur-Latn"
    follow_up: bool = False  # answered in the context of the previous answer
    understood_as: str = ""  # a one-line gloss when the question was read differently from its words


def _language(question: str) -> str:
    """The stand-in only tells Urdu script (Arabic letters) from the rest."""
    return "ur" if any(unicodedata.name(ch, "").startswith("ARABIC") for ch in question) else "en"


class Conversation:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.answers: list[Answer] = []

    def ask(self, question: str) -> Answer:
        plain = ask(question, self.index)
        same = {f.name: getattr(plain, f.name) for f in fields(Answer)}
        answer = ConversationAnswer(**same, language=_language(question))
        self.answers.append(answer)
        return answer
