"""Conversations: qa.Conversation and `python -m qa chat`. Each question is read in the light
of the earlier answers; a clear new question is read on its own."""

import json
import re

import pytest

from qa import Answer, Conversation, ask

from test_cli import run

MONEY = "Can foreign partners bring money into our university?"


def ids(answer: Answer) -> list[str]:
    return [c.passage.id for c in answer.citations]


def first_topic(answer: Answer):
    keys = [c.passage.topic_key for c in answer.citations if c.passage.topic_key is not None]
    return keys[0] if keys else (answer.ranking[0] if answer.ranking else None)


def asked_after_money(index, message: str) -> tuple[Answer, Answer]:  # type: ignore[no-untyped-def]
    """The answer to MONEY, then the answer to `message` asked after it in one conversation."""
    chat = Conversation(index)
    before = chat.ask(MONEY)
    return before, chat.ask(message)


def assert_citations_are_whole(answer: Answer) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.message)}
    assert markers == {c.n for c in answer.citations}


def test_a_conversation_keeps_its_answers_in_order(index):
    chat = Conversation(index)
    first, second = chat.ask(MONEY), chat.ask("tell me more")
    assert chat.answers == [first, second]
    assert (first.follow_up, second.follow_up) == (False, True)


def test_tell_me_more_gives_the_next_evidence_for_the_same_topic(index):
    chat = Conversation(index)
    chat.ask(MONEY)
    more = chat.ask("tell me more")
    assert more.status == "answered" and {c.passage.benefit for c in more.citations} == {6}
    assert more.understood_as == "Follow-up: more evidence for Benefit 6: Financial Resources and Growth"


def test_tell_me_more_never_repeats_a_passage_and_says_when_nothing_is_left(index):
    chat = Conversation(index)
    chat.ask(MONEY)
    seen = set(ids(chat.answers[0]))
    for _ in range(30):
        more = chat.ask("more")
        assert not seen & set(ids(more)), "a passage already cited came back"
        seen |= set(ids(more))
        if not more.citations:
            break
    assert more.status == "answered" and more.citations == ()
    assert more.message.startswith("That is all the sources say about Benefit 6: Financial Resources and Growth")


@pytest.mark.parametrize(
    "cue", ["go on", "explain", "aur batao", "why?", "how?", "how so?", "is there evidence?", "give me an example"],
)
def test_follow_up_cues_give_evidence_for_the_topic_of_the_conversation(index, cue):
    chat = Conversation(index)
    chat.ask("Can foreign partners help our universities climb the rankings?")
    answer = chat.ask(cue)
    assert (answer.status, answer.follow_up, first_topic(answer)) == ("answered", True, 2)
    assert all(c.passage.kind == "evidence" for c in answer.citations)


def test_roman_urdu_and_pakistani_english_follow_ups_are_read_in_the_conversation(index):
    chat = Conversation(index)
    chat.ask("international collaboration se research pe kya asar parta hai?")
    assert chat.ask("teesra wala?").ranking[:1] == (3,)
    answer = chat.ask("kindly do the needful and share more")
    assert (answer.follow_up, answer.ranking[:1]) == (True, (3,))


@pytest.mark.parametrize("ordinal", ["ok and the 5th", "5th?", "aur 5th?", "the fifth"])
def test_a_bare_ordinal_in_a_conversation_asks_for_that_benefit(index, ordinal):
    chat = Conversation(index)
    chat.ask("What are the benefits of collaboration for research?")
    answer = chat.ask(ordinal)
    assert (answer.status, answer.ranking[:1]) == ("answered", (5,))


def test_a_short_question_that_does_not_say_what_about_is_read_in_the_conversation(index):
    chat = Conversation(index)
    chat.ask("What are the risks of international collaboration?")
    answer = chat.ask("rupee fall effect specifically pls")
    assert (answer.status, answer.ranking[:1]) == ("answered", ("challenges",))
    assert ask("rupee fall effect specifically pls", index).status == "not_covered"  # alone it says nothing of collaboration
    assert chat.ask("btw what's the weather in Islamabad tomorrow?").status == "not_covered"  # names no topic


