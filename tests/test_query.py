"""The question-analysis stage (qa/query.py): what a question asks for, read once."""

import dataclasses
import inspect
import re

import pytest

import qa.compose
import qa.index
import qa.query
import qa.retrieve
from qa import Answer, Conversation, ask, build_index
from qa.corpus import CorpusError, cue_words, load_cues
from qa.query import Query, Reading, analyse, benefit_numbers


def ids(answer: Answer) -> list[str]:
    return [c.passage.id for c in answer.citations]


def cited_benefits(answer: Answer) -> list:
    return list(dict.fromkeys(c.passage.topic_key for c in answer.citations if c.passage.topic_key is not None))


def assert_citations_are_whole(answer: Answer) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.message)}
    assert markers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_analyse_returns_a_frozen_query_with_the_reading_of_the_question(index):
    query = analyse("Does inovation grow with foreign partners? Tell me.", index)
    assert isinstance(query, Query) and dataclasses.is_dataclass(query)
    with pytest.raises(dataclasses.FrozenInstanceError):
        query.asks = "overview"  # type: ignore[misc]
    assert (query.text, query.language, query.asks, query.follow_up) == (
        "Does inovation grow with foreign partners? Tell me.", "en", "topic", False,
    )
    assert ("inovation", "innov") in query.corrections and "innov" in query.terms
    assert len(query.clauses) == 1 and query.invalid is None


@pytest.mark.parametrize(
    "question, numbers",
    [
        ("benefit 4", (4,)),
        ("the fourth benefit", (4,)),
        ("what is the fourth benefit", (4,)),
        ("no. 2", (2,)),
        ("the 4th one", (4,)),
        ("benefits 2 and 5", (2, 5)),
        ("benefit no. 3", (3,)),
        ("What is benefit 4 of international collaboration?", (4,)),
        ("top 1000 universities in the rankings", ()),
        ("the first exchange programme with the US", ()),
        ("no one came back", ()),
        ("one benefit of working with China", ()),
    ],
)
def test_a_benefit_is_asked_for_by_its_number_only_beside_a_benefit_word_or_a_marker(index, question, numbers):
    assert benefit_numbers(cue_words(question), qa.query.cues_of(index.corpus.folder)) == numbers


def test_the_fourth_benefit_is_benefit_4_not_the_overview(index):
    answer = ask("what is the fourth benefit", index)
    assert not answer.overview and cited_benefits(answer)[:1] == [4]
    assert answer.understood_as == "Benefit 4 by number"


def test_benefits_by_number_are_answered_in_the_order_asked(index):
    answer = ask("benefits 2 and 5", index)
    assert cited_benefits(answer) == [2, 5] and answer.ranking[:2] == (2, 5)
    assert_citations_are_whole(answer)


@pytest.mark.parametrize("filler", ["ok, ", "ok so ", "hi ", "salam sir, ", "bhai "])
def test_greetings_and_fillers_change_nothing(index, filler):
    for question in [
        "what are the benefits of international collaboration for Pakistan's universities?",
        "does international collaboration bring money into universities?",
        "what is the fourth benefit",
    ]:
        plain, padded = ask(question, index), ask(filler + question, index)
        assert (padded.status, padded.overview, ids(padded)) == (plain.status, plain.overview, ids(plain)), filler + question


@pytest.mark.parametrize(
    "question",
    [
        "How do I apply for the Fulbright scholarship?",
        "HEC need-based scholarship last date",
        "Which documents are required for the HEC indigenous PhD fellowship application?",
        "How do I get my degree attested by HEC for a job abroad?",
        "What is the process for equivalence of a foreign degree in Pakistan?",
        "What is the fee of the MS programme at LUMS?",
        "Is hostel available for exchange students at the University of Sindh?",
        "How do I verify that a foreign degree is recognised by HEC?",
        "When do Fulbright applications open?",
        "How long does the visa for Germany take to process?",
        "Which German university is best for a PhD in computer science?",
        "Her son wants to do MS abroad. Germany better hai ya Turkey? which country should he choose?",
        "What questions do they ask in the student visa interview at the embassy?",
    ],
)
def test_a_procedure_question_is_not_covered_and_says_what_the_bot_answers(index, question):
    answer = ask(question, index)
    assert (answer.status, answer.citations) == ("not_covered", ())
    assert "procedures" in answer.message and "benefits of international collaboration" in answer.message
    assert len(answer.suggestions) == 3


def test_a_procedure_is_seen_as_typed_when_the_reading_drops_its_words(index):
    # the Roman-Urdu reading drops "to" from "How to apply?"
    query = analyse("Fulbright ke liye applications khuli hain? How to apply?", index)
    assert (query.language, query.asks) == ("ur-Latn", "procedure")


@pytest.mark.parametrize("question", ["Karachi university THE rank 2023", "number of foreign students at KU"])
def test_a_few_words_naming_a_measure_and_a_thing_ask_for_its_figure(index, question):
    assert analyse(question, index).asks == "figure"
    assert ask(question, index).status == "not_covered"


def test_a_procedure_word_in_the_scene_a_message_sets_does_not_make_it_a_procedure(index):
    answer = ask(
        "Sir, two of our lecturers missed a conference abroad because their visas came late and the "
        "registration fee was wasted. Is this a common problem in international collaboration?", index,
    )
    assert answer.status == "answered" and answer.ranking[0] == "challenges"


@pytest.mark.parametrize(
    "question",
    ["NUST's QS rank in 2024", "What was NUST's QS world ranking in 2024?", "What is Pakistan's h-index?",
     "How many students from Faisalabad got a Fulbright this year?"],
)
def test_a_figure_no_passage_states_is_not_covered_and_nothing_is_cited_for_it(index, question):
    answer = ask(question, index)
    assert (answer.status, answer.citations) == ("not_covered", ())
    assert "do not give that figure" in answer.message


