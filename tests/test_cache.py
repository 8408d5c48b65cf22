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
        (folder / "passages.json").write_text("{not json")
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


# The reproductions of issue 11: never a stale or tampered answer, never a wasted cache.


def the_cache(private_cache: Path) -> Path:
    (folder,) = list(private_cache.iterdir())
    return folder


def test_text_is_read_from_the_corpus_files_never_from_the_cache(corpus_copy, private_cache):
    build_index(corpus_copy)
    for path in the_cache(private_cache).rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes().replace(b"189 awards", b"999 awards"))
    (the_cache(private_cache) / "corpus.json").write_text('{"passages": [["e6-fulbright", "999 awards"]]}')
    index = build_index(corpus_copy)
    assert "189 awards" in next(p.text for p in index.passages if p.id == "e6-fulbright")
    assert not any(b"189 awards" in p.read_bytes() for p in the_cache(private_cache).rglob("*") if p.is_file())


def test_a_new_stemming_exception_without_a_version_bump_rebuilds(corpus_copy, monkeypatch):
    from qa import tokenize

    build_index(corpus_copy)
    monkeypatch.setitem(tokenize.STEM_EXCEPTIONS, "citations", "zzcitation")
    builds = count_builds(monkeypatch)
    cached, fresh = build_index(corpus_copy), build_index(corpus_copy, use_cache=False)
    assert 12 in builds
    assert "zzcitation" in cached.passage_bm25.vocab
    question = "do papers get more citations"
    assert [c.passage.id for c in ask(question, cached).citations] == [c.passage.id for c in ask(question, fresh).citations]


def test_a_change_to_the_indexing_code_rebuilds(corpus_copy, monkeypatch, tmp_path):
    module = tmp_path / "tokenize.py"
    module.write_text("STEM_EXCEPTIONS = {}\n")
    monkeypatch.setattr(qa_cache, "CODE_FILES", (*qa_cache.CODE_FILES, module))
    build_index(corpus_copy)
    module.write_text("STEM_EXCEPTIONS = {'papers': 'paper'}\n")
    builds = count_builds(monkeypatch)
    build_index(corpus_copy)
    assert 12 in builds


def test_an_edit_that_keeps_size_and_modification_time_is_seen(corpus_copy, monkeypatch):
    import os

    build_index(corpus_copy)
    path = corpus_copy / "passages" / "e6-fulbright.md"
    before = path.stat()
    path.write_text(path.read_text().replace("189 awards", "198 grants"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    builds = count_builds(monkeypatch)
    index = build_index(corpus_copy)
    assert 12 in builds
    assert "198 grants" in next(p.text for p in index.passages if p.id == "e6-fulbright")
    assert "grant" in index.passage_bm25.vocab


def make_read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read-only as a mounted or another user's cache is; root ignores file modes, so writing
    is made to fail as the read-only filesystem would too."""
    import errno

    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(qa_cache.PostingsBM25, "save", refuse)


def test_a_valid_read_only_cache_is_used_even_when_files_were_touched(corpus_copy, private_cache, monkeypatch, caplog):
    import os

    build_index(corpus_copy)
    make_read_only(the_cache(private_cache), monkeypatch)
    for path in (corpus_copy / "passages").glob("*.md"):
        os.utime(path, ns=(1, 1))
    builds = count_builds(monkeypatch)
    build_index(corpus_copy)
    assert 12 not in builds
    assert caplog.records == []


def test_a_stale_read_only_cache_is_skipped_with_one_warning_line(corpus_copy, private_cache, monkeypatch, caplog):
    build_index(corpus_copy)
    make_read_only(the_cache(private_cache), monkeypatch)
    path = corpus_copy / "passages" / "e6-fulbright.md"
    path.write_text(path.read_text().replace("189 awards", "189 awards and hostels"))
    index = build_index(corpus_copy)
    assert "hostels" in next(p.text for p in index.passages if p.id == "e6-fulbright")
    (record,) = caplog.records
    assert record.levelname == "WARNING" and "\n" not in record.getMessage()
    assert "cannot be written" in record.getMessage()


def test_cache_files_are_readable_by_other_users(corpus_copy, private_cache):
    import stat

    build_index(corpus_copy)
    files = [p for p in the_cache(private_cache).rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files)


@pytest.mark.parametrize("name", ["key.json", "passages.json", "passages.npz"])
def test_a_folder_where_a_cache_file_belongs_leaves_no_temporary_file(corpus_copy, name):
    folder = qa_cache.cache_dir(corpus_copy)
    (folder / name).mkdir(parents=True)
    for _ in range(2):
        index = build_index(corpus_copy)
    assert len(index.passages) == 12
    assert [p.name for p in folder.rglob("*.tmp")] == []


def test_eight_threads_asking_for_the_index_at_once_build_it_once(corpus_copy, monkeypatch):
    import threading
    import time

    from qa import index as qa_index

    calls = []
    real = qa_index.build_index

    def slow_build(folder):
        calls.append(folder)
        time.sleep(0.2)
        return real(folder)

    monkeypatch.setattr(qa_index, "build_index", slow_build)
    start = threading.Barrier(8)
    results = []

    def visitor():
        start.wait()
        results.append(qa_index.get_index(str(corpus_copy)))

    threads = [threading.Thread(target=visitor) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(results) == 8 and all(r is results[0] for r in results)


def test_a_changed_phrasal_reading_rebuilds_the_index(corpus_copy, monkeypatch):
    # passages are read with reading.yaml's phrasal table, so the cache is keyed by it too
    build_index(corpus_copy)
    (corpus_copy / "reading.yaml").write_text("phrasal: {come back: return}\n")
    builds = count_builds(monkeypatch)
    build_index(corpus_copy)
    assert 12 in builds
