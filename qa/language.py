"""Urdu and Roman Urdu: tell the language of a question and read it as English.

The bot's passages are English, so a question in Urdu script ("بین الاقوامی تعاون کے فوائد کیا
ہیں؟") or in Roman Urdu ("international collaboration ke kya faide hain?") is answered by
rendering it as English words that the English pipeline (`qa.ask`) already understands:

    detect(text)            -> "en" | "ur" | "ur-Latn" | "other"
    read(text, lexicon)     -> Reading(language, english, understood)
    load_lexicon(folder)    -> Lexicon, from corpus/lexicon.yaml (human-editable data)

Reading is a lookup, not a translation: the lexicon maps Urdu-script words and their Roman
spellings (and phrases: "کے فوائد", "ke faide") to English terms, longest phrase first; Urdu and
Roman-Urdu stopwords (and greetings: "salam", "bhai", "ji") are dropped; English words in the
text are kept as typed. Word order does not matter to BM25, so none is rebuilt.

Spelling is made comparable before lookup, on both the lexicon's side and the question's:
- Urdu script: `normalise_urdu` (Arabic forms of yeh, kaf, heh -> Urdu forms; diacritics,
  tatweel and zero-width (non-)joiners removed; NFC), then a matching key that also folds the
  hamza carriers people write either way (فائدہ / فایدہ, لئے / لیے).
- Roman Urdu: `fold_roman` collapses the alternations that Roman spelling leaves free (doubled
  letters, ee/i, oo/u, final ai/ay/ey/e, y/i between letters, w/v, q/k, a final h), so "faaida",
  "fayda" and "faidah" are one word; the lexicon lists the variants folding cannot reach
  ("fawaid", "hn" for "hain").
Arabic-script words are also matched with spaces removed, because Urdu writers join or split
compounds freely ("بین الاقوامی" / "بینالاقوامی").

Deciding the language (`detect`) needs precision more than reading does: an English question
must never be read as Roman Urdu. So detection counts only Roman forms exactly as the lexicon
lists them (not folded: "key" folds to "ke"), leaves out the English stopwords and the lexicon's
`english_too` words ("main", "to", "par"), and needs ROMAN_URDU_MIN_SHARE of the words.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

import yaml

from . import cache
from .corpus import CorpusError, default_corpus_dir
from .tokenize import STOPWORDS as ENGLISH_STOPWORDS
from .tokenize import TOKENIZER

LEXICON_FILE = "lexicon.yaml"
# The cached build's format. The cache key also holds this module's own source, so a change to
# the folding or normalising rules rebuilds it without anyone remembering to bump a number.
LEXICON_FORMAT = 1

# A Latin-script text is Roman Urdu when at least this share of its words (and at least
# ROMAN_URDU_MIN_WORDS of them) are Roman-Urdu words the lexicon lists: "HEC ka role" (1 of 3)
# is Roman Urdu, a 20-word English message with one "yaar" (1 of 20) is not.
ROMAN_URDU_MIN_SHARE = 0.2
ROMAN_URDU_MIN_WORDS = 1
# A text is read in Arabic script when at least this share of its words are Arabic-script:
# "بین الاقوامی collaboration کے فوائد" is Urdu with an English word, "What does تعاون mean?"
# is English with an Urdu word.
ARABIC_SCRIPT_MIN_SHARE = 1 / 3
# Letters Urdu uses and Persian and Arabic do not (ٹ ڈ ڑ ں ے ۓ ہ ۂ ھ).
URDU_LETTERS = frozenset("\u0679\u0688\u0691\u06ba\u06d2\u06d3\u06c1\u06c2\u06be")
# Urdu function words: a sentence in Urdu has some, one in Persian or Arabic has none.
URDU_MARKERS = frozenset(
    "کیا ہے ہیں کے کی کا میں سے کو اور نہیں یہ وہ کیسے کیوں کون کب کتنے کتنا کتنی پر بھی ہو ہوتا "
    "ہوتی ہوتے ہوں گا گی گے والے والی لیے لئے ساتھ بارے چاہیے سکتا سکتی سکتے ہمارے ہماری".split()
)
# Persian and Arabic function words (written with Arabic heh ه, as those languages write it).
FOREIGN_MARKERS = frozenset(
    # Persian
    "است چیست را برای های ها می چه چگونه آیا هست نیست این آن شود کند دارد بود خواهد "
    # Arabic
    "في من ما هي هل على إلى الى التي الذي هذا هذه عن مع كيف لماذا ماذا هو".split()
)

# Arabic-script letters (base blocks and presentation forms), Latin letters.
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_WORD = re.compile(r"[a-z]", re.IGNORECASE)
# A word: a run of letters, marks and digits of any script (marks keep diacritised Urdu whole),
# with an optional apostrophe part ("Pakistan's").
_WORD = re.compile(r"(?:[^\W_]|[\u064b-\u065f\u0670\u200c\u200d\u0640])+(?:['\u2019][^\W_]+)*")
# Urdu punctuation, rendered as the ASCII marks the English pipeline splits clauses on.
_PUNCTUATION = str.maketrans({"\u061f": "?", "\u06d4": ".", "\u060c": ",", "\u061b": ";", "\u066a": "%"})
# The same sentence marks, kept in the English rendering (clauses and "?" matter downstream).
_KEPT_MARKS = re.compile(r"[?.!,;:]")

# --- Urdu-script normalisation -------------------------------------------------------------

_URDU_FORMS = str.maketrans({
    "\u064a": "\u06cc",  # Arabic yeh ي -> Farsi/Urdu yeh ی
    "\u0649": "\u06cc",  # alef maksura ى -> ی
    "\u0643": "\u06a9",  # Arabic kaf ك -> keheh ک
    "\u06aa": "\u06a9",  # swash kaf ڪ -> ک
    "\u0647": "\u06c1",  # Arabic heh ه -> heh goal ہ (Urdu's ordinary heh)
    "\u06d5": "\u06c1",  # ae ە -> ہ
    "\u0629": "\u06c1",  # teh marbuta ة -> ہ (Arabic loans: جامعة -> جامعہ)
    "\u06c0": "\u06c2",  # heh with yeh above ۀ (Persian izafat) -> ۂ
    "\u0678": "\u0626",  # high hamza yeh ٸ -> ئ
    "\u0660": "0", "\u0661": "1", "\u0662": "2", "\u0663": "3", "\u0664": "4",
    "\u0665": "5", "\u0666": "6", "\u0667": "7", "\u0668": "8", "\u0669": "9",
    "\u06f0": "0", "\u06f1": "1", "\u06f2": "2", "\u06f3": "3", "\u06f4": "4",
    "\u06f5": "5", "\u06f6": "6", "\u06f7": "7", "\u06f8": "8", "\u06f9": "9",
})
# Diacritics (zabar, zer, pesh, tanween, tashdeed, sukun, small marks: U+064B-U+065F), the
# superscript alef U+0670, tatweel U+0640, zero-width non-joiner / joiner U+200C / U+200D.
_DROPPED = re.compile(r"[\u064b-\u065f\u0670\u0640\u200c\u200d]")
_DROPPED_BUT_HAMZA = re.compile(r"[\u064b-\u0653\u0655-\u065f\u0670\u0640\u200c\u200d]")
# Hamza carriers that Urdu writers use or leave out freely: matched as the plain letter.
_HAMZA_FOLD = str.maketrans({
    "\u0626": "\u06cc",  # ئ -> ی   (فائدہ = فایدہ, لئے = لیے)
    "\u06c2": "\u06c1",  # ۂ -> ہ   (izafat hamza is optional)
    "\u06d3": "\u06d2",  # ۓ -> ے
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0622": "\u0627",  # آ -> ا   (madda is often typed as a plain alef)
    "\u0624": "\u0648",  # ؤ -> و
    "\u0621": "",        # a lone hamza ء (طلباء = طلبا)
})


def normalise_urdu(text: str) -> str:
    """Urdu script in one canonical form: NFC; Arabic yeh/alef maksura -> ی, kaf -> ک, heh and
    teh marbuta -> ہ; Arabic-Indic and Urdu digits -> ASCII; diacritics, tatweel and zero-width
    (non-)joiners removed. Hamza letters (ئ ۂ ۓ) are kept: they are correct Urdu spelling."""
    text = unicodedata.normalize("NFC", text)
    # Diacritics first, keeping the combining hamza (U+0654), so "ہ" + hamza composes to ۂ.
    return unicodedata.normalize("NFC", _DROPPED_BUT_HAMZA.sub("", text).translate(_URDU_FORMS))


@lru_cache(maxsize=20_000)
def _urdu_key(word: str) -> str:
    """The matching key of an Urdu-script word: normalised, hamza carriers folded, and a
    leading do-chashmi heh (ھے, a common slip for ہے) read as ہ."""
    key = normalise_urdu(word).translate(_HAMZA_FOLD).replace("\u0654", "")
    if key.startswith("\u06be"):
        key = "\u06c1" + key[1:]
    return key


# Letters Urdu says alike, so people unsure of a spelling write one for another: ق and ک;
# ذ ض ظ and ز; ص ث and س; ط and ت; ح and ہ.
_URDU_SOUND_FOLD = str.maketrans({"\u0642": "\u06a9", "\u0630": "\u0632", "\u0636": "\u0632", "\u0638": "\u0632",
                                  "\u0635": "\u0633", "\u062b": "\u0633", "\u0637": "\u062a", "\u062d": "\u06c1"})


def urdu_sound(key: str) -> str:
    """An Urdu matching key with the letters that sound alike folded and the aspiration mark (ھ)
    left out, as people unsure of a spelling leave it out or put it in: "تحقیک" and "تحقیق",
    "ڈھی" and "ڈی" agree."""
    return key.translate(_URDU_SOUND_FOLD).replace("\u06be", "")


# --- Roman-Urdu folding --------------------------------------------------------------------

_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_DOUBLED = re.compile(r"(.)\1+")
_Y_AS_I = re.compile(r"(?<=[a-z])y(?=[aeiou])|(?<=a)y(?=[^aeiou]|$)")
_FINAL_E = re.compile(r"(?:ai|ay|ae|ey|ei)$")
# plural and subjunctive endings written -ein, -ain, -ayn or -en, after two letters at least
# ("hain", "main" keep theirs)
_PLURAL_EN = re.compile(r"(?<=[a-z]{2})(?:ein|ain|ayn)$")


@lru_cache(maxsize=20_000)
def fold_roman(word: str) -> str:
    """A Roman-Urdu word in a spelling-free form, so variants of one word compare equal:
    faida, faaida, fayda, faidah -> "faida"; hai, hay, hae -> "he"; kya, kia -> "kia";
    zyada, ziada, ziyada -> "ziada"; tawun, tavun -> "tavun"; waqt, vakt -> "vakt"."""
    w = "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if "a" <= ch <= "z")
    if len(w) > 2:
        w = _FINAL_H.sub("", w)  # faidah -> faida; "h" alone stays
    w = w.replace("q", "k").replace("w", "v").replace("ee", "i").replace("oo", "u")
    w = _DOUBLED.sub(r"\1", w)  # doubled letters: faaida, zarror, mulkk
    w = _Y_AS_I.sub("i", w)  # y before a vowel is i: kya -> kia, zyada -> ziada, fayda -> faida
    w = _FINAL_E.sub("e", w)  # hai/hay/hae -> he, faiday -> faide, mai -> me
    w = _PLURAL_EN.sub("en", w)  # rukawatein, rukawatain, rukawaten; karein, karain, karen
    return _DOUBLED.sub(r"\1", w)  # once more after the rewrites (ziyada -> ziiada -> ziada)


_NOT_SKELETON = re.compile(r"[aeiouy]")
# Abbreviated WhatsApp spellings drop vowels ("bhtr" for behtar, "krny" for karne, "zyda" for
# zyada). A word that is still unknown after folding, has at most this many vowels and is not
# an English word the lexicon or the stopword list knows, is matched by its consonants alone,
# when exactly one entry has those consonants.
SKELETON_MAX_VOWELS = 0
SKELETON_MIN_CONSONANTS = 2


def roman_skeleton(word: str) -> str:
    """The consonants of a folded Roman word, first letter kept: "behtar", "bhtr" -> "bhtr"."""
    folded = fold_roman(word)
    return folded[:1] + _NOT_SKELETON.sub("", folded[1:])


# --- the lexicon ---------------------------------------------------------------------------

MESSAGE_FIELDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "overview_intro": frozenset(),
    "benefit_heading": frozenset({"n", "title"}),
    "evidence_label": frozenset(),
    "not_covered": frozenset(),
    "no_figure": frozenset(),
    "procedure": frozenset(),
    "empty": frozenset(),
    "too_long": frozenset({"length", "limit"}),
    "only_stopwords": frozenset(),
    "clarify": frozenset(),
    "exhausted": frozenset({"title"}),
    "sources_in_english": frozenset(),
})
TITLE_KEYS: tuple[int | str, ...] = (1, 2, 3, 4, 5, 6, "challenges")
_SECTIONS = ("words", "phrases", "stopwords", "english_too", "messages", "titles", "examples")


@dataclass(frozen=True)
class Lexicon:
    """corpus/lexicon.yaml, ready for lookup. Keys of `urdu` are Urdu matching keys with the
    spaces removed; keys of `roman` are folded Roman forms with the spaces removed."""

    urdu: Mapping[str, str] = field(default_factory=dict)
    roman: Mapping[str, str] = field(default_factory=dict)
    urdu_stopwords: frozenset[str] = frozenset()
    roman_stopwords: frozenset[str] = frozenset()
    # Roman forms exactly as listed (lowercase), minus English words: evidence of Roman Urdu.
    roman_markers: frozenset[str] = frozenset()
    # Consonant skeletons of one-word Roman forms that only one entry has (stopwords: "").
    roman_skeletons: Mapping[str, str] = field(default_factory=dict)
    english_too: frozenset[str] = frozenset()  # Roman forms that are also English words
    messages: Mapping[str, str] = field(default_factory=dict)  # Urdu UI strings (MESSAGE_FIELDS)
    titles: Mapping[int | str, str] = field(default_factory=dict)  # Urdu titles (TITLE_KEYS)
    examples: tuple[str, ...] = ()  # Urdu questions the bot answers, offered as suggestions
    longest: int = 1  # words in the longest entry, the widest span tried in a lookup
    # Keys of `roman` listed as two or more words: only these match two or more typed words, so
    # "ka" and "me" side by side are not "kamai" (income) with the space removed
    roman_phrases: frozenset[str] = frozenset()
    # Keys of `urdu` with the letters that sound alike folded (`urdu_sound`), for a word typed
    # with one for another ("تحقیک" for تحقیق, "کاغزات" for کاغذات); only sounds one English has
    urdu_sounds: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.urdu or self.roman)

    def __hash__(self) -> int:
        """Cheap and consistent with ==, so a Lexicon can key a cache (its mappings cannot)."""
        return hash((self.longest, len(self.urdu), len(self.roman), self.examples))


def load_lexicon(corpus_folder: Path | str | None = None) -> Lexicon:
    """The lexicon of a corpus folder; an empty Lexicon when it has no lexicon.yaml. A malformed
    file raises CorpusError naming the file and the field ("words[12].en: must be text").

    Parsing the YAML and folding every form takes some 50 ms, a noticeable share of a cold
    start, so the built lexicon is kept as JSON in the index's cache folder, keyed by the
    file's bytes, this module's source and the English stopwords; a stale or corrupt copy is
    rebuilt."""
    root = Path(corpus_folder) if corpus_folder is not None else default_corpus_dir()
    path = root / LEXICON_FILE
    if not path.is_file():
        return Lexicon()
    raw = path.read_bytes()
    rules = Path(__file__).read_bytes()
    key = hashlib.sha256(raw + rules + f"|{LEXICON_FORMAT}|{TOKENIZER.fingerprint}".encode()).hexdigest()
    stored = _cached(root, key)
    if stored is not None:
        return stored
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster to load
        data = yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    except UnicodeDecodeError:
        raise CorpusError(path, None, "not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise CorpusError(path, None, f"bad YAML: {getattr(err, 'problem', None) or err}{where}") from None
    if data is None:
        return Lexicon()
    if not isinstance(data, dict):
        raise CorpusError(path, None, f"must be a mapping with sections {', '.join(_SECTIONS)}")
    unknown = sorted(str(k) for k in data if k not in _SECTIONS)
    if unknown:
        raise CorpusError(path, unknown[0], f"unknown section (valid: {', '.join(_SECTIONS)})")
    lexicon = _build(path, data)
    _store(root, key, lexicon)
    return lexicon


_FROZEN_SETS = ("urdu_stopwords", "roman_stopwords", "roman_markers", "english_too", "roman_phrases")
_MAPPINGS = ("urdu", "roman", "roman_skeletons", "messages", "urdu_sounds")


def _cache_path(root: Path) -> Path:
    return cache.cache_dir(root) / "lexicon.json"


def _cached(root: Path, key: str) -> Lexicon | None:
    try:
        data = json.loads(_cache_path(root).read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        fields = data["lexicon"]
        return Lexicon(
            **{name: MappingProxyType(dict(fields[name])) for name in _MAPPINGS},
            **{name: frozenset(fields[name]) for name in _FROZEN_SETS},
            titles=MappingProxyType({(int(k) if k.isdigit() else k): v for k, v in fields["titles"].items()}),
            examples=tuple(fields["examples"]),
            longest=int(fields["longest"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no copy, or a corrupt or foreign one: build from the file


def _store(root: Path, key: str, lexicon: Lexicon) -> None:
    fields: dict[str, Any] = {name: dict(getattr(lexicon, name)) for name in _MAPPINGS}
    fields.update({name: sorted(getattr(lexicon, name)) for name in _FROZEN_SETS})
    fields.update(titles={str(k): v for k, v in lexicon.titles.items()}, examples=list(lexicon.examples),
                  longest=lexicon.longest)
    target = _cache_path(root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp") as out:
            json.dump({"key": key, "lexicon": fields}, out, ensure_ascii=False)
        os.replace(out.name, target)
    except OSError:
        pass  # a read-only cache folder only costs the rebuild next time


@lru_cache(maxsize=8)
def cached_lexicon(corpus_folder: str | None = None) -> Lexicon:
    """`load_lexicon`, once per process and folder."""
    return load_lexicon(corpus_folder)


def _build(path: Path, data: dict[str, Any]) -> Lexicon:
    urdu: dict[str, str] = {}
    roman: dict[str, str] = {}
    markers: set[str] = set()
    phrases: set[str] = set()
    longest = 1
    for section in ("words", "phrases"):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise CorpusError(path, section, "must be a list of entries {ur: [...], roman: [...], en: ...}")
        for i, entry in enumerate(entries):
            where = f"{section}[{i}]"
            if not isinstance(entry, dict):
                raise CorpusError(path, where, "each entry must be a mapping with ur, roman and en")
            extra = sorted(str(k) for k in entry if k not in ("ur", "roman", "en"))
            if extra:
                raise CorpusError(path, f"{where}.{extra[0]}", "unknown field (valid: ur, roman, en)")
            en = entry.get("en")
            if not isinstance(en, str) or not en.strip():
                raise CorpusError(path, f"{where}.en", "must be text: the English the words mean")
            forms_ur = _forms(entry.get("ur"), path, f"{where}.ur")
            forms_roman = _forms(entry.get("roman"), path, f"{where}.roman")
            if not forms_ur and not forms_roman:
                raise CorpusError(path, where, "needs at least one Urdu (ur) or Roman (roman) form")
            for j, form in enumerate(forms_ur):
                if not _ARABIC.search(form):
                    raise CorpusError(path, f"{where}.ur[{j}]", f"not Urdu script: {form!r}")
                words = form.split()
                longest = max(longest, len(words))
                urdu.setdefault("".join(_urdu_key(w) for w in words), en.strip())
            for j, form in enumerate(forms_roman):
                words = form.split()
                if _ARABIC.search(form) or not all(fold_roman(w) for w in words):
                    raise CorpusError(path, f"{where}.roman[{j}]", f"not Roman (Latin) letters: {form!r}")
                longest = max(longest, len(words))
                roman.setdefault("".join(fold_roman(w) for w in words), en.strip())
                if len(words) == 1:
                    markers.add(form.lower())
                else:
                    phrases.add("".join(fold_roman(w) for w in words))
    stop = data.get("stopwords") or {}
    if not isinstance(stop, dict) or set(stop) - {"ur", "roman"}:
        raise CorpusError(path, "stopwords", "must be a mapping with lists 'ur' and 'roman'")
    urdu_stop = _forms(stop.get("ur"), path, "stopwords.ur")
    roman_stop = _forms(stop.get("roman"), path, "stopwords.roman")
    for j, form in enumerate(roman_stop):
        if not fold_roman(form) or " " in form:
            raise CorpusError(path, f"stopwords.roman[{j}]", f"must be one Roman word: {form!r}")
    for j, form in enumerate(urdu_stop):
        if not _ARABIC.search(form) or " " in form:
            raise CorpusError(path, f"stopwords.ur[{j}]", f"must be one Urdu-script word: {form!r}")
    markers |= {w.lower() for w in roman_stop}
    english_too = {w.lower() for w in _forms(data.get("english_too"), path, "english_too")}
    markers -= english_too | ENGLISH_STOPWORDS
    skeletons: dict[str, set[str]] = {}
    for section in ("words", "phrases"):
        for entry in data.get(section) or []:
            for form in _forms(entry.get("roman"), path, section):
                if " " not in form:
                    skeletons.setdefault(roman_skeleton(form), set()).add(entry["en"].strip())
    for form in roman_stop:
        skeletons.setdefault(roman_skeleton(form), set()).add("")
    return Lexicon(
        urdu=MappingProxyType(urdu),
        roman=MappingProxyType(roman),
        urdu_stopwords=frozenset(_urdu_key(w) for w in urdu_stop),
        roman_stopwords=frozenset(fold_roman(w) for w in roman_stop),
        roman_markers=frozenset(markers),
        roman_skeletons=MappingProxyType({
            k: next(iter(v)) for k, v in skeletons.items() if len(v) == 1 and len(k) >= SKELETON_MIN_CONSONANTS
        }),
        english_too=frozenset(english_too),
        messages=MappingProxyType(_messages(data.get("messages"), path)),
        titles=MappingProxyType(_titles(data.get("titles"), path)),
        examples=tuple(_forms(data.get("examples"), path, "examples")),
        longest=longest,
        roman_phrases=frozenset(phrases),
        urdu_sounds=MappingProxyType(_sounds_of(urdu, urdu_stop)),
    )


def _sounds_of(urdu: dict[str, str], stopwords: list[str]) -> dict[str, str]:
    """`urdu` by `urdu_sound`, keeping only sounds that one English has and no stopword has."""
    english: dict[str, set[str]] = {}
    for key, en in urdu.items():
        english.setdefault(urdu_sound(key), set()).add(en)
    for w in stopwords:
        english.setdefault(urdu_sound(_urdu_key(w)), set()).add("")
    return {k: next(iter(v)) for k, v in english.items() if len(v) == 1 and "" not in v}


def _forms(value: Any, path: Path, where: str) -> list[str]:
    """A list of non-empty strings (a single string is a list of one)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise CorpusError(path, where, "must be a list of words or phrases")
    out = []
    for j, form in enumerate(value):
        if not isinstance(form, str) or not form.strip():
            hint = " (YAML reads yes/no/on/off as true/false: put the word in quotes)" if isinstance(form, bool) else ""
            raise CorpusError(path, f"{where}[{j}]", f"must be text, got {form!r}{hint}")
        out.append(" ".join(form.split()))
    return out


