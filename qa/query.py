"""Analyse: what a question asks for, read once, before anything is searched.

`analyse(question, index, conversation)` turns the text as typed into a `Query`: its language
and English reading, its normalised terms (spelling corrected by the one rule,
`Index.correct`), its clauses, and what it asks for (`AsksFor`). `retrieve` then ranks and
decides, and `compose` only lays the answer out. Every cue word is data in
corpus/reading.yaml (`Cues`), never a list in code.

The rules, in the order they are tried:
1. invalid: empty, too long, another script, or only very common words;
2. a follow-up: a message made only of a follow-up cue ("tell me more", "why?", "sources?")
   and its companion words; with no earlier answer it asks what about (`clarify`);
3. a benefit by number ("benefit 4", "the fourth one", "benefits 2 and 5");
4. a procedure ("how do I apply", "last date", "attestation"): never in the sources;
5. a figure ("how many", "when", or a figure word such as "rank" or "h-index" asked of a named
   thing): `retrieve` checks that a passage states it;
6. the challenges (a worry named: "risks", "visa", "budget cut"), the overview (only generic
   and overview words), or a plain topic question.
A message that starts "and ..." / "what about ..." with a few words of its own is read in
the frame the conversation has set (benefits or challenges); any other question is read on
its own, so context never pulls a clear new question back to the old topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Literal, NamedTuple

from .corpus import cached_cues, cue_words, load_cues
from .index import Index, english_words
from .records import CHALLENGES, Citation, Cues, Phrase, TopicKey
from .tokenize import STOPWORDS, TOKENIZER, read_phrasal

MAX_QUESTION_CHARS = 1000

AsksFor = Literal[
    "topic",  # a plain question about a topic: retrieval picks the benefit
    "overview",  # all six benefits
    "numbers",  # benefits by number ("benefit 4", "benefits 2 and 5")
    "challenges",  # names a worry
    "figure",  # a specific figure ("how many", "NUST's QS rank")
    "sources",  # the sources of the previous answer
    "more",  # more evidence for the conversation's topic ("tell me more", "why?", "an example")
    "procedure",  # how to apply, deadlines, documents, fees: not in the sources
]
Invalid = Literal["empty", "too_long", "other_script", "only_stopwords", "clarify"]

# Questions that ask for a figure: "how many", "how much", "what percentage", "when", "what year".
_ASKS_COUNT = re.compile(
    # "how much do tie-ups help us climb?" asks a degree, not an amount: "how much" before a verb's helper
    r"\bhow (many|much(?! (?:do|does|did|can|could|will|would|has|have|is|are|was|were)\b))\b"
    r"|\bwhat(?:'s| is| was| are| were)?(?: the)?(?: total| exact| overall| current)?"
    r" (percent|percentage|proportion|share|number|amount)\b|\btotal number\b|^\W*(?:the )?number of\b"
    # "I require the exact number of ...": an exact figure asked for, however the request is put
    r"|\bexact (?:number|numbers|figure|figures|amount|count)\b",
    re.I,
)
_ASKS_YEAR = re.compile(r"\bwhen\b|\b(what|which) year\b|\bsince when\b", re.I)
# ...and one that asks for a date, not "when" as in "what do we gain when we sign an MoU":
_ASKS_DATE = re.compile(
    r"\b(what|which) year\b|\bsince when\b|(?:^|[.?!:;,]\s*)when\s*\?|\bwhen (?:was|were|did|is|are|will|does|do|has|had)\b", re.I,
)


class Reading(NamedTuple):
    """A question in its language, rendered as English for the English pipeline (the contract
    of `qa.language.read`)."""

    language: str  # "en" | "ur" | "ur-Latn" | "other"
    english: str
    understood: str  # a short gloss of the reading, "" when the question is English
    renderings: tuple[tuple[str, int], ...] = ()  # lexicon renderings of more words than they read ("paisa": "funding money grants", 1)


try:  # Urdu and Roman Urdu (qa/language.py, corpus/lexicon.yaml), when present
    from . import language as _language  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on which modules are installed
    _language = None


@lru_cache(maxsize=8)
def _lexicon(folder: str) -> Any:
    return _language.load_lexicon(folder) if _language is not None else None


def read_language(text: str, index: Index) -> Reading:
    """The one hook between the languages and the English pipeline: the question's language
    and its English reading. Without qa/language.py every question is read as English."""
    if _language is None:
        return Reading("en", text, "")
    lexicon = _lexicon(index.corpus.folder)  # a malformed lexicon.yaml raises CorpusError, naming it
    try:
        language, english, understood, *rest = _language.read(text, lexicon)
    except Exception:  # noqa: BLE001 - a reader's fault must not cost the user an answer
        return Reading("en", text, "")
    return Reading(language, english, understood, tuple(rest[0]) if rest else ())


def _everyday(index: Index, language: str) -> Callable[[str], bool]:
    """Whether a word is an everyday word of the question's language that says nothing (a
    Roman-Urdu stopword: "ka", "hai", "da"); English stopwords are known anyway."""
    lexicon = _lexicon(index.corpus.folder) if _language is not None and language == "ur-Latn" else None
    stop = getattr(lexicon, "roman_stopwords", None)
    fold = getattr(_language, "fold_roman", None)
    if not stop or fold is None:
        return lambda w: False
    return lambda w: fold(w) in stop


def urdu_messages(index: Index) -> dict[str, object]:
    """The Urdu messages table of the corpus's lexicon ({} without one)."""
    lexicon = _lexicon(index.corpus.folder) if _language is not None else None
    table: dict[str, object] = dict(getattr(lexicon, "messages", {}) or {})
    # the lexicon keeps the topics' Urdu titles and the Urdu example questions beside its messages
    titles = getattr(lexicon, "titles", None)
    if titles:
        table.setdefault("titles", {str(key): title for key, title in dict(titles).items()})
    examples = getattr(lexicon, "examples", None)
    if examples:
        table.setdefault("examples", list(examples))
    return table


@lru_cache(maxsize=8)
def cues_of(folder: str) -> Cues:
    return cached_cues(folder)


@dataclass(frozen=True)
class Context:
    """What the conversation so far tells the reading of a new question."""

    topic: TopicKey | None = None  # the topic of the last answer about one topic
    frame: str | None = None  # "challenges" or "benefits": what the conversation is about
    anchor: tuple[str, ...] = ()  # the terms of the question that set the topic
    previous: tuple[Citation, ...] = ()  # the citations of the previous answer that cited any
    earlier: bool = False  # ...which is not the last answer: the last cited nothing (it was refused)
    cited: frozenset[str] = frozenset()  # every passage cited so far in the conversation
    turns: int = 0  # earlier answers
    shown: tuple[str, ...] = ()  # the passages cited so far, the latest answer's first


@dataclass(frozen=True)
class Query:
    """A question as read: what it says, in which language, and what it asks for."""

    text: str  # as typed
    language: str = "en"
    english: str = ""  # the text read as English (the text itself for an English question)
    gloss: str = ""  # the language reader's short gloss ("" for English)
    terms: tuple[str, ...] = ()  # normalised English terms, spelling corrected, in order
    corrections: tuple[tuple[str, str], ...] = ()  # (word as typed, the term it was read as)
    clauses: tuple[tuple[str, ...], ...] = ()  # the terms of each clause
    requests: tuple[tuple[str, ...], ...] = ()  # the clauses that ask (in a "?" sentence; all, if none is)
    asked: tuple[str, ...] = ()  # the terms of its question sentences (ending "?"); () when it has none
    asks: AsksFor = "topic"
    figure: str | None = None  # "count" | "year": a how-many or when question
    figure_terms: frozenset[str] = frozenset()  # named things and figure words a passage must state together
    named: frozenset[str] = frozenset()  # the named things among them ("NUST", "Faisalabad", "2024")
    when: int | None = None  # the year a figure is asked for by a relative phrase ("this year": 2026)
    numbers: tuple[int, ...] = ()  # benefits asked for by number
    follow_up: bool = False
    cue: str = ""  # the follow-up cue: "more", "evidence" or "sources"
    refers_to: TopicKey | None = None  # the conversation topic a follow-up refers back to
    frame: str | None = None  # "challenges" when a follow-up is read in the challenges' frame
    in_context: bool = False  # a frame follow-up: the conversation shows it is about collaboration
    points_back: bool = False  # a short question with a word that points at what was said ("that growth")
    leans: bool = False  # its question's subject is the scene it sets ("...did not return. Is this common?")
    motive: TopicKey | None = None  # the topic that answers why a foreign funder pays ("what's in it for them?")
    challenges_as_such: bool = False  # its question asks for risks or downsides ("what are the risks when...")
    shares: tuple[tuple[str, float], ...] = ()  # a term's share of a word's weight, when one word was read as several
    invalid: Invalid | None = None
    context: Context = field(default_factory=Context)

    @property
    def corrected(self) -> frozenset[str]:
        return frozenset(term for _, term in self.corrections)


