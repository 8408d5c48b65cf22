"""Persist the built index on disk, so a restart with an unchanged corpus skips tokenizing.

The cache is keyed by a hash of every corpus file's path and bytes, the tokenizer's settings
and this format's version (a quicker hash of paths, sizes and times skips reading the files
when none changed): any change to a passage, a source, the vocabulary or the
tokenizer rebuilds it. It is written as numpy arrays (`.npz`, read with allow_pickle=False)
and JSON, formats that cannot run code, and a cache that is corrupt, foreign or from another
version is ignored and rebuilt, never trusted.

Where: $QA_CACHE_DIR if set, else the user cache folder (~/.cache/pakistan-he-qa), one
subfolder per corpus folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .records import Corpus, Passage, Source, Topic, Vocabulary
from .scoring import PostingsBM25
from .tokenize import Tokenizer

CACHE_VERSION = 6  # 6: topics carry example questions (examples.yaml)


def cache_dir(corpus_folder: Path) -> Path:
    base = os.environ.get("QA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "pakistan-he-qa"
    )
    folder_id = hashlib.sha256(str(corpus_folder.resolve()).encode()).hexdigest()[:16]
    return Path(base) / folder_id


def _walk(folder: Path) -> list[tuple[str, str, str]]:
    """(path relative to `folder`, full path, "size:mtime") of every corpus file, sorted.
    os.scandir, its entries' own stat and string slicing, not pathlib: a 100,000-file corpus
    is listed in a fraction of a second."""
    root = os.fspath(folder)
    found = []
    for name in ("sources.yaml", "topics.yaml", "examples.yaml"):
        path = os.path.join(root, name)
        try:
            found.append((name, path, _stamp(os.stat(path))))
        except OSError:
            found.append((name, path, "missing"))
    stack = [os.path.join(root, "passages")]
    cut = len(root) + 1
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir():
                stack.append(entry.path)
            elif entry.name.endswith(".md"):
                found.append((entry.path[cut:], entry.path, _stamp(entry.stat())))
    return sorted(found)


def _stamp(st: os.stat_result) -> str:
    return f"{st.st_size}:{st.st_mtime_ns}"


def _settings(tokenizer: Tokenizer) -> str:
    return f"v{CACHE_VERSION}|{tokenizer.fingerprint}"


def stat_key(folder: Path, tokenizer: Tokenizer) -> str:
    """Fast: a hash of every file's path, size and modification time."""
    parts = [_settings(tokenizer), *(f"{name}\0{stamp}" for name, _, stamp in _walk(folder))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def corpus_key(folder: Path, tokenizer: Tokenizer) -> str:
    """Exact: a hash of every file's path and bytes."""
    digest = hashlib.sha256(_settings(tokenizer).encode())
    for name, path, _ in _walk(folder):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            data = b"\0missing"
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def save(folder: Path, key: str, stat: str, corpus: Corpus, scorer: PostingsBM25) -> None:
    """Write the cache; a failure to write (read-only disk) only means no cache."""
    try:
        target = cache_dir(folder)
        target.mkdir(parents=True, exist_ok=True)
        scorer.save(target / "passages", key)
        _write_json(target / "corpus.json", {"version": CACHE_VERSION, "key": key, "corpus": _corpus_json(corpus)})
        _write_json(target / "key.json", {"version": CACHE_VERSION, "key": key, "stat": stat})
    except OSError:
        pass


def _write_json(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(tmp, path)


def load(folder: Path, tokenizer: Tokenizer) -> tuple[Corpus, PostingsBM25] | None:
    """The cached corpus and passage scorer if the corpus is unchanged, else None.

    When no file's size or time changed, the stored content key is used as is; otherwise the
    files are read and hashed, so a checkout that only touched times still hits the cache."""
    try:
        target = cache_dir(folder)
        meta = json.loads((target / "key.json").read_text(encoding="utf-8"))
        if meta.get("version") != CACHE_VERSION:
            return None
        stat = stat_key(folder, tokenizer)
        key = meta["key"] if meta.get("stat") == stat else corpus_key(folder, tokenizer)
        if key != meta["key"]:
            return None
        data = json.loads((target / "corpus.json").read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("key") != key:
            return None
        corpus = _corpus_from_json(data["corpus"], str(folder))
        scorer = PostingsBM25.load(target / "passages", key)
        if scorer is None or scorer.corpus_size != len(corpus.passages):
            return None
        if meta.get("stat") != stat:
            _write_json(target / "key.json", {"version": CACHE_VERSION, "key": key, "stat": stat})
        return corpus, scorer
    except Exception:  # corrupt, truncated, foreign: rebuild
        return None


def _corpus_json(corpus: Corpus) -> dict[str, Any]:
    return {
        "sources": [vars(s) for s in corpus.sources],
        "topics": [
            {"key": t.key, "title": t.title, "vocabulary": list(t.vocabulary), "example": t.example, "examples": list(t.examples)}
            for t in corpus.topics
        ],
        "vocabulary": {
            "generic": list(corpus.vocabulary.generic),
            "collaboration": list(corpus.vocabulary.collaboration),
            "overview": list(corpus.vocabulary.overview),
            "everyday": list(corpus.vocabulary.everyday),
            "synonyms": [list(g) for g in corpus.vocabulary.synonyms],
            "domain": list(corpus.vocabulary.domain),
            "overview_example": corpus.vocabulary.overview_example,
        },
        "passages": [[p.id, p.kind, p.benefit, p.text, p.source.id, p.path] for p in corpus.passages],
    }


def _corpus_from_json(data: dict[str, Any], folder: str) -> Corpus:
    sources = tuple(Source(**s) for s in data["sources"])
    by_id = {s.id: s for s in sources}
    passages = tuple(
        Passage(id=str(i), kind=k, benefit=b, text=str(t), source=by_id[s], path=str(p))
        for i, k, b, t, s, p in data["passages"]
    )
    topics = tuple(Topic(t["key"], t["title"], tuple(t["vocabulary"]), t["example"], tuple(t["examples"])) for t in data["topics"])
    v = data["vocabulary"]
    vocabulary = Vocabulary(
        generic=tuple(v["generic"]), collaboration=tuple(v["collaboration"]), overview=tuple(v["overview"]),
        everyday=tuple(v["everyday"]), synonyms=tuple(tuple(g) for g in v["synonyms"]), domain=tuple(v["domain"]),
        overview_example=v["overview_example"],
    )
    return Corpus(passages, topics, sources, vocabulary, folder)