@pytest.mark.parametrize(
    "question",
    [
        "What is NUST's QS ranking this year?",
        "What is the total number of international students currently studying in Pakistan?",
        "NUST ki QS ranking is saal kya hai?",
        "مہران یونیورسٹی کی اس سال عالمی درجہ بندی کیا ہے؟",
        "How many Pakistani universities will be in the THE rankings next year?",
        "گزشتہ برس پاکستانی محققین کے کتنے فیصد مقالات غیر ملکی اشتراک سے شائع ہوئے؟",
    ],
)
def test_a_figure_asked_for_this_year_or_next_is_one_no_passage_states(index, question, monkeypatch):
    monkeypatch.setattr(qa.query, "current_year", lambda: 2026)
    answer = ask(question, index)
    assert (answer.status, answer.citations) == ("not_covered", ())
    assert analyse(question, index).asks == "figure"


def test_a_rank_asked_in_urdu_with_urdu_digits_is_a_figure_no_passage_states(index):
    # "۲۰۲۴" is 2024 and "کس نمبر پر" asks which place: a named university's rank the sources do not give
    answer = ask("قائداعظم یونیورسٹی ۲۰۲۴ کی کیو ایس رینکنگ میں کس نمبر پر تھی؟", index)
    assert (answer.status, answer.citations) == ("not_covered", ())


def test_a_relative_year_means_the_year_itself(index, monkeypatch):
    monkeypatch.setattr(qa.query, "current_year", lambda: 2026)
    assert analyse("What is NUST's rank this year?", index).when == 2026
    query = analyse("How many Fulbright awards were given last year?", index)
    assert (query.when, "2025" in query.named) == (2025, True)


def test_the_measure_a_figure_question_names_must_stand_in_the_passage_that_gives_it(index):
    # a passage on scholarships for QS top-300 universities in 2025 holds "QS" and "2025", not NUST's rank
    assert analyse("What is the QS ranking of NUST in 2025?", index).asks == "figure"
    assert ask("What is the QS ranking of NUST in 2025?", index).status == "not_covered"
    assert ask("COMSATS ranking 2024", index).status == "not_covered"


def test_the_named_things_of_a_figure_question_are_those_of_its_question_not_its_scene(index):
    query = analyse("As per minutes of the Syndicate, the VC asked this. How many Fulbright scholars returned?", index)
    assert "syndic" not in query.named


def test_naming_a_foreign_country_says_a_question_is_about_collaboration(index):
    answer = ask("If our teachers spend a semester in Korea, will they teach differently when they come back?", index)
    assert (answer.status, answer.ranking[:1]) == ("answered", (3,))
    assert "korea" in index.collaboration and "us" not in index.collaboration  # "help us" is no place


def test_a_worry_in_the_scene_does_not_make_the_question_about_the_challenges(index):
    answer = ask(
        "Our development budget was cut again this year and labs are short of money. "
        "Can international collaboration bring financial resources to the university?", index,
    )
    assert (answer.status, answer.ranking[:1]) == ("answered", (6,))
    assert ask("Can we depend on foreign programmes, or is there a risk they get cut?", index).ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "question",
    [
        "Kindly provide a short overview of the key benefits of international collaboration for Pakistani "
        "higher education that may be circulated to all Deans.",
        "Please provide an overview of the benefits of international collaboration for universities in Pakistan. "
        "This is for the annual report of the Faculty.",
    ],
)
def test_asking_for_the_benefits_of_collaboration_as_such_is_the_overview_whoever_reads_it(index, question):
    answer = ask(question, index)
    assert answer.status == "answered" and cited_benefits(answer) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "question",
    ["What are the research benefits of international collaboration?",
     "Finance director: what funding gains come from global academic collaborations?",
     "Benefits of international collaboration for faculty training?"],
)
def test_benefits_of_collaboration_for_one_topic_are_that_topic(index, question):
    assert ask(question, index).ranking[0] in (1, 3, 6)
    assert len(cited_benefits(ask(question, index))) < 6


def test_the_question_a_message_asks_outweighs_the_scene_it_sets(index):
    # the scene is about teaching (benefit 3); the question about fresh thinking (benefit 5)
    answer = ask(
        "I feel we've been teaching the same way for decades. Would working with people from other countries "
        "shake up our thinking?", index,
    )
    assert answer.ranking[:1] == (5,)


def test_a_users_phrase_said_whole_points_to_its_topic(index):
    # "attract" also stands in benefit 6's text (attracting funding); "foreign students" is benefit 2's phrase
    assert ask("attract foreign students", index).ranking[:1] == (2,)


def test_asking_whether_to_pursue_collaboration_asks_for_the_case_for_it(index):
    answer = ask("Should our university pursue international collaboration?", index)
    assert answer.status == "answered" and cited_benefits(answer) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "keywords, topic",
    [("foreign profs hec", 3), ("visa probs academics", "challenges"), ("#braindrain", "challenges"),
     ("#softpower", 5), ("the rankngs pak unis", 2), ("medical pubs surge reason", 1)],
)
def test_chat_shorthand_hashtags_and_light_words_do_not_hide_keywords(index, keywords, topic):
    answer = ask(keywords, index)
    assert (answer.status, answer.ranking[:1]) == ("answered", (topic,))


def test_a_word_split_only_where_one_vocabulary_entry_runs_together(index):
    from qa.query import split_run_together

    assert split_run_together("softpower and #braindrain", index) == "soft power and brain drain"
    assert split_run_together("working alongside colleagues", index) == "working alongside colleagues"


