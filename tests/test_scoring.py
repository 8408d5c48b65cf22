"""PostingsBM25 is BM25Okapi's score, computed from postings, with a cache that is never trusted."""

from __future__ import annotations

import hashlib
import json
import pickle
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from qa import scoring
from qa.scoring import Hit, PostingsBM25

TOL = 1e-9
ALPHABET = ["a", "b", "c", "d", "e", "f", "g"]  # small, so terms repeat and idf gets floored
UNKNOWN = ["zz", "unknown"]

docs = st.lists(st.sampled_from(ALPHABET), max_size=9)  # empty passages included
# BM25Okapi cannot be built without a single token
corpora = st.lists(docs, min_size=1, max_size=14).filter(lambda c: any(c))
queries = st.lists(st.sampled_from(ALPHABET + UNKNOWN), max_size=7)  # duplicates included
params = st.fixed_dictionaries({
    "k1": st.floats(0.05, 3.0),
    "b": st.floats(0.0, 0.99),  # b == 1 with an empty passage makes BM25Okapi divide 0 by 0
    "epsilon": st.floats(0.0, 1.0),
})


def reference_top_k(corpus, query, k, **kw):
    """BM25Okapi's scores, ranked by our rule: passages containing a query term, (-score, doc)."""
    scores = BM25Okapi(corpus, **kw).get_scores(query)
    terms = set(query)
    candidates = [d for d, doc in enumerate(corpus) if terms & set(doc)]
    ranked = sorted(candidates, key=lambda d: (-scores[d], d))[:k]
    return [(d, scores[d]) for d in ranked]


def assert_same_ranking(hits, expected):
    assert [h.doc for h in hits] == [d for d, _ in expected]
    for hit, (_, score) in zip(hits, expected):
        assert abs(hit.score - score) <= TOL


class both_candidate_paths:
    """Run a block once with the sorted-postings path and once with the mask path."""

    def __iter__(self):
        saved = scoring.SORT_BELOW_FRACTION
        try:
            for fraction in (float("inf"), 0.0):
                scoring.SORT_BELOW_FRACTION = fraction
                yield fraction
        finally:
            scoring.SORT_BELOW_FRACTION = saved


def zipf_corpus(n_docs=400, vocab=600, seed=1):
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocab + 1)
    p /= p.sum()
    corpus = [[f"t{i}" for i in rng.choice(vocab, size=int(rng.integers(0, 30)), p=p)]
              for _ in range(n_docs)]
    qs = [[f"t{i}" for i in rng.choice(vocab, size=int(rng.integers(1, 7)), p=p)]
          for _ in range(60)]
    return corpus, qs


# ------------------------------------------------------------------------------ scores


@settings(max_examples=300, deadline=None)
@given(corpora, queries, params)
def test_scores_equal_bm25okapi_get_scores_for_every_passage(corpus, query, kw):
    expected = BM25Okapi(corpus, **kw).get_scores(query)
    got = PostingsBM25.from_tokens(corpus, **kw).get_scores(query)
    assert got.dtype == np.float64 and got.shape == (len(corpus),)
    assert np.max(np.abs(got - expected)) <= TOL


def test_scores_equal_bm25okapi_on_a_zipf_corpus_where_common_terms_are_idf_floored():
    corpus, qs = zipf_corpus()
    reference, index = BM25Okapi(corpus), PostingsBM25.from_tokens(corpus)
    assert any(index.idf == 0.25 * reference.average_idf)  # the floor is exercised
    for q in qs:
        assert np.max(np.abs(index.get_scores(q) - reference.get_scores(q))) <= TOL


def test_a_repeated_query_term_counts_once_per_occurrence():
    corpus = [["a", "b"], ["b", "c", "c"], ["d"], ["c", "e"]]
    index = PostingsBM25.from_tokens(corpus)
    once, twice = index.get_scores(["c"]), index.get_scores(["c", "c"])
    assert np.allclose(twice, 2 * once, rtol=0, atol=TOL)
    assert np.max(np.abs(twice - BM25Okapi(corpus).get_scores(["c", "c"]))) <= TOL
    assert index.top_k(["c", "c"])[0].score == pytest.approx(2 * index.top_k(["c"])[0].score)


def test_a_term_missing_from_the_corpus_contributes_nothing():
    corpus = [["a", "b"], ["b", "c"], ["d"]]
    index = PostingsBM25.from_tokens(corpus)
    assert np.array_equal(index.get_scores(["b", "zz"]), index.get_scores(["b"]))
    assert np.array_equal(index.get_scores(["zz"]), np.zeros(3))
    assert index.top_k(["zz"]) == []


