"""Retrieve: from a question's terms to ranked topics and passages.

Rules; the numbers in `Settings` were chosen by a sweep on the development questions
(`python -m qa sweep`, README "Tuning"):
- The question arrives read (`qa.query.Query`): its terms spelling corrected by the one rule
  (`Index.correct`), its clauses, what it asks for. A correction helps ranking but never
  alone makes a question topical ("patients" ~ "patents").
- Generic domain words ("Pakistan", "university", "collaboration") weigh `generic_weight` of a
  normal word, so they cannot decide which benefit answers.
- A topic's score is its profile's BM25 score (title + benefit passage + vocabulary) plus
  `passage_weight` times the best score of its own passages: evidence counts for its benefit.
- Matching is decided by which terms a passage or profile contains, never by `score > 0`:
  rank_bm25's idf floors common terms, so a real match can score 0 on a small corpus.
- A question is covered only when enough of its content words (not generic) match something
  (`min_matched_share`; `min_share_collab` when it uses a collaboration word, which already
  shows what it is about) and the best topic scores at least `min_score`; otherwise the bot
  abstains rather than cite something irrelevant.
- A question made only of generic and overview words ("summarise the benefits") is an
  overview question; so is one with other words too, when it uses an overview word, a
  collaboration word and a higher-education word, and none of its other words names a topic.
  A clause that only sets the scene ("Donor briefing tomorrow.") does not count against it.
- A question word's synonyms (topics.yaml `synonyms`) also score passages, at `synonym_weight`.
- A topic that matches a content word ranks above topics that match only generic words; so
  does a benefit above the challenges topic when the question uses none of its words and
  meets none of its passages in two words ("bring money into universities" is benefit 6).
  A question that does name a worry ("shut down") scores the challenges `cue_boost` higher.
- Users' example questions (corpus/examples.yaml) teach which words point to which topic: a
  topic's score is multiplied by P(topic | question words)^`example_weight` (naive Bayes,
  `qa/naive_bayes.py`). Not for a fact question, whose passage decides; never for coverage.
- A question asking for a figure ("how many", "when") ranks passages that give one (a count,
  a year) `figure_boost` higher: siblings from one source are about the same thing, and the
  one that states the figure is the answer.
- One fact rule (`states_a_fact`): the best evidence or challenge passage states what the
  question asks when `fact_words` of its words meet in it, more than in its topic's profile
  (or one the profile lacks). Then that passage, not users' usual words, decides the topic,
  and it is cited first.
- A figure asked of named things ("NUST's QS rank in 2024", "how many students from
  Faisalabad got a Fulbright") is stated only when one passage that gives a figure holds
  all of them (`figure_named_share`); otherwise the bot says the sources do not give it.
- `decide` turns the ranking and the question's reading into what the answer is: see
  `Decision`. Compose only lays it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .index import Index
from .query import Query, asked_terms, request_text, asks_for, names_a_worry, question_form, whole_picture_terms  # noqa: F401  (asks_for, question_form: re-exported)
from .records import CHALLENGES, ScoredPassage, ScoredTopic

TOP_PASSAGES = 50  # passages kept for composing an answer; the rest only feed topic scores


@dataclass(frozen=True)
class Settings:
    generic_weight: float = 0.35
    passage_weight: float = 0.5
    min_matched_share: float = 0.4
    min_share_collab: float = 0.25  # the same, for a question that uses a collaboration word
    min_score: float = 1.0
    min_overlap: int = 3  # words that must meet in one passage or profile, without a collaboration word
    synonym_weight: float = 0.5  # a synonym's share of a word's weight in passage scores
    figure_boost: float = 1.2  # passage score factor when a "how many" question meets a passage with a figure
    cue_boost: float = 1.5  # challenges topic score factor when the question names a worry ("shut down")
    example_weight: float = 0.5  # topic scores are multiplied by P(topic | question)^this (examples.yaml)
    fact_words: int = 2  # question words that must meet in a passage for it to state a fact (cited first)
    fact_rank_words: int = 3  # ...and for its topic to outrank what the example questions say
    keyword_max_terms: int = 2  # a message of at most this many topic words is keywords about a topic
    figure_named_share: float = 0.6  # share of a figure question's named things one passage must hold
    figure_fact_share: float = 0.5  # ...or the passage stating the fact the question asks
    figure_about_share: float = 0.5  # ...and hold this share of the question's own words
    scene_weight: float = 0.5  # weight of a word only of the scene a message sets, beside its question
    entry_boost: float = 1.2  # topic score factor when the question says one of its several-word entries whole
    referent_share: float = 0.5  # share of a pointing question's words a passage shown earlier must hold


DEFAULT_SETTINGS = Settings()

# What the answer is, decided here from the question's reading and the ranking:
Decision = Literal[
    "benefits",  # the best benefit(s), with evidence
    "challenges",  # the challenge passages
    "overview",  # all six benefits
    "numbers",  # benefits asked for by number
    "more",  # more evidence for the conversation's topic
    "sources",  # the previous answer's sources
    "not_covered",  # nothing in the sources answers it
    "procedure",  # a procedure: not in the sources
    "no_figure",  # a specific figure no passage states
    "invalid",  # unreadable, or a follow-up with nothing before it
]


@dataclass(frozen=True)
class Retrieval:
    terms: tuple[str, ...]  # unique query terms (spelling corrected), in question order
    content_terms: tuple[str, ...]  # the terms that are neither generic nor overview words
    matched_content: frozenset[str]  # content terms found in some passage or topic profile
    overview: bool
    covered: bool
    topics: tuple[ScoredTopic, ...]  # best first; only topics that match a term
    passages: tuple[ScoredPassage, ...]  # best first; only passages that contain a term
    fact: ScoredPassage | None = None  # the passage stating the fact the question asks, if any
    fact_ids: frozenset[str] = frozenset()  # each topic's best evidence passage, when it states the fact
    decision: Decision = "not_covered"


def retrieve(index: Index, query: Query | Sequence[str], settings: Settings = DEFAULT_SETTINGS) -> Retrieval:
    """Rank topics and passages for a question (a `Query`, or bare terms read as one clause),
    then decide what the answer is."""
    if not isinstance(query, Query):
        query = Query("", terms=tuple(query))
    terms = list(query.terms)
    unique = tuple(dict.fromkeys(terms))
    content = tuple(t for t in unique if t not in index.light)
    content_set = frozenset(content)
    phrase = _has_phrase(terms, index.light_phrases)
    # the worry must be in what the message asks, not in the scene it sets
    cued = names_a_worry(index, asked_terms(query) - index.light) or query.frame == "challenges"

    # In a message with a question, the words of the scene it sets count less than the question's:
    # "...the inspectors remarked that medical research has grown. Did partnerships with foreign
    # institutions play any part in that surge in publications?" (its question sentences, even
    # when the question points back to the scene)
    # A question whose subject is the scene ("...due to security. Is this mentioned as a problem
    # anywhere?") leans on it, and the scene then counts in full.
    asked = frozenset(query.asked) or asked_terms(query)
    scene = frozenset(t for t in unique if t not in asked) if asked != frozenset(query.terms) and not query.leans else frozenset()
    passage_score, touched, topic_score, topic_matched = _score_terms(index, unique, settings, scene, dict(query.shares))
    query_set = frozenset(unique) - scene
    candidates = np.unique(np.concatenate(touched)) if touched else np.zeros(0, dtype=np.int32)
    scores = passage_score[candidates]
    best = _best_passage_per_topic(index, candidates, scores)
    if query.figure is not None and candidates.size:
        # A question asking "how many" is answered by a passage that gives a count, one
        # asking "when" by a passage that gives a year: among passages about the same thing
        # (siblings from one source), those come first.
        has = index.has_count if query.figure == "count" else index.has_year
        scores = scores * np.where(has[candidates], settings.figure_boost, 1.0)
    order = np.argsort(-scores, kind="stable")[:TOP_PASSAGES]  # ties keep corpus order
    query_terms = frozenset(unique)
    passages = tuple(
        ScoredPassage(index.passages[candidates[i]], float(scores[i]), _contains(index, int(candidates[i]), query_terms))
        for i in order.tolist()
    )
    # "What does it attribute that growth to?": a question that points back is about the passage
    # shown earlier that holds its words, and that passage leads
    referent = _referent(index, query, content_set - scene, settings)
    if referent is not None:
        lead = ScoredPassage(
            index.passages[referent], max([sp.score for sp in passages], default=1.0),
            _contains(index, referent, query_terms),
        )
        passages = (lead, *(sp for sp in passages if sp.passage.id != lead.passage.id))
    # A question that names a worry ("shut down", "visa", "budget cut") asks about the
    # challenges even when a benefit's words ("donor-funded", "students") score as much.
    raw = (topic_score + settings.passage_weight * best) * np.array(
        [settings.cue_boost if cued and t.key == CHALLENGES else 1.0 for t in index.topics]
    )
    # a question asking why a funder pays asks for a reason, not for a fact one passage states
    fact = None if query.motive is not None else _fact_passage(index, passages, content_set, settings.fact_words, settings)
    if referent is not None:
        fact = passages[0]
    # What users' example questions say about the question's own words reorders the topics it
    # matches ("hold its own against rivals" is benefit 2), but does not decide coverage, and
    # does not move a fact question away from the passage that states the fact: a figure
    # question, or one whose lead passage states the fact in `fact_rank_words` words (one or
    # two shared words are often incidental to the topic the examples know better).
    states = fact is not None and _fact_passage(index, passages, content_set, settings.fact_rank_words, settings)
    # Users' phrases said whole ("foreign students") weigh the same way, and give way likewise.
    fit = (
        np.ones(len(index.topics)) if query.figure is not None or states
        else index.examples.posterior(content) ** settings.example_weight * np.array(
            [settings.entry_boost if _says_an_entry_whole(index, row, query_set) else 1.0 for row in range(len(index.topics))]
        )
    )
    topics = sorted(
        (
            ScoredTopic(topic.key, float(raw[i] * fit[i]), frozenset(topic_matched[i]))
            for i, topic in enumerate(index.topics)
            if topic_matched[i]
        ),
        # A topic that matches one of the question's own words ranks above one that matches
        # only generic words, however many: "Pakistani universities" cannot decide the answer.
        # A question asking what a foreign funder gets for its money ("what's in it for them?")
        # is answered by the topic that says why nations fund each other's universities.
        key=lambda st: (
            query.motive is not None and st.key != query.motive,
            # a question asking for the risks or downsides as such is answered by the challenges
            query.challenges_as_such and st.key != CHALLENGES,
            referent is not None and st.key != index.passages[referent].topic_key,
            not (st.matched & content_set) or _uncued_challenge(st, cued, content_set - scene, passages),
            _outside_frame(st, query), -st.score,
        ),
    )
    matched_content = content_set & frozenset().union(*(t.matched for t in topics))
    # no words of its own, or a word for the whole said of the benefits ("saare benefits")
    overview = bool(unique) and not phrase and (not content or query.asks == "overview")
    if not overview and not phrase and query.motive is None:  # a funder's gain is no overview ("What does it gain?")
        overview = _asks_for_everything(
            index, unique, content, query.clauses, query.requests, passages, in_conversation=query.context.turns > 0,
        ) or (
            query.asks == "topic"
            and _asks_for_the_benefits_of_collaboration(index, query.english, either_order=query.language != "en")
        )
    covered = overview or (referent is not None and bool(topics)) or (
        bool(topics)
        and _names_its_subject(matched_content, phrase)
        and _is_about_collaboration(index, query, unique, matched_content, phrase, passages, topics, settings)
        and _enough_words_match(index, query, unique, content, matched_content, phrase, settings)
        and _scores_enough(index, raw, topics, settings)
    )
    result = Retrieval(
        unique, content, matched_content, overview, covered, tuple(topics), passages, fact,
        _fact_ids(index, passages, matched_content, settings) | (
            frozenset({passages[0].passage.id}) if referent is not None else frozenset()
        ),
    )
    return _with_decision(result, decide(index, query, result, settings))


def _referent(index: Index, query: Query, content: frozenset[str], settings: Settings) -> int | None:
    """The row of the passage a question that points back is about: of the passages shown in
    the conversation, the one holding most of its words, at least `referent_share` of them (the
    latest answer's first, on a tie). "What does it attribute that growth to?" after the STINT
    report's figures is about the passage on that growth, not about "growth" as benefit 6. A word
    the passage lacks ("What has it cost the exchequer?") leaves the question to ranking."""
    if not query.points_back or not content:
        return None
    best, held = None, 0
    for passage_id in query.context.shown:
        row = index.passage_rows.get(passage_id)
        if row is not None and (n := len(_contains(index, row, content))) > held:
            best, held = row, n
    return best if held and held >= settings.referent_share * len(content) else None


def _with_decision(result: Retrieval, decision: Decision) -> Retrieval:
    from dataclasses import replace

    return replace(result, decision=decision)


def decide(index: Index, query: Query, result: Retrieval, settings: Settings = DEFAULT_SETTINGS) -> Decision:
    """What the answer is. The question's reading decides first (an invalid question, a
    follow-up, benefits by number, a procedure), then the ranking (overview, coverage, a
    figure no passage states, challenges or benefits)."""
    if query.invalid is not None:
        return "invalid"
    if query.asks in ("sources", "more", "numbers", "procedure"):
        return query.asks  # type: ignore[return-value]
    if result.overview:
        return "overview"
    if not result.covered or not result.topics:
        return "not_covered"
    if query.asks == "figure" and not _figure_is_stated(index, query, result, settings):
        return "no_figure"
    return "challenges" if result.topics[0].key == CHALLENGES else "benefits"


def _score_terms(  # type: ignore[no-untyped-def]
    index: Index, unique: tuple[str, ...], settings: Settings, scene: frozenset[str] = frozenset(),
    shares: dict[str, float] | None = None,
):
    """BM25 scores of passages and topic profiles for the question's terms, and which terms
    each topic contains (in its profile or any of its passages). A term only of the scene a
    message sets weighs `scene_weight` of one it asks about."""
    light = index.light
    passage_score = np.zeros(len(index.passages))
    touched: list[np.ndarray] = []
    topic_score = np.zeros(len(index.topics))
    topic_matched: list[set[str]] = [set() for _ in index.topics]
    for term in unique:
        weight = (settings.generic_weight if term in light else 1.0) * (settings.scene_weight if term in scene else 1.0)
        weight *= (shares or {}).get(term, 1.0)  # one Urdu word read as several English ones weighs as one
        ids, contrib = index.postings(index.passage_bm25, term)
        if ids.size:
            passage_score[ids] += weight * contrib
            touched.append(ids)
            for row in np.unique(index.topic_of[ids]).tolist():
                if row >= 0:
                    topic_matched[row].add(term)
        # A synonym ("started" for "launched") helps rank passages, at `synonym_weight`, but
        # never counts as a match: it cannot make a question covered or a topic matched.
        for other in index.synonyms.get(term, ()):
            if other not in unique:
                ids, contrib = index.postings(index.passage_bm25, other)
                if ids.size:
                    passage_score[ids] += weight * settings.synonym_weight * contrib
                    touched.append(ids)
        ids, contrib = index.postings(index.topic_bm25, term)
        if ids.size:
            topic_score[ids] += weight * contrib
            for row in ids.tolist():
                topic_matched[row].add(term)
    return passage_score, touched, topic_score, topic_matched


def _says_an_entry_whole(index: Index, row: int, terms: frozenset[str]) -> bool:
    """The question holds a whole entry of several words of the topic's vocabulary ("foreign
    students", "brain drain"): users' phrase for that topic, a stronger sign than its words
    one by one, which other topics' texts also use ("attract" funding)."""
    return any(len(entry) >= 2 and entry <= terms for entry in index.cues[row])


