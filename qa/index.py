"""The search index: BM25 over the passages, and BM25 over one profile per topic.

Built once per process (see `get_index`). A topic profile is the topic's title, its benefit
passage and its vocabulary from topics.yaml: it lets a question in users' words ("cash",
"league tables") reach a benefit whose passages say "financial resources" or
"competitiveness". Evidence passages are scored on their own and count for their benefit.

Scores are `rank_bm25.BM25Okapi`'s, computed from postings (`qa.scoring.PostingsBM25`) so a
question only touches the passages that share a term with it.
"""

from __future__ import annotations

import re
import threading
from functools import cache as memoise, cached_property
from importlib import resources
from pathlib import Path
from typing import Callable

import numpy as np

from . import cache
from .corpus import cached_cues, default_corpus_dir, load_corpus_and_digest
from .naive_bayes import MultinomialNB
from .records import Corpus, Passage, Topic, TopicKey
from .scoring import PostingsBM25
from .tokenize import TOKENIZER, Tokenizer, forget_tokens, read_phrasal

_YEAR = re.compile(r"(?<![\d.,])(19|20)\d\d(?![\d.,]\d)")
_YEAR_RANGE = re.compile(r"\b(19|20)\d\d[-\u2013/](19|20)?\d\d\b")  # "2019-20", "2019-2020": years, not counts
_COUNT = re.compile(r"(?<![\d.,])(?!(19|20)\d\d(?![\d.,]\d))\d[\d,.]*")
MIN_FUZZY_LENGTH = 6  # shorter words are too easily one typo away from another word
MIN_SWAP_LENGTH = 5  # ...but two letters swapped in a word this long is still a typo ("drian" -> "drain")


def phrasal_of(folder: str) -> tuple[tuple[str, str], ...]:
    """The corpus's phrases read as one word (reading.yaml `phrasal`); none without the file."""
    return cached_cues(folder).phrasal if folder else ()