def test_an_empty_query_scores_zero_and_returns_nothing():
    index = PostingsBM25.from_tokens([["a"], ["b"]])
    assert np.array_equal(index.get_scores([]), np.zeros(2))
    assert index.top_k([]) == []
    assert index.top_k(["a"], k=0) == []


def test_a_corpus_without_tokens_scores_zero_where_bm25okapi_cannot_be_built():
    with pytest.raises(ZeroDivisionError):
        BM25Okapi([[], []])
    index = PostingsBM25.from_tokens([[], []])
    assert np.array_equal(index.get_scores(["a"]), np.zeros(2))
    assert index.top_k(["a"]) == []
    assert PostingsBM25.from_tokens([]).get_scores(["a"]).shape == (0,)


# ------------------------------------------------------------------------------ top_k


@settings(max_examples=300, deadline=None)
@given(corpora, queries, st.integers(1, 16), params)
def test_top_k_is_bm25okapi_ranked_by_score_then_corpus_order(corpus, query, k, kw):
    index = PostingsBM25.from_tokens(corpus, **kw)
    expected = reference_top_k(corpus, query, k, **kw)
    for _ in both_candidate_paths():
        hits = index.top_k(query, k)
        assert all(isinstance(h, Hit) for h in hits)
        assert_same_ranking(hits, expected)


def test_top_k_is_bm25okapi_ranking_on_a_zipf_corpus_through_both_candidate_paths():
    corpus, qs = zipf_corpus()
    index = PostingsBM25.from_tokens(corpus)
    for q in qs:
        expected = reference_top_k(corpus, q, 10)
        for _ in both_candidate_paths():
            assert_same_ranking(index.top_k(q, 10), expected)


@settings(max_examples=200, deadline=None)
@given(corpora, queries, st.integers(1, 20))
def test_passage_sharing_no_query_term_is_never_returned(corpus, query, k):
    index = PostingsBM25.from_tokens(corpus)
    for _ in both_candidate_paths():
        for hit in index.top_k(query, k):
            assert set(corpus[hit.doc]) & set(query)


def test_matching_passages_are_returned_even_when_the_idf_floor_makes_them_score_zero_or_less():
    # every term is in more than half the passages: all idfs are floored to eps * average_idf,
    # and average_idf is negative, so matches score below zero; passage 3 matches nothing
    corpus = [["a", "b"], ["a", "b"], ["a", "b"], ["c"], ["a"]]
    reference = BM25Okapi(corpus)
    scores = reference.get_scores(["a"])
    assert reference.average_idf < 0 and all(scores[[0, 1, 2, 4]] < 0) and scores[3] == 0
    hits = PostingsBM25.from_tokens(corpus).top_k(["a"], k=10)
    # a negative idf times a larger tf part: the short passage 4 scores lowest; ties in order
    assert [h.doc for h in hits] == [0, 1, 2, 4]
    assert all(h.score < 0 for h in hits)
    # epsilon 0: matches score exactly 0 and still come back, in corpus order
    hits = PostingsBM25.from_tokens(corpus, epsilon=0.0).top_k(["a", "b"], k=10)
    assert [h.doc for h in hits] == [0, 1, 2, 4] and all(h.score == 0 for h in hits)


def test_equal_scores_are_ranked_in_corpus_order_across_the_k_boundary():
    corpus = [["x"]] * 10 + [["a", "q"]] * 5 + [["a", "a"]]  # passages 10-14 tie
    hits = PostingsBM25.from_tokens(corpus).top_k(["a"], k=3)
    assert [h.doc for h in hits] == [15, 10, 11]
    assert_same_ranking(hits, reference_top_k(corpus, ["a"], 3))


def test_concurrent_queries_get_the_same_answers_as_sequential_ones():
    corpus, qs = zipf_corpus(seed=3)
    index = PostingsBM25.from_tokens(corpus)
    sequential = [index.top_k(q, 10) for q in qs * 5]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda q: index.top_k(q, 10), qs * 5)) == sequential


# ------------------------------------------------------------------------------ matched_terms


@settings(max_examples=200, deadline=None)
@given(corpora, queries)
def test_matched_terms_are_the_query_terms_the_passage_contains(corpus, query):
    index = PostingsBM25.from_tokens(corpus)
    for d, doc in enumerate(corpus):
        assert index.matched_terms(query, d) == set(query) & set(doc)


# ------------------------------------------------------------------------------ persistence


@pytest.fixture(scope="module")
def small_index():
    corpus, qs = zipf_corpus(n_docs=150, vocab=300, seed=5)
    return PostingsBM25.from_tokens(corpus, k1=1.2, b=0.6, epsilon=0.3), qs


@pytest.fixture
def saved(tmp_path, small_index):
    index, _ = small_index
    prefix = tmp_path / "cache" / "bm25"
    index.save(prefix, key="corpus-v1")
    return prefix


