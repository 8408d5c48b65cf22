"""One tokenizer for passages and questions.

Steps, in order: find words (letters or numbers, any script), fold accented Latin letters to
ASCII, drop words with no Latin letter or digit (other scripts are not readable here),
lowercase, drop stopwords, stem with nltk's Snowball stemmer, and drop a stem that is itself
a stopword ("ups" -> "up").

Acronyms stay distinct: a word written in capitals ("HEC", "US", "IT", "AIDS") is neither a
stopword nor stemmed, so "US" (the country) survives where "us" is dropped, and "AIDS" does not
become "aid". When a whole question is shouted in capitals this rule would keep every word
unstemmed, so it applies only when capitals are the exception in the text.

Everything here works with no nltk data installed: the regexp and the stemmer need none, and
the stopword list ships in qa/data/stopwords.txt.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .records import Token


def _import_snowball_stemmer() -> type:
    """nltk's SnowballStemmer, without paying for scipy.

    Importing any part of nltk runs its package __init__, which imports nltk.collocations and
    through it scipy.stats (about a second at start-up) for statistics this project never uses.
    nltk falls back cleanly when scipy is missing, so scipy.stats is hidden for the length of
    this one import; anything that imports scipy later gets the real module."""
    hidden = "scipy.stats" not in sys.modules
    if hidden:
        sys.modules["scipy.stats"] = None  # type: ignore[assignment]
    try:
        from nltk.stem.snowball import SnowballStemmer
    finally:
        if hidden:
            del sys.modules["scipy.stats"]
    return SnowballStemmer


SnowballStemmer = _import_snowball_stemmer()

# A word is a run of letters/digits of any script, with an optional apostrophe part
# ("Pakistan's"), or a number with thousands separators ("1,000").
_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|[^\W_]+(?:['\u2019][^\W_]+)*")
_LATIN = re.compile(r"[a-z0-9]")


def _ascii_fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum()))


def _load_stopwords() -> frozenset[str]:
    text = resources.files("qa").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True)
class Tokenizer:
    """Settings of the one tokenizer; `fingerprint` keys any cache built with it."""

    language: str = "english"
    version: int = 3  # bump when the rules change, so persisted indexes are rebuilt

    @property
    def fingerprint(self) -> str:
        words = "\n".join(sorted(STOPWORDS))
        raw = f"{self.language}|{self.version}|{words}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def tokens(self, text: str) -> list[Token]:
        """Index terms with their character spans in `text` (for highlighting)."""
        return list(_tokens(text))

    def tokenize(self, text: str) -> list[str]:
        return [t.term for t in self.tokens(text)]

    def normalise(self, word: str, keep_acronyms: bool = True) -> str | None:
        """One word to its index term, or None when it carries no meaning here."""
        return _normalise(word, keep_acronyms)


def forget_tokens() -> None:
    """Clear the remembered words and texts (`build_index` does, so a changed rule is seen)."""
    _tokens.cache_clear()
    _normalise.cache_clear()


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    """`Tokenizer.tokens`, remembered: a cited passage is read again for every answer citing it."""
    matches = list(_WORD.finditer(text))
    # three acronym-like words need six capitals: most texts have fewer, and need no closer look
    shouting = sum(map(str.isupper, text)) >= 6 and _is_shouting([m.group() for m in matches])
    out: list[Token] = []
    for match in matches:
        term = _normalise(match.group(), keep_acronyms=not shouting)
        if term:
            out.append(Token(term, match.start(), match.end()))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _normalise(word: str, keep_acronyms: bool = True) -> str | None:
    """`Tokenizer.normalise`, remembered: the same few thousand words come back in every
    question and every cited passage, and folding and stemming them is most of an answer's time."""
    # "Pakistan's" -> "Pakistan"; other apostrophes ("don't") are dropped.
    word = re.sub(r"['\u2019]s$", "", word, flags=re.IGNORECASE)
    folded = _ascii_fold(word)
    if not _LATIN.search(folded.lower()):
        return None  # another script or symbols only: nothing this tokenizer can read
    if keep_acronyms and _is_acronym(folded):
        return folded.lower()
    lower = folded.lower()
    if _NEGATION.fullmatch(word.lower()):
        return "not"  # "don't", "didn't", "never came back" ... negation changes the meaning
    if lower in STOPWORDS:
        return None
    if lower.isdigit():
        return lower
    stem = STEM_EXCEPTIONS.get(lower) or _stem(lower)
    return None if stem in STOPWORDS else stem  # "ups" stems to the stopword "up"