def _best_passage_per_topic(index: Index, candidates: np.ndarray, scores: np.ndarray) -> np.ndarray:
    best = np.full(len(index.topics), -np.inf)
    rows = index.topic_of[candidates]
    own = rows >= 0
    np.maximum.at(best, rows[own], scores[own])
    best[np.isinf(best)] = 0.0
    return best


# Coverage: a question is answered only when all four of these hold (else the bot abstains).

def _names_its_subject(matched_content: frozenset[str], phrase: bool) -> bool:
    """A word of its own (not a number) matches something, or a phrase of generic words names
    a topic ("ties between nations"). A number ("2024", "5") matches some figure in the corpus
    but says nothing of the subject."""
    return any(not t.isdigit() for t in matched_content) or phrase


def _is_about_collaboration(
    index: Index, query: Query, unique: tuple[str, ...], matched_content: frozenset[str], phrase: bool,
    passages: tuple[ScoredPassage, ...], topics: list[ScoredTopic], settings: Settings,
) -> bool:
    """The question is about collaboration: it says so ("partner", "foreign", "exchange"), or
    the conversation does (a frame follow-up, "and funding?"), or it is a few keywords in the
    topics' own words ("funding", "visa issues"), or it uses a word that is
    topical on its own ("diplomacy", "visa"; a spelling correction does not count), or
    `min_overlap` of its words meet in one passage or topic profile (a fact question naming
    "Fulbright awards in 2022"); a specific figure ("2013", "189") standing in the same
    passage as its words counts towards that. A question about Pakistani universities that
    shares a stray word or two with the corpus ("last date to apply for admission") is not."""
    if _says_collaboration(index, unique) or query.in_context or phrase or _is_keywords(index, unique, settings):
        return True
    words = frozenset(t for t in matched_content if not t.isdigit())
    if any(entry <= words - query.corrected for entry in index.topical):
        return True
    figures = frozenset(t for t in matched_content if t.isdigit() and len(t) >= 3)
    return bool(words) and _strongest_overlap(index, passages, topics, words | figures) >= settings.min_overlap