def test_a_procedure_the_message_says_it_is_not_asking_is_no_procedure(index):
    query = analyse(
        "I am not asking how to apply for anything, but what scholarship support from foreign partners "
        "has helped Pakistani students?", index,
    )
    assert query.asks != "procedure"


def test_a_short_ask_after_the_question_still_asks(index):
    query = analyse("Commonwealth Shared Scholarship open for Pakistani students? closing date plz", index)
    assert query.asks == "procedure"


@pytest.mark.parametrize(
    "question",
    ["Kindly list the benefits in brief, I need bullet points for a note sheet",
     "intl collaboration k faiday bullet points me de do, proposal ka intro likh rhi hun"],
)
def test_asking_for_the_benefits_with_no_topic_anywhere_is_the_overview(index, question):
    answer = ask(question, index)
    assert answer.status == "answered" and cited_benefits(answer) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    "question",
    ["bro 10 min me debate start, jaldi se saare benefits short me bata do",
     "Put simply, what does an institute like mine get out of linking up abroad? I want the full picture, not just one part.",
     "Talking points needed. Broad picture required: research, faculty, standing, money, relations, everything.",
     "بین الاقوامی تعاون کے تمام فوائد بتائیں",
     "bahar ki universities se partnership pakistan ki higher education ko total me kya deti hai?"],
)
def test_a_word_for_the_whole_said_of_the_benefits_asks_for_all_six(index, question):
    answer = ask(question, index)
    assert answer.status == "answered" and cited_benefits(answer) == [1, 2, 3, 4, 5, 6]


def test_a_word_for_how_to_answer_is_a_filler_not_what_is_asked(index):
    # "briefly", "quickly": how to answer; with them set aside the question names no topic of its own
    question = "Briefly, what does Pakistan's higher ed sector actually get out of working with universities abroad?"
    assert analyse(question, index).asks == "overview"


def test_a_word_for_the_whole_followed_by_a_topic_asks_for_that_topic(index):
    assert analyse("all the benefits for our faculty", index).asks != "overview"
    assert ask("list all the advantages for faculty training", index).ranking[:1] == (3,)


def test_a_word_for_the_whole_is_no_overview_when_the_message_names_a_worry(index):
    assert ask("all the risks and problems of these foreign tie-ups", index).ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "question",
    ["HEC-funded scholars not coming back after foreign PhDs. How serious is it?",
     "How many of the scholars HEC sent abroad never came back?",
     "A bright boy went to Germany on government money and simply never came home. Did a good many of those doctoral scholars stay on over there?"],
)
def test_not_coming_back_is_read_as_not_returning_a_challenge(index, question):
    assert ask(question, index).ranking[:1] == ("challenges",)


def test_stand_to_gain_is_read_as_gain_not_as_standing(index):
    # "stand" alone is a word of benefit 2 ("stand out", "standing"), which made the whole picture a topic
    question = "Could you please give me the complete picture of what Pakistani universities stand to gain from working with foreign partners?"
    assert analyse(question, index).asks == "overview"


def test_backing_is_no_longer_half_of_coming_back(index):
    answer = ask(
        "One of my best lecturers wants to do a PhD in America but has no money. Do any foreign-backed "
        "schemes cover the cost of such studies?", index,
    )
    assert answer.ranking[0] != "challenges"


@pytest.mark.parametrize(
    "question",
    ["mere 3 colleagues PhD k liye bahar gaye aur wapis hi ni aye lol. ye aam baat h kya?",
     "میرے تین ساتھی پی ایچ ڈی کے لیے باہر گئے اور واپس نہیں آئے۔ کیا یہ عام بات ہے؟",
     "Three of my colleagues went abroad for PhDs and did not return. Is this common?"],
)
def test_a_question_pointing_back_to_a_worry_in_its_scene_asks_about_the_worry(index, question):
    query = analyse(question, index)
    assert query.leans and query.asks == "challenges"
    assert ask(question, index).ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "question",
    ["Caller asked me a strange one today: why does America spend so much money on scholarships for Pakistani "
     "students, what do they get out of it?",
     "kyun? US ya china humpe paisa kyun lagatay hn education me, unka kya fayda",
     "The donors keep funding our labs. What is in it for them?"],
)
def test_asking_what_a_foreign_funder_gets_for_its_money_is_answered_by_diplomacy(index, question):
    assert analyse(question, index).motive == 5
    assert ask(question, index).ranking[:1] == (5,)


@pytest.mark.parametrize(
    "question",
    ["Scholarships for our students: what's in it for them?",  # no funder named
     "Our students go on exchange to Germany; what's in it for them?"],  # no money
)
def test_what_is_in_it_for_our_own_people_is_no_funders_motive(index, question):
    assert analyse(question, index).motive is None


def test_a_question_pointing_back_to_its_scene_still_outweighs_it_when_it_has_its_own_subject(index):
    answer = ask(
        "During the recent accreditation visit, one of the inspectors remarked in passing that medical research "
        "coming out of Pakistan has grown enormously over the past two decades. I was not aware of this and could "
        "not respond properly. Did partnerships with foreign institutions play any part in that surge in medical "
        "publications?", index,
    )
    assert answer.ranking[:1] == (1,)


def test_a_question_whose_subject_is_its_scene_leans_on_it(index):
    chat = Conversation(index)
    chat.ask("What are the risks of international collaboration?")
    answer = chat.ask("Sir foreign delegates are reluctant to come to Peshawar due to security. is this mentioned as problem anywhere?")
    assert answer.ranking[:1] == ("challenges",)


