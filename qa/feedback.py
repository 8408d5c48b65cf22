"""What real users ask, and what they thought of the answers: a store behind SQLAlchemy.

`QA_FEEDBACK_URL` picks the database: unset, a SQLite file `qa-feedback.sqlite3` in the working
folder; `off`, no recording; anything else, a SQLAlchemy URL (`postgresql+psycopg://...`).
Several app processes may share one database: every write is an append of rows with random
ids, so replicas never contend for the same row.

What is stored, and nothing more (no IP address, no user agent, no name): per question its
text, status, the topic answered, the language, whether it was a follow-up, the cited passage
ids, the corpus version, a UTC timestamp and a random per-browser-session id; per rating the
question's record id, the session id, thumbs up or down, an optional comment and a timestamp.

The store never costs an answer. The app hands records to a `Recorder`, whose one background
thread per process writes them in batches; a full queue, a locked or unreachable database, or
a schema this code cannot read only drops records, logging one warning per outage and never a
traceback. Records wait for the database up to `Recorder.max_age_s`, then are dropped.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import queue
import secrets
import threading
import time
import re
import unicodedata
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Iterable, Union

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from .index import Index
    from .records import Answer

log = logging.getLogger("qa.feedback")

ENV = "QA_FEEDBACK_URL"
DEFAULT_URL = "sqlite:///qa-feedback.sqlite3"  # relative: the working folder (git ignores it)
OFF = "off"
SCHEMA_VERSION = 1  # bump with a migration in `_migrate` when a table changes
MAX_QUESTION_CHARS = 2000  # a pasted essay is kept in part: enough to read what was asked
MAX_COMMENT_CHARS = 500
UNANSWERED = ("not_covered", "invalid")
OVERVIEW = "overview"  # the topic recorded for an answer that gives all six benefits


class FeedbackError(Exception):
    """The store cannot be used as configured (bad URL, newer schema): one line, no traceback."""


def new_session_id() -> str:
    """A random id for one browser session: it links a session's questions, and nothing else."""
    return secrets.token_hex(16)


def now() -> datetime:
    """UTC, without tzinfo: every database stores and compares it the same way."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


# --- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRecord:
    """One question and its outcome, as stored."""

    id: str
    session_id: str
    asked_at: datetime
    question: str
    status: str
    topic: str | None  # "1".."6", "challenges", "overview"; None when not answered
    language: str
    follow_up: bool
    passage_ids: tuple[str, ...]
    corpus_version: str


@dataclass(frozen=True)
class RatingRecord:
    """A thumbs up (1) or down (0) on one answer, with an optional comment. Ratings are
    appended, never updated: a user who changes their mind adds a row and the latest counts."""

    id: str
    question_id: str
    session_id: str
    given_at: datetime
    rating: int
    comment: str | None = None


Record = Union[QuestionRecord, RatingRecord]

_versions: "weakref.WeakKeyDictionary[Index, str]" = weakref.WeakKeyDictionary()


def corpus_version(index: Index) -> str:
    """A short hash of the corpus content (passages, topics with their examples, vocabulary,
    sources), computed once per index: two replicas on the same corpus agree, any edit changes it."""
    version = _versions.get(index)
    if version is None:
        corpus = index.corpus
        digest = hashlib.sha256()
        for p in corpus.passages:
            digest.update(json.dumps([p.id, p.kind, p.benefit, p.text, p.source.as_json()], ensure_ascii=False).encode())
        for t in corpus.topics:
            digest.update(json.dumps([str(t.key), t.title, t.vocabulary, t.example, t.examples], ensure_ascii=False).encode())
        digest.update(repr(corpus.vocabulary).encode())
        version = _versions[index] = digest.hexdigest()[:12]
    return version


def answered_topic(answer: Answer) -> str | None:
    """The topic an answer gave: "overview", the first citation's topic, or None if unanswered."""
    if answer.status != "answered":
        return None
    if answer.overview:
        return OVERVIEW
    key = answer.citations[0].passage.topic_key if answer.citations else None
    if key is None and answer.ranking:
        key = answer.ranking[0]
    return None if key is None else str(key)


def question_record(answer: Answer, session_id: str, version: str, asked_at: datetime | None = None) -> QuestionRecord:
    """The record of one answer. `language` and `follow_up` are read with defaults so this works
    with Answer records that do not have them yet."""
    return QuestionRecord(
        id=secrets.token_hex(16),
        session_id=session_id,
        asked_at=asked_at or now(),
        question=answer.question[:MAX_QUESTION_CHARS],
        status=answer.status,
        topic=answered_topic(answer),
        language=str(getattr(answer, "language", "en") or "en"),
        follow_up=bool(getattr(answer, "follow_up", False)),
        passage_ids=tuple(c.passage.id for c in answer.citations),
        corpus_version=version,
    )


