"""Load and validate the corpus folder: sources.yaml, topics.yaml, examples.yaml (optional) and
passages/**/*.md.

Loading is all or nothing: the first problem stops it with a CorpusError that names the file
and the field, so a maintainer can fix the file; nothing is half-loaded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import frontmatter
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
        where = f"{self.file}: field '{field}'" if field else self.file
        super().__init__(f"{where}: {problem}")


def default_corpus_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "corpus"


def load_corpus(folder: Path | str | None = None, progress: Callable[[str, int, int], None] | None = None) -> Corpus:
    root = Path(folder) if folder is not None else default_corpus_dir()
    if not root.is_dir():
        raise CorpusError(root, None, "corpus folder not found")
    sources = _load_sources(root / "sources.yaml")
    topics, vocabulary = _load_topics(root / "topics.yaml")
    topics = _with_examples(topics, root / "examples.yaml")
    by_id = {s.id: s for s in sources}
    benefit_keys = {t.key for t in topics if t.is_benefit}
    files = sorted((root / "passages").rglob("*.md"))
    passages: list[Passage] = []
    seen: dict[str, Path] = {}
    for n, path in enumerate(files, 1):
        if progress and n % 5000 == 0:
            progress("reading", n, len(files))
        passage = _load_passage(path, by_id, benefit_keys)
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


def _read_yaml(path: Path, fast: bool = False) -> Any:
    """A YAML file's data; `fast` parses with libyaml when installed (the same safe subset of
    YAML, ten times quicker: read at start-up, where the cached index is not)."""
    if not path.is_file():
        raise CorpusError(path, None, "file not found")
    try:
        if fast:
            return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CorpusError(path, None, "not UTF-8 text") from None
    except yaml.YAMLError as err:
        raise CorpusError(path, None, f"bad YAML: {_yaml_problem(err)}") from None


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


def _load_sources(path: Path) -> tuple[Source, ...]:
    data = _read_yaml(path)
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
        unknown = sorted(set(entry) - set(SOURCE_FIELDS))
        if unknown:
            raise CorpusError(path, where + unknown[0], f"unknown field (valid: {', '.join(SOURCE_FIELDS)})")
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


def _load_topics(path: Path) -> tuple[tuple[Topic, ...], Vocabulary]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise CorpusError(path, "topics", "must be a mapping with a 'topics' list")
    topics: list[Topic] = []
    for i, entry in enumerate(data["topics"]):
        if not isinstance(entry, dict):
            raise CorpusError(path, f"topics[{i}]", "each topic must be a mapping")
        key = entry.get("key")
        if key not in BENEFIT_KEYS and key != CHALLENGES:
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
        overview=_words(data.get("overview", []), path, "overview"),
        everyday=_words(data.get("everyday", []), path, "everyday"),
        synonyms=_groups(data.get("synonyms", []), path, "synonyms"),
        domain=_words(data.get("domain", []), path, "domain"),
        overview_example=_text(data.get("overview_example"), path, "overview_example", required=False),
    )
    return tuple(topics), vocabulary


def _with_examples(topics: tuple[Topic, ...], path: Path) -> tuple[Topic, ...]:
    """Each topic with its example questions from examples.yaml, a mapping from topic key to a
    list of questions. The file is optional: without it no topic has examples."""
    if not path.exists():
        return topics
    data = _read_yaml(path)
    if data is None:
        return topics
    if not isinstance(data, dict):
        raise CorpusError(path, None, "must be a mapping from topic key (1-6, challenges) to a list of questions")
    keys = [t.key for t in topics]
    for key in data:
        if key not in keys:
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


def _load_passage(path: Path, sources: dict[str, Source], benefit_keys: set[Any]) -> Passage:
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CorpusError(path, None, "not UTF-8 text") from None
    except yaml.YAMLError as err:
        raise CorpusError(path, None, f"bad YAML front matter: {_yaml_problem(err)}") from None
    meta = post.metadata
    if not meta:
        raise CorpusError(path, "id", "missing front matter (a --- block with id, kind, source)")
    unknown = sorted(set(meta) - set(PASSAGE_FIELDS))
    if unknown:
        raise CorpusError(path, unknown[0], f"unknown field (valid: {', '.join(PASSAGE_FIELDS)})")
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
        if isinstance(benefit, bool) or benefit not in benefit_keys:
            valid = ", ".join(str(k) for k in sorted(benefit_keys))
            raise CorpusError(path, "benefit", f"unknown benefit {benefit!r} (valid: {valid})")
    elif benefit is not None:
        raise CorpusError(path, "benefit", f"a {kind} passage belongs to no benefit; remove the field")
    sid = _text(meta.get("source"), path, "source")
    if sid not in sources:
        raise CorpusError(path, "source", f"unknown source '{sid}' (not in sources.yaml)")
    text = " ".join(post.content.split())
    if not text:
        raise CorpusError(path, "text", "the passage text is empty")
    return Passage(id=pid, kind=kind, benefit=benefit, text=text, source=sources[sid], path=str(path))


CUE_FIELDS = ("fillers", "followups", "companions", "frame", "benefit_numbers", "procedure", "figure_words", "figure_asks")
_CUE_WORD = re.compile(r"[^\W_]+|#")


def cue_words(text: str) -> tuple[str, ...]:
    """Text as lowercase words, the way cues and questions are compared: "No. 2" -> (no, 2)."""
    return tuple(_CUE_WORD.findall(text.lower()))


def load_cues(folder: Path | str) -> Cues:
    """The question-reading cues of corpus/reading.yaml; an absent file gives no cues."""
    path = Path(folder) / "reading.yaml"
    if not path.exists():
        return Cues()
    data = _read_yaml(path, fast=True) or {}
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

    follow = section("followups", ("more", "evidence", "sources"))
    frame = section("frame", ("starts", "max_words"))
    numbers = section("benefit_numbers", ("words", "markers", "numbers"))
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
    return Cues(
        fillers=word_set(data.get("fillers"), "fillers"),
        more=phrases(follow.get("more"), "followups.more"),
        evidence=phrases(follow.get("evidence"), "followups.evidence"),
        sources=phrases(follow.get("sources"), "followups.sources"),
        companions=word_set(data.get("companions"), "companions"),
        frame_starts=phrases(frame.get("starts"), "frame.starts"),
        frame_max_words=max_words,
        number_words=word_set(numbers.get("words"), "benefit_numbers.words"),
        number_markers=phrases(numbers.get("markers"), "benefit_numbers.markers"),
        numbers=tuple(pairs),
        procedure=phrases(data.get("procedure"), "procedure"),
        figure_words=phrases(data.get("figure_words"), "figure_words"),
        figure_asks=phrases(data.get("figure_asks"), "figure_asks"),
    )