def _is_keywords(index: Index, unique: tuple[str, ...], settings: Settings) -> bool:
    """A few keywords, every one a word of the topics' titles or vocabularies ("funding",
    "scholarships", "visa issues"), typed into this bot: they name its topics, and only them.
    A question with any other word ("fee for BS computer science") is a question, not keywords."""
    own = [t for t in unique if t not in index.light]  # "pak", "unis", "hec" say nothing of the topic
    return 0 < len(own) <= settings.keyword_max_terms and all(t in index.topic_words for t in own)


def _says_collaboration(index: Index, unique: tuple[str, ...]) -> bool:
    return any(t in index.collaboration for t in unique)


def _enough_words_match(
    index: Index, query: Query, unique: tuple[str, ...], content: tuple[str, ...], matched_content: frozenset[str],
    phrase: bool, settings: Settings,
) -> bool:
    """At least `min_matched_share` of the question's content words (numbers aside) match
    something; `min_share_collab` when it says, or the conversation shows, that it is about
    collaboration, which already shows what it is about."""
    words = [t for t in content if not t.isdigit()]
    share = sum(t in matched_content for t in words) / len(words) if words else (1.0 if phrase else 0.0)
    collab = _says_collaboration(index, unique) or query.in_context
    return share >= (settings.min_share_collab if collab else settings.min_matched_share)


