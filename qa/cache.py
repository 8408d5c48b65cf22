"""Persist the tokenized passages (the BM25 postings), so a restart skips tokenizing.

Only the postings are cached, never text. Tokenizing is the one costly step the cache can skip
safely: at 100,000 passages it takes most of a first run, while the corpus files must be read
and hashed on every start anyway to know the cache is current (README, "Persisted index", has
the figures). So the corpus, every word a user sees and every citation's source, is always
read and validated from its files; nothing in the cache can change what a passage says.

The key is a SHA-256 of:
- every corpus file's path and bytes, as the loader read and parsed them
  (`qa.corpus.load_corpus_and_digest`), never sizes or times, so no edit goes unseen;
- the code that turns text into postings: the source of the modules in CODE_FILES and the data
  files beside them, nltk's version, the tokenizer's settings and stemming exceptions, and the
  tokens of a fixed probe text (which catch a change in behaviour from anywhere, such as a new
  stemmer release), so a code change rebuilds without anyone bumping a version;
- this format's version.

The postings are numpy arrays (`.npz`, read with allow_pickle=False) plus JSON, formats that
cannot run code; `PostingsBM25.load` checks them and returns None on any damage, and the
index is then rebuilt. Files are written atomically and readable by all (0644), so a cache
built by one user serves another. A cache that cannot be written (read-only) is still used when
it is valid; when it is not, the index is built in memory and one warning line says so.

Where: $QA_CACHE_DIR if set, else the user cache folder (~/.cache/pakistan-he-qa), one
subfolder per corpus folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
from importlib import metadata
from pathlib import Path

from . import tokenize
from .scoring import PostingsBM25
from .tokenize import Tokenizer

CACHE_VERSION = 7  # 7: only postings are cached, keyed by content and code
_PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides the postings: reading, tokenizing, indexing, scoring.
CODE_FILES: tuple[Path, ...] = tuple(
    _PACKAGE / name for name in ("cache.py", "corpus.py", "index.py", "records.py", "scoring.py", "tokenize.py")
) + tuple(sorted((_PACKAGE / "data").glob("*")))
PROBE = (
    "Pakistan's HEC funded 189 PhD scholarships in 2022-23; universities' researchers co-authored "
    "papers, citations rose. Publications, collaborations, INTERNATIONAL LINKAGES and faculty "
    "exchanges don't stop. Café naïve résumé. پاکستان کی جامعات 12,000 USD."
)
STEM = "passages"  # the cache holds passages.npz and passages.json
log = logging.getLogger(__name__)


def cache_dir(corpus_folder: Path) -> Path:
    base = os.environ.get("QA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "pakistan-he-qa"
    )
    folder_id = hashlib.sha256(str(corpus_folder.resolve()).encode()).hexdigest()[:16]
    return Path(base) / folder_id


def code_fingerprint(tokenizer: Tokenizer) -> str:
    """A hash of everything in the code that decides which postings a text gets."""
    digest = hashlib.sha256(f"v{CACHE_VERSION}|{tokenizer.fingerprint}|".encode())
    for path in CODE_FILES:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0missing"
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    try:
        nltk_version = metadata.version("nltk")
    except metadata.PackageNotFoundError:
        nltk_version = "?"
    exceptions = sorted(tokenize.STEM_EXCEPTIONS.items())
    digest.update(f"nltk {nltk_version}|{exceptions!r}|{tokenizer.tokenize(PROBE)!r}".encode())
    return digest.hexdigest()


def cache_key(corpus_digest: str, tokenizer: Tokenizer) -> str:
    """The key of the postings for a corpus (its files' digest) under the current code."""
    return hashlib.sha256(f"{corpus_digest}|{code_fingerprint(tokenizer)}".encode()).hexdigest()


def load(folder: Path, key: str) -> PostingsBM25 | None:
    """The cached passage scorer stored under `key`, or None (missing, stale or damaged)."""
    return PostingsBM25.load(cache_dir(folder) / STEM, key)


def save(folder: Path, key: str, scorer: PostingsBM25) -> None:
    """Write the cache. One that cannot be written only means no cache: one warning line."""
    target = cache_dir(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        scorer.save(target / STEM, key)
    except OSError as err:
        log.warning(
            "warning: the index cache in %s is out of date and cannot be written (%s): "
            "the index is built in memory", target, err.strerror or type(err).__name__,
        )
