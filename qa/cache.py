"""Persist the built index on disk, so a restart with an unchanged corpus skips tokenizing.

The cache is keyed by a hash of every corpus file's path and bytes, the tokenizer's settings
and this format's version: any change to a passage, a source, the vocabulary or the
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

CACHE_VERSION = 2


def cache_dir(corpus_folder: Path) -> Path:
    base = os.environ.get("QA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "pakistan-he-qa"
    )
    folder_id = hashlib.sha256(str(corpus_folder.resolve()).encode()).hexdigest()[:16]
    return Path(base) / folder_id


def corpus_files(folder: Path) -> list[Path]:
    return sorted([folder / "sources.yaml", folder / "topics.yaml", *(folder / "passages").rglob("*.md")])


def corpus_key(folder: Path, tokenizer: Tokenizer) -> str:
    digest = hashlib.sha256(f"v{CACHE_VERSION}|{tokenizer.fingerprint}".encode())
    for path in corpus_files(folder):
        data = path.read_bytes() if path.is_file() else b"<missing>"
        digest.update(f"\0{path.relative_to(folder)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def save(folder: Path, key: str, corpus: Corpus, scorer: PostingsBM25) -> None:
    """Write the cache; a failure to write (read-only disk) only means no cache."""
    try:
        target = cache_dir(folder)
        target.mkdir(parents=True, exist_ok=True)
        scorer.save(target / "passages", key)
        payload = json.dumps({"version": CACHE_VERSION, "key": key, "corpus": _corpus_json(corpus)}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=target, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(payload)
        os.replace(tmp, target / "corpus.json")
    except OSError:
        pass


def load(folder: Path, key: str) -> tuple[Corpus, PostingsBM25] | None:
    """The cached corpus and passage scorer for `key`, or None if anything is off."""
    try:
        target = cache_dir(folder)
        data = json.loads((target / "corpus.json").read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("key") != key:
            return None
        corpus = _corpus_from_json(data["corpus"], str(folder))
        scorer = PostingsBM25.load(target / "passages", key)
        if scorer is None or scorer.corpus_size != len(corpus.passages):
            return None
        return corpus, scorer
    except Exception:  # corrupt, truncated, foreign: rebuild
        return None


def _corpus_json(corpus: Corpus) -> dict[str, Any]:
    return {
        "sources": [vars(s) for s in corpus.sources],
        "topics": [{"key": t.key, "title": t.title, "vocabulary": list(t.vocabulary), "example": t.example} for t in corpus.topics],
        "vocabulary": {
            "generic": list(corpus.vocabulary.generic),
            "collaboration": list(corpus.vocabulary.collaboration),
            "overview": list(corpus.vocabulary.overview),
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
    topics = tuple(Topic(t["key"], t["title"], tuple(t["vocabulary"]), t["example"]) for t in data["topics"])
    v = data["vocabulary"]
    vocabulary = Vocabulary(
        tuple(v["generic"]), tuple(v["collaboration"]), tuple(v["overview"]), v["overview_example"]
    )
    return Corpus(passages, topics, sources, vocabulary, folder)
