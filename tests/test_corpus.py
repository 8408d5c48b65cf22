"""Loading the corpus, and every malformed-file error naming the file and the field."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa import CorpusError, load_corpus


def test_fixture_corpus_loads_every_passage_with_its_source(corpus_copy: Path):
    corpus = load_corpus(corpus_copy)
    assert len(corpus.passages) == 12
    e1 = next(p for p in corpus.passages if p.id == "e1-citations")
    assert (e1.kind, e1.benefit, e1.source.title, e1.source.year) == ("evidence", 1, "A fixture report on partnerships", 2020)


def test_a_new_file_dropped_in_becomes_a_passage(corpus_copy: Path):
    (corpus_copy / "passages" / "new.md").write_text(
        "---\nid: e4-new\nkind: evidence\nbenefit: 4\nsource: report\n---\nA new fact about accreditation.\n"
    )
    assert "e4-new" in {p.id for p in load_corpus(corpus_copy).passages}


def test_year_nd_means_the_source_shows_no_year(corpus_copy: Path):
    seed = next(s for s in load_corpus(corpus_copy).sources if s.id == "seed")
    assert seed.year is None


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "passages" / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(folder: Path) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        load_corpus(folder)
    return info.value


@pytest.mark.parametrize(
    ("front", "field", "words"),
    [
        ("id: x\nkind: evidence\nbenefit: 1\nsource: [unclosed\n", None, "bad YAML"),
        ("kind: evidence\nbenefit: 1\nsource: report\n", "id", "missing"),
        ("id: x\nkind: evidence\nsource: report\n", "benefit", "needs a benefit"),
        ("id: x\nkind: evidence\nbenefit: 9\nsource: report\n", "benefit", "unknown benefit 9"),
        ("id: x\nkind: evidence\nbenefit: one\nsource: report\n", "benefit", "unknown benefit"),
        ("id: x\nkind: claim\nbenefit: 1\nsource: report\n", "kind", "must be one of benefit, summary, evidence, challenge"),
        ("id: x\nkind: evidence\nbenefit: 1\nsource: nowhere\n", "source", "unknown source 'nowhere'"),
        ("id: x\nkind: evidence\nbenefit: 1\n", "source", "missing"),
        ("id: x\nkind: challenge\nbenefit: 2\nsource: report\n", "benefit", "belongs to no benefit"),
        ("id: X Y\nkind: evidence\nbenefit: 1\nsource: report\n", "id", "lowercase"),
        ("id: x\nkind: evidence\nbenfit: 1\nsource: report\n", "benfit", "unknown field"),
    ],
)
def test_malformed_passage_names_file_and_field(corpus_copy: Path, front: str, field: str | None, words: str):
    path = write(corpus_copy, "broken.md", f"---\n{front}---\nSome text.\n")
    err = error_of(corpus_copy)
    assert (err.file, err.field) == (str(path), field)
    assert words in str(err)
    assert "broken.md" in str(err)


def test_empty_text_is_an_error(corpus_copy: Path):
    path = write(corpus_copy, "empty.md", "---\nid: x\nkind: evidence\nbenefit: 1\nsource: report\n---\n  \n")
    err = error_of(corpus_copy)
    assert (err.file, err.field) == (str(path), "text")


def test_file_without_front_matter_is_an_error(corpus_copy: Path):
    path = write(corpus_copy, "plain.md", "Just text, no front matter.\n")
    err = error_of(corpus_copy)
    assert (err.file, err.field) == (str(path), "id")


def test_duplicate_id_names_both_files(corpus_copy: Path):
    path = write(corpus_copy, "zz-dup.md", "---\nid: b1\nkind: evidence\nbenefit: 1\nsource: report\n---\nText.\n")
    err = error_of(corpus_copy)
    assert (err.file, err.field) == (str(path), "id")
    assert "b1.md" in str(err)


def test_non_utf8_file_is_an_error(corpus_copy: Path):
    path = corpus_copy / "passages" / "latin1.md"
    path.write_bytes("---\nid: x\nkind: evidence\nbenefit: 1\nsource: report\n---\nCaf\u00e9\n".encode("latin-1"))
    assert error_of(corpus_copy).file == str(path)


def test_benefit_without_passage_is_an_error(corpus_copy: Path):
    (corpus_copy / "passages" / "b4.md").unlink()
    err = error_of(corpus_copy)
    assert err.file.endswith("topics.yaml") and "benefit 4 has no benefit passage" in str(err)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("  title: A fixture report on partnerships\n", "", "report.title", "missing"),
        ("  year: 2020\n", "", "report.year", "n.d."),
        ("  year: 2020\n", "  year: twenty\n", "report.year", "must be a year"),
        ("https://example.org/report", "ftp://example.org/report", "report.url", "not an http(s) URL"),
        ("https://example.org/report", "javascript:alert(1)", "report.url", "not an http(s) URL"),
        ("- id: news\n", "- id: report\n", "report.id", "duplicate source id"),
        ("  author: A. Writer\n", "  authr: A. Writer\n", "report.authr", "unknown field"),
    ],
)
def test_malformed_source_names_the_source_and_field(corpus_copy: Path, old: str, new: str, field: str, words: str):
    replace_in(corpus_copy / "sources.yaml", old, new)
    err = error_of(corpus_copy)
    assert err.file.endswith("sources.yaml")
    assert err.field == field
    assert words in str(err)


def test_bad_yaml_in_sources_names_the_file_and_line(corpus_copy: Path):
    (corpus_copy / "sources.yaml").write_text("- id: seed\n  title: [oops\n")
    err = error_of(corpus_copy)
    assert err.file.endswith("sources.yaml") and "bad YAML" in str(err) and "line" in str(err)


def test_unknown_topic_key_names_the_field(corpus_copy: Path):
    replace_in(corpus_copy / "topics.yaml", "  - key: 6\n", "  - key: 7\n")
    err = error_of(corpus_copy)
    assert err.file.endswith("topics.yaml") and err.field == "topics[5].key"


def test_a_synonym_group_of_one_word_names_the_field(corpus_copy: Path):
    replace_in(corpus_copy / "topics.yaml", "synonyms: [[launch, start]]", "synonyms: [[launch]]")
    err = error_of(corpus_copy)
    assert err.file.endswith("topics.yaml") and err.field == "synonyms[0]"


def test_missing_corpus_folder_is_an_error(tmp_path: Path):
    assert "not found" in str(error_of(tmp_path / "nope"))


def test_nothing_is_half_loaded(corpus_copy: Path):
    write(corpus_copy, "zz-bad.md", "---\nid: x\nkind: evidence\nbenefit: 9\nsource: report\n---\nText.\n")
    with pytest.raises(CorpusError):
        load_corpus(corpus_copy)  # raises before returning any Corpus


def test_shipped_corpus_validates():
    corpus = load_corpus()
    assert [t.key for t in corpus.benefits] == [1, 2, 3, 4, 5, 6]
    assert len(corpus.passages_of("summary")) == 1


def test_example_questions_are_read_under_their_topic(corpus_copy: Path):
    (corpus_copy / "examples.yaml").write_text("2:\n  - can we beat our regional rivals?\nchallenges:\n  - what could go wrong?\n")
    topics = {t.key: t.examples for t in load_corpus(corpus_copy).topics}
    assert topics[2] == ("can we beat our regional rivals?",) and topics["challenges"] == ("what could go wrong?",)
    assert topics[1] == ()


def test_a_corpus_without_examples_file_has_no_examples(corpus_copy: Path):
    assert all(t.examples == () for t in load_corpus(corpus_copy).topics)


@pytest.mark.parametrize(
    "text, field, words",
    [
        ("7:\n  - a question\n", "7", "unknown topic (valid: 1, 2, 3, 4, 5, 6, challenges)"),
        ("2: a question\n", "2", "must be a list of questions"),
        ("2:\n  - ''\n", "2[0]", "missing or empty"),
        ("- a question\n", None, "must be a mapping from topic key"),
    ],
)
def test_malformed_examples_name_the_file_and_field(corpus_copy: Path, text: str, field: str | None, words: str):
    (corpus_copy / "examples.yaml").write_text(text)
    err = error_of(corpus_copy)
    assert err.file.endswith("examples.yaml") and err.field == field and words in str(err)


# Corpus mistakes that once crashed the loader with a traceback: each is now one CorpusError.

EVIDENCE = "kind: evidence\nbenefit: 1\nsource: report\n"


@pytest.mark.parametrize(("key", "field"), [("yes", "True"), ("2019", "2019"), ("1.5", "1.5"), ("null", "None")])
def test_a_front_matter_key_yaml_reads_as_a_bool_or_number_is_an_unknown_field(corpus_copy: Path, key: str, field: str):
    path = write(corpus_copy, "keyed.md", f"---\nid: x\n{EVIDENCE}{key}: note\n---\nText.\n")
    err = error_of(corpus_copy)
    assert (err.file, err.field) == (str(path), field) and "unknown field" in str(err)


def test_a_source_that_mixes_number_and_text_keys_names_the_number_key(corpus_copy: Path):
    replace_in(corpus_copy / "sources.yaml", "  author: A. Writer\n", "  author: A. Writer\n  2019: note\n")
    err = error_of(corpus_copy)
    assert err.file.endswith("sources.yaml") and err.field == "report.2019" and "unknown field" in str(err)


def test_a_folder_named_like_a_passage_is_an_error_naming_it(corpus_copy: Path):
    folder = corpus_copy / "passages" / "x.md"
    folder.mkdir()
    err = error_of(corpus_copy)
    assert err.file == str(folder) and "is a folder" in str(err)


def test_a_broken_link_named_like_a_passage_is_an_error_naming_it(corpus_copy: Path):
    link = corpus_copy / "passages" / "gone.md"
    link.symlink_to(corpus_copy / "nowhere.md")
    err = error_of(corpus_copy)
    assert err.file == str(link) and "link to nothing" in str(err)


def test_a_broken_link_as_sources_yaml_is_an_error_naming_it(corpus_copy: Path):
    (corpus_copy / "sources.yaml").unlink()
    (corpus_copy / "sources.yaml").symlink_to(corpus_copy / "nowhere.yaml")
    assert error_of(corpus_copy).file.endswith("sources.yaml")


def test_a_file_saved_with_a_byte_order_mark_is_read(corpus_copy: Path):
    path = corpus_copy / "passages" / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + f"---\nid: e4-bom\n{EVIDENCE}---\nSaved by Notepad.\n".encode())
    (corpus_copy / "sources.yaml").write_bytes(b"\xef\xbb\xbf" + (corpus_copy / "sources.yaml").read_bytes())
    passage = next(p for p in load_corpus(corpus_copy).passages if p.id == "e4-bom")
    assert passage.text == "Saved by Notepad."


def test_front_matter_that_is_a_list_is_named_as_such(corpus_copy: Path):
    path = write(corpus_copy, "listed.md", "---\n- id: x\n- kind: evidence\n---\nText.\n")
    err = error_of(corpus_copy)
    assert err.file == str(path) and "not a list" in str(err)


@pytest.mark.parametrize("value", ["6.0", "true", "'6'", "[6]"])
def test_a_benefit_that_is_not_a_whole_number_is_rejected(corpus_copy: Path, value: str):
    path = write(corpus_copy, "odd.md", f"---\nid: x\nkind: evidence\nbenefit: {value}\nsource: report\n---\nText.\n")
    err = error_of(corpus_copy)
    assert (err.file, err.field) == (str(path), "benefit") and "unknown benefit" in str(err)


def test_a_topic_key_of_6_0_is_rejected(corpus_copy: Path):
    replace_in(corpus_copy / "topics.yaml", "  - key: 6\n", "  - key: 6.0\n")
    assert error_of(corpus_copy).field == "topics[5].key"


def test_an_impossible_date_in_front_matter_is_bad_yaml(corpus_copy: Path):
    path = write(corpus_copy, "date.md", f"---\nid: 2019-02-30\n{EVIDENCE}---\nText.\n")
    err = error_of(corpus_copy)
    assert err.file == str(path) and "bad YAML front matter" in str(err)


def test_deeply_nested_yaml_is_an_error_not_a_crash(corpus_copy: Path):
    (corpus_copy / "sources.yaml").write_text("[" * 20000 + "]" * 20000 + "\n")
    assert error_of(corpus_copy).file.endswith("sources.yaml")


def test_a_file_name_with_a_line_break_still_gives_one_line(corpus_copy: Path):
    write(corpus_copy, "two\nlines.md", f"---\nid: x\nkind: claim\nbenefit: 1\nsource: report\n---\nText.\n")
    assert "\n" not in str(error_of(corpus_copy))


def test_the_public_message_names_the_file_from_the_corpus_folder(corpus_copy: Path):
    write(corpus_copy, "bad.md", f"---\nid: x\nkind: evidence\nbenefit: 9\nsource: report\n---\nText.\n")
    err = error_of(corpus_copy)
    assert err.public().startswith("corpus/passages/bad.md: field 'benefit': unknown benefit 9")
    assert str(corpus_copy.parent) not in err.public()


FRONT_LINES = st.sampled_from([
    "id: e1-x", "id: x2", "kind: evidence", "kind: summary", "benefit: 1", "benefit: 12", "benefit: 0", "benefit: 01",
    "benefit: 6.0", "source: report", "source: yes", "source: no", "source: on", "source: null", "source: y",
    "id: 2019-01-01", "id: 0x1f", "id: 1_000", "id: 1:30", "id: a b", "id: 'x'", "id: x # note", "id:x", "id:  x  ",
    "source: Yes", "kind: ~", "benefit: -1", "benefit: +1", "", "  id: x", "id: x\r", "id: é", "source: x-", "source: -x",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(FRONT_LINES, st.text(alphabet="idkbensourcy:0123456789-_ .'#yoftrul", max_size=14)), max_size=6))
def test_simple_front_matter_is_read_exactly_as_yaml_reads_it(lines):
    import yaml

    from qa.corpus import _simple_front_matter

    front = "\n".join(lines)
    fast = _simple_front_matter(front)
    if fast is not None:
        assert fast == yaml.safe_load(front)
        assert all(type(v) is type(yaml.safe_load(front)[k]) for k, v in fast.items())


def test_passage_files_are_listed_in_the_order_of_sorted_rglob(tmp_path: Path):
    from qa.corpus import _passage_files

    for name in ["a-b.md", "a/b.md", "a/c/d.md", "a.b/x.md", "B.md", "b.md", "a-b/z.md", ".hidden.md", "x.md/y.md", "n.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere")
    (tmp_path / "dirlink.md").symlink_to(tmp_path / "a")
    assert _passage_files(tmp_path) == [str(p) for p in sorted(tmp_path.rglob("*.md"))]