def test_a_frame_follow_up_with_no_words_of_its_own_asks_more_about_the_topic(index):
    chat = Conversation(index)
    chat.ask("What are the risks of international collaboration?")
    answer = chat.ask("and what HEC did about it")
    assert (answer.status, answer.follow_up, answer.ranking[:1]) == ("answered", True, ("challenges",))


@pytest.mark.parametrize("message", ["any proof? Pakistani data kindly, not general", "kyun? local PhDs kafi nhi hotay kya?"])
def test_a_message_opening_with_a_follow_up_follows_up(index, message):
    chat = Conversation(index)
    chat.ask("How does collaboration help train our faculty?")
    answer = chat.ask(message)
    assert (answer.follow_up, answer.ranking[:1]) == (True, (3,))
    chat = Conversation(index)
    chat.ask("How does collaboration help train our faculty?")
    assert chat.ask("why? what about funding").ranking[:1] == (6,)


@pytest.mark.parametrize(
    "message, kind",
    [("US examples specifically.", "more"), ("koi pakistani example de do", "more"), ("Numbers, with years.", "more"),
     ("source bata do plz 🙏", "sources"), ("Ref please.", "sources")],
)
def test_a_short_follow_up_with_words_that_qualify_it_follows_up(index, message, kind):
    chat = Conversation(index)
    chat.ask("Can foreign partners bring money into our university?")
    answer = chat.ask(message)
    assert answer.follow_up and answer.status == "answered"
    if kind == "more":
        assert answer.ranking[:1] == (6,)


@pytest.mark.parametrize(
    "message", ["Pakistan-specific?", "Not Pakistan though. Anything local?", "UK wale kuch kar rahe hain is me?"],
)
def test_a_short_message_that_only_narrows_the_topic_asks_for_more_of_it(index, message):
    chat = Conversation(index)
    first = chat.ask("Does working with foreign universities improve the quality of our research?")
    answer = chat.ask(message)
    assert answer.follow_up and answer.status == "answered" and answer.ranking[:1] == first.ranking[:1]
    assert not {c.passage.id for c in answer.citations} & {c.passage.id for c in first.citations}


@pytest.mark.parametrize("message", ["cricket?", "Pakistan cricket score?", "weather in Islamabad?"])
def test_a_short_message_with_a_word_of_its_own_is_no_narrowing(index, message):
    chat = Conversation(index)
    chat.ask("Does working with foreign universities improve the quality of our research?")
    assert chat.ask(message).status == "not_covered"


@pytest.mark.parametrize("message", ["next one", "ok, the next one please", "agla point"])
def test_the_next_one_after_a_benefit_is_the_benefit_after_it(index, message):
    chat = Conversation(index)
    chat.ask("benefit 3")
    answer = chat.ask(message)
    assert answer.follow_up and answer.ranking[:1] == (4,)


def test_the_next_one_after_the_last_benefit_is_no_benefit_number(index):
    chat = Conversation(index)
    chat.ask("benefit 6")
    assert chat.ask("next one").ranking[:1] != (7,)


@pytest.mark.parametrize("message", ["wo doosra point zara khol k samjhao", "what about the 2nd one?", "that fourth point?"])
def test_a_number_that_points_back_at_the_start_of_a_conversation_asks_what_about(index, message):
    answer = Conversation(index).ask(message)
    assert (answer.status, answer.citations) == ("invalid", ())


def test_a_number_that_does_not_point_back_is_answered_at_the_start(index):
    assert Conversation(index).ask("the fourth benefit").ranking[:1] == (4,)


def test_a_bare_number_in_a_conversation_asks_for_that_benefit(index):
    chat = Conversation(index)
    chat.ask("Can foreign partners bring money into our university?")
    assert chat.ask("aur 4?").ranking[:1] == (4,)


def test_asking_for_the_whole_list_mid_conversation_is_the_overview_without_naming_collaboration(index):
    chat = Conversation(index)
    chat.ask("What are the benefits of collaboration for research?")
    answer = chat.ask("ok so I need the full list of benefits for the summary page")
    assert answer.status == "answered" and answer.ranking[:6] == (1, 2, 3, 4, 5, 6)


