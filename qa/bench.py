"""Benchmark: `PostingsBM25` against `rank_bm25.BM25Okapi` and `bm25s`, on one synthetic corpus.

`python -m qa bench [--passages N] [--json]` calls `run_bench`. Everything is measured in one
run on the same passages and queries:

- corpus: N passages whose lengths look like 2-4 sentence passages after stopword removal
  (25-80 tokens, mean ~45), tokens drawn from a Zipf(1.0) distribution over ~50,000 synthetic
  word types ("w0" most frequent). The head of that distribution occurs in more than half of
  the passages, so BM25Okapi's negative-idf floor is exercised.
- queries: 2-8 terms each; mostly (85%) mid- and low-frequency words (Zipf over ranks >= 20),
  some (12%) from the full distribution (so common, idf-floored words appear), a few (3%)
  out-of-vocabulary words. Duplicate terms occur naturally and are kept.
- ours: index build (`from_tokens`), save, cold load in a fresh Python process (timed inside
  it, around `PostingsBM25.load` only; the files are likely in the OS page cache), `top_k(q, 10)`
  latency for every query.
- rank_bm25: `get_scores` + top-10 selection on a sample of queries (it is slow). On the same
  sample, the largest |ours - get_scores| over every passage, and whether our top 10 equals
  get_scores' top 10 under our rule (passages containing a query term, by score descending,
  then corpus order; containment read from BM25Okapi's own `doc_freqs`).
- bm25s (benchmark-only dependency): `method="robertson"` (the same idf formula as Okapi, but
  clamped at 0 instead of epsilon-floored; tf part without the constant (k1+1) factor), default
  float32 and numpy backend, indexed from pre-tokenized ids; timed from a token list to the
  top 10 ids and scores (`get_scores` + `bm25s.selection.topk`, i.e. `retrieve` without its
  per-call overhead), after a warm-up.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from .scoring import PostingsBM25

VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.0
COMMON_RANKS = 20  # the most frequent ranks, rarely in a query after stopword removal
TOP_K = 10
CACHE_KEY = "bench"

_LOAD_SCRIPT = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from qa.scoring import PostingsBM25
cache, key, queries_file = sys.argv[2], sys.argv[3], sys.argv[4]
t0 = time.perf_counter()
index = PostingsBM25.load(cache, key)
load_s = time.perf_counter() - t0
out = {"load_s": load_s, "loaded": index is not None}
if index is not None:
    with open(queries_file, encoding="utf-8") as f:
        queries = json.load(f)
    out["hits"] = [[[h.doc, h.score] for h in index.top_k(q, 10)] for q in queries]
try:  # VmHWM: ru_maxrss of an exec'd child can report its (larger) parent's peak
    with open("/proc/self/status") as f:
        hwm = [line.split()[1] for line in f if line.startswith("VmHWM:")]
    out["rss_mb"] = int(hwm[0]) / 1024
except (OSError, IndexError, ValueError):
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _ms(values: list[float], q: float) -> float:
    return float(np.percentile(values, q) * 1000.0)


def synthetic_corpus(
    passages: int, queries: int, seed: int = 0
) -> tuple[list[list[str]], list[list[str]]]:
    """(passage tokens, query tokens), reproducible from `seed`."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(VOCABULARY_SIZE)]
    p = 1.0 / np.arange(1, VOCABULARY_SIZE + 1, dtype=np.float64) ** ZIPF_EXPONENT
    p /= p.sum()
    lengths = np.minimum(80, 25 + np.rint(rng.gamma(2.0, 10.0, size=passages))).astype(np.int64)
    tokens = rng.choice(VOCABULARY_SIZE, size=int(lengths.sum()), p=p).tolist()
    corpus: list[list[str]] = []
    pos = 0
    for n in lengths.tolist():
        corpus.append([words[i] for i in tokens[pos:pos + n]])
        pos += n
    del tokens

    content_p = p[COMMON_RANKS:] / p[COMMON_RANKS:].sum()
    qs: list[list[str]] = []
    for _ in range(queries):
        terms = []
        for _ in range(int(rng.integers(2, 9))):
            u = rng.random()
            if u < 0.85:
                terms.append(words[COMMON_RANKS + int(rng.choice(len(content_p), p=content_p))])
            elif u < 0.97:
                terms.append(words[int(rng.choice(VOCABULARY_SIZE, p=p))])
            else:
                terms.append(f"oov{int(rng.integers(1_000_000))}")
        qs.append(terms)
    return corpus, qs


def _reference_top(scores: np.ndarray, doc_freqs: list[dict], query: list[str], k: int):
    """get_scores' top k under our rule: passages containing a query term, (-score, doc)."""
    terms = set(query)
    docs = np.array([d for d, f in enumerate(doc_freqs) if not f.keys().isdisjoint(terms)],
                    dtype=np.int64)
    if docs.size == 0:
        return []
    order = np.lexsort((docs, -scores[docs]))[:k]
    return [(int(docs[i]), float(scores[docs[i]])) for i in order]