class Index:
    def __init__(
        self, corpus: Corpus, tokenizer: Tokenizer = TOKENIZER,
        passage_bm25: PostingsBM25 | None = None, progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        """Index `corpus`; `passage_bm25` is a scorer already built for it (from the cache)."""
        self.corpus = corpus
        self.tokenizer = tokenizer
        self.passages: tuple[Passage, ...] = corpus.passages
        self.topics: tuple[Topic, ...] = corpus.topics
        # phrases read as one word (reading.yaml `phrasal`), in passages as in questions
        self.phrasal = phrasal_of(corpus.folder)
        if passage_bm25 is None:
            documents = []
            for i, p in enumerate(self.passages):
                documents.append(self._document(p))
                if progress and (i + 1) % 5000 == 0:
                    progress("indexing", i + 1, len(self.passages))
            passage_bm25 = PostingsBM25.from_tokens(documents)
        self.passage_bm25 = passage_bm25
        claims: dict[TopicKey, list[str]] = {}
        for p in self.passages:
            if p.kind == "benefit" and p.benefit is not None:
                claims.setdefault(p.benefit, []).append(p.text)
        profiles = [self._profile(t, " ".join(claims.get(t.key, []))) for t in self.topics]
        self.topic_bm25 = PostingsBM25.from_tokens(profiles)
        self.topic_terms: tuple[frozenset[str], ...] = tuple(frozenset(p) for p in profiles)
        rows = {t.key: i for i, t in enumerate(self.topics)}
        # Each passage's topic as a row number (-1: the summary, which belongs to none).
        self.topic_of = np.fromiter(
            (rows.get(p.topic_key, -1) for p in self.passages), dtype=np.int64, count=len(self.passages)
        )
        self.generic = self._term_set(corpus.vocabulary.generic)
        # naming a foreign country or region says a question is about collaboration ("a semester in Korea")
        self.collaboration = self._term_set(corpus.vocabulary.collaboration) | self._term_set(corpus.vocabulary.foreign_places)
        self.overview = self._term_set(corpus.vocabulary.overview)
        self.domain = self._term_set(corpus.vocabulary.domain)
        self.light = light = self.generic | self.overview  # words that weigh little in a question
        # What users' example questions say about each topic (examples.yaml), without light words.
        examples = [(row, q) for row, t in enumerate(self.topics) for q in t.examples]
        self.examples = MultinomialNB.fit(
            [[w for w in tokenizer.tokenize(q) if w not in light] for _, q in examples],
            [row for row, _ in examples], len(self.topics),
        )
        # A vocabulary entry is topical when all its words are in a question: "diplomacy",
        # "visa", "league tables"; one word of a phrase ("best" of "best practice") is not.
        # An entry that loses words to the tokenizer ("start-ups" -> "start", "people-to-people"
        # -> "people") would make a common word topical, so it only helps find its topic.
        # Everyday words ("fee", "teacher", "PhD") point to a topic but are not topical on
        # their own: "what is the fee for BS computer science" is not about collaboration.
        everyday = self._term_set(corpus.vocabulary.everyday)
        entries = {frozenset(terms) for t in self.topics for w in t.vocabulary if (terms := self._entry(w))}
        # An entry of two everyday words is specific, though ("budget cut", "visa problems").
        self.topical: tuple[frozenset[str], ...] = tuple(
            e for e in entries if not e <= light and not (e <= everyday | light and len(e) < 2)
        )
        # Phrases made only of light words ("ties between nations", "foreign policy") name a
        # topic when their words stand together in a question.
        self.light_phrases: tuple[tuple[str, ...], ...] = tuple(sorted({
            tuple(terms) for t in self.topics for w in t.vocabulary
            if (terms := self._entry(w)) and len(terms) >= 2 and set(terms) <= light
        }))
        # Each topic's title and vocabulary entries as sets of terms. A question names a topic
        # when it holds a whole entry: "budget cut" names the challenges, "budget" alone does not.
        self.cues: tuple[tuple[frozenset[str], ...], ...] = tuple(
            tuple({frozenset(terms) for w in (t.title, *t.vocabulary) if (terms := self.tokenizer.tokenize(w))})
            for t in self.topics
        )
        # Words of the topics' titles and vocabularies: a question using one asks about a topic.
        self.topic_words = frozenset(
            term for t in self.topics for w in (t.title, *t.vocabulary) for term in self.tokenizer.tokenize(w)
        ) - light
        # Each word of a synonym group -> the group's other words ("launch" -> "start", ...).
        self.synonyms: dict[str, frozenset[str]] = {}
        for group in corpus.vocabulary.synonyms:
            terms = {t for w in group for t in self.tokenizer.tokenize(w)}
            for t in terms:
                self.synonyms[t] = self.synonyms.get(t, frozenset()) | frozenset(terms - {t})
        self.known_terms = frozenset(self.passage_bm25.vocab) | frozenset(self.topic_bm25.vocab)

    @cached_property
    def passage_rows(self) -> dict[str, int]:
        """Each passage's row, by id."""
        return {p.id: i for i, p in enumerate(self.passages)}

    @cached_property
    def has_count(self) -> np.ndarray:
        """Which passages give a count or amount: a number that is not a year ("300", "56", "37.58")."""
        return np.fromiter(
            (bool(_COUNT.search(_YEAR_RANGE.sub(" ", p.text))) for p in self.passages), dtype=bool, count=len(self.passages)
        )

    @cached_property
    def has_year(self) -> np.ndarray:
        """Which passages give a year ("2010", "2019-20")."""
        return np.fromiter((bool(_YEAR.search(p.text)) for p in self.passages), dtype=bool, count=len(self.passages))

    @cached_property
    def _near_terms(self) -> dict[str, tuple[str, ...]]:
        """Every known term (of MIN_SWAP_LENGTH letters or more), by each one-letter deletion
        of it and by itself (built on first use)."""
        return _near_table(t for t in self.known_terms if len(t) >= MIN_SWAP_LENGTH and t.isalpha())

    @cached_property
    def vocabulary_words(self) -> frozenset[str]:
        """The words of the topics' titles and vocabularies as written, lower-case ("rankings",
        "soft"), where `topic_words` holds their terms."""
        return frozenset(
            w.lower() for t in self.topics for text in (t.title, *t.vocabulary) for w in re.findall(r"[A-Za-z]+", text)
        )

    @cached_property
    def _near_words(self) -> dict[str, tuple[str, ...]]:
        """Words of the topics' titles, vocabularies and benefit passages, by each one-letter
        deletion of them and by themselves: the words a misspelt question most needs."""
        words = set(self.vocabulary_words) | {
            w.lower() for p in self.passages if p.kind == "benefit" for w in re.findall(r"[A-Za-z]+", p.text)
        }
        # and every form of those words that the passages use: "ranking" for the vocabulary's
        # "rankings", so "ranknig" is read as a ranking
        stems = {self.tokenizer.normalise(w) for w in words}
        words |= {
            w for w in {w.lower() for p in self.passages for w in re.findall(r"[A-Za-z]{%d,}" % MIN_SWAP_LENGTH, p.text)}
            if self.tokenizer.normalise(w) in stems
        }
        return _near_table(w for w in words if len(w) >= MIN_SWAP_LENGTH)

    def correct(self, word: str, term: str, by_ear: bool = True) -> str:
        """The term for a question word, corrected when misspelt. The one spelling rule: a word
        of MIN_FUZZY_LENGTH letters or more that is unknown is read as a known word one letter
        missing, extra or swapped from it (a word of MIN_SWAP_LENGTH, only swapped: "drian"
        is "drain"), or one vowel for another ("benifits"), never another changed letter (too often another real
        word: "counter" is not "country", "current" is not "currency"). It is tried twice,
        in order: the word as typed against the topics' own words ("inovation" ->
        "innovation", "facluty" -> "faculty"), then its stem against every known term
        ("finacial" -> "financi"). The typed word goes first because it keeps the letters
        stemming drops: "globaly" is "globally", but its stem "globali" is one letter from
        "globalis". A correction helps ranking but never alone makes a question topical."""
        if term in self.known_terms:
            return term
        for candidate in _one_edit(word.lower(), self._near_words):
            stem = self.tokenizer.normalise(candidate)
            if stem and stem in self.known_terms:
                return stem
        for candidate in _one_edit(term, self._near_terms):
            return candidate
        # spelt by ear ("publikation", "skolarships", "reputashun", "univercity"): the one topic
        # word that sounds the same, if only one does
        key = sound_key(word)
        if len(key) >= MIN_SOUND_KEY and word.isalpha():
            stems = {stem for w, stem in self._sounds.get(key, ()) if _spelt_alike(word.lower(), w, len(key))}
            if len(stems) == 1:
                return stems.pop()
        # spelt by ear with no English word in mind ("foren stoodent", "sitayshun", "brain dren",
        # "fandz"): a word that is no English word is read by a coarser sound, first letter and
        # silent letters too, as the one topic word that sounds the same. A real word is never
        # read this way: "situation" sounds like "citation" but means something else.
        # Only in an English question (`by_ear`): a Roman-Urdu word is no English word either,
        # and "bhejta" (sends) would be read as "budget".
        # A capitalised word is a name ("Skardu", "Tehran"), not a word spelt by ear.
        typed = word.lower()
        named = word[:1].isupper() and not word.isupper()
        if by_ear and not named and len(typed) >= EAR_MIN_LENGTH and typed.isalpha() and typed not in english_words():
            spelling = ear_spelling(typed)
            key = ear_key(spelling)
            if len(key) >= EAR_MIN_KEY:
                heard = [(w, stem) for n, w, stem in self._ears.get(key, ()) if abs(n - len(spelling)) <= EAR_STRETCH]
                # a word one slip from the one heard is a typo, and the spelling rule above has
                # judged it ("fundd", "rnak" and "budjet" are too short to tell)
                stems = {stem for _, stem in heard}
                if len(stems) == 1 and not any(_one_slip(typed, w) for w, _ in heard):
                    return stems.pop()
        return term

    @cached_property
    def _ears(self) -> dict[str, frozenset[tuple[int, str, str]]]:
        """The words `_sounds` holds, as (length of their sound spelling, word, stem), by `ear_key`."""
        table: dict[str, set[tuple[int, str, str]]] = {}
        for pairs in self._sounds.values():
            for w, stem in pairs:
                spelling = ear_spelling(w)
                table.setdefault(ear_key(spelling), set()).add((len(spelling), w, stem))
        return {k: frozenset(v) for k, v in table.items()}

    @cached_property
    def _sounds(self) -> dict[str, frozenset[tuple[str, str]]]:
        """The words a misspelt question most needs (`_near_words`, and the topics' short words),
        with their stems, by how they sound."""
        words = {w for variant, ws in self._near_words.items() for w in ws if w == variant} | {
            w for w in self.vocabulary_words if len(w) >= 3
        }  # short words too ("soft"), so "sofft" is not read as "safety"
        table: dict[str, set[tuple[str, str]]] = {}
        for w in words:
            if stem := self.tokenizer.normalise(w):
                table.setdefault(sound_key(w), set()).add((w, stem))
        return {k: frozenset(v) for k, v in table.items()}

    def _document(self, passage: Passage) -> list[str]:
        """What a passage is found by: its text, and its source's outlet and author, so "what
        did Dawn say" reaches the Dawn passages. Not the source's title: every passage of a
        source would carry its words ("young universities", "growth rate"), and the shortest
        sibling, not the one stating the fact, would win."""
        s = passage.source
        return self.tokenizer.tokenize(read_phrasal(" ".join(x for x in (passage.text, s.publisher, s.author) if x), self.phrasal))

    def _profile(self, topic: Topic, claim: str) -> list[str]:
        return self.tokenizer.tokenize(read_phrasal(" ".join([topic.title, claim, *topic.vocabulary]), self.phrasal))

    def _entry(self, phrase: str) -> list[str]:
        """A vocabulary entry's terms, or [] when the tokenizer drops or merges its words."""
        phrase = read_phrasal(phrase, self.phrasal)
        terms = self.tokenizer.tokenize(phrase)
        words = re.findall(r"\w+", phrase)
        if len(set(terms)) < len(terms) or (len(words) > 1 and len(terms) < 2):
            return []
        return terms

    def _term_set(self, words: tuple[str, ...]) -> frozenset[str]:
        return frozenset(t for w in words for t in self.tokenizer.tokenize(w))

    def postings(self, scorer: PostingsBM25, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(the documents containing `term`, its BM25 contribution to each)."""
        row = scorer.vocab.get(term)
        if row is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        s, e = scorer.offsets[row], scorer.offsets[row + 1]
        return scorer.doc_ids[s:e], scorer.weights[s:e]

    def names_an_entry(self, terms: frozenset[str]) -> bool:
        """The terms hold a whole vocabulary entry of some topic, not only of light words:
        "China", "knowledge exchange", "international students" name topics; "bullet points" not."""
        return any(entry <= terms and not entry <= self.light for cues in self.cues for entry in cues)

    def topic_row(self, key: TopicKey) -> int:
        return next(i for i, t in enumerate(self.topics) if t.key == key)


def _deletions(term: str) -> set[str]:
    return {term[:i] + term[i + 1:] for i in range(len(term))}


def _near_table(words) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """Each word by itself and by each of its one-letter deletions."""
    near: dict[str, set[str]] = {}
    for word in words:
        for variant in _deletions(word) | {word}:
            near.setdefault(variant, set()).add(word)
    return {k: tuple(sorted(v)) for k, v in near.items()}


def _one_edit(raw: str, table: dict[str, tuple[str, ...]]):  # type: ignore[no-untyped-def]
    """Words of `table` one letter missing, extra or swapped from `raw`, or one vowel changed
    (not `raw` itself, and no other changed letter), in a fixed order: letter missing first,
    then extra, then swapped, then the vowel.
    A word shorter than MIN_FUZZY_LENGTH is only read as a same-length word with two letters
    swapped: one letter more or less from a short word is too often another word."""
    if len(raw) < MIN_SWAP_LENGTH or not raw.isalpha():
        return
    swaps_only = len(raw) < MIN_FUZZY_LENGTH
    found: list[tuple[int, str]] = []
    for variant in (raw, *sorted(_deletions(raw))):
        for candidate in table.get(variant, ()):
            if candidate == raw:
                continue
            if len(candidate) == len(raw):
                if sorted(candidate) == sorted(raw):
                    found.append((2, candidate))
                elif not swaps_only and _one_vowel_for_another(raw, candidate):
                    found.append((3, candidate))  # "benifits": a vowel misheard, the commonest slip
                # any other changed letter makes another word, not a typo ("counter", "country")
            elif len(candidate) >= MIN_FUZZY_LENGTH and not swaps_only:
                found.append((0 if len(candidate) > len(raw) else 1, candidate))
    for _, candidate in sorted(set(found)):
        yield candidate


_VOWELS = frozenset("aeiou")
MIN_SOUND_KEY = 4  # sounds of fewer consonants match too many words ("words" is not "worried")
MAX_SOUND_STRETCH = 2  # letters a word spelt by ear may differ in length from the word it means
LONG_SOUND_KEY = 6  # a sound this long is specific enough for its second letter to differ ("sk" for "sch")
_SOUNDS = [("sch", "sk"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("tion", "shn"), ("sion", "shn"), ("shun", "shn"),
           ("dg", "j"), ("dj", "j"), ("x", "ks"), ("z", "s")]
_SOFT_C = re.compile(r"c(?=[eiy])")


def _spelt_alike(typed: str, word: str, key_length: int) -> bool:
    """A word spelt by ear still starts as the word it means and is about as long: "publikation"
    is "publication", but "situation" is not "citation" and "turning" is not "training" (real
    words the sources do not use). A long sound ("skolarships") may differ in its second letter."""
    return (
        abs(len(word) - len(typed)) <= MAX_SOUND_STRETCH and typed[:1] == word[:1]
        and (typed[1:2] == word[1:2] or key_length >= LONG_SOUND_KEY)
    )


def sound_key(word: str) -> str:
    """How a word sounds, roughly, as typed by ear or by voice: "publikation" and "publication",
    "skolarships" and "scholarships", "reputashun" and "reputation" have one key. Spellings
    that sound alike are folded, doubled letters are one, and vowels after the first letter go."""
    w = word.lower()
    for a, b in _SOUNDS:
        w = w.replace(a, b)
    w = _SOFT_C.sub("s", w).replace("c", "k")
    w = re.sub(r"(.)\1+", r"\1", w)
    w = w[:-1] if len(w) > 4 and w.endswith("s") else w  # "skolarships" and "scholarship"
    return w[:1] + re.sub(r"[aeiouy]", "", w[1:])


EAR_MIN_LENGTH = 4  # letters a word needs before it is read by ear: "kat" may be "cut" or "cat"
EAR_STRETCH = 1  # sound spellings may differ by one letter ("dren", "drain"); "biryani" is not "brain"
EAR_MIN_KEY = 3  # sounds (first letter and consonants) it needs: "dren" has three, d-r-n
_EAR_FOLDS = [("ssion", "shn"), ("tion", "shn"), ("sion", "shn"), ("shun", "shn"), ("sch", "sk"), ("ph", "f"),
              ("gh", ""), ("ck", "k"), ("dge", "j"), ("dg", "j"), ("dj", "j"), ("gn", "n"), ("q", "k"),
              ("x", "ks"), ("z", "s"), ("sh", "S"), ("ch", "C"), ("th", "T")]
_SILENT_START = re.compile(r"^(k(?=n)|w(?=r))")  # "knowledge" is said "nowledge"


@memoise
def english_words() -> frozenset[str]:
    """The English words of `data/english_words.txt` (SCOWL), loaded on first use."""
    text = resources.files("qa").joinpath("data/english_words.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def ear_spelling(word: str) -> str:
    """A word as it sounds, letter by letter: silent letters gone ("knowledge" -> "nowlej"),
    spellings of one sound folded ("sitayshun" and "citation" both end "-Sn"), doubles single."""
    w = _SILENT_START.sub("", word.lower())
    for a, b in _EAR_FOLDS:
        w = w.replace(a, b)
    w = _SOFT_C.sub("s", w).replace("c", "k")
    w = re.sub(r"(.)\1+", r"\1", w)
    return w[:-1] if len(w) > 4 and w.endswith("s") else w


def ear_key(spelling: str) -> str:
    """The sounds of an `ear_spelling` a listener is sure of: its first letter (any vowel
    alike: "ikonomi", "economy") and its consonants. W and y count only before a vowel ("power"
    and "pawar" keep it; "knowledge" and "nolij" do not), h only in sh, ch and th."""
    first = "a" if spelling[:1] in _VOWELS or spelling[:1] == "y" else spelling[:1]
    rest = re.sub(r"[wy](?![aeiou])|h", "", spelling[1:])
    return first + re.sub(r"[aeiouy]", "", rest)


def _one_slip(a: str, b: str) -> bool:
    """`a` and `b` differ by one letter missing, extra or changed, or two side by side swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return short in _deletions(long_)


def _one_vowel_for_another(a: str, b: str) -> bool:
    """Same length, and the one letter that differs is a vowel in both: "benifits", "benefits"."""
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS


def build_index(
    corpus_dir: Path | str | None = None, use_cache: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> Index:
    """Load a corpus folder from its files and index it, taking the tokenized passages from the
    on-disk cache when they were built from the same bytes by the same code (`qa.cache`)."""
    folder = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    forget_tokens()  # the tokenizer's rules may have changed since words were last read (a stemming exception)
    corpus, digest = load_corpus_and_digest(folder, progress)
    if not use_cache:
        return Index(corpus, progress=progress)
    key = cache.cache_key(f"{digest}|{phrasal_of(corpus.folder)!r}", TOKENIZER)
    scorer = cache.load(folder, key)
    if scorer is not None and scorer.corpus_size == len(corpus.passages):
        return Index(corpus, passage_bm25=scorer)
    index = Index(corpus, progress=progress)
    cache.save(folder, key, index.passage_bm25)
    return index


_built: dict[str | None, Index] = {}
_building = threading.Lock()


def get_index(corpus_dir: str | None = None) -> Index:
    """The index for a corpus folder, built once per process: the app serves each session on
    its own thread, and the first visitors arriving together must not build it once each."""
    index = _built.get(corpus_dir)
    if index is None:
        with _building:
            index = _built.get(corpus_dir)
            if index is None:
                index = _built[corpus_dir] = build_index(corpus_dir)
    return index
