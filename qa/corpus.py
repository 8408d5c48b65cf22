"""Load and validate the corpus folder: sources.yaml, topics.yaml, examples.yaml (optional) and
passages/**/*.md.

Loading is all or nothing: the first problem stops it with a CorpusError that names the file
and the field, so a maintainer can fix the file; nothing is half-loaded. Whatever the files
hold (any bytes, any YAML types, folders or broken links where files should be) the loader
raises CorpusError and nothing else: `tests/test_corpus_fuzz.py` mutates corpora at random to
hold it to that.

`load_corpus_and_digest` also returns a SHA-256 of every file's path and bytes as they were
read, which keys the persisted index (`qa.cache`): the key is taken from the very bytes that
were parsed, so no edit, whatever it does to sizes and times, can go unseen.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from .records import CHALLENGES, KINDS, Corpus, Cues, Passage, Source, Topic, Vocabulary

PASSAGE_FIELDS = ("id", "kind", "benefit", "source")
SOURCE_FIELDS = ("id", "title", "publisher", "author", "year", "url", "note")
BENEFIT_KEYS = range(1, 7)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://[^\s]+$")


class CorpusError(ValueError):
    """A corpus file is malformed. `file` and `field` say where."""

    def __init__(self, file: Path | str, field: str | None, problem: str) -> None:
        self.file = str(file)
        self.field = field
        self.problem = problem
        self.root: Path | None = None  # the corpus folder, set by load_corpus
        where = f"{self.file}: field '{field}'" if field else self.file
        super().__init__(_one_line(f"{where}: {problem}"))

    def public(self) -> str:
        """The same line with the file named from the corpus folder ("corpus/passages/x.md"),
        for people who should not see the server's folders (the app's visitors)."""
        file = self.file
        if self.root is not None:
            try:
                file = str(Path(self.file).relative_to(self.root.parent))
            except ValueError:
                file = Path(self.file).name
        where = f"{file}: field '{self.field}'" if self.field else file
        return _one_line(f"{where}: {self.problem}")


def _one_line(text: str) -> str:
    """A fault is reported on one line, even when a file name or value holds a line break."""
    return " ".join(text.splitlines())


# libyaml's loader where PyYAML has it: the same safe types, several times faster on 100,000 files.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What PyYAML's constructors can raise besides YAMLError: a bad date ("2019-02-30") is a
# ValueError, deep nesting a RecursionError.
_YAML_FAULTS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
_FENCE = re.compile(r"-{3,}[ \t]*\r?")


def default_corpus_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "corpus"


def load_corpus(folder: Path | str | None = None, progress: Callable[[str, int, int], None] | None = None) -> Corpus:
    return load_corpus_and_digest(folder, progress)[0]


def load_corpus_and_digest(
    folder: Path | str | None = None, progress: Callable[[str, int, int], None] | None = None,
) -> tuple[Corpus, str]:
    """The corpus, and a SHA-256 of every file's path (from the folder) and bytes as read."""
    root = Path(folder) if folder is not None else default_corpus_dir()
    digest = hashlib.sha256()
    try:
        return _load(root, digest, progress), digest.hexdigest()
    except CorpusError as err:
        err.root = root
        raise


