"""The CLI, run as a user runs it: `python -m qa ...` in a subprocess."""

import json
import subprocess
import sys

import pytest

from conftest import FIXTURE, REPO

SEED = "what are the benefits of international collaboration for pakistan's higher education sector"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], cwd=REPO, input=stdin, capture_output=True, text=True, timeout=120
    )


def check_shape(obj: dict) -> None:
    # issue #10 point 6 adds language, follow_up and understood_as
    assert set(obj) == {"question", "status", "message", "citations", "took_ms", "language", "follow_up", "understood_as"}
    assert obj["language"] in ("en", "ur", "ur-Latn") and isinstance(obj["follow_up"], bool)
    assert isinstance(obj["understood_as"], str)
    assert obj["status"] in ("answered", "not_covered", "invalid")
    assert isinstance(obj["message"], str) and isinstance(obj["took_ms"], float)
    for c in obj["citations"]:
        assert set(c) == {"n", "passage_id", "benefit", "benefit_title", "text", "score", "source"}
        assert isinstance(c["n"], int) and isinstance(c["passage_id"], str) and isinstance(c["score"], float)
        assert c["benefit"] is None or c["benefit"] in range(1, 7)
        assert set(c["source"]) == {"title", "publisher", "author", "year", "url"}
        assert isinstance(c["source"]["title"], str)


def test_ask_json_is_one_object_of_the_documented_shape():
    out = run("ask", "--json", "--corpus", str(FIXTURE), "do international papers get cited more")
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    check_shape(obj)
    assert [c["passage_id"] for c in obj["citations"]] == ["b1", "e1-citations"]
    assert obj["citations"][1]["source"] == {
        "title": "A fixture report on partnerships", "publisher": "Fixture Press",
        "author": "A. Writer", "year": 2020, "url": "https://example.org/report",
    }


def test_ask_json_reads_one_question_per_line_from_stdin_in_order():
    out = run("ask", "--json", "--corpus", str(FIXTURE), stdin="do international papers get cited more\n\nnihari recipe\n")
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["status"] for o in lines] == ["answered", "invalid", "not_covered"]
    for obj in lines:
        check_shape(obj)


def test_ask_prints_readable_text_with_sources():
    out = run("ask", "--corpus", str(FIXTURE), "do international papers get cited more")
    assert "Benefit 1: Research Output" in out.stdout and "**" not in out.stdout
    assert "Sources:" in out.stdout and "[2] A. Writer. \"A fixture report on partnerships\"" in out.stdout


def test_corpus_json_lists_every_passage_with_its_source():
    passages = json.loads(run("corpus", "--json", "--corpus", str(FIXTURE)).stdout)
    assert len(passages) == 12
    first = passages[0]
    assert {"id", "benefit", "benefit_title", "text", "source"} <= set(first)
    assert set(first["source"]) == {"title", "publisher", "author", "year", "url"}  # as in ask --json


def test_sources_lists_how_many_passages_cite_each():
    rows = json.loads(run("sources", "--json", "--corpus", str(FIXTURE)).stdout)
    assert {r["id"]: r["passages"] for r in rows} == {"seed": 7, "report": 2, "news": 3}


def test_malformed_corpus_is_reported_without_a_traceback(tmp_path):
    import shutil

    broken = tmp_path / "corpus"
    shutil.copytree(FIXTURE, broken)
    (broken / "passages" / "b2.md").write_text("---\nid: b2\nkind: benefit\nbenefit: 8\nsource: seed\n---\nText\n")
    out = run("ask", "--corpus", str(broken), "papers")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "b2.md" in out.stderr and "'benefit'" in out.stderr


def test_eval_prints_the_figures_and_the_misses(tmp_path):
    qs = tmp_path / "q.jsonl"
    qs.write_text(
        '{"q": "do international papers get cited more", "expect": [1]}\n'
        '{"q": "summary please", "expect": "all"}\n'
        '{"q": "nihari recipe", "expect": "abstain"}\n'
        '{"q": "league tables", "expect": [5]}\n'
        '{"q": "can a conference be the main purpose of a visit", "expect": [3], "passage": "e3-exchange-conference"}\n'
    )
    out = run("eval", "--corpus", str(FIXTURE), str(qs))
    assert out.returncode == 0, out.stderr
    assert "top-1 benefit accuracy" in out.stdout and "0.667  2/3" in out.stdout
    assert "'league tables': expected (5,)" in out.stdout
    figures = json.loads(run("eval", "--json", "--corpus", str(FIXTURE), str(qs)).stdout)[str(qs)]
    assert figures["abstention_out_of_scope"] == 1.0 and figures["fact_first"] == 1.0