def normalise(question: str) -> str:
    """Questions that differ only in case, spacing or punctuation group together; one with no
    word at all (emoji only) is kept as typed, so it does not merge with a blank question."""
    text = unicodedata.normalize("NFKC", question).casefold()
    return " ".join(re.findall(r"\w+", text)) or " ".join(text.split())


# --- the store -------------------------------------------------------------------------------


def configured_url(environ: dict[str, str] | None = None) -> str | None:
    """The store's URL from QA_FEEDBACK_URL; None when recording is off."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if value.lower() == OFF:
        return None
    return value or DEFAULT_URL


def safe_url(url: str) -> str:
    """The URL for messages, with any password hidden."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL has no password we could find
        return url.split("@")[-1]


class Store:
    """The tables, and every read and write of them. Created lazily: opening a Store does not
    connect; `ensure_schema` creates missing tables and refuses a newer schema."""

    def __init__(self, url: str) -> None:
        import sqlalchemy as sa
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError

        self.url = url
        try:
            parsed = sa.engine.make_url(url)
        except ArgumentError as err:
            raise FeedbackError(f"{ENV} is not a database URL ({err}); use e.g. sqlite:///feedback.sqlite3, "
                                f"postgresql+psycopg://user:password@host/db, or {OFF}") from None
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if parsed.get_backend_name() == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            self.engine: Engine = sa.create_engine(parsed, **kwargs)
        except (NoSuchModuleError, ImportError, ArgumentError) as err:
            raise FeedbackError(f"{ENV}={safe_url(url)} cannot be used: {err}") from None
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.tables = _tables()
        self._ready = False

    def describe(self) -> str:
        return safe_url(self.url)

    def missing_file(self) -> bool:
        """True for a SQLite database whose file does not exist (yet)."""
        database = self.engine.url.database
        return self.engine.dialect.name == "sqlite" and bool(database) and database != ":memory:" \
            and not os.path.exists(database)

    def ensure_schema(self) -> None:
        """Create the tables when missing; refuse a schema written by a newer version."""
        if self._ready:
            return
        from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

        meta = self.tables["meta"]
        for attempt in range(3):  # two replicas starting at once may race to create the tables
            try:
                self.tables["metadata"].create_all(self.engine, checkfirst=True)
                with self.engine.begin() as conn:
                    row = conn.execute(meta.select().where(meta.c.key == "schema_version")).first()
                    if row is None:
                        conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
                        version = SCHEMA_VERSION
                    else:
                        version = int(row.value)
                break
            except (IntegrityError, ProgrammingError) as err:
                if attempt == 2:
                    raise
                log.debug("schema race, retrying: %s", err)
            except OperationalError as err:
                if attempt == 2 or "already exists" not in str(err):
                    raise
        if version > SCHEMA_VERSION:
            raise FeedbackError(
                f"the feedback database {self.describe()} has schema version {version}, newer than this "
                f"code's {SCHEMA_VERSION}: update the app, or point {ENV} at another database"
            )
        self._ready = True

    def write(self, records: Iterable[Record]) -> None:
        """Append records in one transaction. A record already stored (a retry after a commit
        whose reply was lost) is skipped, not duplicated."""
        from sqlalchemy.exc import IntegrityError

        records = list(records)
        if not records:
            return
        self.ensure_schema()
        try:
            with self.engine.begin() as conn:
                self._insert(conn, records)
        except IntegrityError:
            for record in records:  # one by one: skip the ones already there
                try:
                    with self.engine.begin() as conn:
                        self._insert(conn, [record])
                except IntegrityError:
                    pass

    def _insert(self, conn: Any, records: list[Record]) -> None:
        questions = [_question_row(r) for r in records if isinstance(r, QuestionRecord)]
        ratings = [_rating_row(r) for r in records if isinstance(r, RatingRecord)]
        if questions:
            conn.execute(self.tables["questions"].insert(), questions)
        if ratings:
            conn.execute(self.tables["ratings"].insert(), ratings)

    def questions(self, since: datetime | None = None) -> list[QuestionRecord]:
        self.ensure_schema()
        table = self.tables["questions"]
        query = table.select().order_by(table.c.asked_at, table.c.id)
        if since is not None:
            query = query.where(table.c.asked_at >= since)
        with self.engine.connect() as conn:
            return [_question_from_row(row) for row in conn.execute(query)]

    def ratings(self, since: datetime | None = None) -> list[RatingRecord]:
        self.ensure_schema()
        table = self.tables["ratings"]
        query = table.select().order_by(table.c.given_at, table.c.id)
        if since is not None:
            query = query.where(table.c.given_at >= since)
        with self.engine.connect() as conn:
            return [RatingRecord(r.id, r.question_id, r.session_id, r.given_at, r.rating, r.comment) for r in conn.execute(query)]

    def purge_before(self, before: datetime) -> tuple[int, int]:
        """Delete questions asked before `before`, their ratings, and ratings given before it.
        Returns (questions deleted, ratings deleted)."""
        self.ensure_schema()
        questions, ratings = self.tables["questions"], self.tables["ratings"]
        old = questions.select().with_only_columns(questions.c.id).where(questions.c.asked_at < before)
        with self.engine.begin() as conn:
            r = conn.execute(ratings.delete().where((ratings.c.given_at < before) | ratings.c.question_id.in_(old)))
            q = conn.execute(questions.delete().where(questions.c.asked_at < before))
        return q.rowcount, r.rowcount

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets the review read while the app writes. A writer waits for another's lock up to
    the driver's timeout (5 s; `?timeout=0.5` in the URL sets it) before the Recorder retries."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last records, which
        # is a fair price for not waiting on the disk (fsync) at every commit.
        cursor.execute("PRAGMA synchronous=NORMAL")
    except Exception:  # a locked file can refuse the journal switch; the default journal works too
        pass
    finally:
        cursor.close()