def npz_of(prefix: Path) -> Path:
    return prefix.with_name(prefix.name + ".npz")


def json_of(prefix: Path) -> Path:
    return prefix.with_name(prefix.name + ".json")


def rehash(prefix: Path) -> None:
    """Make the sidecar vouch for whatever the npz now holds, so deeper checks are reached."""
    meta = json.loads(json_of(prefix).read_text())
    meta["npz_sha256"] = hashlib.sha256(npz_of(prefix).read_bytes()).hexdigest()
    json_of(prefix).write_text(json.dumps(meta))


def rewrite_npz(prefix: Path, **changes) -> None:
    with np.load(npz_of(prefix)) as npz:
        arrays = {name: npz[name] for name in npz.files}
    arrays.update(changes)
    arrays = {k: v for k, v in arrays.items() if v is not None}
    with open(npz_of(prefix), "wb") as f:
        np.savez(f, **arrays)
    rehash(prefix)


def test_save_then_load_gives_identical_scores_and_rankings(saved, small_index):
    index, qs = small_index
    loaded = PostingsBM25.load(saved, key="corpus-v1")
    assert loaded is not None
    assert (loaded.k1, loaded.b, loaded.epsilon) == (1.2, 0.6, 0.3)
    assert loaded.vocabulary == index.vocabulary
    for q in qs:
        assert np.array_equal(loaded.get_scores(q), index.get_scores(q))
        assert loaded.top_k(q, 10) == index.top_k(q, 10)


def test_save_to_a_directory_then_load_from_it(tmp_path, small_index):
    index, qs = small_index
    index.save(str(tmp_path / "new") + "/", key="k")  # a trailing separator names a directory
    (tmp_path / "existing").mkdir()
    index.save(tmp_path / "existing", key="k")  # so does an existing directory
    for name in ("new", "existing"):
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == [
            "postings_bm25.json", "postings_bm25.npz"]
        loaded = PostingsBM25.load(tmp_path / name, key="k")
        assert loaded is not None and loaded.top_k(qs[0]) == index.top_k(qs[0])


def test_save_overwrites_atomically_and_leaves_no_temporary_files(saved, small_index):
    index, _ = small_index
    index.save(saved, key="corpus-v2")
    assert sorted(p.name for p in saved.parent.iterdir()) == ["bm25.json", "bm25.npz"]
    assert PostingsBM25.load(saved, key="corpus-v1") is None
    assert PostingsBM25.load(saved, key="corpus-v2") is not None


def test_load_with_a_different_key_returns_none(saved):
    assert PostingsBM25.load(saved, key="corpus-v2") is None


def test_load_returns_none_when_a_file_is_missing(saved, tmp_path):
    assert PostingsBM25.load(tmp_path / "nothing-here", key="corpus-v1") is None
    npz_of(saved).unlink()
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_load_returns_none_when_the_sidecar_is_missing(saved):
    json_of(saved).unlink()
    assert PostingsBM25.load(saved, key="corpus-v1") is None