def _scores_enough(index: Index, raw: np.ndarray, topics: list[ScoredTopic], settings: Settings) -> bool:
    """The best topic scores at least `min_score` before the examples' factor."""
    return float(raw[index.topic_row(topics[0].key)]) >= settings.min_score


def states_a_fact(index: Index, sp: ScoredPassage, content: frozenset[str], words: int) -> bool:
    """The one fact rule: an evidence or challenge passage states what the question asks when
    `words` of the question's own words meet in it (`Settings.fact_words` to be cited first,
    `Settings.fact_rank_words` to decide the topic over the example questions), and more of them than in its topic's
    profile or one the profile lacks (a name, a number, a programme): "does STINT think a
    balanced student exchange with Sweden is likely". One word is not enough: "hold its own
    against rivals" is not about the passage saying Sir Steve Smith "holds the post"."""
    key = sp.passage.topic_key
    if key is None:
        return False
    found = sp.matched & content
    profile = index.topic_terms[index.topic_row(key)] & content
    return len(found) >= words and (len(found) > len(profile) or bool(found - profile))


def _fact_passage(
    index: Index, passages: tuple[ScoredPassage, ...], content: frozenset[str], words: int, settings: Settings,
) -> ScoredPassage | None:
    """The best evidence or challenge passage, when it states the fact in `words` words."""
    lead = next((sp for sp in passages if sp.passage.kind in ("evidence", "challenge")), None)
    return lead if lead is not None and states_a_fact(index, lead, content, words) else None