def asks_for(question: str) -> str | None:
    """What kind of figure a question asks for: "count", "year" or None."""
    if _ASKS_COUNT.search(question):
        return "count"
    if _ASKS_YEAR.search(question):
        return "year"
    return None


def question_form(question: str) -> list[tuple[int, int]]:
    """Where a question says what kind of figure it wants ("what year", "what percentage"):
    those words are the question's form, not its subject, and match nothing ("what year was
    it set up" is not about a passage that says "15 years")."""
    return [m.span() for rx in (_ASKS_COUNT, _ASKS_YEAR) for m in rx.finditer(question)]


def analyse(question: str, index: Index, conversation: Any = None) -> Query:
    """Read a question (in the light of `conversation`: a `Conversation`, a `Context` or None)."""
    text = question if isinstance(question, str) else ""
    context = _context_of(conversation)
    cues = cues_of(index.corpus.folder)
    if not text.strip():
        return Query(text, english=text, invalid="empty", context=context)
    if len(text) > MAX_QUESTION_CHARS:
        return Query(text, english=text, invalid="too_long", context=context)
    anew = _starts_anew(text, cues)
    if anew:  # "Completely different matter: where do we stand..." asks what follows the marker
        text = anew
    reading = read_language(text, index)
    english = reading.english
    words = tuple(w for w in cue_words(text) if w not in cues.fillers)
    words_en = tuple(w for w in cue_words(english) if w not in cues.fillers)

    # "next one" after an answer on benefit 3 asks for benefit 4; opening a conversation
    # ("And the one after that?"), after what?
    if _asks_the_next(words, cues) or _asks_the_next(words_en, cues):
        if not context.turns:
            return Query(text, reading.language, english, reading.understood, asks="more", follow_up=True,
                         invalid="clarify", context=context)
        if isinstance(context.topic, int) and 1 <= context.topic < 6:
            return Query(text, reading.language, english, reading.understood, asks="numbers",
                         numbers=(context.topic + 1,), follow_up=True, context=context)

    # 2. a follow-up made only of a cue: read entirely in the light of the conversation
    kind = _follow_up_kind(cue_words(text), cues) or _follow_up_kind(cue_words(english), cues)
    if kind is None and context.turns and (
        asks_for_provenance(text, cues, _everyday(index, reading.language)) or asks_for_a_reference(text, cues)
    ) and not asks_for_the_challenges(english, text, cues) and not _own_question_follows(text, index, cues):
        # "which journal published them", "ye kis article se liya"; "Who says this whole thing is
        # oversold?" asks for the other side, not for where the last answer comes from
        kind = "sources"
    if kind is None and context.topic is not None:
        # a message opening with a follow-up of its own ("any proof? Pakistani data kindly", "kyun?
        # local PhDs kafi nahi?") follows up on the conversation's topic
        first = _SENTENCE.match(text)
        if first is not None and first.group().rstrip().endswith("?") and first.end() < len(text.rstrip()):
            kind = _follow_up_kind(cue_words(first.group()), cues)
            rest = tuple(w for w in cue_words(text[first.end():]) if w not in cues.fillers)
            # ...unless the rest turns to another topic ("why? what about funding"); a question for
            # the sources followed by a question of its own asks that question
            own = kind == "sources" and _own_question_follows(text, index, cues)
            kind = kind if not _starts_with(rest, cues.frame_starts) and not own else None
    qualified = False
    if kind is None and context.topic is not None:
        kind = _qualified_follow_up(words, cues) or _qualified_in_english(words, words_en, index, cues) or (
            "more" if narrows_the_topic(words, index, cues) or points_to_the_conversation(text, english, index, cues) else None
        )
        qualified = kind is not None
    if kind is not None and context.turns and _bare_ordinal(words, cues):
        kind = None  # "aur 5th?" asks for benefit 5, not for more
    if kind is not None:
        base = Query(text, reading.language, english, reading.understood, follow_up=True, cue=kind, context=context)
        if kind == "sources":
            if not context.turns:
                return _replace(base, asks="sources", invalid="clarify")
            return _replace(base, asks="sources")
        if context.topic is None:
            return _replace(base, asks="more", invalid="clarify")
        extra = tuple(index.tokenizer.tokenize(english)) if qualified else ()  # "US examples specifically"
        return _more_about_the_topic(base, context, extra)

    english = expand_abbreviations(read_phrasal(english, cues.phrasal), cues)
    english = read_search_syntax(english, index)
    english = join_split_words(split_run_together(read_spelt_letters(english, cues, index), index), index)
    tokens = [t for t in index.tokenizer.tokens(english) if not any(s <= t.start < e for s, e in question_form(english))]
    tokens = [t for t in tokens if english[t.start:t.end].lower() not in cues.fillers]
    by_ear = reading.language == "en"  # a Roman-Urdu word is no English word either
    terms = tuple(index.correct(english[t.start:t.end], t.term, by_ear) for t in tokens)
    corrections = tuple((english[t.start:t.end], fixed) for t, fixed in zip(tokens, terms) if fixed != t.term)
    from .tokenize import clauses as split_clauses

    split = split_clauses(english, tokens)
    parts = tuple(tuple(terms[i] for i in part) for part in split)
    asked = _asked_spans(english)
    # a clause that reaches into a question asks (one joined to the question by its pointer too:
    # "...thinks this is tourism. How does a partnership of this sort build up our staff?")
    requests = tuple(p for p, part in zip(parts, split) if any(s <= tokens[i].start < e for i in part for s, e in asked)) or parts
    # an Urdu word nobody lists says nothing either: "...واپس نہیں آتے. سچی میں ایسا ہوتا ہے؟"
    placeholder = getattr(_language, "UNREAD", None)  # a plugged-in reader need not have one
    unread = {index.tokenizer.normalise(placeholder)} if reading.language == "ur" and placeholder else set()
    if all(t in index.light or t in _cue_terms(index, cues) or t in unread for r in requests for t in r):
        requests = parts  # "Downside: funding cuts. Latest evidence?": the question asks about what came before
    leans = leans_on_scene(english, cues) or (text != english and leans_on_scene(text, cues))
    if leans:
        requests = parts  # "...wapis hi ni aye. ye aam baat h kya?" asks about what came before
    in_questions = tuple(terms[i] for i, t in enumerate(tokens) if any(s <= t.start < e for s, e in asked))
    base = Query(
        text, reading.language, english, reading.understood, terms, corrections, parts, requests,
        asked=in_questions, figure=asks_for(english), context=context, leans=leans,
        motive=cues.motive_topic if asks_the_funders_motive(text, english, index, cues) else None,
        shares=word_shares(reading.renderings, terms, index),
        challenges_as_such=asks_for_the_challenges(english, text, cues),
    )
    pointing = not anew and refers_back(text, cues)
    if context.previous and not context.earlier and pointing:
        # "How many universities sit in that consortium?": "that" points at what the last answer
        # said, so the question is about collaboration as the conversation is, without saying so
        base = _replace(base, in_context=True)
    if context.shown and pointing and pointer_leads(text, index, cues):
        # ...and retrieval looks for the passage it points at among those shown (`retrieve._referent`)
        base = _replace(base, points_back=True)
    # a numbered list ("1. MoU signed ... 2. Our junior faculty ...") is the message's layout, not benefit numbers
    # ...and a number that counts lines or bullets ("3 4 lines me samjha dein") is none either
    listed_en = without_counts(tuple(w for w in cue_words(_LIST_MARKER.sub(" ", english)) if w not in cues.fillers), cues)
    listed = without_counts(tuple(w for w in cue_words(_LIST_MARKER.sub(" ", text)) if w not in cues.fillers), cues)
    if context.turns and not anew and restates_the_conversation(text, english, terms, index, cues):
        # "asaan lafzon mein samjha dein", "Put it in three lines": the conversation's topic again
        if isinstance(context.topic, int):
            return _replace(base, asks="numbers", numbers=(context.topic,), follow_up=True)
        if context.topic is not None:
            return _more_about_the_topic(_replace(base, follow_up=True, cue="more"), context)
        if context.frame == "benefits":
            return _replace(base, asks="overview", follow_up=True)
    numbers = benefit_numbers(listed_en, cues) or (benefit_numbers(listed, cues) if listed != listed_en else ())
    if not numbers and context.turns:
        numbers = _bare_ordinal(words_en, cues) or _bare_ordinal(words, cues)
    if not terms and not numbers:
        script = "only_stopwords" if reading.language != "other" and _has_latin_or_reading(text, english) else "other_script"
        return _replace(base, invalid=script)
    if numbers and not context.turns and (_points_back(listed, cues) or _points_back(listed_en, cues)):
        # "wo doosra point zara khol k samjhao", "what about the 2nd one?" opening a conversation
        # refer to a list nobody has given yet
        return _replace(base, asks="numbers", numbers=numbers, follow_up=True, invalid="clarify")
    if numbers:
        return _replace(base, asks="numbers", numbers=numbers)
    # a procedure asked in the English reading or as typed ("How to apply?" in a Roman-Urdu message)
    request = tuple(w for w in cue_words(request_text(english)) if w not in cues.fillers)
    typed_request = tuple(w for w in cue_words(request_text(text)) if w not in cues.fillers)
    if _asks_a_procedure(request, cues) or _asks_a_procedure(typed_request, cues) or asks_to_choose(text, cues):
        return _replace(base, asks="procedure")

    content = [t for t in terms if t not in index.light]
    # a frame follow-up: "and funding?", "what about the risks?" after an answer on one topic
    if context.topic is not None or context.frame is not None:
        if _starts_with(words_en, cues.frame_starts) and len(content) <= cues.frame_max_words:
            base = _replace(base, follow_up=True, in_context=True, frame=_frame(index, terms, context))
        elif (
            len(content) <= cues.frame_max_words + 1 and not any(t in index.collaboration for t in terms)
            and any(t in index.topic_words for t in content)  # "the weather in Islamabad tomorrow" names no topic
        ):
            # a short question that does not say what it is about ("rupee fall effect specifically
            # pls", "medical sciences specially?") is about collaboration, as the conversation is;
            # it is still ranked on its own words, so a clear new topic is read on its own
            base = _replace(base, in_context=True)

    # the figure asked in the message's questions, when it has any ("ranking agencies presented their
    # latest tables" is the scene of "Is there evidence that partners help us get ranked?")
    figure_terms = _figure_terms(english, tokens, terms, index, cues, request, typed_request)
    asks_a_figure = (base.figure == "count" and not asks_whether(english, cues)) or (
        base.figure == "year" and _ASKS_DATE.search(english) is not None
    )
    if asks_a_figure or figure_terms is not None:
        # the named things of the questions asked, not of the scene ("as per minutes of the Syndicate")
        keep = [i for i, t in enumerate(tokens) if any(s <= t.start < e for s, e in asked)] or list(range(len(tokens)))
        named = _named(english, [tokens[i] for i in keep], tuple(terms[i] for i in keep), index)
        meant = years_meant(words_en, cues)
        named |= frozenset(str(y) for y in meant)
        if not named and context.topic is not None and context.anchor and not anew and _figure_points_back(text, english, cues):
            # "usme total kitni universities thin", "How much public money was lost in that case?":
            # a figure of what the conversation is about, asked without naming it
            base = _replace(
                base, terms=terms + tuple(t for t in context.anchor if t not in terms), in_context=True, follow_up=True,
            )
        return _replace(
            base, asks="figure", figure_terms=(figure_terms or frozenset()) | named, named=named,
            when=max(meant) if meant else None,
        )
    if names_a_worry(index, asked_terms(base)):
        return _replace(base, asks="challenges")
    if asks_for_the_whole(english, index, cues) or (text != english and asks_for_the_whole(text, index, cues)):
        return _replace(base, asks="overview")
    if not content:
        pointer = bool(cues.scene_pointers & set(words))  # "Who proposed it and when?"
        if (base.follow_up or pointer) and context.topic is not None and not any(t in index.overview for t in terms):
            # "and what HEC did about it": a frame follow-up with no words of its own asks more
            # about the conversation's topic, not for the whole picture
            return _more_about_the_topic(_replace(base, cue="more", follow_up=True), context)
        return _replace(base, asks="overview")
    return base