def _messages(value: Any, path: Path) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CorpusError(path, "messages", "must be a mapping from message name to Urdu text")
    out: dict[str, str] = {}
    for key, text in value.items():
        if key not in MESSAGE_FIELDS:
            raise CorpusError(path, f"messages.{key}", f"unknown message (valid: {', '.join(MESSAGE_FIELDS)})")
        if not isinstance(text, str) or not text.strip():
            raise CorpusError(path, f"messages.{key}", "must be text")
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as err:
            raise CorpusError(path, f"messages.{key}", f"bad {{placeholder}}: {err}") from None
        allowed = MESSAGE_FIELDS[key]
        if used - allowed:
            valid = ", ".join("{%s}" % n for n in sorted(allowed)) or "none"
            raise CorpusError(path, f"messages.{key}", f"unknown placeholder {{{sorted(used - allowed)[0]}}} (valid: {valid})")
        out[key] = text.strip()
    return out


def _titles(value: Any, path: Path) -> dict[int | str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CorpusError(path, "titles", "must be a mapping from topic key (1-6, challenges) to an Urdu title")
    out: dict[int | str, str] = {}
    for key, title in value.items():
        if key not in TITLE_KEYS:
            raise CorpusError(path, f"titles.{key}", "unknown topic (valid: 1, 2, 3, 4, 5, 6, challenges)")
        if not isinstance(title, str) or not title.strip():
            raise CorpusError(path, f"titles.{key}", "must be text")
        out[key] = title.strip()
    return out


# --- detecting the language ----------------------------------------------------------------


def detect(text: str, lexicon: Lexicon | None = None) -> str:
    """"ur" (Urdu script), "ur-Latn" (Roman Urdu), "en", or "other" (another script, or
    Arabic-script Persian or Arabic). A text with no letters at all is "en": the English
    pipeline already answers it with its own message. `lexicon` defaults to the shipped one."""
    arabic: list[str] = []
    latin: list[str] = []
    other = 0
    for word in _WORD.findall(text if isinstance(text, str) else ""):
        if _ARABIC.search(word):
            arabic.append(word)
        elif _LATIN_WORD.search(word) or _LATIN_WORD.search(_ascii(word)):  # "café" is Latin too
            latin.append(word)
        elif not word.isdigit():
            other += 1
    lettered = len(arabic) + len(latin) + other
    if not lettered:
        return "en"
    lex = lexicon if lexicon is not None else _shipped_lexicon()
    if arabic and len(arabic) >= ARABIC_SCRIPT_MIN_SHARE * lettered:
        return "ur" if _reads_as_urdu(arabic, lex) else "other"
    if other > len(latin):
        return "other"
    found = sum(w.lower() in lex.roman_markers and not _is_acronym(w) for w in latin)  # "NE" is a name
    if found >= ROMAN_URDU_MIN_WORDS and found >= ROMAN_URDU_MIN_SHARE * len(latin):
        return "ur-Latn"
    return "en"


# A word the lexicon knows is weaker evidence of Urdu than Urdu's own letters or function words:
# Persian shares much vocabulary with Urdu ("پاکستان", "تعاون").
KNOWN_WORD_WEIGHT = 0.5


def _reads_as_urdu(words: list[str], lexicon: Lexicon) -> bool:
    """Arabic-script words read as Urdu, not Persian or Arabic: Urdu's own letters (ے ں ٹ ہ ھ),
    function words (کے، ہیں، کیا) and, at half weight, words the lexicon knows, against Persian
    and Arabic function words (است، برای، في، هل), teh marbuta and the Arabic article (الدولي)
    on a word the lexicon does not know (Urdu has "بین الاقوامی", "السلام"). With no sign either
    way the text is taken as Urdu: this bot's users write Urdu."""
    plain = [unicodedata.normalize("NFC", _DROPPED.sub("", w)) for w in words]
    known = [_urdu_key(w) in lexicon.urdu or _urdu_key(w) in lexicon.urdu_stopwords for w in plain]
    urdu: float = sum(any(ch in URDU_LETTERS for ch in w) for w in plain)
    urdu += sum(w.translate(_URDU_FORMS) in URDU_MARKERS for w in plain)
    urdu += KNOWN_WORD_WEIGHT * sum(known)
    foreign = sum(w.replace("\u064a", "\u06cc").replace("\u0643", "\u06a9") in FOREIGN_MARKERS
                  or w.replace("\u06cc", "\u064a").replace("\u06a9", "\u0643") in FOREIGN_MARKERS for w in plain)
    foreign += sum("\u0629" in w for w in plain)  # teh marbuta: Arabic spelling
    foreign += sum(
        w.startswith("\u0627\u0644") and len(w) > 3 and not known[i]
        and (i == 0 or _urdu_key(plain[i - 1]) not in ("بین", "فی"))
        for i, w in enumerate(plain)
    )
    return urdu >= foreign


def _ascii(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if ch.isascii())


@lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    try:
        return load_lexicon()
    except CorpusError:
        return Lexicon()  # a broken shipped lexicon is reported where it is loaded for reading


# --- reading a question as English ---------------------------------------------------------


class Reading(NamedTuple):
    """How a question was read. `english` is what the English pipeline answers; `understood`
    is a short gloss for the user ("Roman Urdu, read as: international collaboration
    benefits"), empty for English and for text this module cannot read."""

    language: str  # "en" | "ur" | "ur-Latn" | "other"
    english: str
    understood: str
    # each rendering of more English words than the question's words it reads, with their
    # number ("paisa" -> ("funding money grants", 1)): those words share the weight of the one
    renderings: tuple[tuple[str, int], ...] = ()


_NAMES = {"ur": "Urdu", "ur-Latn": "Roman Urdu"}
# An Urdu-script word the lexicon does not know stands in `english` as this word, which no
# passage or vocabulary contains: the English pipeline then counts it as a content word that
# matches nothing, exactly as it counts an unknown English word. Dropping it instead would
# turn "پاکستان کرکٹ ٹیم کا اگلا میچ کب ہے؟" into "Pakistan when?", an overview question.
UNREAD = "unread"


def read(text: str, lexicon: Lexicon) -> Reading:
    """The question rendered as English for `qa.ask`. English and other-language text pass
    through unchanged (the English pipeline answers or refuses them as it always has)."""
    text = text if isinstance(text, str) else ""
    language = detect(text, lexicon)
    if language == "en":
        # an English message may end or begin in Roman Urdu: "...never come back. sach hai ye?"
        return Reading(language, _roman_sentences_read(text, lexicon), "")
    if language not in _NAMES:
        return Reading(language, text, "")
    source = normalise_urdu(text) if language == "ur" else text
    pieces = _render(source.translate(_PUNCTUATION), lexicon)
    english = _join(pieces)
    said = _join([p for p in pieces if p.kind in ("lexicon", "kept")])
    unread = sum(p.kind == "unread" for p in pieces)
    gloss = f"{_NAMES[language]}, read as: {said}" if said else f"{_NAMES[language]}, no words read"
    if unread:
        gloss += f" ({unread} word{'s' if unread > 1 else ''} not understood)"
    renderings = tuple(dict.fromkeys(
        (p.text, p.span) for p in pieces if p.kind == "lexicon" and len(set(p.text.lower().split())) > p.span
    ))
    return Reading(language, english, gloss, renderings)


_SENTENCE_OR_END = re.compile(r"[^.?!\n]+[.?!\n]*|[.?!\n]+")


def _roman_sentences_read(text: str, lexicon: Lexicon) -> str:
    """An English message with each of its sentences that reads as Roman Urdu on its own
    rendered in English, the rest as typed."""
    parts = _SENTENCE_OR_END.findall(text)
    if len(parts) < 2:
        return text
    out = []
    for part in parts:
        if _LATIN_WORD.search(part) and detect(part, lexicon) == "ur-Latn":
            plain = part.translate(_PUNCTUATION)
            rendered = _join(_render(plain, lexicon)).strip()
            end = re.search(r"[.?!]+\s*$", plain)
            if end and not rendered.endswith(end.group().strip()):
                rendered += end.group().strip()  # the sentence still asks, though all its words were function words
            out.append(rendered + (" " if part[-1:].isspace() else ""))
        else:
            out.append(part)
    return "".join(out)


class _Piece(NamedTuple):
    text: str
    kind: str  # "lexicon" (an entry's English), "kept" (a Latin word as typed), "mark", "unread"
    span: int = 1  # the question's words it renders


_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[?.!,;:]")


def _render(text: str, lexicon: Lexicon) -> list[_Piece]:
    """Each word or phrase as English, in order: the lexicon's longest match first; stopwords
    dropped; a Latin word nobody lists kept as typed (it is English, or a name: "HEC", "QS");
    an Urdu-script word nobody lists read as UNREAD."""
    tokens = _TOKEN.findall(text)
    keys = [_token_key(t) for t in tokens]
    out: list[_Piece] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if _KEPT_MARKS.fullmatch(token):
            out.append(_Piece(token, "mark"))
            i += 1
            continue
        span, english = _lookup(tokens, keys, i, lexicon)
        i += span
        if english is not None:
            if english:  # "" is a stopword
                out.append(_Piece(english, "lexicon", span))
        elif _ARABIC.search(token):
            key = _urdu_key(token)
            # a word nobody lists: an inflection of one they do, or one spelt with a letter that
            # sounds the same ("تحقیک", "طریکہ")
            stem = _urdu_stem(key, lexicon.urdu) or _urdu_stem(urdu_sound(key), lexicon.urdu_sounds)
            out.append(_Piece(stem, "lexicon") if stem else _Piece(UNREAD, "unread"))
        elif _is_acronym(token) or fold_roman(token) not in lexicon.roman_stopwords:
            out.append(_Piece(token, "kept"))  # English as typed; an acronym ("HE") is a name
    return out


def _abbreviated(word: str, lexicon: Lexicon) -> bool:
    """A Roman word written without most of its vowels ("krny", "bhtr"), and not an English
    word this module knows ("with", "staff" would be)."""
    lower = word.lower()
    vowels = sum(ch in "aeiou" for ch in lower)
    return (len(lower) >= 3 and vowels <= SKELETON_MAX_VOWELS and lower not in ENGLISH_STOPWORDS
            and lower not in lexicon.english_too)


def _is_acronym(token: str) -> bool:
    return len(token) > 1 and token.isupper()


class _Key(NamedTuple):
    """A token's matching key: its Urdu key or folded Roman form; "" for a mark or a number."""

    text: str
    arabic: bool


def _token_key(token: str) -> _Key:
    if _KEPT_MARKS.fullmatch(token) or token.isdigit():
        return _Key("", False)  # a phrase never spans a mark or a number ("benefit 3 ke bare mein")
    if _ARABIC.search(token):
        return _Key(_urdu_key(token), True)
    return _Key(fold_roman(token), False)


def _lookup(tokens: list[str], keys: list[_Key], i: int, lexicon: Lexicon) -> tuple[int, str | None]:
    """The longest lexicon entry starting at tokens[i], as (words consumed, English); English
    "" for an Urdu-script stopword, None when nothing matches (one word consumed)."""
    for n in range(min(lexicon.longest, len(tokens) - i), 0, -1):
        if n == 1:  # before a single word, a phrase with a word inside it ("واپس کیوں نہیں آتے")
            found = _lookup_interrupted(tokens, keys, i, lexicon)
            if found[1] is not None:
                return found
        span = keys[i:i + n]
        if any(not k.text for k in span):
            continue
        if all(k.arabic for k in span):
            key = "".join(k.text for k in span)
            english = lexicon.urdu.get(key)
            if english is None and n > 1:  # a phrase typed with a letter that sounds the same ("پی ایچ ڈھی")
                english = lexicon.urdu_sounds.get(urdu_sound(key))
            if english is None and n == 1 and key in lexicon.urdu_stopwords:
                return 1, ""
        elif not any(k.arabic for k in span):
            if n == 1 and _is_acronym(tokens[i]):
                return 1, None  # an acronym is a name, not a Roman word ("HE", "KE")
            key = "".join(k.text for k in span)
            english = lexicon.roman.get(key) if n == 1 or key in lexicon.roman_phrases else None
            if english is None and n == 1 and _abbreviated(tokens[i], lexicon):
                english = lexicon.roman_skeletons.get(roman_skeleton(tokens[i]))
        else:
            english = None
        if english is not None:
            return n, english
    return 1, None


# Words that may interrupt a phrase without changing it: "واپس کیوں نہیں آتے" is "واپس نہیں
# آتے" (did not return) asked with "why"; "wapis hi nai aate" with an emphasis "hi".
_INTERRUPTERS_EN = frozenset({"why", "how", "what", "when", "which", "really"})


def _lookup_interrupted(tokens: list[str], keys: list[_Key], i: int, lexicon: Lexicon) -> tuple[int, str | None]:
    """A phrase of two or more words with one stopword or question word inside it, as (words
    consumed, the phrase's English then the question word's); (1, None) when there is none."""
    for n in range(min(lexicon.longest, len(tokens) - i - 1), 1, -1):
        window = keys[i:i + n + 1]
        if any(not k.text for k in window):
            continue
        arabic = window[0].arabic
        if any(k.arabic != arabic for k in window):
            continue
        table = lexicon.urdu if arabic else lexicon.roman
        for skip in range(1, n):
            inner = window[skip].text
            said = table.get(inner)
            stop = (inner in lexicon.urdu_stopwords) if arabic else (inner in lexicon.roman_stopwords)
            if not stop and said not in _INTERRUPTERS_EN:
                continue
            rest = window[:skip] + window[skip + 1:]
            joined = "".join(k.text for k in rest)
            english = table.get(joined) if arabic or joined in lexicon.roman_phrases else None
            if english:
                return n + 1, f"{english} {said}" if said in _INTERRUPTERS_EN else english
    return 1, None


# Urdu inflections (plural and oblique endings) tried off an unlisted word, longest first:
# "یونیورسٹیوں" -> "یونیورسٹی", "ملکوں" -> "ملک". A stripped word must be in the lexicon.
_URDU_SUFFIXES = ("یوں", "وں", "یں", "ات", "ے", "ی", "ا", "ہ")


def _urdu_stem(key: str, table: Mapping[str, str]) -> str | None:
    """The English of `key` in `table`, or of the word it inflects."""
    if key in table:
        return table[key]
    for suffix in _URDU_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            base = key[: -len(suffix)]
            for candidate in (base, base + "ی", base + "ہ", base + "ا"):
                if candidate in table:
                    return table[candidate]
    return None


def _join(pieces: list[_Piece]) -> str:
    """Words joined with spaces, marks attached to the word before, and an entry's English
    said once when two neighbouring entries give the same ("فائدے" + "کے فوائد")."""
    out: list[str] = []
    last: _Piece | None = None
    for piece in pieces:
        if piece.kind == "mark":
            if out and (last is None or last.kind != "mark"):
                out[-1] += piece.text
        elif not (piece.kind == "lexicon" and last is not None and last == piece):
            out.append(piece.text)
        last = piece
    return " ".join(out)