@pytest.mark.parametrize(
    "cue", ["which source says so?", "sources?", "who is saying this", "whose data is this", "ye baat kis ne ki thi",
            "ye kon si website pe hai link de do"],
)
def test_which_source_cites_the_previous_answers_sources(index, cue):
    chat = Conversation(index)
    before = chat.ask("Do joint papers with foreign researchers get cited more?")
    answer = chat.ask(cue)
    assert answer.status == "answered" and ids(answer) == ids(before)
    assert answer.understood_as == "Follow-up: the sources of the previous answer"
    assert_citations_are_whole(answer)


def test_a_follow_up_topic_is_read_in_the_frame_already_set(index):
    chat = Conversation(index)
    chat.ask("Can foreign partners help our universities climb the rankings?")
    assert first_topic(chat.ask("and funding?")) == 6
    assert first_topic(chat.ask("what about benefit 3?")) == 3
    assert first_topic(chat.ask("and innovation?")) == 5
    risks = Conversation(index)
    risks.ask("what are the risks of foreign partnerships?")
    assert first_topic(risks.ask("and funding?")) == "challenges"


@pytest.mark.parametrize("question", ["what are the risks?", "any downsides?"])
def test_asking_for_risks_mid_conversation_gives_the_challenges(index, question):
    chat = Conversation(index)
    chat.ask(MONEY)
    assert first_topic(chat.ask(question)) == "challenges"


def test_a_clear_new_question_is_read_on_its_own(index):
    question = "Do internationally co-authored papers get cited more?"
    chat = Conversation(index)
    chat.ask(MONEY)
    chat.ask("tell me more")
    in_context, alone = chat.ask(question), ask(question, index)
    assert (in_context.follow_up, ids(in_context)) == (False, ids(alone))
    assert chat.ask("What is a good recipe for nihari?").status == "not_covered"


@pytest.mark.parametrize("cue", ["tell me more", "more", "go on", "sources?", "Pick up where we stopped last time."])
def test_a_follow_up_with_no_earlier_turn_asks_what_about(index, cue):
    answer = Conversation(index).ask(cue)
    assert (answer.status, answer.citations, answer.follow_up) == ("invalid", (), True)
    assert answer.message.startswith(("What would you like to know more about?", "The previous answer cited no sources"))


def test_a_200_turn_conversation_answers_every_turn_cleanly(index):
    chat = Conversation(index)
    turns = [MONEY, "tell me more", "why?", "which source says so?", "and rankings?", "benefit 3", "any downsides?",
             "more", "What is a good recipe for nihari?", "sources?"]
    for n in range(200):
        answer = chat.ask(turns[n % len(turns)])
        assert answer.status in ("answered", "not_covered", "invalid")
        assert_citations_are_whole(answer)
    assert len(chat.answers) == 200


def test_chat_json_answers_each_line_of_one_conversation():
    out = run("chat", "--json", stdin=f"{MONEY}\ntell me more\n")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == 2 and lines[1]["status"] == "answered"
    assert [o["follow_up"] for o in lines] == [False, True]
    assert set(lines[1]) == {"question", "status", "message", "citations", "took_ms", "language", "follow_up", "understood_as"}


def test_chat_starts_a_new_conversation_at_an_empty_line():
    out = run("chat", "--json", stdin=f"{MONEY}\n\ntell me more\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["status"] for o in lines] == ["answered", "invalid"]


def test_chat_prints_readable_text_with_how_each_question_was_read():
    out = run("chat", stdin=f"{MONEY}\nwhich source says so?\n")
    assert "(Follow-up: the sources of the previous answer)" in out.stdout and "Traceback" not in out.stderr


def test_ask_json_says_how_the_question_was_read():
    obj = json.loads(run("ask", "--json", "benefit 4").stdout)
    assert (obj["language"], obj["follow_up"], obj["understood_as"]) == ("en", False, "Benefit 4 by number")


def test_a_malformed_reading_file_stops_the_cli_with_the_file_and_field_not_a_traceback(corpus_copy):
    (corpus_copy / "reading.yaml").write_text("frame:\n  max_words: many\n")
    out = run("chat", "--corpus", str(corpus_copy), stdin="papers\n")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "reading.yaml: field 'frame.max_words'" in out.stderr


def test_how_bad_after_the_challenges_asks_for_more_on_them(index):
    chat = Conversation(index)
    chat.ask("Were these foreign programmes affected by the budget cuts?")
    answer = chat.ask("how bad")
    assert answer.follow_up and answer.ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "question",
    ["yaar ek dar hai. malaysia wala project beech me ho aur funding hi band ho jae?",
     "exchange programme bhi band ho jate hain kabhi?", "iska koi ulta pehlu bhi hai?"],
)
def test_roman_urdu_words_for_shutting_down_and_for_a_downside_name_a_worry(index, question):
    assert Conversation(index).ask(question).ranking[:1] == ("challenges",)


