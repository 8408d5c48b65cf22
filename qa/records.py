"""Typed records passed between the pipeline stages.

Each stage (load corpus -> tokenize -> index -> retrieve -> compose -> render) takes and
returns these records, never parallel lists or loose dicts, so a stage can be read and
tested on its own. They are frozen: a record made by one stage is never changed by another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["benefit", "summary", "evidence", "challenge"]
KINDS: tuple[Kind, ...] = ("benefit", "summary", "evidence", "challenge")

Status = Literal["answered", "not_covered", "invalid"]

# The challenges-and-limits topic has no benefit number; this is its key in rankings.
CHALLENGES = "challenges"
TopicKey = int | str  # 1-6 for a benefit, CHALLENGES for the challenges topic


@dataclass(frozen=True)
class Source:
    """Where a passage comes from: written once in sources.yaml, cited by id."""

    id: str
    title: str
    publisher: str | None
    author: str | None
    year: int | None  # None: the source shows no year ("n.d." in the file)
    url: str | None
    note: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "year": self.year,
            "url": self.url,
        }


@dataclass(frozen=True)
class Topic:
    """A benefit (key 1-6) or the challenges topic, with the words users say for it."""

    key: TopicKey
    title: str
    vocabulary: tuple[str, ...] = ()
    example: str | None = None  # a question this topic answers, offered as a suggestion
    examples: tuple[str, ...] = ()  # questions in users' words that this topic answers (examples.yaml)

    @property
    def is_benefit(self) -> bool:
        return isinstance(self.key, int)


@dataclass(frozen=True)
class Passage:
    id: str
    kind: Kind
    benefit: int | None  # 1-6 for benefit and evidence passages
    text: str
    source: Source
    path: str  # the file it was read from, for error messages and maintainers

    @property
    def topic_key(self) -> TopicKey | None:
        if self.kind == "challenge":
            return CHALLENGES
        return self.benefit


@dataclass(frozen=True)
class Vocabulary:
    """Retrieval word lists kept as data in corpus/topics.yaml, not in code."""

    generic: tuple[str, ...] = ()  # domain words every question uses; they weigh little
    collaboration: tuple[str, ...] = ()  # words that say a question is about collaboration
    foreign_places: tuple[str, ...] = ()  # countries, peoples, regions abroad: collaboration words too
    overview: tuple[str, ...] = ()  # words that ask for the whole picture ("summarise")
    everyday: tuple[str, ...] = ()  # topic words too common to show, alone, that a question is in scope
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of words that mean the same in a question
    domain: tuple[str, ...] = ()  # words that name higher education ("university", "HEC", "VC")
    overview_example: str | None = None  # the question that asks for all six benefits


Phrase = tuple[str, ...]  # a cue phrase as lowercase words, matched side by side


@dataclass(frozen=True)
class Cues:
    """How questions are read, kept as data in corpus/reading.yaml (qa/query.py uses them):
    fillers, follow-up cues, benefit-number words, procedure and figure cues. Every phrase is
    lowercase words (`query.words` of the YAML text). An absent file gives no cues at all."""

    fillers: frozenset[str] = frozenset()
    more: tuple[Phrase, ...] = ()
    evidence: tuple[Phrase, ...] = ()
    sources: tuple[Phrase, ...] = ()
    weak_cues: frozenset[str] = frozenset()  # "and", "why": cues too weak to make a qualified follow-up alone
    request_words: frozenset[str] = frozenset()  # "latest", "share": words of an evidence request, not a topic
    companions: frozenset[str] = frozenset()
    frame_starts: tuple[Phrase, ...] = ()
    frame_max_words: int = 3
    number_words: frozenset[str] = frozenset()
    number_markers: tuple[Phrase, ...] = ()
    numbers: tuple[tuple[str, int], ...] = ()  # word -> benefit number ("fourth" -> 4)
    ordinal_around: frozenset[str] = frozenset()
    next_benefit: tuple[Phrase, ...] = ()  # "next one", "agla point": the benefit after the conversation's  # "the", "aur": words a bare ordinal may stand with
    negations: frozenset[str] = frozenset()  # "not", "nahi": disown a procedure phrase just after
    polite_subjects: frozenset[str] = frozenset()  # "you", "someone": "can you..." is a request, not "whether"
    procedure: tuple[Phrase, ...] = ()
    procedure_nouns: frozenset[str] = frozenset()  # "form", "documents": a procedure's papers
    procedure_asks: frozenset[str] = frozenset()  # "how", "when", "where": asked of those papers, a procedure
    figure_words: tuple[Phrase, ...] = ()
    figure_asks: tuple[Phrase, ...] = ()
    relative_years: tuple[tuple[Phrase, int], ...] = ()  # "this year" -> 0, "next year" -> 1
    whether_starts: tuple[Phrase, ...] = ()  # "can", "will", "does": a question asking whether, not what
    whole_picture: tuple[Phrase, ...] = ()  # "benefits", "overview": "the benefits of collaboration" as such
    abbreviations: tuple[tuple[str, str], ...] = ()  # chat shorthand -> words ("profs" -> "professors")
    one_by_one: frozenset[str] = frozenset()  # "by", "after": "one by one" counts off a list, no benefit number
    letter_names: tuple[tuple[str, str], ...] = ()  # a letter said aloud -> the letter ("pi" -> "p", "ech" -> "h")
    motive_asks: tuple[Phrase, ...] = ()  # "what's in it for them", "unka kya faida": what the funder gains
    motive_money: frozenset[str] = frozenset()  # "money", "fund", "paisa": the message is about their paying
    motive_parties: frozenset[str] = frozenset()  # "US", "donors": funders named besides the collaboration words
    motive_topic: TopicKey | None = None  # the topic that answers why a foreign funder pays (diplomacy)
    choosing_which: frozenset[str] = frozenset()  # "which", "konsi": asking to choose...
    choosing_options: frozenset[str] = frozenset()  # ...among universities, countries, programmes...
    choosing_judgements: frozenset[str] = frozenset()  # ...by a judgement ("better", "cheapest")...
    choosing_alternatives: frozenset[str] = frozenset()  # ...between alternatives ("or", "ya", "vs")
    challenge_heads: tuple[Phrase, ...] = ()  # "risks", "downsides", "flip side": asking for the challenges as such
    back_pointers: tuple[Phrase, ...] = ()  # "is pe", "usme", "us waqt": a message about what came before
    refers_back: frozenset[str] = frozenset()  # "that", "it": a question pointing at what the last answer said
    narrowers: frozenset[str] = frozenset()  # "local", "Pakistan-specific": a follow-up narrowing the topic
    phrasal: tuple[tuple[str, str], ...] = ()  # "come back" -> "return": a phrase read as the corpus's word
    scene_pointers: frozenset[str] = frozenset()  # "this", "it", "ye": a question whose subject is the scene
    scene_openers: frozenset[str] = frozenset()  # "is", "does", "kya": may stand before the pointer
    totality: tuple[Phrase, ...] = ()  # "all", "full", "saare": the whole of what follows
    totality_of: tuple[Phrase, ...] = ()  # "picture", "list": what a totality word may be of, besides `whole_picture`
    totality_between: frozenset[str] = frozenset()  # "the", "of": words that may stand between the two
    totality_self: tuple[Phrase, ...] = ()  # "everything", "sab kuch": the whole, its object understood
    starts_anew: tuple[Phrase, ...] = ()  # "completely different matter": a new question, said and set aside
    provenance_asks: frozenset[str] = frozenset()  # "who", "which", "kis": asking whose or where
    provenance_nouns: frozenset[str] = frozenset()  # "study", "report", "article": what a claim comes from
    provenance_sayings: frozenset[str] = frozenset()  # "said", "claims", "published", "likha": saying it
    provenance_pointers: frozenset[str] = frozenset()  # "that", "ye": pointing at a document ("that survey")
    provenance_naming: frozenset[str] = frozenset()  # "name", "naam": asking a document's name ("report ka naam?")
    count_units: frozenset[str] = frozenset()  # "lines", "bullets": a number before one counts them
    restate: tuple[Phrase, ...] = ()  # "simpler", "chota", "in three lines": say it again, shorter
    reference_details: frozenset[str] = frozenset()  # "journal", "volume", "year": the parts of a reference
    reference_words: frozenset[str] = frozenset()  # "reference", "doi", "link": asking for one
    number_after: frozenset[str] = frozenset()  # "3 number wala": words after a digit that make it a benefit number


@dataclass(frozen=True)
class Corpus:
    passages: tuple[Passage, ...]
    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    vocabulary: Vocabulary
    folder: str

    def topic(self, key: TopicKey) -> Topic:
        for topic in self.topics:
            if topic.key == key:
                return topic
        raise KeyError(key)

    @property
    def benefits(self) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.is_benefit)

    def passages_of(self, kind: Kind) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.kind == kind)


@dataclass(frozen=True)
class Citation:
    """One numbered citation: the passage behind an `[n]` in the answer text."""

    n: int
    passage: Passage
    score: float
    topic_title: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "passage_id": self.passage.id,
            "benefit": self.passage.benefit,
            "benefit_title": self.topic_title,
            "text": self.passage.text,
            "score": round(self.score, 6),
            "source": self.passage.source.as_json(),
        }


@dataclass(frozen=True)
class Answer:
    question: str
    status: Status
    message: str  # Markdown with [n] markers; user text never appears unescaped in it
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[str, ...] = ()  # example or follow-up questions the corpus answers
    matched_terms: tuple[str, ...] = ()  # question words (as typed) found in cited passages
    ranking: tuple[TopicKey, ...] = ()  # topics best first, for evaluation (recall@3, MRR)
    overview: bool = False
    took_ms: float = 0.0
    language: str = "en"  # the question's language: "en", "ur" (Urdu script) or "ur-Latn" (Roman Urdu)
    follow_up: bool = False  # read in the light of the conversation's earlier turns
    understood_as: str = ""  # one short sentence saying how the question was read
    # read differently from its words (a follow-up, Urdu or Roman Urdu, a benefit by number):
    # the chat then shows `understood_as`, so a surprising answer explains itself
    read_differently: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "status": self.status,
            "message": self.message,
            "citations": [c.as_json() for c in self.citations],
            "took_ms": round(self.took_ms, 3),
            "language": self.language,
            "follow_up": self.follow_up,
            "understood_as": self.understood_as,
        }


@dataclass(frozen=True)
class Token:
    """A token and where it stands in the text, so matched words can be highlighted."""

    term: str  # the normalised index term
    start: int
    end: int


@dataclass(frozen=True)
class ScoredTopic:
    key: TopicKey
    score: float
    matched: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ScoredPassage:
    passage: Passage
    score: float
    matched: frozenset[str] = field(default_factory=frozenset)
