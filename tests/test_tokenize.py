import pytest

from qa.tokenize import STOPWORDS, TOKENIZER, Tokenizer, clauses, tokenize


def test_words_are_lowercased_and_stemmed():
    assert tokenize("Universities collaborating") == ["univers", "collabor"]


def test_stop_words_apply_before_stemming():
    # "was" would stem to "wa" and slip past the list if stemming came first
    assert tokenize("was it") == []


def test_possessive_s_is_dropped():
    assert tokenize("Pakistan's") == tokenize("Pakistan") == ["pakistan"]


def test_acronyms_are_kept_whole_and_not_stopworded():
    assert tokenize("the US and us") == ["us"]
    assert tokenize("AIDS") == ["aids"]
    assert tokenize("aids") == ["aid"]
    assert tokenize("HEC") == tokenize("hec") == ["hec"]


def test_shouted_questions_are_treated_like_normal_text():
    assert tokenize("WHAT ARE THE BENEFITS OF AIDS") == tokenize("what are the benefits of aids")


def test_numbers_keep_their_value_without_thousands_separators():
    assert tokenize("1,000 students in 2019") == ["1000", "student", "2019"]


def test_accented_latin_letters_fold_to_ascii():
    assert tokenize("Université") == tokenize("Universite")


def test_other_scripts_and_emoji_give_no_terms():
    assert tokenize("پاکستان کی یونیورسٹیاں") == []
    assert tokenize("🎓🇵🇰") == []


def test_mixed_script_keeps_the_english_words():
    assert tokenize("پاکستان funding") == ["fund"]


def test_tokens_carry_spans_into_the_original_text():
    text = "Do joint papers matter?"
    spans = [text[t.start:t.end] for t in TOKENIZER.tokens(text)]
    assert spans == ["joint", "papers", "matter"]


def test_stopword_list_ships_with_the_package_and_needs_no_download():
    assert {"the", "and", "what"} <= STOPWORDS
    assert "#" not in "".join(STOPWORDS)


def test_the_fingerprint_changes_with_the_rules():
    from dataclasses import replace

    assert replace(TOKENIZER, version=TOKENIZER.version + 1).fingerprint != TOKENIZER.fingerprint


def test_a_stem_that_is_a_stopword_is_dropped_too():
    assert tokenize("tie-ups") == ["tie"]


def test_publications_do_not_collide_with_public():
    assert tokenize("publications") == tokenize("publication") != tokenize("public")


def test_citation_filler_et_al_is_a_stopword():
    assert tokenize("per Zakaria et al.") == ["zakaria"]


def _clause_terms(text):
    tokens = TOKENIZER.tokens(text)
    return [[tokens[i].term for i in part] for part in clauses(text, tokens)]


def test_sentence_ends_colons_and_spaced_dashes_split_clauses():
    assert _clause_terms("Registrar here: outline the gains. Deadline - urgent") == [
        ["registrar"], ["outlin", "gain"], ["deadlin"], ["urgent"],
    ]


def test_decimal_points_and_hyphens_do_not_split_clauses():
    assert _clause_terms("a 3.5 per cent rise in co-authored work") == [["3", "5", "cent", "rise", "co", "author", "work"]]


def test_a_clause_that_points_back_joins_the_one_before():
    # "it" is the exchange scheme: the second clause is not a request of its own
    assert _clause_terms("lecturer exchanges - are they worth it?") == [["lectur", "exchang", "worth"]]


def test_the_word_after_not_just_is_left_out_of_its_clause():
    assert _clause_terms("the wider case, not just research") == [["wider", "case"]]


@pytest.mark.parametrize("negated", ["did not return", "didn't return", "never returned", "don't return"])
def test_negation_survives_as_not_so_not_returning_is_not_returning(negated):
    assert Tokenizer().tokenize(negated) == ["not", "return"]


def test_a_phrasal_verb_is_read_as_the_corpus_word_whatever_its_case_and_spacing():
    from qa.tokenize import read_phrasal

    table = (("coming back", "returning"), ("come back", "return"))
    assert read_phrasal("Scholars not Coming  back; some come back", table) == "Scholars not returning; some return"
    assert read_phrasal("foreign-backed schemes, backing links", table) == "foreign-backed schemes, backing links"