@pytest.mark.parametrize(
    "message", ["HEC ne khud is pe kitna target rakha tha", "kya hua tha us waqt", "anything else about it from Pakistan?"],
)
def test_a_short_message_that_points_back_asks_more_about_the_conversations_topic(index, message):
    chat = Conversation(index)
    first = chat.ask("Can foreign partners fund scholarships for our students?")
    answer = chat.ask(message)
    assert answer.follow_up and answer.status == "answered" and answer.ranking[:1] == first.ranking[:1]


@pytest.mark.parametrize("message", ["us waqt weather kaisa tha", "what about cricket in it", "is ki fee kitni hai?",
                                     "is ki last date kya hai?"])
def test_a_message_that_points_back_but_asks_something_the_sources_never_cover_is_refused(index, message):
    chat = Conversation(index)
    chat.ask("Can foreign partners fund scholarships for our students?")
    answer = chat.ask(message)
    assert (answer.status, answer.citations) == ("not_covered", ())


def test_a_digit_before_number_in_urdu_order_asks_for_that_benefit(index):
    chat = Conversation(index)
    chat.ask("Can foreign partners fund scholarships for our students?")
    assert chat.ask("3 number wala zara khol ke").ranking[:1] == (3,)


@pytest.mark.parametrize("message", ["And the one after that?", "hor dasso bhai"])
def test_asking_for_the_next_or_for_more_at_the_start_asks_what_about(index, message):
    answer = Conversation(index).ask(message)
    assert (answer.status, answer.citations) == ("invalid", ())


def test_the_one_below_it_on_the_list_is_the_next_benefit(index):
    chat = Conversation(index)
    chat.ask("benefit 3")
    assert chat.ask("Right, and the one below it on your list?").ranking[:1] == (4,)


def test_a_question_with_no_words_of_its_own_that_points_back_asks_more_not_the_overview(index):
    chat = Conversation(index)
    chat.ask("Brief me on the US-Pakistan Knowledge Corridor.")
    answer = chat.ask("Who proposed it and when?")
    assert answer.follow_up and not answer.overview and answer.ranking[:1] == (3,)


def test_a_message_that_says_it_starts_anew_is_read_on_its_own_without_its_marker(index):
    chat = Conversation(index)
    chat.ask("Does academic cooperation genuinely help Pakistan's relations with other countries?")
    answer = chat.ask("Completely different matter: where do Pakistani universities stand in the world league tables nowadays?")
    assert not answer.overview and answer.ranking[:1] == (2,)


@pytest.mark.parametrize("message", ["Focus on KP universities.", "Anything newer than 2019 on it?"])
def test_narrowing_by_region_or_recency_asks_for_more_of_the_topic(index, message):
    chat = Conversation(index)
    first = chat.ask("Does the security situation put foreign academics off visiting us?")
    answer = chat.ask(message)
    assert answer.follow_up and answer.ranking[:1] == first.ranking[:1]


@pytest.mark.parametrize(
    "cue", ["Who reported it?", "Cite the paper.", "Where is that written?", "Date and outlet, please.",
            "eh kithe likhya hoya?", "Give me the references for that point."],
)
def test_more_ways_of_asking_where_a_claim_comes_from_cite_the_previous_sources(index, cue):
    chat = Conversation(index)
    before = chat.ask("Do joint papers with foreign researchers get cited more?")
    answer = chat.ask(cue)
    assert answer.status == "answered" and ids(answer) == ids(before)