def _fact_ids(
    index: Index, passages: tuple[ScoredPassage, ...], matched: frozenset[str], settings: Settings,
) -> frozenset[str]:
    """For each benefit, its best evidence passage sharing a word with the question, when that
    passage states the fact (`states_a_fact`): compose cites it before its benefit."""
    seen: set[object] = set()
    out = set()
    for sp in passages:
        key = sp.passage.benefit
        if sp.passage.kind != "evidence" or key in seen or not sp.matched & matched:
            continue
        seen.add(key)
        if states_a_fact(index, sp, matched, settings.fact_words):
            out.add(sp.passage.id)
    return frozenset(out)


def _figure_is_stated(index: Index, query: Query, result: Retrieval, settings: Settings) -> bool:
    """A figure asked of named things ("NUST's QS rank in 2024", "how many students from
    Faisalabad got a Fulbright") is stated when a passage that gives a figure (a count or a
    year) holds `figure_named_share` of the named things and figure words, or the passage
    that states the fact the question asks (`Retrieval.fact`) gives a figure and holds
    `figure_fact_share` of them: "Phase II of USAID's scholarships: how much did it add" is
    answered by the passage on the "US" programme's Phase II. Either passage must hold the
    measure asked ("rank": a passage on scholarships for QS top-300 universities does not
    give NUST's rank). A figure for "this year" or "next year" needs a source from that year
    or later, and one for a year no passage mentions is a figure none states. A
    named thing no passage mentions counts twice, and the fact passage alone cannot answer
    for it: "COMSATS ranking 2024" is not answered by a passage with a 2024 rank of others;
    an alias among names a passage holds ("UT" beside "Fatima Jinnah Women University",
    "2013") is. A figure question naming nothing ("how many scholars did not return") is
    left to ranking."""
    needed = query.figure_terms
    if not needed:
        return True
    if query.when is not None and not _has_source_from(index, query.when):
        return False  # "this year", "next year": a figure no source of that year or later can give
    unknown = query.named - index.passage_bm25.vocab.keys()
    if any(t.isdigit() for t in unknown):
        return False  # a year no passage mentions: no passage gives its figure
    weight = {t: 2 if t in unknown else 1 for t in needed}
    total = sum(weight.values()) or 1
    # "rank", "h-index": the measure asked must stand in the passage, and so must a year asked for
    measures = (needed - query.named) | frozenset(t for t in query.named if t.isdigit() and len(t) == 4)
    figure = index.has_count | index.has_year

    # ...and the passage is about what the question counts: "how many Pakistani students got
    # admission in Swedish universities in 2024" is not stated by a passage that gives a 2024 figure
    # of something else (`figure_about_share` of the question's own words).
    # Only for a figure of named things: "what effect does collaboration have on ranking" names none.
    asked = frozenset(t for t in asked_terms(query) if t not in index.light and not t.isdigit()) if query.named else frozenset()

    def share(sp: ScoredPassage) -> float:
        row = _row(index, sp)
        held = _contains(index, row, needed)
        about = len(_contains(index, row, asked)) / len(asked) if asked else 1.0
        if not figure[row] or not measures <= held or about < settings.figure_about_share:
            return 0.0
        return sum(weight[t] for t in held) / total

    if not unknown and result.fact is not None and share(result.fact) >= settings.figure_fact_share:
        return True
    return any(share(sp) >= settings.figure_named_share for sp in result.passages)