_SENTENCE = re.compile(r"[^.!?\n]*[.!?\n]+|[^.!?\n]+$")
# a list item's number at the start of a line: "1. ", "2) ", "(3) "
_LIST_MARKER = re.compile(r"(?m)^\s*\(?\d{1,2}[.)]\s+")


def _more_about_the_topic(base: Query, context: Context, extra: tuple[str, ...] = ()) -> Query:
    """More evidence for the conversation's topic, ranked by the terms that set it (and `extra`
    words of the follow-up that qualify it)."""
    return _replace(
        base, asks="more", terms=context.anchor + tuple(t for t in extra if t not in context.anchor),
        refers_to=context.topic, frame="challenges" if context.topic == CHALLENGES else "benefits",
    )


_CHAT_WORD = re.compile(r"#?[^\W_]+", re.UNICODE)


def expand_abbreviations(text: str, cues: Cues) -> str:
    """Chat shorthand as words (`cues.abbreviations`: "profs" -> "professors", "ed" -> "education");
    a hashtag loses its "#" ("#braindrain" is then split by `split_run_together`)."""
    table = dict(cues.abbreviations)
    if not table:
        return text

    def one(m: re.Match[str]) -> str:
        word = m.group()
        bare = word.lstrip("#")
        return table.get(bare.lower(), bare if word.startswith("#") else word)

    return _CHAT_WORD.sub(one, text)


def read_search_syntax(text: str, index: Index) -> str:
    """Search-box syntax read as the words it searches for: the operators AND, OR and NOT in
    capitals between words are dropped, and a word cut short with "*" is the shortest topic word
    it begins, or the word without its "*" when none does ("scholarship* AND funding" is
    "scholarships funding"; "universit*" is "universit", a term the tokenizer knows)."""
    if "*" not in text and not _OPERATOR.search(text):
        return text

    def complete(m: re.Match[str]) -> str:
        stem = m.group(1).lower()
        if len(stem) < MIN_TRUNCATED:
            return m.group(1)
        found = sorted((w for w in index.vocabulary_words if w.startswith(stem)), key=lambda w: (len(w), w))
        return found[0] if found else m.group(1)

    return _TRUNCATED.sub(complete, _OPERATOR.sub(" ", text))


MIN_TRUNCATED = 4  # letters a word cut short with "*" keeps before it is completed ("universit*")
_OPERATOR = re.compile(r"(?<=\w[*\s])\s*\b(?:AND|OR|NOT)\b(?=\s+\w)")
_TRUNCATED = re.compile(r"\b([A-Za-z]+)\*")


def read_spelt_letters(text: str, cues: Cues, index: Index) -> str:
    """Letters said aloud and typed as heard (`cues.letter_names`), read as the word they spell
    when two or more in a row spell a term the corpus uses: "pi ech di abrod" is "PhD abrod".
    A run that spells nothing known ("ki di", Punjabi for "of") stays as typed."""
    if not cues.letter_names:
        return text
    names = dict(cues.letter_names)
    vocab = index.passage_bm25.vocab

    def one(m: re.Match[str]) -> str:
        letters = "".join(names[w.lower()] for w in m.group().split()).upper()
        term = index.tokenizer.normalise(letters)
        return letters if term and (term in vocab or term in index.topic_words) else m.group()

    return _letter_run(cues.letter_names).sub(one, text)