def test_a_question_pointing_at_what_the_last_answer_said_is_about_collaboration_without_saying_so(index):
    chat = Conversation(index)
    chat.ask("Does academic cooperation genuinely help Pakistan's relations with other countries?")
    chat.ask("Only the Chinese side.")
    answer = chat.ask("How many universities sit in that consortium?")
    assert answer.status == "answered" and answer.ranking[:1] == (5,)


@pytest.mark.parametrize("message", ["what is the weather there?", "who won that match?"])
def test_a_question_pointing_back_is_still_refused_when_its_words_meet_nothing(index, message):
    chat = Conversation(index)
    chat.ask("Can foreign partners fund scholarships for our students?")
    assert chat.ask(message).citations == ()


STINT = "Different matter. There was a STINT report on Sweden and Pakistan - what did it find on joint research?"


def test_a_question_pointing_back_is_about_the_passage_shown_that_holds_its_words(index):
    chat = Conversation(index)
    shown = ids(chat.ask(STINT))
    answer = chat.ask("What does it attribute that growth to?")
    # "growth" alone would be benefit 6 (Financial Resources and Growth); "that growth" is the one just shown
    assert answer.ranking[:1] == (1,) and ids(answer)[0] in shown


def test_the_passage_pointed_at_may_be_from_an_earlier_answer_than_the_last(index):
    chat = Conversation(index)
    shown = ids(chat.ask(STINT))
    chat.ask("What is a good recipe for nihari?")
    answer = chat.ask("What does it attribute that growth to?")
    assert answer.ranking[:1] == (1,) and ids(answer)[0] in shown


@pytest.mark.parametrize("message, leads", [
    ("What does it attribute that growth to?", True),
    ("How many universities sit in that consortium?", True),  # "universities" is no subject of its own
    ("how many universities are part of that consortium?", True),  # nor is "part"
    ("TNE - what's the argument for it?", False),  # "it" is TNE
    ("TNE kya hota hai? ye word baar baar suna", False),
])
def test_a_pointer_after_the_questions_own_subject_points_at_that_subject(index, message, leads):
    from qa.query import cues_of, pointer_leads

    assert pointer_leads(message, index, cues_of(index.corpus.folder)) is leads


def test_a_pointing_question_whose_words_the_shown_passages_lack_is_ranked_on_its_own(index):
    from qa.query import analyse
    from qa.retrieve import _referent, DEFAULT_SETTINGS

    chat = Conversation(index)
    chat.ask(STINT)
    query = analyse("What has that cost the exchequer in rupees?", index, chat)
    assert query.points_back
    content = frozenset(t for t in query.terms if t not in index.light)
    assert _referent(index, query, content, DEFAULT_SETTINGS) is None


@pytest.mark.parametrize("message", [
    "whose numbers are these? which journal published them",
    "Who said it would broaden Pakistan-China ties? I need a name or at least a designation.",
    "Was that a news report or an opinion column? makes a difference for how i cite it",
    "where's that figure from",
    "ye kis article se liya",
    "ye wali baat kahan likhi he, reference chahye HoD ko dikhana",
    "ye study pakistan pe thi?",
])
def test_asking_where_what_was_said_comes_from_cites_the_previous_sources(index, message):
    before, answer = asked_after_money(index, message)
    assert answer.follow_up and answer.status == "answered" and ids(answer) == ids(before)


@pytest.mark.parametrize("message", [
    "There was a STINT report on Sweden and Pakistan - what did it find on joint research?",
    "Is there any study showing that foreign PhDs do better?",
    "Counterpoint: why is it still worth it for publication output?",
    "Alright. Now give me the sceptics. Who says this whole thing is oversold or has real costs?",  # the other side
])
def test_a_question_that_names_a_document_but_points_at_nothing_said_is_its_own_question(index, message):
    from qa.query import analyse

    chat = Conversation(index)
    chat.ask(MONEY)
    assert analyse(message, index, chat).asks != "sources"


def test_the_one_that_follows_is_the_next_benefit(index):
    chat = Conversation(index)
    chat.ask("Second item, briefly.")
    assert chat.ask("And the one that follows it.").ranking[:1] == (3,)