def _has_source_from(index: Index, year: int) -> bool:
    """Whether some source was published in `year` or later: only such a source can state a
    figure for that year ("currently", "this year")."""
    return any(s.year is not None and s.year >= year for s in index.corpus.sources)


def _row(index: Index, sp: ScoredPassage) -> int:
    return index.passage_rows[sp.passage.id]


def _outside_frame(st: ScoredTopic, query: Query) -> bool:
    """A follow-up read in the challenges' frame ("and funding?" after the risks) is about the
    challenges whenever they match its words: funding cuts, not funding."""
    return query.frame == "challenges" and st.key != CHALLENGES


def _uncued_challenge(st: ScoredTopic, cued: bool, content: frozenset[str], passages: tuple[ScoredPassage, ...]) -> bool:
    """Challenge passages talk about money, scholarships and exchanges too ("only one defaulter
    paid the money back"), so the challenges topic leads only when the question says what
    worries it (`cued`, see `_names_a_worry`) or two of its words meet in one challenge passage
    (a fact question)."""
    if st.key != CHALLENGES or cued:
        return False
    return max((len(sp.matched & content) for sp in passages if sp.passage.topic_key == CHALLENGES), default=0) < 2


def _has_phrase(terms: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether one of `phrases` stands in `terms`, its words side by side."""
    return any(
        tuple(terms[i:i + len(p)]) == p for p in phrases for i in range(len(terms) - len(p) + 1)
    )


def _asks_for_everything(
    index: Index, terms: tuple[str, ...], content: tuple[str, ...], clauses: tuple[tuple[str, ...], ...],
    requests: tuple[tuple[str, ...], ...], passages: tuple[ScoredPassage, ...], in_conversation: bool = False,
) -> bool:
    """An overview question with words of its own ("VC here, preparing a syndicate note: list
    the main benefits of international collaboration for our university"): its request asks
    for the whole picture (an overview word) of collaboration (a collaboration word), the
    question is about higher education (a domain word), and none of the request's other words
    names a topic or meets another in one passage ("top five for improvement, per Academia
    Magazine" asks for that passage). The request is the whole question, or one clause when
    the others set the scene: in "Donor briefing tomorrow. List the key upsides of
    international cooperation for our universities", "donor" says who asks, not what about.
    When the message asks questions ("?"), only their clauses can make the request: in
    "Several members believe foreign partnerships are the key. Could you explain how
    collaboration affects our reputation?", "key" is the members' opinion, not the ask.
    The subject may be set by the scene, the request only asking for the whole of it: "...on
    why our faculty should pursue international collaboration. Can you give me an overall
    summary of the benefits?". In a conversation with this bot, higher education and
    collaboration go without saying: "ok so I need the full list of benefits for the summary
    page"."""
    if not in_conversation and not any(t in index.domain for t in terms):
        return False
    own = frozenset(content)
    # A message that names a worry ("UGRAD closure - reason given?") is not asking for the whole picture.
    if names_a_worry(index, own):
        return False
    parts = [terms] + [c for c in requests if len(clauses) > 1]
    about_collaboration = in_conversation or any(t in index.collaboration for t in terms)
    return any(
        any(t in index.overview for t in part)
        and about_collaboration
        and not (words := own.intersection(part)) & index.topic_words
        and _strongest_overlap(index, passages, [], words) < 2
        for part in parts
    )


_SENTENCE_END = re.compile(r"[.?!;\n]+")
# Where the words that say what the benefits are for end: a clause about something else follows
# ("...for Pakistani higher education that may be circulated to all Deans").
_OBJECT_END = re.compile(
    r"[,:()]|\b(?:that|which|who|whom|so|before|after|because|as|may|might|to be|be|and then|kindly|please)\b", re.I,
)
OVERVIEW_REACH = 8  # words an overview word may stand before the collaboration it names


def _asks_for_the_benefits_of_collaboration(index: Index, english: str, either_order: bool = False) -> bool:
    """A sentence asks for "the benefits of international collaboration" as such: a word for
    the whole picture (reading.yaml `whole_picture`: "benefits", "advantages", "overview";
    not "key" or "point") names collaboration within `OVERVIEW_REACH`
    words, and neither the words just before it, nor those between, nor what follows up to the
    end of the phrase name a topic ("the research benefits of...", "...collaboration for
    faculty training"). Words elsewhere in the message set the scene: "Kindly provide a short
    overview of the key benefits of international collaboration for Pakistani higher education
    that may be circulated to all Deans" asks for the whole picture; the Deans are who reads it.
    A sentence asking for "the benefits" with no topic anywhere in it needs no collaboration
    word: in this bot the benefits are those of collaboration ("Kindly list the benefits in
    brief, I need bullet points for a note sheet"). That is the only form read from Urdu or
    Roman Urdu, whose word order puts a topic anywhere ("intl collaboration k faiday bullet
    points me de do")."""
    tokenizer = index.tokenizer
    whole = whole_picture_terms(index)
    message = frozenset(tokenizer.tokenize(english))
    if not whole & message:
        return False
    if not index.names_an_entry(message):
        return True  # "list the benefits in brief": nothing but the benefits asked for
    for sentence in _SENTENCE_END.split(english):
        tokens = tokenizer.tokens(sentence)
        for i, token in enumerate(tokens):
            if token.term not in whole:
                continue
            reach = tokens[i + 1:i + 1 + OVERVIEW_REACH]
            j = next((k for k, t in enumerate(reach) if t.term in index.collaboration), None)
            if j is None or either_order:
                continue  # Urdu word order puts the topic anywhere: only a sentence naming none
            start = tokens[max(0, i - 2)].start
            for before in _OBJECT_END.finditer(sentence, start, token.start):
                start = before.end()  # the words just before it, after any clause boundary
            after = _OBJECT_END.search(sentence, reach[j].end)
            end = after.start() if after else len(sentence)
            if not _names_a_topic(index, (t.term for t in tokens if start <= t.start < end and t.term not in index.light)):
                return True
    return False


def _names_a_topic(index: Index, terms: Iterable[str]) -> bool:
    """A word of some topic's title or vocabulary that is not a collaboration word."""
    return any(t in index.topic_words and t not in index.collaboration for t in terms)


def _strongest_overlap(index: Index, passages: tuple[ScoredPassage, ...], topics: list[ScoredTopic], content: frozenset[str]) -> int:
    """The most content terms that one passage, or one topic profile, contains together."""
    in_passage = max((len(sp.matched & content) for sp in passages), default=0)
    in_profile = max((len(index.topic_terms[index.topic_row(t.key)] & content) for t in topics), default=0)
    return max(in_passage, in_profile)


def _contains(index: Index, doc: int, query: frozenset[str]) -> frozenset[str]:
    return frozenset(index.passage_bm25.matched_terms(list(query), doc))