@pytest.mark.parametrize("keep", [0, 10, 100, 0.5, -1])
def test_load_returns_none_for_a_truncated_npz(saved, keep):
    data = npz_of(saved).read_bytes()
    if isinstance(keep, float):
        cut = int(len(data) * keep)
    else:
        cut = keep if keep >= 0 else len(data) - 1
    npz_of(saved).write_bytes(data[:cut])
    assert PostingsBM25.load(saved, key="corpus-v1") is None
    rehash(saved)  # even when the sidecar vouches for the truncated bytes
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_load_returns_none_for_a_garbage_npz(saved):
    npz_of(saved).write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    assert PostingsBM25.load(saved, key="corpus-v1") is None
    rehash(saved)
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_load_returns_none_for_a_flipped_byte_in_the_npz(saved):
    data = bytearray(npz_of(saved).read_bytes())
    data[len(data) // 2] ^= 0xFF
    npz_of(saved).write_bytes(bytes(data))
    assert PostingsBM25.load(saved, key="corpus-v1") is None
    rehash(saved)  # the zip CRC or the consistency checks still catch it
    assert PostingsBM25.load(saved, key="corpus-v1") is None


@pytest.mark.parametrize("text", [
    "", "{", "null", "[]", '"x"', "{}", '{"format": "qa.scoring.PostingsBM25"}', "\xff\xfe",
])
def test_load_returns_none_for_a_garbage_sidecar(saved, text):
    json_of(saved).write_text(text, encoding="latin-1")
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_load_returns_none_for_a_truncated_sidecar(saved):
    data = json_of(saved).read_bytes()
    json_of(saved).write_bytes(data[: len(data) // 2])
    assert PostingsBM25.load(saved, key="corpus-v1") is None


@pytest.mark.parametrize("field,value", [
    ("version", scoring.FORMAT_VERSION + 1),
    ("version", str(scoring.FORMAT_VERSION)),
    ("format", "something-else"),
    ("params", {"k1": 1.2, "b": 0.6}),
    ("params", {"k1": "1.2", "b": 0.6, "epsilon": 0.3}),
    ("params", {"k1": 1.2, "b": 7.0, "epsilon": 0.3}),
    ("corpus_size", 151),
    ("postings", 3),
    ("npz_sha256", "0" * 64),
    ("vocabulary", "abc"),
])
def test_load_returns_none_when_the_sidecar_disagrees(saved, field, value):
    meta = json.loads(json_of(saved).read_text())
    meta[field] = value
    json_of(saved).write_text(json.dumps(meta))
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_load_returns_none_when_the_vocabulary_was_reordered(saved):
    meta = json.loads(json_of(saved).read_text())
    meta["vocabulary"][0], meta["vocabulary"][1] = meta["vocabulary"][1], meta["vocabulary"][0]
    json_of(saved).write_text(json.dumps(meta))
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_load_returns_none_when_the_npz_belongs_to_another_index(saved, tmp_path):
    other = tmp_path / "other"
    PostingsBM25.from_tokens([["p", "q"], ["q"]]).save(other, key="corpus-v1")
    npz_of(saved).write_bytes(npz_of(other).read_bytes())
    rehash(saved)
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def _tampered(prefix: Path):
    with np.load(npz_of(prefix)) as npz:
        a = {name: npz[name].copy() for name in npz.files}
    ids, tfs, offsets, lens = a["doc_ids"], a["tfs"], a["offsets"], a["doc_len"]
    unsorted = ids.copy()
    unsorted[[0, 1]] = unsorted[[1, 0]]  # row 0 holds at least two postings (see the fixture)
    out_of_range = ids.copy()
    out_of_range[-1] = len(lens)
    zero_tf = tfs.copy()
    zero_tf[0] = 0
    more_tf = tfs.copy()
    more_tf[0] += 1  # no longer sums to the passage length
    bad_offsets = offsets.copy()
    bad_offsets[1] = bad_offsets[2]  # an empty row
    return {
        "unsorted doc ids": {"doc_ids": unsorted},
        "doc id out of range": {"doc_ids": out_of_range},
        "negative doc id": {"doc_ids": np.where(ids == ids[0], -1, ids).astype(np.int32)},
        "zero frequency": {"tfs": zero_tf},
        "length mismatch": {"tfs": more_tf},
        "empty postings row": {"offsets": bad_offsets},
        "float doc ids": {"doc_ids": ids.astype(np.float64)},
        "int64 doc ids": {"doc_ids": ids.astype(np.int64)},
        "2-d tfs": {"tfs": np.stack([tfs, tfs])},
        "short tfs": {"tfs": tfs[:-1]},
        "short doc_len": {"doc_len": lens[:-1]},
        "missing array": {"doc_len": None},
        "extra array": {"extra": np.zeros(3)},
        "offsets wrong length": {"offsets": np.append(offsets, offsets[-1])},
    }


TAMPER_CASES = [
    "unsorted doc ids", "doc id out of range", "negative doc id", "zero frequency",
    "length mismatch", "empty postings row", "float doc ids", "int64 doc ids", "2-d tfs",
    "short tfs", "short doc_len", "missing array", "extra array", "offsets wrong length",
]


@pytest.mark.parametrize("case", TAMPER_CASES)
def test_load_returns_none_for_inconsistent_arrays_even_with_a_matching_hash(saved, case):
    with np.load(npz_of(saved)) as npz:
        assert npz["offsets"][1] >= 2  # the unsorted case needs row 0 to hold two postings
    rewrite_npz(saved, **_tampered(saved)[case])
    assert PostingsBM25.load(saved, key="corpus-v1") is None


def test_a_file_containing_a_pickle_is_never_unpickled(saved, tmp_path):
    marker = tmp_path / "unpickled"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    # a bare pickle in place of the npz
    npz_of(saved).write_bytes(pickle.dumps(Exploit()))
    rehash(saved)
    assert PostingsBM25.load(saved, key="corpus-v1") is None
    # an npz member that is a pickled object array
    with zipfile.ZipFile(npz_of(saved), "w") as z:
        for name in ("offsets", "doc_ids", "tfs", "doc_len", "vocabulary_sha256"):
            with z.open(name + ".npy", "w") as f:
                np.lib.format.write_array(f, np.array([Exploit()], dtype=object),
                                          allow_pickle=True)
    rehash(saved)
    assert PostingsBM25.load(saved, key="corpus-v1") is None
    assert not marker.exists()