def test_a_long_roman_urdu_request_for_an_example_is_a_follow_up_as_read_in_english(index):
    chat = Conversation(index)
    first = chat.ask("agar foreign uni k sath mil k kaam kren tu papers ziada nikalte hain?")
    answer = chat.ask("hmm pakistan ka koi misal do, kahin aisa hua ho")
    assert answer.follow_up and answer.status == "answered" and answer.ranking[:1] == first.ranking[:1] == (1,)


def test_a_roman_urdu_request_that_names_another_topic_turns_to_it(index):
    chat = Conversation(index)
    chat.ask("matlab teachers bahar ja ke PhD karde?")
    assert chat.ask("paisay wala scene vi samjhao").ranking[:1] == (6,)


@pytest.mark.parametrize("message", [
    "full reference plz, journal volume pages, for my bibtex",
    "year and source? numbers keep changing so want to be careful",
    "im on PV-thermal so the energy centre is close to my work. what do i cite for it",
    "who called it diplomacy, and when",
    "ye khabar kis akhbar mein chhapi thi",
    "names of both sources pls, with year, full",  # a plural is a part of a reference too
])
def test_asking_for_the_reference_in_detail_cites_the_previous_sources(index, message):
    before, answer = asked_after_money(index, message)
    assert answer.follow_up and ids(answer) == ids(before)


@pytest.mark.parametrize("message", [
    "which year?",
    "that medical sciences paper tho.. my area is engineering. will a reviewer accept it?",
    "agar wo kisi foreign doctor ke saath mil ke paper likhe to kya wo paper zyada log parhte hain aur aage quote karte hain?",
])
def test_a_question_about_what_a_document_found_is_no_request_for_its_reference(index, message):
    from qa.query import analyse

    chat = Conversation(index)
    chat.ask(MONEY)
    assert analyse(message, index, chat).asks != "sources"


@pytest.mark.parametrize("message", [
    "who is the source on the Fulbright figure?", "Where does the 300 come from - which page?", "Authors?",
    "Writer and date of that piece, please.",
])
def test_a_word_for_a_reference_as_such_asks_for_the_previous_sources(index, message):
    before, answer = asked_after_money(index, message)
    assert answer.follow_up and ids(answer) == ids(before)


def test_asking_to_say_it_simpler_gives_the_conversations_benefit_again(index):
    chat = Conversation(index)
    chat.ask("Does academic cooperation help Pakistan's relations with other countries?")
    answer = chat.ask("ye wali baat aur asaan karo pls meri english itni achi nahi")
    assert answer.follow_up and answer.ranking[:1] == (5,)


def test_asking_for_it_in_a_few_lines_after_the_overview_gives_the_overview(index):
    chat = Conversation(index)
    chat.ask("what are the benefits of international collaboration for pakistan's higher education sector")
    answer = chat.ask("bohat lamba jawab hai yar asaan lafzon mein 3 4 lines me samjha dein")
    assert {c.passage.benefit for c in answer.citations} - {None} == {1, 2, 3, 4, 5, 6}


def test_a_number_that_counts_lines_or_bullets_is_no_benefit_number(index):
    from qa.query import analyse

    chat = Conversation(index)
    chat.ask("brain drain is it a problem?")
    assert analyse("challenges ko 5 bullets mein likh do", index, chat).numbers == ()
    assert analyse("ranking aur citations dono ko mila ke 4 5 lines likh do", index, chat).numbers == ()


def test_a_word_for_the_whole_in_a_short_version_still_asks_for_the_overview(index):
    chat = Conversation(index)
    chat.ask("Can foreign partners bring money into our university?")
    answer = chat.ask("ok give me the full picture in 5 lines for the DC")
    assert {c.passage.benefit for c in answer.citations} - {None} == {1, 2, 3, 4, 5, 6}


def test_a_figure_asked_of_what_the_conversation_is_about_is_read_with_its_topic(index):
    chat = Conversation(index)
    chat.ask("CPEC walon ka universities ka consortium bhi hai na, wo kis liye banaya gya tha?")
    answer = chat.ask("usme total kitni universities thin")
    assert answer.status == "answered" and answer.ranking[:1] == (5,)


