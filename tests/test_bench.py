"""The benchmark runs end to end on a small corpus and confirms exactness on its own queries."""

from __future__ import annotations

import json

from qa.bench import run_bench

KEYS = {
    "passages", "queries", "build_s", "load_s", "p50_ms", "p95_ms", "rank_bm25_p50_ms",
    "bm25s_p50_ms", "max_abs_diff", "top10_identical", "peak_rss_mb",
    "rank_bm25_over_ours", "ours_over_bm25s", "load_identical",
}


def test_small_benchmark_reports_exact_scores_identical_top10s_and_prints_one_json_line(capsys):
    result = run_bench(passages=2000, queries=20, json_out=True)
    assert KEYS <= set(result)
    assert (result["passages"], result["queries"]) == (2000, 20)
    assert result["top10_identical"] is True
    assert result["max_abs_diff"] <= 1e-9
    assert result["load_identical"] is True and result["load_s"] is not None
    for key in ("build_s", "load_s", "p50_ms", "p95_ms", "rank_bm25_p50_ms", "bm25s_p50_ms"):
        assert result[key] > 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last) == result
