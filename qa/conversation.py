"""A conversation: each question read in the light of the earlier answers.

    >>> from qa import Conversation
    >>> chat = Conversation()
    >>> chat.ask("Can foreign partners bring money into our university?").status
    'answered'
    >>> chat.ask("tell me more").follow_up
    True

What a conversation remembers is small and explicit (`qa.query.Context`): the topic of the
last answer about one topic and the question that set it, its frame (benefits or
challenges), the previous answer's citations (for "which source says so?") and every passage
cited so far (so "tell me more" never repeats one). A clear new question is read on its own:
the context is only used by a message that is a follow-up (see `qa.query`).
"""

from __future__ import annotations

from .compose import respond
from .index import Index, get_index
from .query import Context, Query
from .records import CHALLENGES, Answer, Citation, TopicKey
from .retrieve import DEFAULT_SETTINGS, Retrieval, Settings


class Conversation:
    def __init__(self, index: Index | None = None, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.index = index or get_index()
        self.settings = settings
        self.answers: list[Answer] = []
        self._topic: TopicKey | None = None
        self._frame: str | None = None
        self._anchor: tuple[str, ...] = ()
        self._previous: tuple[Citation, ...] = ()
        self._earlier = False  # `_previous` is from an answer before the last, which cited nothing
        self._shown: tuple[str, ...] = ()  # every passage cited so far, the latest answer's first

    def context(self) -> Context:
        """What the conversation so far tells the reading of the next question."""
        return Context(
            self._topic, self._frame, self._anchor, self._previous, self._earlier, frozenset(self._shown),
            len(self.answers), self._shown,
        )

    def ask(self, question: str) -> Answer:
        """Answer the next question of the conversation. Never raises for any string."""
        answer, query, result = respond(question, self.index, self.settings, self.context())
        self._remember(answer, query, result)
        self.answers.append(answer)
        return answer

    def _remember(self, answer: Answer, query: Query, result: Retrieval) -> None:
        latest = tuple(c.passage.id for c in answer.citations)
        self._shown = latest + tuple(p for p in self._shown if p not in latest)
        if result.decision != "sources" and answer.status != "invalid":
            # a refusal cites nothing: "which report says so?" after it asks for the sources of
            # the last answer that cited any, and is told so
            self._earlier = not answer.citations and bool(self._previous)
            if answer.citations:
                self._previous = answer.citations
        if result.decision in ("benefits", "challenges") and answer.ranking:
            self._set_topic(answer.ranking[0], query.terms)
        elif result.decision == "numbers" and query.numbers:
            self._set_topic(query.numbers[0], ())
        elif result.decision == "overview":
            self._topic, self._frame, self._anchor = None, "benefits", ()

    def _set_topic(self, key: TopicKey, anchor: tuple[str, ...]) -> None:
        self._topic = key
        self._frame = "challenges" if key == CHALLENGES else "benefits"
        self._anchor = anchor