def test_a_national_team_is_not_international_collaboration(index):
    answer = ask(
        "Sir, the Director Sports has proposed inviting a national cricket team player as chief guest. "
        "Kindly advise which Pakistani cricketer scored the most runs in the last PSL season.", index,
    )
    assert (answer.status, answer.citations) == ("not_covered", ())


def test_how_much_inside_a_question_asking_whether_is_no_request_for_a_figure(index):
    query = analyse(
        "Would sharing equipment with a Dutch partner make any real difference to how much work our chemists get through?",
        index,
    )
    assert query.asks != "figure"
    assert analyse("Can you tell me how many Pakistani scholars did not return?", index).asks == "figure"


@pytest.mark.parametrize(
    "question",
    [
        "When America paid for research centres in Pakistani universities, was it also about relations between "
        "the two governments?",  # "When" opening a clause asks no date
        "Ranking agencies presented their latest tables last week. Is there any evidence that linking up with "
        "foreign universities helps Pakistani institutions get ranked?",  # the figure words are the scene's
        "Kindly tell me whether working with overseas researchers increases how much research a department turns out.",
    ],
)
def test_questions_that_mention_figures_without_asking_one_are_not_figure_questions(index, question):
    assert analyse(question, index).asks != "figure"
    assert ask(question, index).status == "answered"


def test_a_figure_of_a_named_thing_needs_a_passage_about_what_is_counted(index):
    # a passage giving some 2024 figure is not one about Pakistani students admitted in Sweden
    assert ask("How many Pakistani students got admission in Swedish universities in 2024?", index).status == "not_covered"


def test_how_much_before_a_verb_asks_a_degree_not_an_amount(index):
    assert analyse("How much do international tie-ups help Pakistani universities climb THE / QS tables?", index).asks != "figure"
    assert analyse("How much money did USAID give?", index).asks == "figure"


def test_asking_whether_partners_lift_a_named_rank_is_a_benefit_question_not_a_figure(index):
    answer = ask("Can foreign partnerships lift NUST's rank?", index)
    assert answer.status == "answered" and answer.ranking[0] == 2


@pytest.mark.parametrize(
    "keywords, topic", [("HEC budget cut", "challenges"), ("visa denials", "challenges"), ("usaid scholarships", 6)],
)
def test_keywords_naming_a_worry_of_two_everyday_words_or_a_donor_are_in_scope(index, keywords, topic):
    answer = ask(keywords, index)
    assert (answer.status, answer.ranking[:1]) == ("answered", (topic,))


def test_a_few_keywords_in_a_topics_own_words_are_about_that_topic(index):
    assert ask("funding", index).ranking[:1] == (6,) and ask("funding", index).status == "answered"
    assert ask("visa issues", index).ranking[:1] == ("challenges",)
    assert ask("biryani recipe", index).status == "not_covered"


def test_there_is_one_spelling_corrector_and_one_fact_rule():
    assert not hasattr(qa.index.Index, "spell")
    source = inspect.getsource(qa.retrieve) + inspect.getsource(qa.compose)
    assert "def states_a_fact" in source and "_asks_a_fact" not in source and "_states_a_fact" not in source


def test_retrieve_decides_and_compose_only_lays_out(index):
    for question, decision in [
        ("What are the benefits of international collaboration?", "overview"),
        ("how do i apply for the fulbright", "procedure"),
        ("nihari recipe", "not_covered"),
        ("benefit 2", "numbers"),
        ("what are the risks of foreign partnerships?", "challenges"),
        ("do joint papers get cited more with foreign partners?", "benefits"),
    ]:
        assert qa.retrieve.retrieve(index, analyse(question, index)).decision == decision, question


def test_the_language_hook_reads_a_question_as_english_for_the_pipeline(index, monkeypatch):
    monkeypatch.setattr(
        qa.query, "read_language",
        lambda text, index: Reading("ur-Latn", "benefits of international collaboration", "Roman Urdu, read as: benefits of international collaboration"),
    )
    answer = ask("international collaboration ke kya faide hain?", index)
    assert answer.overview and answer.language == "ur-Latn"
    assert answer.understood_as == "Roman Urdu, read as: benefits of international collaboration"
    assert answer.as_json()["language"] == "ur-Latn"


def test_an_urdu_question_gets_the_bots_words_from_the_urdu_table_and_the_passages_in_english(index, monkeypatch):
    monkeypatch.setattr(qa.query, "read_language", lambda text, index: Reading("ur", "benefit 4", "فائدہ 4"))
    monkeypatch.setattr(qa.compose, "urdu_messages", lambda index: {
        "benefit_heading": "فائدہ {n}: {title}", "sources_in_english": "حوالہ جات انگریزی میں ہیں۔",
        "titles": {"4": "معیار کی یقین دہانی"},
    })
    answer = ask("چوتھا فائدہ", index)
    assert answer.message.startswith("**فائدہ 4: معیار کی یقین دہانی**")
    assert answer.message.endswith("حوالہ جات انگریزی میں ہیں۔")
    assert ids(answer)[0] == "benefit-4-quality-assurance" and answer.language == "ur"
    assert_citations_are_whole(answer)


def test_cue_words_are_corpus_data(corpus_copy):
    index = build_index(corpus_copy, use_cache=False)
    assert ask("encore", index).status != "answered" or not ask("encore", index).follow_up
    (corpus_copy / "reading.yaml").write_text("followups:\n  more: [encore]\n")
    index = build_index(corpus_copy, use_cache=False)
    qa.query.cues_of.cache_clear()
    assert analyse("encore", index).follow_up