def test_eval_pooled_adds_one_report_over_all_the_sets(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"q": "do international papers get cited more", "expect": [1]}\n')
    b.write_text('{"q": "league tables", "expect": [5]}\n{"q": "nihari recipe", "expect": "abstain"}\n')
    figures = json.loads(run("eval", "--json", "--pooled", "--corpus", str(FIXTURE), str(a), str(b)).stdout)
    pooled = figures[f"pooled: {a} + {b}"]
    assert (pooled["questions"], pooled["in_scope"], pooled["top1_accuracy"]) == (3, 2, 0.5)


# Byte safety: any bytes in, valid UTF-8 out, one JSON record per line, never a traceback.


def run_bytes(*args, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "qa", *args], cwd=REPO, input=stdin, capture_output=True, timeout=120)


def test_invalid_utf8_on_stdin_is_read_with_replacement_characters_not_a_traceback():
    out = run_bytes("ask", "--json", "--corpus", str(FIXTURE), stdin=b"do international papers get \xff cited more\n\xc3\x28\xfe\n")
    assert out.returncode == 0 and b"Traceback" not in out.stderr
    lines = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert lines[0]["status"] == "answered" and "\ufffd" in lines[0]["question"]
    assert lines[1]["status"] == "invalid"


def test_invalid_utf8_in_the_question_argument_gives_valid_utf8_output():
    out = run_bytes("ask", "--json", "--corpus", str(FIXTURE), b"papers \xff\xfe cited")
    assert out.returncode == 0 and b"Traceback" not in out.stderr
    assert json.loads(out.stdout.decode("utf-8"))["question"] == "papers \ufffd\ufffd cited"
    text = run_bytes("ask", "--corpus", str(FIXTURE), b"\xff\xfe")
    assert text.returncode == 0 and b"Traceback" not in text.stderr
    text.stdout.decode("utf-8")


def test_a_byte_order_mark_on_stdin_is_not_part_of_the_question():
    out = run_bytes("ask", "--json", "--corpus", str(FIXTURE), stdin="\ufeffnihari recipe\n".encode())
    assert json.loads(out.stdout)["question"] == "nihari recipe"


def test_unicode_line_separators_are_escaped_so_each_answer_is_one_line():
    questions = "papers\u2028cited more\nrankings\u2029please\nfunding\u0085cash\n"
    out = run("ask", "--json", "--corpus", str(FIXTURE), stdin=questions)
    lines = out.stdout.splitlines()  # splits on U+2028, U+2029 and U+0085 too
    assert len(lines) == 3
    assert [json.loads(line)["question"] for line in lines] == ["papers\u2028cited more", "rankings\u2029please", "funding\u0085cash"]
    for raw in ("\u2028", "\u2029", "\u0085"):
        assert raw not in out.stdout


def broken_corpus(tmp_path, fault: str):
    import shutil

    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    passages = root / "passages"
    if fault == "bool key":
        (passages / "x.md").write_text("---\nid: x\nkind: summary\nsource: seed\nyes: x\n---\nText.\n")
    elif fault == "number key":
        (passages / "x.md").write_text("---\nid: x\nkind: summary\nsource: seed\n2019: note\n---\nText.\n")
    elif fault == "mixed source keys":
        (root / "sources.yaml").write_text((root / "sources.yaml").read_text() + "  2019: note\n")
    elif fault == "folder":
        (passages / "x.md").mkdir()
    elif fault == "broken link":
        (passages / "x.md").symlink_to(root / "nowhere.md")
    elif fault == "list front matter":
        (passages / "x.md").write_text("---\n- id: x\n---\nText.\n")
    elif fault == "benefit 6.0":
        (passages / "x.md").write_text("---\nid: x\nkind: evidence\nbenefit: 6.0\nsource: seed\n---\nText.\n")
    return root


@pytest.mark.parametrize(
    ("fault", "named"),
    [("bool key", "x.md: field 'True'"), ("number key", "x.md: field '2019'"),
     ("mixed source keys", "sources.yaml: field 'news.2019'"), ("folder", "x.md: is a folder"),
     ("broken link", "x.md: cannot be read"), ("list front matter", "x.md: the front matter must be fields"),
     ("benefit 6.0", "x.md: field 'benefit'")],
)
def test_every_corpus_fault_is_one_line_naming_file_and_field_with_exit_code_2(tmp_path, fault, named):
    out = run("corpus", "--corpus", str(broken_corpus(tmp_path, fault)))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    (line,) = out.stderr.splitlines()
    assert line.startswith("error: ") and named in line