def _tables() -> dict[str, Any]:
    import sqlalchemy as sa

    metadata = sa.MetaData()
    meta = sa.Table(
        "qa_meta", metadata,
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
    )
    questions = sa.Table(
        "qa_questions", metadata,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("session_id", sa.String(64), nullable=False, index=True),
        sa.Column("asked_at", sa.DateTime(), nullable=False, index=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("topic", sa.String(32)),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("follow_up", sa.Boolean(), nullable=False),
        sa.Column("passage_ids", sa.Text(), nullable=False),  # a JSON list, in citation order
        sa.Column("corpus_version", sa.String(64), nullable=False),
    )
    ratings = sa.Table(
        "qa_ratings", metadata,
        sa.Column("id", sa.String(32), primary_key=True),
        # No foreign key: a rating may outlive its question's record if that one was dropped.
        sa.Column("question_id", sa.String(32), nullable=False, index=True),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False, index=True),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text()),
    )
    return {"metadata": metadata, "meta": meta, "questions": questions, "ratings": ratings}


def _question_row(r: QuestionRecord) -> dict[str, object]:
    return {
        "id": r.id, "session_id": r.session_id, "asked_at": r.asked_at, "question": r.question,
        "status": r.status, "topic": r.topic, "language": r.language, "follow_up": r.follow_up,
        "passage_ids": json.dumps(list(r.passage_ids)), "corpus_version": r.corpus_version,
    }


def _rating_row(r: RatingRecord) -> dict[str, object]:
    return {
        "id": r.id, "question_id": r.question_id, "session_id": r.session_id, "given_at": r.given_at,
        "rating": r.rating, "comment": r.comment,
    }


def _question_from_row(row: Any) -> QuestionRecord:
    return QuestionRecord(
        row.id, row.session_id, row.asked_at, row.question, row.status, row.topic, row.language,
        bool(row.follow_up), tuple(json.loads(row.passage_ids or "[]")), row.corpus_version,
    )


def open_store(url: str | None = None) -> Store:
    """The configured store (QA_FEEDBACK_URL unless `url` is given); FeedbackError when off."""
    url = url if url is not None else configured_url()
    if url is None:
        raise FeedbackError(f"recording is off ({ENV}={OFF}): there is no feedback store to read")
    return Store(url)


# --- the background writer -------------------------------------------------------------------


@dataclass
class _Pending:
    record: Record
    queued_at: float = field(default_factory=time.monotonic)