def test_a_malformed_reading_file_names_the_file_and_the_field(corpus_copy):
    (corpus_copy / "reading.yaml").write_text("benefit_numbers:\n  numbers: {seventh: 7}\n")
    with pytest.raises(CorpusError, match=r"reading.yaml: field 'benefit_numbers.numbers.seventh'"):
        load_cues(corpus_copy)
    (corpus_copy / "reading.yaml").write_text("relative_years: {this year: now}\n")
    with pytest.raises(CorpusError, match=r"reading.yaml: field 'relative_years.this year'"):
        load_cues(corpus_copy)
    (corpus_copy / "reading.yaml").write_text("totality:\n  word: [all]\n")
    with pytest.raises(CorpusError, match=r"field 'totality.word': unknown field \(valid: words, of, between, self\)"):
        load_cues(corpus_copy)
    (corpus_copy / "reading.yaml").write_text("funders_motive:\n  topic: 9\n")
    with pytest.raises(CorpusError, match=r"field 'funders_motive.topic': must be a benefit number 1-6 or challenges"):
        load_cues(corpus_copy)
    (corpus_copy / "reading.yaml").write_text("folowups: []\n")
    with pytest.raises(CorpusError, match=r"field 'folowups': unknown field \(valid: fillers, followups"):
        load_cues(corpus_copy)


@pytest.mark.parametrize(
    "question",
    [
        "benefits of تعاون collaboration for universities",  # mixed scripts
        "international collaboration کے فوائد کیا ہیں؟",  # Urdu with English words
        "همکاری بین المللی برای دانشگاه ها چه فایده ای دارد؟",  # Persian, Arabic script
        "国际合作对大学有什么好处？",  # another script
        "Привет, как дела?",
        "\u200c\u200d\u200c",
    ],
)
def test_bad_input_gets_a_clear_answer_or_message_and_never_a_wrong_citation(index, question):
    answer = ask(question, index)
    assert answer.status in ("answered", "not_covered", "invalid") and answer.message.strip()
    assert_citations_are_whole(answer)
    if answer.status != "answered":
        assert answer.citations == ()


def test_other_scripts_stay_invalid_with_a_clear_message(index):
    answer = ask("国际合作对大学有什么好处？", index)
    assert answer.status == "invalid" and "English" in answer.message


def test_a_translated_message_with_wrong_placeholders_falls_back_to_english(index, monkeypatch):
    monkeypatch.setattr(qa.query, "read_language", lambda text, index: Reading("ur", "benefit 4", "فائدہ 4"))
    monkeypatch.setattr(qa.compose, "urdu_messages", lambda index: {"benefit_heading": "فائدہ {number}"})
    assert ask("چوتھا فائدہ", index).message.startswith("**Benefit 4: Quality Assurance and Impact**")


def test_the_urdu_reader_plugs_in_through_qa_language_read_and_load_lexicon(index, monkeypatch):
    # the contract of qa/language.py (another branch): detect, load_lexicon, read -> (language, english, understood)
    from types import SimpleNamespace

    lexicon = SimpleNamespace(messages={"overview_intro": "بین الاقوامی تعاون کے فوائد:", "sources_in_english": "ماخذ انگریزی میں ہیں۔"})
    fake = SimpleNamespace(
        load_lexicon=lambda folder: lexicon,
        read=lambda text, lex: ("ur", "benefits of international collaboration", "Urdu, read as: بین الاقوامی تعاون کے فوائد"),
    )
    monkeypatch.setattr(qa.query, "_language", fake)
    qa.query._lexicon.cache_clear()
    try:
        answer = ask("بین الاقوامی تعاون کے فوائد کیا ہیں؟", index)
    finally:
        qa.query._lexicon.cache_clear()
    assert answer.overview and answer.language == "ur"
    assert answer.message.startswith("بین الاقوامی تعاون کے فوائد:") and answer.message.endswith("ماخذ انگریزی میں ہیں۔")
    assert answer.understood_as == "Urdu, read as: بین الاقوامی تعاون کے فوائد"


def test_a_fault_in_the_language_reader_falls_back_to_english(index, monkeypatch):
    from types import SimpleNamespace

    def broken(text, lexicon):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(qa.query, "_language", SimpleNamespace(load_lexicon=lambda folder: None, read=broken))
    qa.query._lexicon.cache_clear()
    try:
        assert ask("benefit 4", index).status == "answered"
    finally:
        qa.query._lexicon.cache_clear()


def test_an_urdu_answer_heads_each_benefit_with_its_urdu_title_from_the_lexicon(index):
    from qa.language import cached_lexicon

    answer = ask("بین الاقوامی تعاون سے ہماری یونیورسٹی کو فنڈنگ کیسے مل سکتی ہے؟", index)
    title = cached_lexicon(index.corpus.folder).titles[6]
    assert answer.language == "ur" and title in answer.message.splitlines()[0]


def test_the_words_that_disown_a_procedure_or_make_a_request_polite_are_corpus_data(corpus_copy):
    from qa.query import _asks_a_procedure, asks_whether
    from qa.corpus import cue_words

    (corpus_copy / "reading.yaml").write_text(
        "procedure: [how to apply]\nnegations: [never]\nwhether_starts: [can]\npolite_subjects: [thou]\n"
    )
    cues = load_cues(corpus_copy)
    assert not _asks_a_procedure(cue_words("I never asked how to apply"), cues)
    assert _asks_a_procedure(cue_words("I did not ask how to apply"), cues)  # "not" is no negation here
    assert not asks_whether("Can thou tell me how many scholars returned?", cues)
    assert asks_whether("Can you tell me how many scholars returned?", cues)