# A negated verb: "not" survives as a term, so "did not return" is not "return" ("returnees").
_NEGATION = re.compile(r"(?:do|does|did|is|are|was|were|have|has|had|wo|ca|could|would|should)n['\u2019]?t|cannot|never")

# Where one clause of a question ends and the next begins: sentence ends, a colon or
# semicolon, a dash between spaces ("drafting our strategy - list the reasons").
_CLAUSE_END = re.compile(r"[.!?;:]+(?=\s|$)|\s[-\u2013\u2014]+\s|[\u2013\u2014]")
# "not just research", "not only funding": the word after says what the question is NOT
# limited to, so it is not what the question asks about.
_NOT_JUST = re.compile(r"\bnot\s+(?:just|only|merely|simply)\s+([^\W_]+)", re.IGNORECASE)
# A clause that points back ("training abroad - is it worth it?") is about the clause before.
_POINTS_BACK = re.compile(r"\b(?:it|this|that|these|those|they|them)\b", re.IGNORECASE)


def clauses(text: str, tokens: list[Token]) -> list[list[int]]:
    """The question's clauses, each as the positions (in `tokens`) of its words, leaving out a
    word that the question says it is "not just" about. "Donor briefing tomorrow. List the key
    upsides" has two clauses: the context, then the request. A clause that points back with a
    pronoun ("faculty training abroad - is it worth it?") joins the one before."""
    found = [m.start() for m in _CLAUSE_END.finditer(text)]
    # keep a clause end only when the clause after it does not point back
    ends = [end for end, after in zip(found, found[1:] + [len(text)]) if not _POINTS_BACK.search(text, end, after)]
    aside = {m.start(g) for m in _NOT_JUST.finditer(text) for g in (0, 1)}  # "not" too: it negates nothing
    out: list[list[int]] = [[]]
    cut = 0
    for i, token in enumerate(tokens):
        while cut < len(ends) and ends[cut] < token.start:
            cut += 1
            if out[-1]:
                out.append([])
        if token.start not in aside:
            out[-1].append(i)
    return [c for c in out if c]


def _is_acronym(word: str) -> bool:
    # str.isupper() first: most words are not, and it answers in C (an acronym always is)
    if not word.isupper():
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_shouting(words: list[str]) -> bool:
    alpha = [w for w in words if len(w) > 1 and not w.isdigit() and any(c.isalpha() for c in w)]
    if len(alpha) < 3:
        return False
    return sum(_is_acronym(w) for w in alpha) / len(alpha) > 0.5


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


STOPWORDS = _load_stopwords()
# Words the Snowball stemmer merges with an unrelated word that matters here: "publications"
# would become "public" and match every "public university".
STEM_EXCEPTIONS = {"publication": "publicat", "publications": "publicat"}
_STEMMER = SnowballStemmer("english")
TOKENIZER = Tokenizer()


def tokenize(text: str) -> list[str]:
    """The shared tokenizer, as used for both passages and questions."""
    return TOKENIZER.tokenize(text)


def read_phrasal(text: str, phrasal: tuple[tuple[str, str], ...]) -> str:
    """Phrases read as the one word the corpus uses for them (reading.yaml `phrasal`: "coming
    back" -> "returning"), in questions and passages alike, so "scholars not coming back" meets
    "not returning", and "came back" leaves no "back" to match "foreign-backed"."""
    if not phrasal:
        return text
    table = dict(phrasal)
    return _phrasal_pattern(phrasal).sub(lambda m: table[" ".join(m.group().lower().split())], text)


@lru_cache(maxsize=8)
def _phrasal_pattern(phrasal: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    alternatives = sorted((k for k, _ in phrasal), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, k.split())) for k in alternatives) + r")\b", re.I)