def _cold_load(cache: Path, queries: list[list[str]], tmp: Path) -> dict[str, Any]:
    queries_file = tmp / "queries.json"
    queries_file.write_text(json.dumps(queries), encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _LOAD_SCRIPT, root, str(cache), CACHE_KEY, str(queries_file)],
        capture_output=True, text=True, timeout=300,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        _progress(f"cold load failed: {proc.stderr.strip()[-500:]}")
        return {"loaded": False, "process_s": wall}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_s"] = wall
    return out


def run_bench(
    passages: int = 100_000,
    queries: int = 200,
    seed: int = 0,
    json_out: bool = False,
    *,
    reference_sample: int = 30,
) -> dict[str, Any]:
    """Run the benchmark, print a table (and, with json_out, one JSON line), return the results."""
    t0 = time.perf_counter()
    _progress(f"generating {passages} passages and {queries} queries (seed {seed})")
    corpus, qs = synthetic_corpus(passages, queries, seed)
    tokens = sum(len(d) for d in corpus)

    _progress("building PostingsBM25")
    t = time.perf_counter()
    index = PostingsBM25.from_tokens(corpus)
    build_s = time.perf_counter() - t
    index_mb = sum(a.nbytes for a in (index.offsets, index.doc_ids, index.tfs, index.weights,
                                      index.doc_len, index.norm, index.idf)) / 2**20

    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmpdir:
        tmp = Path(tmpdir)
        cache = tmp / "cache" / "postings"
        t = time.perf_counter()
        index.save(cache, CACHE_KEY)
        save_s = time.perf_counter() - t
        cache_mb = sum(f.stat().st_size for f in (tmp / "cache").iterdir()) / 2**20
        _progress("cold load in a fresh process")
        check_queries = qs[: min(len(qs), 20)]
        cold = _cold_load(cache, check_queries, tmp)
    load_identical = bool(cold.get("loaded")) and cold.get("hits") == [
        [[h.doc, h.score] for h in index.top_k(q, TOP_K)] for q in check_queries
    ]

    _progress("timing PostingsBM25.top_k")
    for q in qs[:20]:
        index.top_k(q, TOP_K)
    ours: list[float] = []
    for q in qs:
        t = time.perf_counter()
        index.top_k(q, TOP_K)
        ours.append(time.perf_counter() - t)

    _progress("building and timing bm25s")
    import bm25s  # benchmark-only dependency
    import bm25s.selection
    from bm25s.tokenization import Tokenized

    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(tok, len(vocab)) for tok in doc] for doc in corpus]
    retriever = bm25s.BM25(method="robertson", k1=1.5, b=0.75)
    t = time.perf_counter()
    retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    bm25s_build_s = time.perf_counter() - t
    del ids

    def bm25s_top(query: list[str]):
        scores = retriever.get_scores(query)
        return bm25s.selection.topk(scores, TOP_K, backend="numpy", sorted=True)

    for q in qs[:20]:
        bm25s_top(q)
    bm25s_times: list[float] = []
    for q in qs:
        t = time.perf_counter()
        bm25s_top(q)
        bm25s_times.append(time.perf_counter() - t)
    del retriever, vocab

    _progress("building rank_bm25.BM25Okapi")
    from rank_bm25 import BM25Okapi

    t = time.perf_counter()
    reference = BM25Okapi(corpus)
    rank_bm25_build_s = time.perf_counter() - t
    sample = qs[: min(len(qs), reference_sample)]
    _progress(f"timing BM25Okapi.get_scores on {len(sample)} queries and comparing")
    rank_times: list[float] = []
    max_abs_diff = 0.0
    identical = 0
    for q in sample:
        t = time.perf_counter()
        scores = reference.get_scores(q)
        top = np.argpartition(-scores, TOP_K)[:TOP_K] if len(scores) > TOP_K else np.arange(
            len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        rank_times.append(time.perf_counter() - t)

        max_abs_diff = max(max_abs_diff, float(np.max(np.abs(index.get_scores(q) - scores),
                                                       initial=0.0)))
        hits = index.top_k(q, TOP_K)
        expected = _reference_top(scores, reference.doc_freqs, q, TOP_K)
        for h in hits:
            max_abs_diff = max(max_abs_diff, abs(h.score - float(scores[h.doc])))
        identical += [h.doc for h in hits] == [d for d, _ in expected]
    del reference

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p50, p95 = _ms(ours, 50), _ms(ours, 95)
    rank_p50, bm25s_p50 = _ms(rank_times, 50), _ms(bm25s_times, 50)
    result: dict[str, Any] = {
        "passages": passages,
        "queries": queries,
        "seed": seed,
        "tokens": tokens,
        "vocabulary": len(index.vocabulary),
        "postings": int(index.doc_ids.shape[0]),
        "build_s": round(build_s, 4),
        "save_s": round(save_s, 4),
        "load_s": round(cold["load_s"], 4) if cold.get("loaded") else None,
        "load_process_s": round(cold["process_s"], 4),
        "load_identical": load_identical,
        "load_rss_mb": round(cold["rss_mb"], 1) if "rss_mb" in cold else None,
        "index_mb": round(index_mb, 1),
        "cache_mb": round(cache_mb, 1),
        "p50_ms": round(p50, 4),
        "p95_ms": round(p95, 4),
        "rank_bm25_queries": len(sample),
        "rank_bm25_build_s": round(rank_bm25_build_s, 4),
        "rank_bm25_p50_ms": round(rank_p50, 3),
        "rank_bm25_p95_ms": round(_ms(rank_times, 95), 3),
        "bm25s_build_s": round(bm25s_build_s, 4),
        "bm25s_p50_ms": round(bm25s_p50, 4),
        "bm25s_p95_ms": round(_ms(bm25s_times, 95), 4),
        "rank_bm25_over_ours": round(rank_p50 / p50, 1),
        "ours_over_bm25s": round(p50 / bm25s_p50, 3),
        "max_abs_diff": max_abs_diff,
        "top10_identical": identical == len(sample),
        "top10_identical_count": identical,
        "peak_rss_mb": round(peak_rss_mb, 1),
        "total_s": round(time.perf_counter() - t0, 2),
    }
    _print_table(result)
    if json_out:
        print(json.dumps(result))
    return result


def _print_table(r: dict[str, Any]) -> None:
    load = "failed" if r["load_s"] is None else f"{r['load_s']:.3f} s"
    rows = [
        ("corpus", f"{r['passages']:,} passages, {r['tokens']:,} tokens, "
                   f"{r['vocabulary']:,} terms, {r['postings']:,} postings"),
        ("queries", f"{r['queries']} (rank_bm25 on {r['rank_bm25_queries']})"),
        ("build PostingsBM25", f"{r['build_s']:.2f} s  (index {r['index_mb']} MB in memory)"),
        ("save / cold load", f"{r['save_s']:.3f} s / {load}  (cache {r['cache_mb']} MB; "
                             f"fresh process {r['load_process_s']:.2f} s incl. imports, "
                             f"peak RSS {r['load_rss_mb']} MB; "
                             f"results identical: {r['load_identical']})"),
        ("PostingsBM25.top_k", f"p50 {r['p50_ms']:.3f} ms   p95 {r['p95_ms']:.3f} ms"),
        ("bm25s (robertson)", f"p50 {r['bm25s_p50_ms']:.3f} ms   p95 {r['bm25s_p95_ms']:.3f} ms"
                              f"  (build {r['bm25s_build_s']:.2f} s)"),
        ("rank_bm25 get_scores", f"p50 {r['rank_bm25_p50_ms']:.1f} ms   "
                                 f"p95 {r['rank_bm25_p95_ms']:.1f} ms"
                                 f"  (build {r['rank_bm25_build_s']:.2f} s)"),
        ("speed-up", f"{r['rank_bm25_over_ours']}x vs rank_bm25; "
                     f"ours/bm25s = {r['ours_over_bm25s']}"),
        ("exactness", f"max |diff| {r['max_abs_diff']:.3g}; top-10 identical "
                      f"{r['top10_identical_count']}/{r['rank_bm25_queries']}"),
        ("peak RSS", f"{r['peak_rss_mb']:.0f} MB  (total {r['total_s']} s)"),
    ]
    width = max(len(name) for name, _ in rows)
    print("BM25 benchmark")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


def write_corpus_folder(folder: Path, passages: int, seed: int = 0) -> Path:
    """A corpus folder of `passages` synthetic evidence files (plus the shipped sources, topics
    and benefit passages), laid out as maintainers would: 1,000 files per subfolder."""
    import shutil

    from .corpus import default_corpus_dir

    shipped = default_corpus_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("sources.yaml", "topics.yaml"):
        shutil.copy(shipped / name, folder / name)
    shutil.copytree(shipped / "passages" / "benefits", folder / "passages" / "benefits", dirs_exist_ok=True)
    corpus, _ = synthetic_corpus(passages, 0, seed)
    for i, tokens in enumerate(corpus):
        sub = folder / "passages" / "synthetic" / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"s{i:06d}.md").write_text(
            f"---\nid: s{i:06d}\nkind: evidence\nbenefit: {i % 6 + 1}\nsource: original-answer\n---\n"
            + " ".join(tokens) + ".\n",
            encoding="utf-8",
        )
    return folder


def run_cli_cold_start(passages: int = 100_000, runs: int = 5, seed: int = 0) -> dict[str, Any]:
    """`python -m qa ask` on a corpus folder of `passages` files: the first run builds and
    persists the index; later runs start cold (new process) and load it."""
    import statistics

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus_folder(Path(tmp) / "corpus", passages, seed)
        env = {**__import__("os").environ, "QA_CACHE_DIR": str(Path(tmp) / "cache")}
        cmd = [sys.executable, "-m", "qa", "ask", "--json", "--corpus", str(folder), "do w120 and w300 help research"]
        _progress(f"cli: first run on {passages} passage files (builds and persists the index)")
        start = time.perf_counter()
        first = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        build = time.perf_counter() - start
        cold = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
            cold.append(time.perf_counter() - start)
        answer = json.loads(first.stdout)
    return {
        "cli_passages": passages,
        "cli_first_run_s": round(build, 2),
        "cli_cold_start_s": round(statistics.median(cold), 3),
        "cli_status": answer["status"],
    }