def test_one_urdu_word_read_as_several_english_words_weighs_as_one_word(index):
    # "paisa" is read "funding money grants": a third of a word each
    assert dict(analyse("US ye paisa kyun lagata hai?", index).shares) == pytest.approx({"fund": 1 / 3, "money": 1 / 3, "grant": 1 / 3})


def test_a_phrase_read_word_for_word_keeps_each_words_weight(index):
    # "عالمی رینکنگ" is two words read as two ("world rankings")
    assert analyse("عالمی رینکنگ میں پاکستانی جامعات کا کیا مقام ہے؟", index).shares == ()


def test_a_word_the_question_also_says_in_english_keeps_its_whole_weight(index):
    assert "money" not in dict(analyse("paisa aur money dono chahiye research ke liye", index).shares)


def test_the_funders_motive_leads_even_after_a_turn_about_money(index):
    chat = Conversation(index)
    chat.ask("scholarships milti hain collab ki wajah se? cousin ko Fulbright mila tha last year")
    assert chat.ask("US ye paisa kyun lagata hai? unka kya faida").ranking[:1] == (5,)


@pytest.mark.parametrize(
    "question",
    ["nust or giki for electrical engg, which one better if i want masters abroad later",
     "which country is cheapest for masters in civil engineering for a pakistani with low budget, germany or italy??",
     "kaunsi university behtar hai, LUMS ya NUST?"],
)
def test_choosing_among_universities_or_countries_is_advice_the_sources_do_not_give(index, question):
    assert analyse(question, index).asks == "procedure"
    assert ask(question, index).citations == ()


def test_asking_which_universities_did_better_is_no_choice(index):
    answer = ask("Which universities got better rankings through partnerships?", index)
    assert (answer.status, answer.ranking[:1]) == ("answered", (2,))


@pytest.mark.parametrize(
    "question",
    ["what are the risks when foreign donors fund our scholarships?",
     "cons of relying on foreign donors for higher ed programs in pakistan",
     "foreign funding se scholarships milti hain, lekin iske nuqsanat kya hain?"],
)
def test_asking_for_risks_or_downsides_as_such_leads_with_the_challenges(index, question):
    assert analyse(question, index).challenges_as_such
    assert ask(question, index).ranking[:1] == ("challenges",)


def test_a_worry_of_one_kind_asked_beside_a_benefit_is_no_request_for_the_challenges(index):
    assert not analyse("Do visa-free exchanges help our students get scholarships?", index).challenges_as_such


NUMBERED_CONTEXT = (
    "Context, in brief points:\n"
    "1. MoU signed with a medical faculty in Istanbul in March, so far nothing has happened under it.\n"
    "2. Our junior faculty (demonstrators and assistant professors) have never presented outside Pakistan.\n"
    "3. The Dean of Allied Health wants staff exchanges in both directions, the Registrar thinks this is tourism.\n"
    "How does a partnership of this sort build up our own academic staff and make our research more "
    "international in its outlook and networks?"
)


def test_a_numbered_list_in_a_message_is_its_layout_not_benefit_numbers(index):
    # round 7 (read): this message was refused as "invalid", its list numbers read as benefit numbers
    query = analyse(NUMBERED_CONTEXT, index)
    assert (query.asks, query.numbers, query.invalid) == ("topic", (), None)
    assert ask(NUMBERED_CONTEXT, index).ranking[:1] == (3,)


def test_a_clause_joined_to_the_question_by_its_pointer_is_part_of_what_is_asked(index):
    # "...thinks this is tourism. How does a partnership of this sort ...?": one clause, and it asks
    assert any("partnership" in part for part in analyse(NUMBERED_CONTEXT, index).requests)
    assert ("context", "brief", "point") not in analyse(NUMBERED_CONTEXT, index).requests


def test_everything_asked_for_with_no_topic_after_it_is_the_overview(index):
    question = ("Sometimes in our board meeting the elders ask me, why we keep writing letters to foreign "
                "universities. If you have to explain them everything that comes to us from these links, what would you say?")
    assert analyse(question, index).asks == "overview"


def test_everything_in_the_scene_of_a_message_is_no_request_for_the_overview(index):
    question = ("Our QEC keeps asking for 'international standards' in everything. Would tying up with a foreign "
                "university help us meet them?")
    assert ask(question, index).ranking[:1] == (4,)


@pytest.mark.parametrize(
    "question",
    ["Malaysia mein UTM ya UPM, PhD ke liye kon si behtar hai civil engg mein?",
     "Canada ya Australia? bachay ne BSCS karna hai, kon sa country better hai PR ke hisab se",
     "BZU Multan di QS ranking kinni aa 2024 ch?",
     "Mehran univ ka QS ranking 2024 me kehro number tha",
     "Which type of visa he should apply for and how long it takes to get it?",
     "spouse ko sath le ja sakte hain masters student visa pe UK? dependant rules batao"],
)
def test_near_scope_questions_of_a_consultancy_desk_are_refused(index, question):
    # round 7 (read): choices, Punjabi and Sindhi words asking which or how much, visa rules
    assert ask(question, index).citations == ()


def test_asking_whether_collaboration_is_necessary_is_no_procedure(index):
    assert ask("QS ranking mein upar jane ke liye international collaboration zaroori hai?", index).ranking[:1] == (2,)