def _passage_files(folder: Path) -> list[str]:
    """Every path named *.md under `folder`, in the order of sorted(folder.rglob("*.md")) (the
    order breaks score ties, so it must not change), as strings: os.scandir lists 100,000
    files several times faster than pathlib. Links to folders are not followed (as rglob);
    folders named *.md are listed too, so the loader reports them."""
    found: list[str] = []
    stack = [os.fspath(folder)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            if entry.name.endswith(".md"):
                found.append(entry.path)
    return sorted(found, key=lambda path: path.split(os.sep))


def _read(path: Path | str, digest: Any, root: Path) -> bytes:
    """A corpus file's bytes, added to `digest` under its path from the corpus folder."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise CorpusError(path, None, "is a folder, not a file") from None
    except FileNotFoundError:
        raise CorpusError(path, None, "cannot be read: missing, or a link to nothing") from None
    except OSError as err:
        raise CorpusError(path, None, f"cannot be read ({err.strerror or type(err).__name__})") from None
    name = os.fspath(path)[len(os.fspath(root)) + 1:].encode("utf-8", "surrogateescape")  # its path from root
    digest.update(b"%d:%s:%d:" % (len(name), name, len(data)))
    digest.update(data)
    return data


def _decode(data: bytes, path: Path | str) -> str:
    """UTF-8 text; a byte-order mark, which some editors save, is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(path, None, "not UTF-8 text") from None


def _load(root: Path, digest: Any, progress: Callable[[str, int, int], None] | None) -> Corpus:
    if not root.is_dir():
        raise CorpusError(root, None, "corpus folder not found")
    sources = _load_sources(root / "sources.yaml", _read_yaml(root / "sources.yaml", digest, root))
    topics, vocabulary = _load_topics(root / "topics.yaml", _read_yaml(root / "topics.yaml", digest, root))
    examples = root / "examples.yaml"
    if examples.exists() or examples.is_symlink():  # optional, but a broken link is a fault
        topics = _with_examples(topics, examples, _read_yaml(examples, digest, root))
    by_id = {s.id: s for s in sources}
    benefit_keys = {t.key for t in topics if t.is_benefit}
    files = _passage_files(root / "passages")
    passages: list[Passage] = []
    seen: dict[str, str] = {}
    for n, path in enumerate(files, 1):
        if progress and n % 5000 == 0:
            progress("reading", n, len(files))
        passage = _load_passage(path, _decode(_read(path, digest, root), path), by_id, benefit_keys)
        if passage.id in seen:
            raise CorpusError(path, "id", f"duplicate id '{passage.id}' (also in {seen[passage.id]})")
        seen[passage.id] = path
        passages.append(passage)
    for key in sorted(benefit_keys):
        if not any(p.kind == "benefit" and p.benefit == key for p in passages):
            raise CorpusError(root / "topics.yaml", "benefit", f"benefit {key} has no benefit passage in passages/")
    if any(p.kind == "challenge" for p in passages) and CHALLENGES not in {t.key for t in topics}:
        raise CorpusError(root / "topics.yaml", "topics", f"challenge passages exist but no '{CHALLENGES}' topic")
    return Corpus(tuple(passages), topics, sources, vocabulary, str(root))


def _read_yaml(path: Path, digest: Any, root: Path) -> Any:
    if not path.exists() and not path.is_symlink():
        raise CorpusError(path, None, "file not found")
    return _parse_yaml(_decode(_read(path, digest, root), path), path, "bad YAML")


def read_yaml(path: Path) -> Any:
    """A YAML file read outside a corpus load (reading.yaml, lexicon.yaml): the same safe
    parser and the same one-line faults, with no part in the index's cache key."""
    return _parse_yaml(_decode(_read(path, hashlib.sha256(), path.parent), path), path, "bad YAML")


def _parse_yaml(text: str, path: Path, what: str) -> Any:
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except RecursionError:
        raise CorpusError(path, None, f"{what}: nested too deeply") from None
    except _YAML_FAULTS as err:
        problem = _yaml_problem(err) if isinstance(err, yaml.YAMLError) else str(err)
        raise CorpusError(path, None, f"{what}: {problem}") from None


def _fields(entry: dict[Any, Any], valid: tuple[str, ...], path: Path, prefix: str = "") -> None:
    """Every key is one of `valid`. A key YAML reads as a bool or number ("yes:", "2019:") is
    named as written, not compared with the text keys (which would raise TypeError)."""
    for key in entry:
        if not isinstance(key, str) or key not in valid:
            raise CorpusError(path, prefix + str(key), f"unknown field (valid: {', '.join(valid)})")


def _yaml_problem(err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    return f"{problem} (line {mark.line + 1})" if mark else str(problem)


def _text(value: Any, path: Path, field: str, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise CorpusError(path, field, "missing or empty")
        return None
    if not isinstance(value, (str, int, float)):
        raise CorpusError(path, field, f"must be text, got {type(value).__name__}")
    return str(value).strip()


def _load_sources(path: Path, data: Any) -> tuple[Source, ...]:
    if not isinstance(data, list):
        raise CorpusError(path, None, "must be a YAML list of sources")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise CorpusError(path, f"[{i}]", "each source must be a mapping")
        sid = _text(entry.get("id"), path, f"[{i}].id")
        assert sid is not None
        where = f"{sid}."  # field names are prefixed with the source id
        _fields(entry, SOURCE_FIELDS, path, where)
        if not _ID.match(sid):
            raise CorpusError(path, where + "id", "use lowercase letters, digits and '-'")
        if sid in seen:
            raise CorpusError(path, where + "id", f"duplicate source id '{sid}'")
        seen.add(sid)
        title = _text(entry.get("title"), path, where + "title")
        if "year" not in entry:
            raise CorpusError(path, where + "year", "missing (write n.d. when the source shows no year)")
        url = _text(entry.get("url"), path, where + "url", required=False)
        if url is not None and not _URL.match(url):
            raise CorpusError(path, where + "url", f"not an http(s) URL: {url!r}")
        sources.append(
            Source(
                id=sid,
                title=title or "",
                publisher=_text(entry.get("publisher"), path, where + "publisher", required=False),
                author=_text(entry.get("author"), path, where + "author", required=False),
                year=_year(entry["year"], path, where + "year"),
                url=url,
                note=_text(entry.get("note"), path, where + "note", required=False),
            )
        )
    return tuple(sources)


def _year(value: Any, path: Path, field: str) -> int | None:
    if isinstance(value, str) and value.strip().lower() == "n.d.":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
        raise CorpusError(path, field, f"must be a year such as 2019, or n.d.; got {value!r}")
    return value


def _load_topics(path: Path, data: Any) -> tuple[tuple[Topic, ...], Vocabulary]:
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise CorpusError(path, "topics", "must be a mapping with a 'topics' list")
    topics: list[Topic] = []
    for i, entry in enumerate(data["topics"]):
        if not isinstance(entry, dict):
            raise CorpusError(path, f"topics[{i}]", "each topic must be a mapping")
        key = entry.get("key")
        if not _is_topic_key(key):
            raise CorpusError(path, f"topics[{i}].key", f"must be a benefit number 1-6 or '{CHALLENGES}', got {key!r}")
        if any(t.key == key for t in topics):
            raise CorpusError(path, f"topics[{i}].key", f"duplicate topic {key!r}")
        title = _text(entry.get("title"), path, f"topics[{i}].title")
        words = _words(entry.get("vocabulary", []), path, f"topics[{i}].vocabulary")
        example = _text(entry.get("example"), path, f"topics[{i}].example", required=False)
        topics.append(Topic(key=key, title=title or "", vocabulary=words, example=example))
    if not any(t.is_benefit for t in topics):
        raise CorpusError(path, "topics", "no benefit topics")
    vocabulary = Vocabulary(
        generic=_words(data.get("generic", []), path, "generic"),
        collaboration=_words(data.get("collaboration", []), path, "collaboration"),
        foreign_places=_words(data.get("foreign_places", []), path, "foreign_places"),
        overview=_words(data.get("overview", []), path, "overview"),
        everyday=_words(data.get("everyday", []), path, "everyday"),
        synonyms=_groups(data.get("synonyms", []), path, "synonyms"),
        domain=_words(data.get("domain", []), path, "domain"),
        overview_example=_text(data.get("overview_example"), path, "overview_example", required=False),
    )
    return tuple(topics), vocabulary


def _is_topic_key(key: Any) -> bool:
    """A benefit number (an int: YAML's 6.0 and true equal 6 and 1 but are not numbers of a
    benefit) or the challenges."""
    return (type(key) is int and key in BENEFIT_KEYS) or key == CHALLENGES


def _with_examples(topics: tuple[Topic, ...], path: Path, data: Any) -> tuple[Topic, ...]:
    """Each topic with its example questions from examples.yaml, a mapping from topic key to a
    list of questions. The file is optional: without it no topic has examples."""
    if data is None:
        return topics
    if not isinstance(data, dict):
        raise CorpusError(path, None, "must be a mapping from topic key (1-6, challenges) to a list of questions")
    keys = [t.key for t in topics]
    for key in data:
        if not _is_topic_key(key) or key not in keys:
            valid = ", ".join(str(k) for k in keys)
            raise CorpusError(path, str(key), f"unknown topic (valid: {valid})")
    out = []
    for topic in topics:
        questions = data.get(topic.key) or []
        if not isinstance(questions, list):
            raise CorpusError(path, str(topic.key), "must be a list of questions")
        examples = tuple(_text(q, path, f"{topic.key}[{i}]") or "" for i, q in enumerate(questions))
        out.append(Topic(topic.key, topic.title, topic.vocabulary, topic.example, examples))
    return tuple(out)


def _groups(value: Any, path: Path, field: str) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CorpusError(path, field, "must be a list of word groups, e.g. [[launch, start, begin]]")
    groups = tuple(_words(group, path, f"{field}[{i}]") for i, group in enumerate(value))
    for i, group in enumerate(groups):
        if len(group) < 2:
            raise CorpusError(path, f"{field}[{i}]", "a synonym group needs two words or more")
    return groups


def _words(value: Any, path: Path, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise CorpusError(path, field, "must be a list of words or phrases")
    return tuple(w.strip() for w in value)


# Front matter as the corpus writes it, one "field: value" per line, where the value is a
# lowercase word with digits and hyphens or a whole number: YAML reads such a value as that text
# or that int, except for the words below (bools and null). These lines are read directly,
# which makes loading 100,000 passages several times faster; anything else (quotes, comments,
# other values, repeated fields) goes to the YAML parser. tests/test_corpus.py checks the two
# agree on arbitrary input.
_SIMPLE_LINE = re.compile(r"(id|kind|benefit|source): +(?:([a-z][a-z0-9-]*)|([1-9][0-9]{0,8})) *")
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})


def _simple_front_matter(front: str) -> dict[str, Any] | None:
    """The fields of front matter made only of simple lines, else None (let YAML read it)."""
    meta: dict[str, Any] = {}
    for line in front.split("\n"):
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None or match[1] in meta or match[2] in _YAML_WORDS:
            return None
        meta[match[1]] = match[2] if match[2] is not None else int(match[3])
    return meta or None


def _front_matter(text: str) -> tuple[str | None, str]:
    """(the YAML between the first two --- lines, the text after them); (None, text) when the
    file does not start with a --- line or never closes it."""
    lines = text.split("\n")
    if not _FENCE.fullmatch(lines[0]):
        return None, text
    for i in range(1, len(lines)):
        if _FENCE.fullmatch(lines[i]):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:])
    return None, text


