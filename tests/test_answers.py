"""Answers on the small fixture corpus: exact ids, overview, not covered, invalid, citations."""

import re
from pathlib import Path

import pytest

from qa import Answer, Index, ask, build_index
from qa.query import analyse
from qa.retrieve import asks_for, retrieve


def ids(answer: Answer) -> list[str]:
    return [c.passage.id for c in answer.citations]


def benefits_cited(answer: Answer) -> list[int | None]:
    """The benefit and summary passages an answer cites, by benefit (None: the summary)."""
    return [c.passage.benefit for c in answer.citations if c.passage.kind in ("benefit", "summary")]


def assert_citations_are_whole(answer: Answer) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.message)}
    assert markers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_benefit_question_cites_the_benefit_then_its_evidence(fixture_index):
    answer = ask("do international papers get cited more", fixture_index)
    assert (answer.status, ids(answer)) == ("answered", ["b1", "e1-citations"])
    assert answer.message.startswith("**Benefit 1: Research Output**")
    assert_citations_are_whole(answer)


def test_users_words_reach_the_benefit_through_its_vocabulary(fixture_index):
    assert ids(ask("will it bring in cash from donors?", fixture_index)) == ["b6"]
    assert ids(ask("league tables", fixture_index)) == ["b2"]


def test_fact_question_cites_the_passage_stating_the_fact_first(fixture_index):
    answer = ask("can a conference be the main purpose of a visit", fixture_index)
    assert ids(answer) == ["e3-exchange-conference", "b3"]
    assert_citations_are_whole(answer)


def test_generic_words_do_not_decide_the_benefit(fixture_index):
    # "pakistan" and "research" appear in b1; "lecturers" is what the user asks about
    assert ids(ask("pakistan university collaboration for lecturers", fixture_index))[0] == "b3"


def test_overview_question_gets_all_six_benefits_in_order_each_with_its_strongest_evidence_then_the_summary(fixture_index):
    # issue #12 point 3: under each benefit, its one strongest evidence passage, cited
    answer = ask("What are the benefits of international collaboration for Pakistan?", fixture_index)
    assert answer.overview and answer.status == "answered"
    assert ids(answer) == ["b1", "e1-citations", "b2", "b3", "e3-exchange-conference", "b4", "b5", "b6", "e6-fulbright", "summary"]
    assert [c.passage.benefit for c in answer.citations if c.passage.kind != "evidence"] == [1, 2, 3, 4, 5, 6, None]
    assert_citations_are_whole(answer)


def test_overview_words_ask_for_the_whole_picture(fixture_index):
    assert ask("summary please", fixture_index).overview


def test_challenge_question_gets_challenge_passages_only(fixture_index):
    answer = ask("what are the risks, like budget cuts?", fixture_index)
    assert ids(answer) == ["c1-budget"]
    assert answer.message.startswith("**Challenges**")
    assert all(c.passage.benefit is None for c in answer.citations)


def test_out_of_scope_question_is_not_covered_with_three_suggestions(fixture_index):
    answer = ask("What is a good recipe for nihari?", fixture_index)
    assert (answer.status, answer.citations) == ("not_covered", ())
    assert len(answer.suggestions) == 3
    assert "do not cover" in answer.message
    assert "[1]" not in answer.message


def test_question_matching_one_stray_word_is_not_covered(fixture_index):
    # "conference" appears in a passage, but the question is about something else entirely
    assert ask("conference hotel booking price parking", fixture_index).status == "not_covered"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("", "Please type a question"),
        ("   \n\t", "Please type a question"),
        ("x" * 1001, "1,001 characters"),
        ("🎓🎓🎓", "English"),
        ("中国的大学有哪些", "English, Urdu or Roman Urdu"),  # another script: not read
        ("مزایای همکاری بین المللی برای دانشگاه ها چیست", "English, Urdu or Roman Urdu"),  # Persian, not Urdu
        ("what is it?", "only very common words"),
    ],
)
def test_invalid_input_gets_a_message_saying_what_to_do(fixture_index, question, words):
    answer = ask(question, fixture_index)
    assert answer.status == "invalid" and answer.citations == ()
    assert words in answer.message


def test_question_of_exactly_1000_characters_is_accepted(fixture_index):
    question = ("international papers " * 60)[:1000]
    assert ask(question, fixture_index).status == "answered"


