"""`python -m qa review`: what real users asked, read back from the feedback store.

For a maintainer: the questions the bot turned away (grouped by normalised text, with counts),
the answers users marked wrong (with their comments and what was cited), the topics and
languages people ask about most, and, with --suggest-examples, a YAML snippet for
corpus/examples.yaml that files each recorded question under the topic the bot picks now.
That snippet, checked and pasted in, is how the bot learns from its users.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

import yaml

from .compose import ask
from .feedback import OVERVIEW, UNANSWERED, FeedbackError, QuestionRecord, RatingRecord, normalise, open_store
from .index import Index
from .records import TopicKey

TOP = 10  # topics and languages listed in the text report


@dataclass(frozen=True)
class Unanswered:
    question: str  # the phrasing asked most often
    count: int
    status: str  # not_covered or invalid (the most frequent, if both)
    sessions: int
    last_asked: str


@dataclass(frozen=True)
class Disliked:
    question_id: str
    question: str
    asked_at: str
    status: str
    topic: str | None
    topic_title: str | None
    passage_ids: tuple[str, ...]
    comments: tuple[str, ...]
    corpus_version: str


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Review:
    since: str | None
    totals: dict[str, int]
    unanswered: tuple[Unanswered, ...]
    disliked: tuple[Disliked, ...]
    topics: tuple[Count, ...]
    languages: tuple[Count, ...]

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def parse_when(value: str, flag: str) -> datetime:
    """A date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM[:SS]), read as UTC."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{flag}: {value!r} is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc).replace(tzinfo=None)
    return when


def topic_label(index: Index, key: str | None) -> str | None:
    if key is None:
        return None
    if key == OVERVIEW:
        return "Overview: all six benefits"
    parsed: TopicKey = int(key) if key.isdigit() else key
    try:
        topic = index.corpus.topic(parsed)
    except KeyError:
        return key  # a topic of another corpus version
    return f"Benefit {topic.key}: {topic.title}" if topic.is_benefit else topic.title


def latest_ratings(ratings: list[RatingRecord]) -> dict[str, RatingRecord]:
    """Each answer's latest rating (a user may change their mind)."""
    latest: dict[str, RatingRecord] = {}
    for r in sorted(ratings, key=lambda r: r.given_at):
        latest[r.question_id] = r
    return latest


def build_review(questions: list[QuestionRecord], ratings: list[RatingRecord], index: Index, since: datetime | None = None) -> Review:
    latest = latest_ratings(ratings)
    by_id = {q.id: q for q in questions}
    comments: dict[str, list[str]] = defaultdict(list)
    for r in sorted(ratings, key=lambda r: r.given_at):
        if r.comment and r.comment not in comments[r.question_id]:
            comments[r.question_id].append(r.comment)

    groups: dict[str, list[QuestionRecord]] = defaultdict(list)
    for q in questions:
        if q.status in UNANSWERED:
            groups[normalise(q.question)].append(q)
    unanswered = sorted(
        (
            Unanswered(
                question=Counter(q.question.strip() for q in group).most_common(1)[0][0],
                count=len(group),
                status=Counter(q.status for q in group).most_common(1)[0][0],
                sessions=len({q.session_id for q in group}),
                last_asked=max(q.asked_at for q in group).isoformat(timespec="seconds"),
            )
            for group in groups.values()
        ),
        key=lambda u: (-u.count, u.question.casefold()),
    )
    disliked = [
        Disliked(
            question_id=q.id, question=q.question, asked_at=q.asked_at.isoformat(timespec="seconds"),
            status=q.status, topic=q.topic, topic_title=topic_label(index, q.topic), passage_ids=q.passage_ids,
            comments=tuple(comments[q.id]), corpus_version=q.corpus_version,
        )
        for qid, r in latest.items() if r.rating == 0 and (q := by_id.get(qid)) is not None
    ]
    disliked.sort(key=lambda d: d.asked_at, reverse=True)
    topics = Counter(q.topic for q in questions if q.topic is not None)
    languages = Counter(q.language for q in questions)
    totals = {
        "questions": len(questions),
        "sessions": len({q.session_id for q in questions}),
        **{status: sum(q.status == status for q in questions) for status in ("answered", "not_covered", "invalid")},
        "follow_ups": sum(q.follow_up for q in questions),
        "thumbs_up": sum(r.rating == 1 for qid, r in latest.items() if qid in by_id),
        "thumbs_down": sum(r.rating == 0 for qid, r in latest.items() if qid in by_id),
    }
    return Review(
        since=since.isoformat(timespec="seconds") if since else None,
        totals=totals,
        unanswered=tuple(unanswered),
        disliked=tuple(disliked),
        topics=tuple(Count(k, topic_label(index, k) or k, n) for k, n in topics.most_common()),
        languages=tuple(Count(k, k, n) for k, n in languages.most_common()),
    )