@pytest.mark.parametrize(
    "question",
    ["Fulbright wala scholorship 2026 ka form kab tak jama hoga? meri beti ne BS kiya hai Sukkur IBA se, last date bata dein plz",
     "chinese govt scholarship CSC ka interview is saal kab hoga aur result kab tak ayega?",
     "CPEC wali chinese universities mein Pakistani bachon ki fees per year kitni hai? apne larke ko bhejna hai",
     "mere bhai ki degree bahar ki online university ki hai, govt job ke liye valid hogi? HEC recognize karta hai usko?"],
)
def test_near_scope_questions_brought_to_a_district_office_counter_are_refused(index, question):
    # round 8 (read): a short ask closing the message's last sentence, dates of a programme's
    # steps, fees by the term, whether a degree is valid
    assert ask(question, index).citations == ()


def test_a_short_clause_closing_the_message_after_its_question_is_asked_too():
    from qa.query import request_text

    text = "Form kab tak jama hoga? meri beti ne BS kiya hai, last date plz"
    assert request_text(text).endswith("last date plz")


def test_politics_is_a_word_of_diplomatic_relations(index):
    assert ask("Is academic collaboration with China about education or about politics?", index).ranking[:1] == (5,)


def test_siyasat_reads_as_politics_and_only_adam_istehkam_as_instability(index):
    from qa.language import read
    from qa.query import _lexicon

    lexicon = _lexicon(index.corpus.folder)
    assert read("siyasat", lexicon).english == "politics"
    assert read("siyasi adam istehkam", lexicon).english == "political instability"


@pytest.mark.parametrize(
    "question",
    ["US walay Pakistan di education te itna paisa kiyun laande? koi siyasi maqsad he?",
     "امریکہ ہر سال سینکڑوں پاکستانیوں کو فل برائٹ پر اپنے خرچ سے کیوں لے جاتا ہے، صرف تعلیم کی خاطر یا پیچھے کوئی سفارتی مقصد بھی ہے؟"],
)
def test_asking_the_purpose_behind_a_funders_money_is_the_funders_motive(index, question):
    # round 9 (read): "maqsad", "مقصد", "purpose" beside the money and the funder
    assert ask(question, index).ranking[:1] == (5,)


def test_an_intention_is_no_funders_motive(index):
    question = ("Two of our lecturers got fully funded PhDs abroad. One is working in Manchester with no "
                "intention of coming back. How serious is the problem of scholars not returning?")
    assert ask(question, index).ranking[:1] == ("challenges",)


def test_fear_of_coming_names_the_security_worry(index):
    question = ("I read that a university in Khyber Pakhtunkhwa had to hold its function with the Americans at the "
                "chief minister's house. Are foreigners still afraid to come to our campuses?")
    assert ask(question, index).ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "question",
    ["How does one fill up the form for the HEC scholarship to America, and by what date must it be sent?",
     "What does it cost nowadays to have a foreign degree verified by the HEC?"],
)
def test_filling_a_form_a_date_to_send_it_by_and_verifying_a_degree_are_procedures(index, question):
    assert ask(question, index).citations == ()


@pytest.mark.parametrize(
    "question",
    ["Chak 126/10-R se Zulfiqar sahib: wo jo Faisalabad agriculture university ka America ke saath centre bana tha, kya wo is saal bhi admissions le raha hai?",
     "Virtual University se BS kiya ho to kya bahar ki scholarship ke liye eligible hote hain ya regular degree chahiye?",
     "Our house fell in flood. Foreign countries gave flood relief money, how I can get that money for rebuilding, which office to go?",
     "Relative did masters in China, now he needs HEC equivalence of degree for job. How many days it take and what is fee?"],
)
def test_near_scope_questions_of_radio_listeners_are_refused(index, question):
    # round 10 (read): whether a programme takes admissions, whom it takes, offices and waiting times
    assert ask(question, index).citations == ()


@pytest.mark.parametrize(
    "question",
    ["Quick question.. is NUST ranked higher then UofT or McMaster? what is NUST QS rank this year",
     "Fulbright docs reqd?",
     "Fulbright کی لاسٹ ڈیٹ کب ہے؟؟ 😰 اور ڈاکومنٹس کون کون سے لگیں گے، جلدی بتاؤ پلز",
     "Bhai koi bata sakta hai ke Allama Iqbal scholarship sirf Afghan students ke liye hai ya Canadian-Pakistani bachay bhi apply kar sakte hain?"],
)
def test_near_scope_questions_of_a_parents_group_abroad_are_refused(index, question):
    # round 11 (read): a question typed without its mark, chat shorthand for documents, English
    # procedure words spelt in Urdu script, who may apply
    assert ask(question, index).citations == ()


def test_a_fact_about_where_a_test_was_held_is_no_procedure(index):
    assert ask("Where did HEC hold the entry test for the Afghan scholarship scheme?", index).status == "answered"


@pytest.mark.parametrize("typed, joined", [("scholar ships", "scholarships"), ("trans national education", "transnational education")])
def test_a_topic_word_split_in_two_by_voice_typing_is_joined(index, typed, joined):
    from qa.query import join_split_words

    assert join_split_words(typed, index) == joined


@pytest.mark.parametrize("text", ["the brain drain", "foreign students", "higher education"])
def test_two_words_the_corpus_uses_are_not_joined(index, text):
    from qa.query import join_split_words

    assert join_split_words(text, index) == text


def test_an_urdu_yes_or_no_question_about_rising_in_the_rankings_is_no_figure_question(index):
    question = "QS اور THE کی درجہ بندی میں ہماری جامعات اوپر کیسے آئیں؟ کیا غیر ملکی شراکت داری کا اس میں کوئی کردار ہے؟"
    answer = ask(question, index)
    assert answer.status == "answered" and answer.ranking[:1] == (2,)