def test_user_text_never_appears_in_the_message(fixture_index):
    question = "papers <img src=x onerror=alert(1)> **bold** [link](http://evil)"
    answer = ask(question, fixture_index)
    assert "<img" not in answer.message and "evil" not in answer.message


def test_answer_records_the_question_words_found_in_cited_passages(fixture_index):
    assert ask("Do international Papers get cited?", fixture_index).matched_terms == ("Papers",)


def test_every_answer_offers_follow_up_questions_the_corpus_answers(fixture_index):
    answer = ask("do international papers get cited more", fixture_index)
    assert answer.suggestions[0] == "Does collaboration help rankings?"
    assert 2 <= len(answer.suggestions) <= 3


def test_question_about_universities_but_not_collaboration_is_not_covered(index):
    # shares "library" and "university" with the corpus, but asks nothing it covers
    assert ask("what time does the central library close at Punjab University?", index).status == "not_covered"


def test_a_single_topical_word_is_enough_to_answer(index):
    assert ask("academic diplomacy pakistan", index).status == "answered"


def test_numbers_alone_never_make_a_question_covered(fixture_index):
    # 2022 and 189 both stand in the Fulbright passage, but say nothing of what is asked
    assert ask("international 2022 189 lottery", fixture_index).status == "not_covered"


def test_specific_figures_count_with_words_in_the_same_passage(fixture_index):
    answer = ask("were 189 awards funded in 2022?", fixture_index)
    assert [c.passage.id for c in answer.citations][:1] == ["e6-fulbright"]


@pytest.mark.parametrize(
    "question, kind",
    [
        ("How many lecturers went abroad?", "count"),
        ("how much money did donors give", "count"),
        ("what percentage of papers were joint?", "count"),
        ("When did the scheme start?", "year"),
        ("in what year was it launched", "year"),
        ("why do partnerships matter", None),
    ],
)
def test_questions_asking_for_a_figure_are_recognised(question, kind):
    assert asks_for(question) == kind


def _sibling_corpus(corpus_copy: Path) -> Index:
    """Two passages of one source on the same scheme; only the second gives figures."""
    for pid, text in [
        ("e3-plain", "The fixture exchange scheme sends lecturers abroad."),
        ("e3-figures", "Since 2012 the fixture exchange scheme sends 300 lecturers abroad."),
    ]:
        (corpus_copy / "passages" / f"{pid}.md").write_text(
            f"---\nid: {pid}\nkind: evidence\nbenefit: 3\nsource: news\n---\n{text}\n"
        )
    return build_index(corpus_copy, use_cache=False)


def test_how_many_question_prefers_the_sibling_passage_that_gives_a_count(corpus_copy):
    index = _sibling_corpus(corpus_copy)
    question = "how many lecturers does the exchange scheme send abroad?"
    terms = index.tokenizer.tokenize(question)
    # on words alone the shorter sibling wins...
    assert retrieve(index, terms).passages[0].passage.id == "e3-plain"
    # ...but the question asks for a count, which only the other one gives
    assert ids(ask(question, index))[0] == "e3-figures"


def test_when_question_prefers_the_sibling_passage_that_gives_a_year(corpus_copy):
    index = _sibling_corpus(corpus_copy)
    assert ids(ask("when did the exchange scheme start sending lecturers abroad?", index))[0] == "e3-figures"


def test_an_everyday_vocabulary_word_alone_does_not_make_a_question_covered(fixture_index):
    # "publications" is in benefit 1's vocabulary but listed as everyday in the fixture
    assert ask("publications count", fixture_index).status == "not_covered"
    # "papers", in the same vocabulary and not everyday, is enough on its own
    assert ids(ask("papers count", fixture_index))[:1] == ["b1"]


def test_questions_on_study_fees_and_salaries_are_not_covered(index):
    for question in [
        "what is the fee structure for BS computer science at NUST",
        "what is the salary of a primary school teacher in Punjab government schools?",
    ]:
        assert ask(question, index).status == "not_covered", question


def test_a_year_range_is_a_year_not_a_count(corpus_copy):
    (corpus_copy / "passages" / "e3-range.md").write_text(
        "---\nid: e3-range\nkind: evidence\nbenefit: 3\nsource: news\n---\nIn 2019-20 the exchange scheme grew.\n"
    )
    index = build_index(corpus_copy, use_cache=False)
    row = [p.id for p in index.passages].index("e3-range")
    assert (bool(index.has_year[row]), bool(index.has_count[row])) == (True, False)