@pytest.mark.parametrize("message", [
    "On what evidence does that rest, and which body produced it?",
    "Who announced this, and when?",
    "Kindly give me the reference for that example.",
    "Please name the organisations behind these figures so that I may quote them correctly.",
    "eh gal kehre akhbar ich chhapi ae? naam likh deo",
])
def test_more_ways_of_asking_who_produced_it_cite_the_previous_sources(index, message):
    before, answer = asked_after_money(index, message)
    assert answer.follow_up and ids(answer) == ids(before)


def test_a_capital_stands_for_its_government_as_a_funder(index):
    assert ask("Why would Washington spend such sums on Pakistani students? What does it gain?", index).ranking[:1] == (5,)


@pytest.mark.parametrize("message", ["ref?", "kis akhbar mein chhapa tha ye? date bhi bata dein"])
def test_asking_for_the_sources_after_a_refusal_cites_the_last_answer_that_cited_any_and_says_so(index, message):
    chat = Conversation(index)
    before = chat.ask(MONEY)
    refused = chat.ask("What is a good recipe for nihari?")
    answer = chat.ask(message)
    assert refused.citations == () and answer.status == "answered" and ids(answer) == ids(before)
    assert answer.message.startswith("The previous answer cited no sources. The last answer that did")
    assert_citations_are_whole(answer)


def test_asking_for_the_sources_with_no_answer_cited_yet_says_there_are_none(index):
    chat = Conversation(index)
    chat.ask("What is a good recipe for nihari?")
    answer = chat.ask("which source says so?")
    assert answer.citations == () and answer.message.startswith("The previous answer cited no sources. Ask")


@pytest.mark.parametrize("message", [
    "which article says so", "proof kahan hai? which study", "127 million dollars? which year and whose report",
    "82 wala figure kis akhbar ka hai? date bhi chahiye", "report ka naam?", "kithon? paper da naam das",
    "یہ بات سفیر نے کہی تھی یا کسی اور نے؟ کہاں چھپی تھی؟",
])
def test_asking_which_document_in_a_short_sentence_cites_the_previous_sources(index, message):
    # no pointer: in a conversation, "which study" asks for the one the last answer rests on
    before, answer = asked_after_money(index, message)
    assert answer.follow_up and ids(answer) == ids(before)


def test_asking_which_study_shows_a_topic_is_a_question_of_its_own(index):
    from qa.query import analyse

    chat = Conversation(index)
    chat.ask(MONEY)
    assert analyse("which study shows the brain drain?", index, chat).asks != "sources"


def test_a_question_for_the_sources_followed_by_a_question_of_its_own_asks_that_question(index):
    chat = Conversation(index)
    chat.ask("Does collaboration raise research output?")
    answer = chat.ask("and citations? foreign co-author wala paper zyada cite hota hai?")
    assert answer.status == "answered" and answer.ranking[0] == 4


def test_asking_to_leave_out_the_hard_words_restates_the_topic_not_the_difficulties(index):
    # "mushkil alfaz nikaal ke" (leaving out the hard words) is no question about difficulties
    chat = Conversation(index)
    chat.ask("Do papers written with foreign co-authors get cited more?")
    answer = chat.ask("radio ke liye isay do teen saaf jumlon mein kar dein, mushkil alfaz nikaal ke")
    assert answer.status == "answered" and answer.ranking[0] == 4


@pytest.mark.parametrize("message", ["two line version pls", "3 jumle mein de do"])
def test_asking_for_a_length_restates_the_conversations_topic(index, message):
    # a number before a count unit asks for the same topic at that length
    chat = Conversation(index)
    before = chat.ask("Can foreign partners bring money into our university?")
    answer = chat.ask(message)
    assert answer.status == "answered" and answer.ranking[0] == before.ranking[0] == 6


def test_a_length_asked_of_the_benefits_is_the_benefits_laid_out_short(index):
    chat = Conversation(index)
    chat.ask("what are the risks of foreign partnerships?")
    answer = chat.ask("and the upside? one line per benefit")
    assert answer.overview