def _load_passage(path: str, content: str, sources: dict[str, Source], benefit_keys: set[Any]) -> Passage:
    front, body = _front_matter(content)
    meta = _simple_front_matter(front) if front is not None else None
    if meta is None and front is not None:
        meta = _parse_yaml(front, path, "bad YAML front matter")
    if not meta:
        raise CorpusError(path, "id", "missing front matter (a --- block with id, kind, source)")
    if not isinstance(meta, dict):
        raise CorpusError(path, None, f"the front matter must be fields (id: ..., kind: ...), not a {type(meta).__name__}")
    _fields(meta, PASSAGE_FIELDS, path)
    pid = _text(meta.get("id"), path, "id")
    assert pid is not None
    if not _ID.match(pid):
        raise CorpusError(path, "id", "use lowercase letters, digits and '-'")
    kind = meta.get("kind")
    if kind not in KINDS:
        raise CorpusError(path, "kind", f"must be one of {', '.join(KINDS)}; got {kind!r}")
    benefit = meta.get("benefit")
    if kind in ("benefit", "evidence"):
        if benefit is None:
            raise CorpusError(path, "benefit", f"missing: a {kind} passage needs a benefit number")
        if type(benefit) is not int or benefit not in benefit_keys:  # not 6.0, not true
            valid = ", ".join(str(k) for k in sorted(benefit_keys))
            raise CorpusError(path, "benefit", f"unknown benefit {benefit!r} (valid: {valid})")
    elif benefit is not None:
        raise CorpusError(path, "benefit", f"a {kind} passage belongs to no benefit; remove the field")
    sid = _text(meta.get("source"), path, "source")
    if sid not in sources:
        raise CorpusError(path, "source", f"unknown source '{sid}' (not in sources.yaml)")
    text = " ".join(body.split())
    if not text:
        raise CorpusError(path, "text", "the passage text is empty")
    return Passage(id=pid, kind=kind, benefit=benefit, text=text, source=sources[sid], path=path)