def test_a_synonym_ranks_the_passage_that_uses_it(corpus_copy):
    # the fixture's synonyms put "launch" with "start"; both passages give a year
    for pid, text in [
        ("e3-a-ended", "The fixture exchange scheme ended in 2019."),
        ("e3-b-started", "The fixture exchange scheme started in 2012."),
    ]:
        (corpus_copy / "passages" / f"{pid}.md").write_text(
            f"---\nid: {pid}\nkind: evidence\nbenefit: 3\nsource: news\n---\n{text}\n"
        )
    index = build_index(corpus_copy, use_cache=False)
    assert ids(ask("when was the exchange scheme for lecturers launched?", index))[0] == "e3-b-started"


def test_a_synonym_alone_never_makes_a_question_covered(fixture_index):
    # "start" is a synonym of "launch", which no passage says; "started" is in no passage either
    assert ask("product launch", fixture_index).status == "not_covered"


def test_an_overview_question_may_carry_words_of_its_own(index):
    answer = ask("VC here, preparing a syndicate note: list the main benefits of international collaboration for our university", index)
    assert answer.overview and benefits_cited(answer) == [1, 2, 3, 4, 5, 6, None]


def test_a_scene_setting_clause_does_not_stop_an_overview(index):
    # "donors" and "research" name topics, but only in the clause that says who is asking
    answer = ask("Research office, writing to donors. Give me the overall upsides of international partnerships for our universities.", index)
    assert answer.overview and benefits_cited(answer) == [1, 2, 3, 4, 5, 6, None]


def test_a_clause_that_points_back_to_a_topic_is_not_an_overview(index):
    answer = ask("visiting lecturers from abroad - are they worth it for our university?", index)
    assert not answer.overview and answer.ranking[0] == 3


def test_words_that_meet_in_one_passage_make_it_a_fact_question_not_an_overview(index):
    answer = ask("in which areas was pakistan in the global top five for improvement, per academia magazine?", index)
    assert not answer.overview and answer.status == "answered"


def test_a_phrase_of_generic_words_can_name_a_benefit(index):
    # "ties" and "nations" are generic alone; together they are benefit 5's "ties between nations"
    answer = ask("can university partnerships help pakistan's ties with other nations", index)
    assert (answer.status, answer.overview, answer.ranking[0]) == ("answered", False, 5)


def test_a_vocabulary_entry_the_tokenizer_shortens_does_not_make_a_word_topical(index):
    # "start-ups" tokenizes to "start": it must not put every question with "start" in scope
    assert frozenset({"start"}) not in index.topical
    assert ask("What time does the CSS written exam start?", index).status == "not_covered"


def test_with_a_collaboration_word_a_quarter_of_the_other_words_is_enough(index):
    # "situation" and "discourage" match nothing; "foreign partners" says it is about collaboration
    answer = ask("Does the security situation discourage foreign partners from working with Pakistani universities?", index)
    assert (answer.status, answer.ranking[0]) == ("answered", "challenges")


def test_naming_an_exchange_programme_is_asking_about_collaboration(index):
    answer = ask("how many pakistanis won a fulbright in 2022", index)
    assert answer.status == "answered" and "fulbright" in answer.citations[0].passage.text.lower()


@pytest.mark.parametrize(
    "typed, term",
    [
        ("finacial", "financi"),  # a letter missing, mended on the stem
        ("inovation", "innov"),  # stems too short to mend: mended as typed
        ("facluty", "faculti"),  # two letters swapped
        ("reputaion", "reput"),
        ("drian", "drain"),  # a five-letter word: two letters swapped only
        ("ranknig", "rank"),  # a form ("ranking") the vocabulary does not list but the passages use
        ("benifits", "benefit"),  # one vowel for another
    ],
)
def test_a_misspelt_word_is_read_as_the_topic_word_it_is_one_letter_from(index, typed, term):
    assert index.correct(typed, index.tokenizer.tokenize(typed)[0]) == term


@pytest.mark.parametrize(
    "typed, term",
    [("publikation", "publicat"), ("reputashun", "reput"), ("skolarships", "scholarship"), ("univercity", "univers")],
)
def test_a_word_spelt_by_ear_is_read_as_the_one_topic_word_that_sounds_the_same(index, typed, term):
    assert index.correct(typed, index.tokenizer.tokenize(typed)[0]) == term