def format_review(review: Review) -> str:
    t = review.totals
    since = f" since {review.since}" if review.since else ""
    lines = [
        f"{t['questions']} questions{since} from {t['sessions']} sessions: {t['answered']} answered, "
        f"{t['not_covered']} not covered, {t['invalid']} invalid; {t['follow_ups']} follow-ups; "
        f"{t['thumbs_up']} thumbs up, {t['thumbs_down']} thumbs down",
        "",
        f"Unanswered questions ({len(review.unanswered)} distinct):",
    ]
    lines += [
        f"  {u.count:>4}x  {u.question or '(blank)'}  [{u.status}; sessions {u.sessions}; last {u.last_asked}]"
        for u in review.unanswered
    ]
    lines += ["", f"Answers marked wrong ({len(review.disliked)}):"]
    for d in review.disliked:
        lines.append(f"  {d.asked_at}  {d.question}")
        lines.append(f"      answered: {d.topic_title or d.status}; cited: {', '.join(d.passage_ids) or 'nothing'}")
        lines += [f"      comment: {c}" for c in d.comments]
    lines += ["", "Topics asked about most:"]
    lines += [f"  {c.count:>4}  {c.label}" for c in review.topics[:TOP]]
    lines += ["", "Languages:"]
    lines += [f"  {c.count:>4}  {c.label}" for c in review.languages[:TOP]]
    return "\n".join(lines)


def suggest_examples(questions: list[QuestionRecord], ratings: list[RatingRecord], index: Index) -> str:
    """A YAML snippet in corpus/examples.yaml's format: each distinct recorded question (most
    asked first) under the topic the bot picks for it now, for a maintainer to check and paste.
    Questions already among the examples, invalid ones and overview questions are left out;
    those the bot does not answer now are listed as comments, to file by hand or leave out."""
    known = {normalise(q) for t in index.corpus.topics for q in (*t.examples, t.example or "")}
    latest = latest_ratings(ratings)
    comments: dict[str, list[str]] = defaultdict(list)
    for r in ratings:
        if r.comment:
            comments[r.question_id].append(r.comment)
    groups: dict[str, list[QuestionRecord]] = defaultdict(list)
    for q in questions:
        if q.status != "invalid" and normalise(q.question) not in known and normalise(q.question):
            groups[normalise(q.question)].append(q)
    filed: dict[TopicKey, list[str]] = defaultdict(list)
    unfiled: list[str] = []
    for group in sorted(groups.values(), key=lambda g: -len(g)):
        text = Counter(q.question.strip() for q in group).most_common(1)[0][0]
        answer = ask(text, index)
        if answer.overview:
            continue
        notes = [f"thumbs-down: {c}" for q in group for c in comments[q.id]]
        if not notes and any((r := latest.get(q.id)) and r.rating == 0 for q in group):
            notes = ["thumbs-down"]
        notes = [" ".join(n.split()) for n in notes]
        if answer.status == "answered" and answer.citations:
            key = answer.citations[0].passage.topic_key
            filed[key if key is not None else answer.ranking[0]].extend([f"# {n}" for n in notes] + [_item(text)])
        else:
            unfiled.append(f"# {_item(text)}  ({answer.status} now{'; ' + '; '.join(notes) if notes else ''})")
    lines = [
        f"# Suggested by `python3 -m qa review --suggest-examples` from {len(questions)} recorded questions.",
        "# Each question is filed under the topic the bot picks for it now. Check every one: move it to",
        "# the topic that should answer it, or delete it; then add it under the same key in",
        "# corpus/examples.yaml and rerun the figures (python3 -m qa eval ...).",
    ]
    order: list[TopicKey] = [t.key for t in index.corpus.topics]
    for key in order:
        if filed.get(key):
            lines.append(f"{key}:")
            lines += filed[key]
    if unfiled:
        lines += ["", "# Not answered now: file each under the topic that should answer it, or leave it out."]
        lines += unfiled
    return "\n".join(lines) + "\n"


def _item(question: str) -> str:
    """One YAML list item, quoted where YAML needs it."""
    return yaml.safe_dump([" ".join(question.split())], allow_unicode=True, width=10**6).rstrip("\n")


def run_review(index: Index, args: argparse.Namespace) -> int:
    """The `review` command: report, JSON, purge or suggested examples."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        since = parse_when(args.since, "--since") if args.since else None
        before = parse_when(args.purge_before, "--purge-before") if args.purge_before else None
        store = open_store(args.db)
    except (ValueError, FeedbackError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if store.missing_file():  # reading must not leave an empty database where none was
        print(f"error: no feedback database at {store.describe()}: nothing has been recorded there "
              "(QA_FEEDBACK_URL or --db picks another)", file=sys.stderr)
        return 2
    try:
        if before is not None:
            questions, ratings = store.purge_before(before)
            print(f"deleted {questions} questions and {ratings} ratings recorded before {before.isoformat(sep=' ')} UTC from {store.describe()}")
            return 0
        questions = store.questions(since)
        ratings = store.ratings(since)
    except FeedbackError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()
        print(f"error: cannot read the feedback database {store.describe()}: {reason[0] if reason else type(err).__name__}", file=sys.stderr)
        return 2
    finally:
        store.dispose()
    if args.suggest_examples:
        print(suggest_examples(questions, ratings, index), end="")
        return 0
    review = build_review(questions, ratings, index, since)
    print(json.dumps(review.as_json(), ensure_ascii=False, indent=2) if args.json else format_review(review))
    return 0