@lru_cache(maxsize=8)
def _letter_run(letter_names: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    name = "|".join(re.escape(n) for n, _ in sorted(letter_names, key=lambda p: -len(p[0])))
    return re.compile(rf"\b(?:{name})(?: (?:{name}))+\b", re.IGNORECASE)


MIN_PART = 3  # letters of each word a run-together word ("braindrain") may be split into


def split_run_together(text: str, index: Index) -> str:
    """A word nobody knows that is two known words run together, as hashtags are written
    ("#braindrain", "softpower", "highereducation"), split into them; other words as they are."""
    vocab = index.passage_bm25.vocab
    entries = _two_word_entries(index)
    normalise = index.tokenizer.normalise

    def one(m: re.Match[str]) -> str:
        tag = m.group().startswith("#")
        word = m.group().lstrip("#")
        if len(word) < 2 * MIN_PART or not word.isalpha() or not word.isascii() or normalise(word) in vocab:
            return word if tag else m.group()
        # a hashtag, or a word that is no English word ("phdabroad"), may join any two words of the
        # corpus; an English word only the two words of one vocabulary entry ("softpower"), since
        # "alongside" is English the corpus happens not to use (the word list is read only here,
        # for a word nobody knows)
        free = tag or word.lower() not in english_words()
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = normalise(word[:i]), normalise(word[i:])
            if left and right and (frozenset((left, right)) in entries or (free and left in vocab and right in vocab)):
                return f"{word[:i]} {word[i:]}"
        return word

    return _CHAT_WORD.sub(one, text)


def join_split_words(text: str, index: Index) -> str:
    """Two words that one topic word was split into, as voice typing and thumbs do ("scholar
    ships", "trans national education"), joined: one of the halves is no term the corpus uses
    ("ships"), and together they are a word of the topics ("scholarships")."""
    vocab = index.passage_bm25.vocab
    normalise = index.tokenizer.normalise

    def one(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if normalise(left) in vocab and normalise(right) in vocab:
            return m.group()
        joined = normalise(left + right)
        return left + right if joined and joined in index.topic_words else m.group()

    return _SPLIT_PAIR.sub(one, text)


_SPLIT_PAIR = re.compile(r"\b([A-Za-z]{3,}) ([A-Za-z]{3,})\b")


@lru_cache(maxsize=8)
def _two_word_entries(index: Index) -> frozenset[frozenset[str]]:
    return frozenset(e for cues in index.cues for e in cues if len(e) == 2)


def _asked_spans(text: str) -> list[tuple[int, int]]:
    """Where the message's questions stand: its sentences that end in "?"."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().rstrip().endswith("?")]


def request_text(text: str) -> str:
    """What a message asks: its questions (sentences ending in "?") when it has any, else all
    of it. "Two of our lecturers missed a conference and the registration fee was wasted. Is
    this a common problem?" asks about the problem, not about registration."""
    sentences = _SENTENCE.findall(text)
    asked = [s for s in sentences if s.rstrip().endswith("?")]
    if asked and not sentences[-1].rstrip().endswith("?"):
        # a short ask after the question: "...open for Pakistani students? closing date plz", or
        # closing a longer sentence: "...? meri beti ne BS kiya hai, last date bata dein plz", or a
        # question typed without its mark: "...or McMaster? what is NUST QS rank this year"
        tail = _CLAUSE_BREAK.split(sentences[-1])[-1]
        if _OPENS_A_QUESTION.match(sentences[-1]):
            asked.append(sentences[-1])
        elif len(tail.split()) <= TRAILING_ASK_WORDS:
            asked.append(tail)
    return " ".join(asked) if asked else text


_CLAUSE_BREAK = re.compile(r"[,;:]")
# a sentence opening with a question word asks, with or without its question mark
_OPENS_A_QUESTION = re.compile(r"\s*(?:what|how|when|where|which|who|whose|why)\b", re.I)
TRAILING_ASK_WORDS = 4  # words of a fragment after a message's last question that still ask ("closing date plz")


NEGATION_REACH = 3  # words before a procedure phrase in which a "not" disowns it


def _asks_a_procedure(words: tuple[str, ...], cues: Cues) -> bool:
    """A procedure phrase stands in the request, and no "not" just before it disowns it: "I am
    not asking how to apply, but what scholarship support has helped students?" is no procedure."""
    for phrase in _starting(cues.procedure, words):
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if words[i:i + n] == phrase and not cues.negations & set(words[max(0, i - NEGATION_REACH):i]):
                return True
    # a procedure's paper asked how, when or where right beside it, in either order: "form how
    # fill?" (a Roman "form kaise bharte hain" read in its own order), "form when?", "form kahan
    # se lein"; not "How do research partnerships form?" or "in what form does funding come, and how"
    return any(
        w in cues.procedure_nouns and not cues.negations & set(words[max(0, i - NEGATION_REACH):i])
        and cues.procedure_asks & set(words[max(0, i - PAPER_ASK_REACH):i + PAPER_ASK_REACH + 1])
        for i, w in enumerate(words)
    )


PAPER_ASK_REACH = 2  # words from a procedure's paper ("form") within which "how", "kab" asks of it


def _frame(index: Index, terms: tuple[str, ...], context: Context) -> str | None:
    """The frame a follow-up is read in: the conversation's, unless the message names the
    other one ("and what's the upside?" after the challenges asks about benefits)."""
    if context.frame == "challenges" and any(t in index.overview for t in terms):
        return "benefits"
    return context.frame


def _replace(query: Query, **changes: Any) -> Query:
    from dataclasses import replace

    return replace(query, **changes)


def _context_of(conversation: Any) -> Context:
    if conversation is None:
        return Context()
    if isinstance(conversation, Context):
        return conversation
    make = getattr(conversation, "context", None)
    return make() if callable(make) else Context()


def _has_latin_or_reading(text: str, english: str) -> bool:
    import unicodedata

    return any(ch.isalpha() and "LATIN" in unicodedata.name(ch, "") for ch in text) or english != text


def _has_phrase(words: tuple[str, ...], phrases: tuple[Phrase, ...]) -> bool:
    """Whether one of `phrases` stands in `words`, its words side by side."""
    return any(_find(words, p) >= 0 for p in _starting(phrases, words))


def _find(words: tuple[str, ...], phrase: Phrase) -> int:
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if words[i] == phrase[0] and words[i:i + n] == phrase:
            return i
    return -1


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[Phrase, ...]) -> dict[str, tuple[Phrase, ...]]:
    table: dict[str, list[Phrase]] = {}
    for p in phrases:
        table.setdefault(p[0], []).append(p)
    return {k: tuple(v) for k, v in table.items()}


def _starting(phrases: tuple[Phrase, ...], words: tuple[str, ...]) -> list[Phrase]:
    """The phrases whose first word is in `words`: the only ones that can stand in them."""
    table = _by_first_word(phrases)
    return [p for w in dict.fromkeys(words) for p in table.get(w, ())]


def _starts_with(words: tuple[str, ...], phrases: tuple[Phrase, ...]) -> bool:
    return any(words[:len(p)] == p for p in phrases)


def _follow_up_kind(words: tuple[str, ...], cues: Cues) -> str | None:
    """"sources", "evidence", "more" or None: whether the message is only a follow-up cue and
    its companion words ("which source says so?", "tell me more about it", "why?")."""
    if not words or not all(w in _cue_vocabulary(cues) for w in words):
        return None  # a word that is no cue, companion or filler: a question of its own
    for kind, phrases in (("sources", cues.sources), ("evidence", cues.evidence), ("more", cues.more)):
        covered = [False] * len(words)
        found = False
        for p in _starting(phrases, words):
            n = len(p)
            for i in range(len(words) - n + 1):
                if words[i:i + n] == p:
                    found = True
                    covered[i:i + n] = [True] * n
        if found and all(c or w in cues.companions or w in cues.fillers for c, w in zip(covered, words)):
            return kind
    return None


@lru_cache(maxsize=8)
def _cue_terms_of(cues: Cues, tokenize: Any) -> frozenset[str]:
    return frozenset(t for p in cues.sources + cues.evidence + cues.more for w in p for t in tokenize(w)) | frozenset(
        t for w in cues.request_words for t in tokenize(w))


def _cue_terms(index: Index, cues: Cues) -> frozenset[str]:
    """The follow-up cue words as index terms ("evidence", "proof", "example", "latest")."""
    return _cue_terms_of(cues, index.tokenizer.tokenize)


@lru_cache(maxsize=8)
def _cue_vocabulary(cues: Cues) -> frozenset[str]:
    """Every word a follow-up message may hold."""
    return frozenset(w for p in cues.sources + cues.evidence + cues.more for w in p) | cues.companions | cues.fillers


@lru_cache(maxsize=8)
def _number_table(cues: Cues) -> dict[str, int]:
    return dict(cues.numbers)


def benefit_numbers(words: tuple[str, ...], cues: Cues) -> tuple[int, ...]:
    """The benefits a question asks for by number, in the order asked: "benefit 4", "benefit
    no. 4", "the fourth benefit", "the 4th one", "no. 2", "benefits 2 and 5". A number counts
    only beside a benefit word ("benefit", "point", "one") or after a marker ("no.", "#"), so
    "top 1000" or "the first exchange" is no benefit number."""
    table = _number_table(cues)
    if not any(w.isdecimal() or w in table for w in words):
        return ()
    cardinal = {"one", "two", "three", "four", "five", "six"}

    def number(w: str, digits_only: bool = False) -> int | None:
        if w.isdecimal():  # any script's decimal digits ("4", "٤"); not "¹", which int() refuses
            return int(w) if 1 <= int(w) <= 6 else None
        return None if digits_only else table.get(w)

    found: list[int] = []
    i = 0
    joiners = {"and", "aur", "or", "&", "to"}
    while i < len(words):
        w = words[i]
        n = number(w)
        # "3 number wala" (Urdu order: the digit, then "number")
        if n is not None and w.isdecimal() and i + 1 < len(words) and words[i + 1] in cues.number_after:
            found.append(n)
            i += 2
            continue
        # "the fourth benefit", "the 4th one" (an ordinal before a benefit word)
        if n is not None and not w.isdecimal() and w not in cardinal and i + 1 < len(words) and words[i + 1] in cues.number_words:
            found.append(n)
            i += 2
            continue
        # "benefit 4", "benefits 2 and 5", "benefit no. 4", "no. 2", "#2"
        after = -1
        if w in cues.number_words and w not in table:
            j = i + 1
            for marker in cues.number_markers:
                if words[j:j + len(marker)] == marker:
                    j += len(marker)
                    break
            after = j
            digits_only = False
        else:
            for marker in cues.number_markers:
                if words[i:i + len(marker)] == marker:
                    after, digits_only = i + len(marker), True
                    break
        if after >= 0 and after < len(words) and number(words[after], digits_only) is not None:
            j = after
            while j < len(words) and (n := number(words[j], digits_only)) is not None:
                found.append(n)
                j += 1
                if j + 1 < len(words) and words[j] in joiners and number(words[j + 1], digits_only) is not None:
                    j += 1
            i = j
            continue
        i += 1
    return tuple(dict.fromkeys(found))


QUALIFIED_FOLLOW_UP_WORDS = 4  # words of a short follow-up that asks for evidence of a kind ("koi pakistani example de do")


def _qualified_follow_up(words: tuple[str, ...], cues: Cues) -> str | None:
    """A short message holding a follow-up cue word with a few words that qualify it ("US
    examples specifically", "koi pakistani example de do", "Numbers, with years", "source bata
    do plz"): a follow-up of that kind, in the conversation's topic. A message that turns to
    another topic ("and funding?") or names a benefit by number is not one."""
    if not words or len(words) > QUALIFIED_FOLLOW_UP_WORDS + 2 or _starts_with(words, cues.frame_starts):
        return None
    own = [w for w in words if w not in cues.fillers and w not in cues.companions]
    if len(own) > QUALIFIED_FOLLOW_UP_WORDS:
        return None
    for kind, phrases in (("sources", cues.sources), ("evidence", cues.evidence), ("more", cues.more)):
        if any(len(p) == 1 and p[0] in words and p[0] not in cues.weak_cues for p in phrases):
            return kind
    return None


def _qualified_in_english(words: tuple[str, ...], words_en: tuple[str, ...], index: Index, cues: Cues) -> str | None:
    """A qualified follow-up as read in English when the typed message is too long for one
    ("hmm pakistan ka koi misal do, kahin aisa hua ho" reads "pakistan any example"): only for
    more evidence, and only when its other words name no topic ("paisay wala scene vi samjhao"
    turns to the money)."""
    if words_en == words:
        return None
    kind = _qualified_follow_up(words_en, cues)
    if kind not in ("evidence", "more"):
        return None
    cue = {p[0] for p in cues.evidence + cues.more if len(p) == 1}
    rest = [t for w in words_en if w not in cue and w not in cues.fillers and w not in cues.companions
            for t in index.tokenizer.tokenize(w)]
    return kind if all(t in index.light or t in cues.narrowers for t in rest) else None


CHOICE_REACH = 3  # words between "which" and what is chosen ("which one", "which of the two countries")


def asks_to_choose(text: str, cues: Cues) -> bool:
    """A sentence asking which of two or more universities, countries or programmes is better
    (reading.yaml `choosing`): "nust or giki for electrical engg, which one better", "which
    country is cheapest for masters, germany or italy??". The sources compare none, so this is
    advice the bot does not give. Without alternatives it is no choice: "Which universities got
    better rankings through partnerships?" asks about benefit 2."""
    for sentence in _SENTENCE.findall(text):
        words = cue_words(sentence)
        if not cues.choosing_judgements & set(words) or not cues.choosing_alternatives & set(words):
            continue
        for i, w in enumerate(words):
            near = set(words[i + 1:i + 1 + CHOICE_REACH])  # "which one", "kon si behtar"
            if w in cues.choosing_which and (cues.choosing_options | cues.choosing_judgements) & near:
                return True
    return False


REFERS_BACK_WORDS = 16  # words of a question that may still point at what the last answer said


def refers_back(text: str, cues: Cues) -> bool:
    """A short question with a word that points back (reading.yaml `refers_back`: "that
    consortium", "Who proposed it?", "Is that improvement specific to Pakistan?"). It is still
    ranked on its own words, so it is answered only when they meet the sources."""
    words = cue_words(text)
    return len(words) <= REFERS_BACK_WORDS and bool(cues.refers_back & set(words))


PROVENANCE_REACH = 3  # words after "who"/"kis" that may name the document or the saying
POINTER_REACH = 2  # ...and after a pointer: "that a news report"; not "that medical sciences paper tho, will a reviewer accept"


def asks_for_provenance(text: str, cues: Cues, said: Callable[[str], bool] = lambda w: False) -> bool:
    """The message asks where what was said comes from (reading.yaml `provenance`): an asking
    word with a document or a saying within `PROVENANCE_REACH` words after it, in a message
    that points back ("whose numbers are these?", "Who said it would broaden the ties?", "ye
    kis article se liya"), or a word for a reference as such after the asking word, pointer or
    not ("who is the source on the Fulbright figure?", "which page?"), or, in a short sentence (`PROVENANCE_SENTENCE_WORDS`), a pointer right
    before a document word ("Was that a news report or an opinion column?", "ye study pakistan
    pe thi?"; not "it": "is it worth it for publication output?"; not a long question about what
    the document found: "...to kya wo paper zyada log parhte hain aur aage quote karte hain?").
    "Is there any study on brain drain?" points at nothing said, and asks a question of its own."""
    words = cue_words(text)
    points = bool(cues.scene_pointers & set(words))
    for i, word in enumerate(words):
        if word not in cues.provenance_asks:
            continue
        after = words[i + 1:i + 1 + PROVENANCE_REACH]
        if any(w in cues.reference_words for w in after):
            return True  # "who is the source on the Fulbright figure?", "which page?": a reference as such
        if points and any(w in cues.provenance_nouns or w in cues.provenance_sayings for w in after):
            return True
    for sentence in _SENTENCE.findall(text):
        words = cue_words(sentence)
        if _asks_for_a_document(words, cues, said):
            return True  # "which article says so", "proof kahan hai? which study", "whose report"
        if points and len(words) <= PROVENANCE_SENTENCE_WORDS and any(
            word in cues.provenance_pointers and any(w in cues.provenance_nouns for w in words[i + 1:i + 1 + POINTER_REACH])
            for i, word in enumerate(words)
        ):
            return True  # "Was that a news report or an opinion column?"
    return False


def _own_question_follows(text: str, index: Index, cues: Cues) -> bool:
    """After its first sentence the message asks a question of its own about a topic it names:
    "and citations? foreign co-author wala paper zyada cite hota hai?" asks whether such papers
    are cited more, not for the last answer's references. A question that asks for them itself
    ("...that study did not look at Pakistan. Who carried it out, and where was it published?")
    is no question of its own."""
    first = _SENTENCE.match(text)
    rest = text[first.end():] if first is not None else ""
    return (
        rest.rstrip().endswith("?") and index.names_an_entry(frozenset(index.tokenizer.tokenize(rest)))
        and not asks_for_provenance(rest, cues) and not asks_for_a_reference(rest, cues)
    )


PROVENANCE_SENTENCE_WORDS = 10  # a sentence this short may ask about the document it points at
DOCUMENT_ASK_WORDS = 8  # a sentence this short that asks "which study" asks for the one just cited


def _asks_for_a_document(words: tuple[str, ...], cues: Cues, said: Callable[[str], bool] = lambda w: False) -> bool:
    """A short sentence (`DOCUMENT_ASK_WORDS`) whose asking word stands next to a document or a
    reference, in either order, once words that say nothing are set aside ("which article says
    so", "which year and whose report", "report kis ne ki", "ye kis ki raye hai"), or that names a
    document and asks its name ("report ka naam?"), and whose other words say nothing of a topic:
    in a conversation it asks which document the last answer rests on, pointer or not. `said`
    tells the everyday words of the message's language (Roman Urdu's "ka", "hai"). "Which study
    shows brain drain?" names a topic of its own."""
    if not words or len(words) > DOCUMENT_ASK_WORDS:
        return False
    document = cues.provenance_nouns | cues.reference_words
    kept = [w for w in words if w in cues.provenance_asks or w in document or not (w in STOPWORDS or said(w))]
    asked = any(
        {a, b} & cues.provenance_asks and {a, b} & document for a, b in zip(kept, kept[1:])
    ) or bool(cues.provenance_naming & set(words) and document & set(words))
    quiet = (cues.provenance_asks | cues.provenance_nouns | cues.provenance_sayings | cues.reference_words
             | cues.reference_details | cues.provenance_naming | cues.companions | cues.fillers)
    return asked and all(w in quiet or w in STOPWORDS or w.isdigit() or said(w) for w in words)


REFERENCE_WORDS = 14  # words of a message (or sentence) that asks only for a reference in detail


def asks_for_a_reference(text: str, cues: Cues) -> bool:
    """The message, or its first or last sentence, asks only for the reference of what was said
    (reading.yaml `provenance.details`, `provenance.reference_words`): "full reference plz,
    journal volume pages, for my bibtex", "year and source? numbers keep changing", "...so the
    energy centre is close to my work. what do i cite for it". Every word is a part of a
    reference, a sources cue, a filler, a companion or an English stopword, and one asks for a
    reference as such: "which year?" alone does not."""
    sentences = [s for s in _SENTENCE.findall(text) if cue_words(s)]
    for part in {text, *(sentences[:1] + sentences[-1:])}:
        words = cue_words(part)
        if not words or len(words) > REFERENCE_WORDS or not cues.reference_words & set(words):
            continue
        if all(w in cues.reference_details or w in cues.reference_words or w in cues.fillers
               or w in cues.companions or w in STOPWORDS or _reference_stem(w) in _reference_stems(cues)
               for w in words):
            return True
    return False


def _reference_stem(word: str) -> str:
    return TOKENIZER.normalise(word, keep_acronyms=False) or word


@lru_cache(maxsize=8)
def _reference_stems(cues: Cues) -> frozenset[str]:
    """The parts of a reference by their stems, so a plural is one too ("names", "years")."""
    return frozenset(_reference_stem(w) for w in cues.reference_details | cues.reference_words)


def _figure_points_back(text: str, english: str, cues: Cues) -> bool:
    """A figure question with a word that points back (`refers_back`, `back_pointers`):
    "usme total kitni universities thin", "How much was lost in that case?"."""
    return any(
        refers_back(t, cues) or (len(words := cue_words(t)) <= REFERS_BACK_WORDS and any(_find(words, p) >= 0 for p in cues.back_pointers))
        for t in (text, english)
    )


def without_counts(words: tuple[str, ...], cues: Cues) -> tuple[str, ...]:
    """The words without the numbers that count lines, bullets or reasons (reading.yaml
    `count_units`): "3 4 lines", "5 bullets", "5-6 solid reasons" are lengths, not benefits; nor
    are the numbers that count off a list as it is told ("one by one", "1 1 kar k")."""
    table = _number_table(cues)
    drop: set[int] = set()

    def value(w: str) -> int | None:
        return int(w) if w.isdecimal() else table.get(w)

    for i, word in enumerate(words):
        # a number that counts off the list as it is told, no benefit number (reading.yaml
        # `one_by_one`): said twice ("1 1 kar k", "ek ek karke"; not "the 1st one"), or before
        # "by" or "after" ("one by one", "one thing after another")
        n = value(word)
        if n is not None and (
            word in words[max(0, i - 1):i] + words[i + 1:i + 2]
            or any(w in cues.one_by_one for w in words[i + 1:i + 1 + ONE_BY_ONE_REACH])
        ):
            drop.add(i)
        if word in cues.count_units:
            j = i - 1
            if j >= 0 and words[j] not in table and not words[j].isdecimal():
                j -= 1  # one word between: "5-6 solid reasons"
            while j >= 0 and i - j <= COUNT_REACH and (words[j].isdecimal() or words[j] in table):
                drop.add(j)
                j -= 1
    return tuple(w for k, w in enumerate(words) if k not in drop)


ONE_BY_ONE_REACH = 2  # words after a number within which "by" or "after" counts it off ("one thing after another")
COUNT_REACH = 3  # words before a unit that may count it ("4 5 lines", "5-6 solid reasons")


def asks_to_restate(text: str, english: str, cues: Cues) -> bool:
    """The message asks to say it again, simpler or shorter (reading.yaml `restate`: "asaan lafzon
    mein samjha dein", "bas thora chota kar do", "Put it in three lines the chair can read out"),
    not for the whole picture ("sab faide ek sath mukhtasar", "summarise everything")."""
    typed, read = cue_words(text), cue_words(english)
    if any(_has_phrase(words, cues.totality) or _has_phrase(words, cues.totality_self) for words in (typed, read)):
        return False  # "overall summary in 2 lines", "wrap up everything in 6 lines": the whole picture
    # ...or counts the length it wants ("two line version pls", "ek jumle mein de do"): a number
    # before a count unit (`without_counts`)
    return _has_phrase(typed, cues.restate) or _has_phrase(read, cues.restate) or any(
        without_counts(words, cues) != words for words in (typed, read)
    )


def restates_the_conversation(text: str, english: str, terms: tuple[str, ...], index: Index, cues: Cues) -> bool:
    """The message asks to say it again (`asks_to_restate`) and names nothing else: no topic of
    its own ("TNE ka matlab asaan lafzon mein?" asks about TNE), and not the benefits as such
    ("and the upside? one line per benefit" asks for the benefits, laid out short)."""
    said = frozenset(terms) - _restate_terms(index, cues)
    return asks_to_restate(text, english, cues) and not index.names_an_entry(said) and not said & whole_picture_terms(index)


@lru_cache(maxsize=8)
def whole_picture_terms(index: Index) -> frozenset[str]:
    """The terms of reading.yaml `whole_picture` ("benefits", "upsides", "overview"): the benefits as such."""
    return frozenset(t for p in cues_of(index.corpus.folder).whole_picture for w in p for t in index.tokenizer.tokenize(w))


@lru_cache(maxsize=8)
def _restate_terms(index: Index, cues: Cues) -> frozenset[str]:
    return frozenset(t for p in cues.restate for w in p for t in index.tokenizer.tokenize(w)) | frozenset(
        t for w in cues.count_units for t in index.tokenizer.tokenize(w)
    )


def pointer_leads(text: str, index: Index, cues: Cues) -> bool:
    """The first word that points (`refers_back`) comes before any word that names a topic
    (topics.yaml vocabulary), so it points outside the message: "What does it attribute that
    growth to?", "How many universities are part of that consortium?". After one, it points at
    that word: "TNE - what's the argument for it?" is about TNE."""
    for word in cue_words(text):
        if word in cues.refers_back:
            return True
        if any(t not in index.light and t in index.topic_words for t in index.tokenizer.tokenize(word)):
            return False
    return False


def points_to_the_conversation(text: str, english: str, index: Index, cues: Cues) -> bool:
    """A short message that points back at the conversation (reading.yaml `back_pointers`: "is
    pe", "usme", "us waqt") and names no topic of its own asks more about the conversation's
    topic, ranked by its words: "HEC ne khud is pe kitna target rakha tha", "kya hua tha us
    waqt". A procedure ("is ki last date kya hai?") stays a procedure, and a word the sources
    never use makes it a question of its own ("us waqt weather kaisa tha")."""
    words = cue_words(text)
    if len(words) > POINTER_FOLLOW_UP_WORDS or not any(_find(words, p) >= 0 for p in cues.back_pointers):
        return False
    if _asks_a_procedure(words, cues) or _asks_a_procedure(cue_words(english), cues):
        return False
    terms = frozenset(index.tokenizer.tokenize(english))
    if any(t not in index.known_terms for t in terms - _cue_terms(index, cues) - index.light - _pointer_terms(index, cues)):
        return False  # a word the sources never use ("us waqt weather kaisa tha") is a question of its own
    return not index.names_an_entry(terms)


POINTER_FOLLOW_UP_WORDS = 10  # words of a message that points back and may still be a follow-up


@lru_cache(maxsize=8)
def _pointer_terms(index: Index, cues: Cues) -> frozenset[str]:
    return frozenset(t for p in cues.back_pointers for w in p for t in index.tokenizer.tokenize(w))


def narrows_the_topic(words: tuple[str, ...], index: Index, cues: Cues) -> bool:
    """A short message that only narrows the conversation's topic to a place or a scope
    (reading.yaml `narrowers`, and foreign places): "Pakistan-specific?", "Not Pakistan though.
    Anything local?", "UK wale kuch kar rahe hain is me?". It asks for more of the same, ranked
    by those words. A word that is neither ("cricket?") makes it a question of its own."""
    own = [w for w in words if w not in cues.fillers and w not in cues.companions]
    if not own or len(own) > QUALIFIED_FOLLOW_UP_WORDS:
        return False
    return all(
        w in cues.narrowers or (w.isdecimal() and len(w) == 4)  # a year: "Anything newer than 2019 on it?"
        or ((terms := index.tokenizer.tokenize(w))
            and all((t in index.collaboration or t in index.generic) and t not in index.topic_words for t in terms))
        for w in own
    )


def _asks_the_next(words: tuple[str, ...], cues: Cues) -> bool:
    """The message only asks for the next one (`cues.next_benefit`: "next one", "agla point", "the
    one below it on your list"), with fillers and companions."""
    for phrase in cues.next_benefit:
        at = _find(words, phrase)
        if at >= 0:
            rest = words[:at] + words[at + len(phrase):]
            if all(w in cues.fillers or w in cues.ordinal_around or w in cues.companions for w in rest):
                return True
    return False


def _starts_anew(text: str, cues: Cues) -> str:
    """The message after a marker that says it starts a new question ("Completely different
    matter: ...", "Fresh question: ..."), or "" when it has none. The marker is set aside: its
    words ("matter") are not what is asked."""
    words = cue_words(text)
    for phrase in cues.starts_anew:
        if _find(words[:len(phrase) + 2], phrase) >= 0:
            pattern = r"\W*".join(map(re.escape, phrase))
            m = re.search(pattern + r"\W*", text, re.I)
            if m and m.end() < len(text):
                return text[m.end():]
    return ""


def _points_back(words: tuple[str, ...], cues: Cues) -> bool:
    """A message that asks for a benefit by number as if a list had been given: it opens with a
    frame start ("what about the 2nd one?", "and the fourth?") or a pointer stands right before
    the number ("wo doosra point", "that second point")."""
    words = tuple(w for w in words if w not in cues.fillers)
    if _starts_with(words, cues.frame_starts):
        return True
    table = _number_table(cues)
    return any(
        w in cues.scene_pointers and i + 1 < len(words) and (words[i + 1] in table or words[i + 1].isdecimal())
        for i, w in enumerate(words)
    )


def _bare_ordinal(words: tuple[str, ...], cues: Cues) -> tuple[int, ...]:
    """In a conversation, a message that is only an ordinal ("the 5th", "6th?", "aur 5th?", "ok
    and the fifth"), with frame starts and fillers around it, asks for that benefit."""
    table = _number_table(cues)
    ordinals = [w for w in words if (w in table and w not in {"one", "two", "three", "four", "five", "six"})
                or (w.isdecimal() and 1 <= int(w) <= 6)]
    rest = [w for w in words if w not in ordinals and w not in cues.fillers and w not in cues.ordinal_around]
    if len(ordinals) != 1 or rest:
        return ()
    return (int(ordinals[0]),) if ordinals[0].isdecimal() else (table[ordinals[0]],)


def _named(english: str, tokens: list, terms: tuple[str, ...], index: Index) -> frozenset[str]:  # type: ignore[type-arg]
    """The named things of a question: words written with a capital ("NUST", "Fulbright",
    "Faisalabad") and years and other long numbers; generic words ("Pakistan", "HEC") name
    nothing the sources could be about."""
    named = set()
    for token, term in zip(tokens, terms):
        typed = english[token.start:token.end]
        if term in index.light or term in index.topic_words:
            continue  # a word of the topics ("PhD", "Rankings") is no name
        # the first word of a sentence or clause has its capital from its place, not its name
        first = not english[:token.start].strip() or english[:token.start].rstrip()[-1] in ".:;!?-"
        capital = typed[:1].isupper() and not first
        if re.fullmatch(r"[A-Z]{2,}s", typed):  # "VCs", "HEIs": the plural of an acronym
            term = index.tokenizer.normalise(typed[:-1]) or term
            if term in index.light:
                continue
        if capital or _is_acronym(typed) or (term.isdigit() and len(term) >= 3):
            named.add(term)
    return frozenset(named)


def current_year() -> int:
    """The year "this year" means (a function, so a test can fix it)."""
    from datetime import date

    return date.today().year


def years_meant(words: tuple[str, ...], cues: Cues) -> frozenset[int]:
    """The years a figure question means by a relative phrase (`cues.relative_years`): "this
    year", "currently", "next year", "is saal" become the year itself. "NUST's QS rank this
    year" asks for the current year's rank, not for the year a passage happens to give; only a
    source published that year or later can state it (`retrieve`)."""
    return frozenset(current_year() + n for phrase, n in cues.relative_years if _find(words, phrase) >= 0)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1 and letters[0].isupper() and letters[1].isupper()


def _figure_terms(
    english: str, tokens: list, terms: tuple[str, ...], index: Index, cues: Cues, words: tuple[str, ...],  # type: ignore[type-arg]
    typed: tuple[str, ...] = (),
) -> frozenset[str] | None:
    """A figure asked for by name, "What was NUST's QS ranking in 2024?", "Pakistan's
    h-index": a figure word, a named thing or none besides generic ones, and the question
    asks for a value ("what", "which": `cues.figure_asks`) or is only a few words. "Can
    partners lift NUST's rank?" asks whether, not what, and is about the benefit. The terms a
    passage must hold to state it: the named things and the figure words. None when the
    question does not ask for a figure this way. (The named things are added by `analyse`.)"""
    spots = [p for p in _starting(cues.figure_words, words) if _find(words, p) >= 0]
    if not spots:
        return None
    # asked in the English reading or as typed (an Urdu "کیا" is a stopword of the reading)
    # ...or in a few words of its own ("Karachi university THE rank 2023"), or for a year
    # ("QS rank of Quaid-i-Azam University this year?")
    # A question that opens asking whether ("Can partners lift NUST's rank?") does not.
    own = [t for t in terms if t not in index.light]
    # (an Urdu "کیا" that opens a yes-or-no question is no "what": "...اوپر کیسے آئیں؟ کیا ... کردار ہے؟")
    asks_value = _has_phrase(words, cues.figure_asks) or (
        _has_phrase(typed, cues.figure_asks) and not asks_whether(english, cues)
    ) or (
        not asks_whether(english, cues)
        and (len(own) <= cues.frame_max_words + 1 or bool(years_meant(words, cues)))
    )
    if not asks_value and asks_for(english) is None:
        return None
    return frozenset(t for p in spots for t in index.tokenizer.tokenize(" ".join(p)))


def word_shares(renderings: tuple[tuple[str, int], ...], terms: tuple[str, ...], index: Index) -> tuple[tuple[str, float], ...]:
    """Each term's share of one word's weight when the lexicon read one Urdu word as several
    English ones ("paisa" -> "funding money grants": a third each), so "US ye paisa kyun lagata
    hai? unka kya faida" is not three parts money. A term the question also says on its own
    keeps its whole weight."""
    counts: dict[str, int] = {}
    for t in terms:
        counts[t] = counts.get(t, 0) + 1
    shares: dict[str, float] = {}
    for rendering, span in renderings:
        words = index.tokenizer.tokenize(rendering)
        for t in words:
            counts[t] = counts.get(t, 0) - 1
        for t in set(words):  # "ranking rankings" is one term, whole; "maali imdad" two words of three
            shares[t] = max(shares.get(t, 0.0), min(1.0, span / len(set(words))))
    return tuple((t, share) for t, share in shares.items() if counts.get(t, 0) <= 0 and share < 1.0)


def asks_for_the_challenges(english: str, text: str, cues: Cues) -> bool:
    """The message's question asks for risks or downsides as such (reading.yaml
    `challenge_heads`): "what are the risks when foreign donors fund our scholarships?", "Any
    flip side the DC should be aware of?". A worry of one kind ("visa", "budget cut") can be
    asked about beside a benefit; a word for the challenges themselves cannot."""
    asked = [cue_words(request_text(t)) for t in {english, text}]  # once each, not per phrase
    return any(_find(words, p) >= 0 for words in asked for p in _starting(cues.challenge_heads, words))


def asks_the_funders_motive(text: str, english: str, index: Index, cues: Cues) -> bool:
    """The message asks what a foreign funder gains by paying (reading.yaml `funders_motive`):
    "why does America spend so much on scholarships for Pakistani students, what do they get out
    of it?", "US ya china humpe paisa kyun lagatay hn, unka kya fayda". It says one of `asks`,
    one of `money`, and names a foreign party (a collaboration word, "America", "foreign", or one
    of `parties`, "US", "donors"). "Our students go on exchange to Germany; what's in it for
    them?" pays nothing, and "Scholarships for our students: what's in it for them?" names no
    funder: neither is this."""
    typed, read = cue_words(text), cue_words(english)
    if not (_has_phrase(typed, cues.motive_asks) or _has_phrase(read, cues.motive_asks)):
        return False
    if not cues.motive_money & (set(typed) | set(read)):
        return False
    return bool(cues.motive_parties & (set(typed) | set(read))) or any(
        t in index.collaboration for t in index.tokenizer.tokenize(english)
    )


def leans_on_scene(text: str, cues: Cues) -> bool:
    """A question sentence whose subject points back to what came before (reading.yaml
    `scene_pointers`): "Is this mentioned as a problem anywhere?", "Does it happen often?",
    "ye aam baat h kya?", "کیا یہ عام بات ہے؟". Not "this year" or "it in the rankings": the
    pointer opens the sentence, after at most one opener ("is", "kya")."""
    for sentence in _QUESTION.findall(text):
        words = cue_words(sentence)
        words = words[1:] if words and words[0] in cues.scene_openers else words
        if len(words) > 1 and words[0] in cues.scene_pointers and words[1] not in ("of", "in", "year"):
            return True
    return False


_QUESTION = re.compile(r"[^.?!\n\u061f\u06d4]*[?\u061f]")
WHOLE_REACH = 6  # words after "all the benefits" that may still say which benefits ("...for our faculty")


_CLAUSE_END = re.compile(r"[,.;:!?()\n\u060c\u061f\u06d4]+")


def asks_for_the_whole(text: str, index: Index, cues: Cues) -> bool:
    """A word for the whole said of the benefits (reading.yaml `totality`): "saare benefits",
    "all the advantages", "the full picture", "broad picture required". Not when the next
    `WHOLE_REACH` words of its clause name a topic: "all the benefits for our faculty" asks
    about benefit 3 ("I want the full picture, not just one part" names none). Collaboration
    and domain words name none ("all benefits of international collaboration for higher
    education")."""
    objects = {p[0] for p in cues.whole_picture + cues.totality_of if len(p) == 1}
    wholes = {p[0] for p in cues.totality if len(p) == 1}
    return any(_whole_in(words, objects, wholes, index, cues) for clause in _CLAUSE_END.split(text) if (words := cue_words(clause))) or any(
        # "everything" only in what the message asks: "'international standards' in everything" is its scene
        _everything_in(words, index, cues) for clause in _CLAUSE_END.split(request_text(text)) if (words := cue_words(clause))
    )


def _everything_in(words: tuple[str, ...], index: Index, cues: Cues) -> bool:
    """A word for everything (`totality.self`: "everything", "sab kuch") with no topic named in
    the words after it: "explain them everything that comes to us from these links"."""
    for phrase in cues.totality_self:
        at = _find(words, phrase)
        if at >= 0:
            if not _names_a_topic(words[at + len(phrase):at + len(phrase) + WHOLE_REACH], index):
                return True
    return False


def _whole_in(words: tuple[str, ...], objects: set[str], wholes: set[str], index: Index, cues: Cues) -> bool:
    for i, word in enumerate(words):
        if word not in wholes:
            continue
        j = i + 1
        while j < len(words) and j - i <= 3 and words[j] in cues.totality_between:
            j += 1
        if j >= len(words) or words[j] not in objects:
            continue
        if not _names_a_topic(words[j + 1:j + 1 + WHOLE_REACH], index):
            return True
    return False


def _names_a_topic(words: tuple[str, ...], index: Index) -> bool:
    """A word of some topic that is neither a collaboration nor a domain word ("faculty" in
    "all the benefits for our faculty"; not "international" or "higher education")."""
    return any(
        t in index.topic_words and t not in index.collaboration and t not in index.domain
        for w in words for t in index.tokenizer.tokenize(w)
    )


def asked_terms(query: Query) -> frozenset[str]:
    """The terms of what a message asks: its questions, when it has any ("Our budget was cut
    again. Can partners bring money?" asks about money; the cut is the scene), else all."""
    return frozenset(t for part in query.requests for t in part) or frozenset(query.terms)


def asks_whether(english: str, cues: Cues) -> bool:
    """Whether the message, or its question sentence, opens asking whether or how
    (`cues.whether_starts`: "Would co-financing equipment make any difference to how much work
    they get through?"), not for a value. A polite request is no such question: "Can you tell
    me how many scholars returned?" asks for the number."""
    for words in (tuple(w for w in cue_words(english) if w not in cues.fillers), cue_words(request_text(english))):
        opener = next((p for p in cues.whether_starts if words[:len(p)] == p), None)
        if opener is not None and words[len(opener):len(opener) + 1] != () and words[len(opener)] not in cues.polite_subjects:
            return True
    # "Kindly tell me whether working with overseas researchers increases how much research we turn
    # out"; "universities ranking me upar kaise aa rahi hain" (how, in any place)
    return _WHETHER_HOW_MUCH.search(english) is not None or _HOW.search(request_text(english)) is not None


_WHETHER_HOW_MUCH = re.compile(r"\b(?:whether|if)\b[^.?!]*\bhow (?:many|much)\b", re.I)
_HOW = re.compile(r"\bhow\b(?! (?:many|much|long|often)\b)", re.I)


def names_a_worry(index: Index, content: frozenset[str]) -> bool:
    """Whether the question holds a whole entry of the challenges topic's title or vocabulary:
    "risk", "visa", "budget cut", but not "budget" alone."""
    return any(
        cue <= content for i, topic in enumerate(index.topics) if topic.key == CHALLENGES for cue in index.cues[i]
    )