class Recorder:
    """Takes records from the app without ever blocking it, and writes them in the background.

    One per process (app.py caches it), shared by every session of that process. `record_*`
    only put a record on a bounded queue; the writer thread drains it in batches, starting
    `settle_s` after a record arrives, when the answer that made it has been sent. While the
    database is down or locked the writer retries with backoff, logging one warning per outage;
    a record older than `max_age_s`, or one that finds the queue full, is dropped.
    """

    def __init__(
        self, store: Store | None, *, max_queue: int = 10_000, batch: int = 200,
        max_age_s: float = 30.0, retry_s: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0, 5.0),
        settle_s: float = 0.25,
    ) -> None:
        self.store = store
        self.settle_s = settle_s
        self.max_age_s = max_age_s
        self.retry_s = retry_s
        self.batch = batch
        self.written = 0
        self.dropped = 0
        self._queue: queue.Queue[_Pending | None] = queue.Queue(maxsize=max_queue)
        self._outage = False
        self._full_warned = False
        self._disabled = store is None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @classmethod
    def from_env(cls, url: str | None = None, **kwargs: Any) -> Recorder:
        """The recorder for QA_FEEDBACK_URL (or `url`): a disabled one when off or unusable."""
        url = configured_url() if url is None else (None if url.strip().lower() == OFF else url.strip() or DEFAULT_URL)
        if url is None:
            return cls(None, **kwargs)
        try:
            return cls(Store(url), **kwargs)
        except FeedbackError as err:
            log.warning("feedback recording is off: %s", err)
            return cls(None, **kwargs)

    @property
    def enabled(self) -> bool:
        return not self._disabled

    def record_answer(self, answer: Answer, session_id: str, index: Index, asked_at: datetime | None = None) -> str | None:
        """Queue the record of one answer; returns its id (for ratings), or None when off."""
        if self._disabled:
            return None
        try:
            record = question_record(answer, session_id, corpus_version(index), asked_at)
        except Exception as err:  # an answer record of an unexpected shape: the answer still shows
            log.warning("feedback: could not record an answer (%s)", _one_line(err))
            return None
        self._put(record)
        return record.id

    def record_rating(self, question_id: str, session_id: str, rating: int, comment: str | None = None) -> None:
        """Queue a thumbs up (1) or down (0), with an optional comment."""
        if self._disabled or rating not in (0, 1):
            return
        comment = (comment or "").strip()[:MAX_COMMENT_CHARS] or None
        self._put(RatingRecord(secrets.token_hex(16), question_id, session_id, now(), rating, comment))

    def _put(self, record: Record) -> None:
        self._start()
        try:
            self._queue.put_nowait(_Pending(record))
        except queue.Full:
            with self._lock:
                self.dropped += 1
                if not self._full_warned:
                    self._full_warned = True
                    log.warning("feedback queue full: records are being dropped until the database keeps up")

    def _start(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="qa-feedback-writer", daemon=True)
                self._thread.start()
                atexit.register(self.close)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued record is written or dropped; False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (up to `timeout`), then stop the writer."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self.flush(timeout)
        try:
            self._queue.put_nowait(None)
        except queue.Full:
            return
        thread.join(timeout=1.0)

    def _run(self) -> None:
        pending: list[_Pending] = []
        attempt = 0
        while True:
            if not pending:
                item = self._queue.get()
                if item is None:
                    self._queue.task_done()
                    return
                pending.append(item)
                # Let the answer that made this record finish rendering before the database
                # work competes with it for the CPU; records arriving meanwhile share the batch.
                time.sleep(self.settle_s)
            stop = False
            while len(pending) < self.batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.task_done()
                    stop = True
                    break
                pending.append(item)
            pending = self._expire(pending)
            if pending and self._try_write(pending):
                self._finish(pending)
                pending, attempt = [], 0
            elif pending:
                if self._disabled:  # a schema we cannot write: drop everything from now on
                    self._drop(pending)
                    pending = []
                else:
                    time.sleep(self.retry_s[min(attempt, len(self.retry_s) - 1)])
                    attempt += 1
            if stop:
                self._drop(pending)
                return

    def _try_write(self, pending: list[_Pending]) -> bool:
        assert self.store is not None
        try:
            self.store.write(p.record for p in pending)
        except FeedbackError as err:
            log.warning("feedback recording is off: %s", err)
            self._disabled = True
            return False
        except Exception as err:  # any database failure: the answer was already shown
            if not self._outage:
                self._outage = True
                log.warning(
                    "feedback store %s unavailable (%s); answers are unaffected, records are retried "
                    "for %.0f s, then dropped", self.store.describe(), _one_line(err), self.max_age_s,
                )
            return False
        if self._outage:
            self._outage = False
            log.info("feedback store %s reachable again", self.store.describe())
        return True

    def _expire(self, pending: list[_Pending]) -> list[_Pending]:
        cutoff = time.monotonic() - self.max_age_s
        keep = [p for p in pending if p.queued_at >= cutoff]
        if len(keep) < len(pending):
            self._drop([p for p in pending if p.queued_at < cutoff])
        return keep

    def _finish(self, done: list[_Pending]) -> None:
        with self._lock:
            self.written += len(done)
        for _ in done:
            self._queue.task_done()

    def _drop(self, dropped: list[_Pending]) -> None:
        if not dropped:
            return
        with self._lock:
            self.dropped += len(dropped)
        log.info("feedback: dropped %d record(s) the database could not take", len(dropped))
        for _ in dropped:
            self._queue.task_done()


def _one_line(err: BaseException) -> str:
    text = str(getattr(err, "orig", None) or err).strip().splitlines()
    return f"{type(getattr(err, 'orig', None) or err).__name__}: {text[0] if text else ''}"