CUE_FIELDS = (
    "fillers", "followups", "companions", "frame", "benefit_numbers", "procedure", "figure_words", "figure_asks",
    "relative_years", "whether_starts", "whole_picture", "abbreviations", "totality",
    "scene_pointers", "phrasal", "funders_motive", "narrowers", "negations", "polite_subjects",
    "back_pointers", "choosing", "challenge_heads", "starts_anew", "refers_back", "provenance",
    "count_units", "restate", "letter_names", "procedure_papers", "one_by_one",
)
_CUE_WORD = re.compile(r"[^\W_]+|#")


def cue_words(text: str) -> tuple[str, ...]:
    """Text as lowercase words, the way cues and questions are compared: "No. 2" -> (no, 2)."""
    return tuple(_CUE_WORD.findall(text.lower()))


def cached_cues(folder: Path | str) -> Cues:
    """`load_cues`, read once per version of the file (its size and time): the index and the
    question reader both need it, and YAML parsing is a good part of a cold start."""
    path = Path(folder) / "reading.yaml"
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, -1)
    return _cues_at(str(folder), stamp)


@lru_cache(maxsize=16)
def _cues_at(folder: str, stamp: tuple[int, int]) -> Cues:
    return load_cues(folder)


def load_cues(folder: Path | str) -> Cues:
    """The question-reading cues of corpus/reading.yaml; an absent file gives no cues."""
    path = Path(folder) / "reading.yaml"
    if not path.exists():
        return Cues()
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise CorpusError(path, None, f"must be a mapping with fields {', '.join(CUE_FIELDS)}")
    unknown = sorted(set(data) - set(CUE_FIELDS))
    if unknown:
        raise CorpusError(path, unknown[0], f"unknown field (valid: {', '.join(CUE_FIELDS)})")

    def section(name: str, fields: tuple[str, ...]) -> dict[str, Any]:
        value = data.get(name) or {}
        if not isinstance(value, dict):
            raise CorpusError(path, name, f"must be a mapping with fields {', '.join(fields)}")
        bad = sorted(set(value) - set(fields))
        if bad:
            raise CorpusError(path, f"{name}.{bad[0]}", f"unknown field (valid: {', '.join(fields)})")
        return value

    def phrases(value: Any, field: str) -> tuple[tuple[str, ...], ...]:
        return tuple(dict.fromkeys(p for w in _words(value, path, field) if (p := cue_words(w))))

    def word_set(value: Any, field: str) -> frozenset[str]:
        return frozenset(w for p in phrases(value, field) for w in p)

    follow = section("followups", ("more", "evidence", "sources", "weak", "request_words"))
    whole = section("totality", ("words", "of", "between", "self"))
    pointers = section("scene_pointers", ("words", "openers"))
    motive = section("funders_motive", ("asks", "money", "parties", "topic"))
    choosing = section("choosing", ("which", "options", "judgements", "alternatives"))
    provenance = section("provenance", ("asks", "nouns", "sayings", "pointers", "details", "reference_words", "naming"))
    motive_topic = motive.get("topic")
    if motive_topic is not None and motive_topic not in (*BENEFIT_KEYS, "challenges"):
        raise CorpusError(path, "funders_motive.topic", f"must be a benefit number 1-6 or challenges, got {motive_topic!r}")
    frame = section("frame", ("starts", "max_words"))
    numbers = section("benefit_numbers", ("words", "markers", "numbers", "ordinal_around", "next", "after"))
    max_words = frame.get("max_words", 3)
    if isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 0:
        raise CorpusError(path, "frame.max_words", f"must be a whole number >= 0, got {max_words!r}")
    table = numbers.get("numbers") or {}
    if not isinstance(table, dict):
        raise CorpusError(path, "benefit_numbers.numbers", "must be a mapping from a word to a benefit number")
    pairs = []
    for word, n in table.items():
        if isinstance(n, bool) or not isinstance(n, int) or n not in BENEFIT_KEYS:
            raise CorpusError(path, f"benefit_numbers.numbers.{word}", f"must be a benefit number 1-6, got {n!r}")
        pairs.append((str(word).lower(), n))
    abbreviations = data.get("abbreviations") or {}
    if not isinstance(abbreviations, dict) or not all(isinstance(v, str) and v.strip() for v in abbreviations.values()):
        raise CorpusError(path, "abbreviations", "must be a mapping from a shorthand to the words it stands for")
    papers = data.get("procedure_papers") or {}
    if not isinstance(papers, dict) or set(papers) - {"nouns", "asks"}:
        raise CorpusError(path, "procedure_papers", "must be a mapping with lists 'nouns' and 'asks'")
    letters = data.get("letter_names") or {}
    if not isinstance(letters, dict) or not all(
        isinstance(v, str) and len(v) == 1 and v.isalpha() for v in letters.values()
    ):
        raise CorpusError(path, "letter_names", "must be a mapping from a letter's name to the letter (pi: p)")
    phrasal = data.get("phrasal") or {}
    if not isinstance(phrasal, dict) or not all(isinstance(v, str) and v.strip() for v in phrasal.values()):
        raise CorpusError(path, "phrasal", "must be a mapping from a phrase to the word it is read as")
    years = data.get("relative_years") or {}
    if not isinstance(years, dict):
        raise CorpusError(path, "relative_years", "must be a mapping from a phrase to a year offset (0 this year, 1 next)")
    offsets = []
    for phrase, n in years.items():
        if isinstance(n, bool) or not isinstance(n, int) or abs(n) > 100:
            raise CorpusError(path, f"relative_years.{phrase}", f"must be a whole number of years from now, got {n!r}")
        if words := cue_words(str(phrase)):
            offsets.append((words, n))
    return Cues(
        fillers=word_set(data.get("fillers"), "fillers"),
        more=phrases(follow.get("more"), "followups.more"),
        evidence=phrases(follow.get("evidence"), "followups.evidence"),
        sources=phrases(follow.get("sources"), "followups.sources"),
        weak_cues=word_set(follow.get("weak"), "followups.weak"),
        request_words=word_set(follow.get("request_words"), "followups.request_words"),
        companions=word_set(data.get("companions"), "companions"),
        frame_starts=phrases(frame.get("starts"), "frame.starts"),
        frame_max_words=max_words,
        number_words=word_set(numbers.get("words"), "benefit_numbers.words"),
        number_markers=phrases(numbers.get("markers"), "benefit_numbers.markers"),
        numbers=tuple(pairs),
        ordinal_around=word_set(numbers.get("ordinal_around"), "benefit_numbers.ordinal_around"),
        next_benefit=phrases(numbers.get("next"), "benefit_numbers.next"),
        negations=word_set(data.get("negations"), "negations"),
        polite_subjects=word_set(data.get("polite_subjects"), "polite_subjects"),
        procedure=phrases(data.get("procedure"), "procedure"),
        procedure_nouns=word_set(papers.get("nouns"), "procedure_papers.nouns"),
        procedure_asks=word_set(papers.get("asks"), "procedure_papers.asks"),
        figure_words=phrases(data.get("figure_words"), "figure_words"),
        figure_asks=phrases(data.get("figure_asks"), "figure_asks"),
        relative_years=tuple(offsets),
        whether_starts=phrases(data.get("whether_starts"), "whether_starts"),
        whole_picture=phrases(data.get("whole_picture"), "whole_picture"),
        abbreviations=tuple((str(k).lower(), str(v)) for k, v in abbreviations.items()),
        letter_names=tuple((str(k).lower(), str(v).lower()) for k, v in letters.items()),
        motive_asks=phrases(motive.get("asks"), "funders_motive.asks"),
        motive_money=word_set(motive.get("money"), "funders_motive.money"),
        motive_parties=word_set(motive.get("parties"), "funders_motive.parties"),
        motive_topic=motive_topic,
        narrowers=word_set(data.get("narrowers"), "narrowers"),
        back_pointers=phrases(data.get("back_pointers"), "back_pointers"),
        refers_back=word_set(data.get("refers_back"), "refers_back"),
        challenge_heads=phrases(data.get("challenge_heads"), "challenge_heads"),
        choosing_which=word_set(choosing.get("which"), "choosing.which"),
        choosing_options=word_set(choosing.get("options"), "choosing.options"),
        choosing_judgements=word_set(choosing.get("judgements"), "choosing.judgements"),
        choosing_alternatives=word_set(choosing.get("alternatives"), "choosing.alternatives"),
        phrasal=tuple((" ".join(cue_words(str(k))), str(v)) for k, v in phrasal.items() if cue_words(str(k))),
        scene_pointers=word_set(pointers.get("words"), "scene_pointers.words"),
        scene_openers=word_set(pointers.get("openers"), "scene_pointers.openers"),
        totality=phrases(whole.get("words"), "totality.words"),
        totality_of=phrases(whole.get("of"), "totality.of"),
        totality_between=word_set(whole.get("between"), "totality.between"),
        totality_self=phrases(whole.get("self"), "totality.self"),
        starts_anew=phrases(data.get("starts_anew"), "starts_anew"),
        number_after=word_set(numbers.get("after"), "benefit_numbers.after"),
        provenance_asks=word_set(provenance.get("asks"), "provenance.asks"),
        provenance_nouns=word_set(provenance.get("nouns"), "provenance.nouns"),
        provenance_sayings=word_set(provenance.get("sayings"), "provenance.sayings"),
        provenance_pointers=word_set(provenance.get("pointers"), "provenance.pointers"),
        provenance_naming=word_set(provenance.get("naming"), "provenance.naming"),
        count_units=word_set(data.get("count_units"), "count_units"),
        one_by_one=word_set(data.get("one_by_one"), "one_by_one"),
        restate=phrases(data.get("restate"), "restate"),
        reference_details=word_set(provenance.get("details"), "provenance.details"),
        reference_words=word_set(provenance.get("reference_words"), "provenance.reference_words"),
    )
