"""The persisted index: reused when the corpus is unchanged, rebuilt on any change or damage."""

from pathlib import Path

import pytest

from qa import ask, build_index
from qa import cache as qa_cache


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QA_CACHE_DIR", str(folder))
    return folder


def count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = qa_cache.PostingsBM25.from_tokens.__func__  # type: ignore[attr-defined]

    def spy(cls, docs, *args, **kwargs):
        calls.append(len(docs))
        return real(cls, docs, *args, **kwargs)

    monkeypatch.setattr(qa_cache.PostingsBM25, "from_tokens", classmethod(spy))
    return calls


def test_unchanged_corpus_is_loaded_from_the_cache_not_rebuilt(corpus_copy, monkeypatch):
    build_index(corpus_copy)
    builds = count_builds(monkeypatch)
    index = build_index(corpus_copy)
    assert [n for n in builds if n == 12] == []  # only the 7 topic profiles were indexed
    assert [c.passage.id for c in ask("do international papers get cited more", index).citations] == ["b1", "e1-citations"]


def test_a_corpus_from_the_cache_equals_the_corpus_from_its_files(corpus_copy):
    build_index(corpus_copy)
    assert build_index(corpus_copy).corpus == build_index(corpus_copy, use_cache=False).corpus


def test_a_changed_passage_rebuilds_the_index(corpus_copy, monkeypatch):
    build_index(corpus_copy)
    path = corpus_copy / "passages" / "e6-fulbright.md"
    path.write_text(path.read_text().replace("189 awards", "189 awards and hostels"))
    builds = count_builds(monkeypatch)
    index = build_index(corpus_copy)
    assert 12 in builds
    assert "hostels" in next(p.text for p in index.passages if p.id == "e6-fulbright")


def test_a_changed_vocabulary_rebuilds_the_index(corpus_copy, monkeypatch):
    build_index(corpus_copy)
    topics = corpus_copy / "topics.yaml"
    topics.write_text(topics.read_text().replace("[cash, donors]", "[cash, donors, sponsors]"))
    builds = count_builds(monkeypatch)
    index = build_index(corpus_copy)
    assert 12 in builds
    assert "sponsors" in index.corpus.topic(6).vocabulary


@pytest.mark.parametrize("damage", ["garbage", "truncate", "pickle"])
def test_a_tampered_cache_is_ignored_and_rebuilt(corpus_copy, private_cache, monkeypatch, damage):
    build_index(corpus_copy)
    (folder,) = list(private_cache.iterdir())
    npz = folder / "passages.npz"
    if damage == "garbage":
        (folder / "corpus.json").write_text("{not json")
    elif damage == "truncate":
        npz.write_bytes(npz.read_bytes()[:100])
    else:
        import pickle

        npz.write_bytes(pickle.dumps({"offsets": [0]}))
    builds = count_builds(monkeypatch)
    index = build_index(corpus_copy)
    assert 12 in builds
    assert len(index.passages) == 12


def test_a_malformed_corpus_is_reported_even_with_a_cache(corpus_copy):
    build_index(corpus_copy)
    (corpus_copy / "passages" / "bad.md").write_text("---\nid: bad\nkind: evidence\nbenefit: 9\nsource: seed\n---\nx\n")
    from qa import CorpusError

    with pytest.raises(CorpusError):
        build_index(corpus_copy)


def test_touching_files_without_changing_them_still_uses_the_cache(corpus_copy, monkeypatch):
    import os

    build_index(corpus_copy)
    for path in (corpus_copy / "passages").glob("*.md"):
        os.utime(path, ns=(1, 1))  # as a fresh checkout does
    builds = count_builds(monkeypatch)
    build_index(corpus_copy)
    assert 12 not in builds