@pytest.mark.parametrize("typed", ["situation", "turning", "words"])
def test_a_real_word_the_sources_do_not_use_is_not_read_as_one_that_sounds_like_it(index, typed):
    # "situation" sounds like "citation", "turning" like "training", "words" like "worried"
    term = index.tokenizer.tokenize(typed)[0]
    assert index.correct(typed, term) == term


@pytest.mark.parametrize(
    "typed, term",
    [("foren", "foreign"), ("stoodent", "student"), ("sitayshun", "citat"), ("dren", "drain"), ("fandz", "fund"),
     ("nolij", "knowledg"), ("pawar", "power"), ("ikonomi", "economi"), ("bujat", "budget")],
)
def test_a_word_that_is_no_english_word_is_read_by_ear_as_the_one_topic_word_it_sounds_like(index, typed, term):
    # spelt by someone who knows the word by ear only: first letter, silent letters and all
    assert index.correct(typed, index.tokenizer.tokenize(typed)[0]) == term


@pytest.mark.parametrize("typed", ["situation", "sittings", "feelings", "terns"])
def test_a_real_english_word_is_never_read_by_ear(index, typed):
    # they sound like "citation", "staying", "falling" and "train": words, not slips
    term = index.tokenizer.tokenize(typed)[0]
    assert index.correct(typed, term) == term


@pytest.mark.parametrize("typed", ["Skardu", "Tehran", "Busan"])
def test_a_capitalised_word_is_a_name_and_never_read_by_ear(index, typed):
    # lower-case, they would sound like "scared", "train" and "business"
    term = index.tokenizer.tokenize(typed)[0]
    assert index.correct(typed, term) == term


@pytest.mark.parametrize("typed", ["iran", "bhejta"])
def test_no_word_of_a_roman_urdu_question_is_read_by_ear(index, typed):
    # a Roman-Urdu word is no English word either: "iran" would be "earn", "bhejta" (sends) "budget"
    assert index.correct(typed, typed, by_ear=False) == typed


def test_a_word_by_ear_is_read_only_as_a_word_about_as_long(index):
    # "biryani" sounds b-r-n like "brain", but two letters longer
    assert index.correct("biryani", "biryani") == "biryani"


def test_a_roman_urdu_question_is_not_read_by_ear(index):
    assert ask("biryani ki recipe bhi bata do lol", index).status == "not_covered"
    assert analyse("iran border qareeb hai, padosi mulk k bachon ko scholarship dena", index).corrections == ()


@pytest.mark.parametrize("typed", ["fundd", "rnak", "budjet"])
def test_a_short_word_is_never_read_as_one_a_letter_longer_or_shorter(index, typed):
    # "fundd" is "fund" with a letter extra, but five letters are too few to tell; "rnak" has four;
    # "budjet" changes a consonant, which as often makes another word
    assert index.correct(typed, typed) == typed


def test_a_misspelt_question_gets_the_answer_of_the_spelt_one(index):
    typed = ask("does inovation grow with foreign partners", index)
    spelt = ask("does innovation grow with foreign partners", index)
    assert [c.passage.id for c in typed.citations] == [c.passage.id for c in spelt.citations]


def test_a_spelling_correction_alone_never_makes_a_question_covered(index):
    # "patients" is one letter from "patents" (benefit 5's vocabulary), but not about it
    assert ask("how are patients treated in lahore hospitals", index).status == "not_covered"


def test_common_words_about_jobs_and_difficulty_do_not_put_a_question_in_scope(index):
    for question in ["average salary of a BPS-18 lecturer in pakistan", "is the NUST entry test hard? tips"]:
        assert ask(question, index).status == "not_covered", question


def test_an_abbreviation_of_international_is_a_collaboration_word(index):
    answer = ask("what happens to intl programmes when the hec budget gets slashed", index)
    assert (answer.status, answer.ranking[0]) == ("answered", "challenges")