def test_rupee_falling_as_keywords_names_the_challenges(index):
    # "falling" is a word of the challenges but no sign of the topic alone: "rupee fall effect
    # specifically pls" alone is still not about collaboration (test_conversation)
    assert ask("rupee falling", index).ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "typed, spelt",
    [("pi ech di abrod", "PHD abrod"), ("si pi ee si ka faida", "CPEC ka faida"), ("ech ee si scholarship", "HEC scholarship")],
)
def test_letters_said_aloud_are_read_as_the_word_they_spell(index, typed, spelt):
    from qa.query import read_spelt_letters

    assert read_spelt_letters(typed, qa.query.cues_of(index.corpus.folder), index) == spelt


@pytest.mark.parametrize("text", ["ki di gal", "why you see", "yu es ae"])
def test_letter_names_that_spell_no_word_the_corpus_uses_stay_as_typed(index, text):
    # "ki di" is Punjabi for "of"; "why you see" is English; "USA" is no term of the corpus
    from qa.query import read_spelt_letters

    assert read_spelt_letters(text, qa.query.cues_of(index.corpus.folder), index) == text


def test_a_phd_spelt_aloud_gets_the_answer_of_one_typed(index):
    assert ask("pi ech di abrod", index).citations == ask("PhD abroad", index).citations


def test_a_letter_name_that_is_no_single_letter_is_an_error_naming_the_field(corpus_copy):
    (corpus_copy / "reading.yaml").write_text("letter_names: {pi: ph}\n")
    with pytest.raises(CorpusError, match=r"reading.yaml: field 'letter_names'"):
        load_cues(corpus_copy)


def test_an_urdu_question_of_words_nobody_lists_asks_about_the_sentence_before_it(index):
    # "Father says those who go abroad to study do not come back. Does that really happen?": the
    # question's own words are not in the lexicon, so it asks about the claim before it
    answer = ask("ابو کہتے ہیں باہر پڑھنے جانے والے واپس نہیں آتے. سچی میں ایسا ہوتا ہے؟", index)
    assert answer.status == "answered" and answer.ranking[0] == "challenges"


@pytest.mark.parametrize("question", [
    "HEC need base scholarship ka form kaise bharte hain? mera salary certificate saudi company ka hai wo chalega ya nahi",
    "Turkey burslari scholarship ka form kab khulta hai?",
    "need based scholarship ka form kab aata hai aur kaun kaun se kagzat lagte hain?",
])
def test_a_procedures_paper_asked_how_when_or_where_beside_it_is_a_procedure(index, question):
    # Roman Urdu read in its own order: "form how fill?", "form when?"
    assert ask(question, index).status == "not_covered"


@pytest.mark.parametrize("question", [
    "How do international research partnerships form, and what do Pakistani universities gain?",
    "In what form does foreign funding come, and how does it help?",
])
def test_form_as_a_verb_or_a_kind_far_from_how_is_no_procedure(index, question):
    assert ask(question, index).status == "answered"


@pytest.mark.parametrize("question", [
    "bahir ki unis se tie up karne k saare faide bata do 1 1 kar k.. kal dept me presentation hai",
    "tell me all the benefits one by one",
])
def test_a_number_that_counts_off_the_list_is_no_benefit_number(index, question):
    answer = ask(question, index)
    assert answer.overview and answer.ranking[:6] == (1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize("question, numbers", [("what was the 1st one again", (1,)), ("benefit 1 and 2", (1, 2))])
def test_an_ordinal_beside_one_is_still_a_benefit_number(index, question, numbers):
    assert analyse(question, index).numbers == numbers


def test_asking_how_much_truth_a_claim_holds_is_no_figure_question(index):
    # "kitni sachai hai" (how much truth is in it) asks whether the claim is true
    q = analyse("HEC scholars ko bahar bhejti hai aur wo wapas hi nahi aate. is mein kitni sachai hai?", index)
    assert q.figure is None and ask(q.text, index).ranking[0] == "challenges"


@pytest.mark.parametrize("question", [
    "For the Syndicate note I require the exact number of Pakistani universities which have signed MoUs with "
    "Omani universities. Kindly provide the figures at the earliest.",
    "Dear assistant, the proposal is from Universiti Malaya. What is its current QS world ranking?",
])
def test_an_exact_or_current_figure_the_sources_do_not_give_is_refused(index, question):
    # "the exact number of" asks a figure however the request is put; "current" means this year
    answer = ask(question, index)
    assert answer.status == "not_covered" and answer.citations == ()


def test_a_word_that_is_no_english_word_splits_into_two_corpus_words(index):
    from qa.query import split_run_together

    assert split_run_together("phdabroad lecturers", index) == "phd abroad lecturers"


def test_an_english_word_splits_only_into_a_vocabulary_entry(index):
    from qa.query import split_run_together

    assert split_run_together("alongside partners", index) == "alongside partners"
    assert split_run_together("softpower", index) == "soft power"


@pytest.mark.parametrize("typed, read", [
    ("scholarship* AND funding", "scholarships  funding"),
    ("brain drain OR visa", "brain drain   visa"),
    ("AND what about funding?", "AND what about funding?"),  # no word before it: no operator
])
def test_search_box_syntax_is_read_as_the_words_it_searches_for(index, typed, read):
    from qa.query import read_search_syntax

    assert read_search_syntax(typed, index) == read


def test_a_catalogue_search_gets_the_answer_of_its_words(index):
    assert ask("ranking* AND pakistan* universit*", index).ranking[0] == 2


@pytest.mark.parametrize("question", [
    "how does a visiting scholar from Lahore get a visa for the US?",
    "what's HEC's process for recognising a UK degree earned through a TNE campus in Pakistan?",
])
def test_the_process_for_something_or_getting_a_visa_is_a_procedure(index, question):
    assert ask(question, index).status == "not_covered"