def test_a_fact_is_found_in_its_passage_text_not_in_the_source_title_its_siblings_share(corpus_copy):
    with (corpus_copy / "sources.yaml").open("a") as f:
        f.write(
            "- id: study\n  title: Citations at young universities\n  publisher: Fixture Journal\n"
            "  author: null\n  year: 2016\n  url: https://example.org/study\n"
        )
    for pid, text in [
        ("e1-short", "The fixture study compared many papers."),
        ("e1-young", "The fixture data covered 1996 to 2013 and many fields, journals, countries, languages,"
         " funders and kinds of institution; at the young ones, papers with foreign co-authors drew"
         " 4.59 more citations each."),
    ]:
        (corpus_copy / "passages" / f"{pid}.md").write_text(
            f"---\nid: {pid}\nkind: evidence\nbenefit: 1\nsource: study\n---\n{text}\n"
        )
    index = build_index(corpus_copy, use_cache=False)
    question = "did papers at young universities get more citations?"
    ranked = [sp.passage.id for sp in retrieve(index, index.tokenizer.tokenize(question)).passages]
    # with the title's words in both, the short sibling would win on length alone
    assert ranked.index("e1-young") < ranked.index("e1-short")


def test_a_source_outlet_still_finds_its_passages(fixture_index):
    assert "e3-exchange-conference" in ids(ask("what did Fixture News say about the exchange scheme?", fixture_index))


def test_a_challenge_passage_sharing_one_word_does_not_turn_a_benefit_question_into_a_challenge(index):
    # one challenge passage says a defaulter "paid money back"; money is benefit 6's word
    assert ask("Can international collaboration bring money into Pakistani universities?", index).ranking[0] == 6
    # the same money question asked as a worry is a challenge
    assert ask("what are the risks of relying on foreign donors for money?", index).ranking[0] == "challenges"


def test_a_word_of_a_challenge_phrase_alone_does_not_cue_the_challenges(index):
    # "budget" is one word of the challenges' "budget cut"; on its own it asks about money
    assert ask("what does a foreign partnership do for a university's budget?", index).ranking[0] == 6
    assert ask("how did a budget cut hit foreign partnerships at universities?", index).ranking[0] == "challenges"


def test_better_says_something_improves_not_which_benefit(index):
    # "better" is a claim word like "improve": "better known" is about visibility, not quality
    assert ask("would partnering abroad make our university better known?", index).ranking[0] == 2


def test_a_misspelling_is_mended_as_typed_before_its_stem_is_matched(index):
    # the stem of "globaly" is one letter from "globalis"; the typed word is "globally"
    typed = ask("can intl partnering help our univ compete globaly", index)
    spelt = ask("can intl partnering help our univ compete globally", index)
    assert typed.ranking[:3] == spelt.ranking[:3] and typed.ranking[0] == 2


def test_a_real_word_one_changed_letter_from_a_topic_word_is_not_corrected(index):
    # "counter" is not a misspelt "country" (a collaboration word): an office-hours question stays out of scope
    assert ask("what time does the HEC degree attestation counter open on saturdays?", index).status == "not_covered"


def test_a_question_naming_a_worry_leads_with_the_challenges_over_a_benefit_word(index):
    # "scholarship" and "donors" are benefit 6's words, but "scraps" and "risks" say what the question is about
    assert ask("if the US scraps a scholarship programme, what happens to the students?", index).ranking[0] == "challenges"
    assert ask("what are the risks when foreign donors fund our scholarships?", index).ranking[0] == "challenges"
    assert ask("can donor funding keep our exchange scheme alive?", index).ranking[0] == 6


def test_chat_shorthand_for_a_summary_asks_for_the_overview(index):
    assert ask("tl;dr - how do foreign partnerships help our universities?", index).overview


STRONGER_PAPERS = "4:\n" + "".join(
    f"  - {q}\n" for q in [
        "are our papers stronger with partners", "stronger papers through joint work", "is joint research stronger",
        "stronger research standing", "do papers get stronger", "stronger joint papers",
    ]
)


def test_example_questions_reorder_the_topics_a_question_matches(corpus_copy):
    question = "does joint research make our papers stronger?"
    assert ask(question, build_index(corpus_copy, use_cache=False)).ranking[:2] == (1, 4)
    (corpus_copy / "examples.yaml").write_text(STRONGER_PAPERS)
    assert ask(question, build_index(corpus_copy, use_cache=False)).ranking[:2] == (4, 1)


def test_example_questions_never_put_a_question_in_scope(corpus_copy):
    (corpus_copy / "examples.yaml").write_text("5:\n  - nihari recipe\n  - the best nihari recipe\n")
    assert ask("nihari recipe with international collaboration", build_index(corpus_copy, use_cache=False)).status == "not_covered"
