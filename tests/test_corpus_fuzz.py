"""Whatever a careless editor does to the corpus files, the loader answers with one CorpusError
line naming a file: random mutations of bytes, YAML types, names, folders and links."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE
from qa import CorpusError, build_index

FILES = sorted(str(p.relative_to(FIXTURE)) for p in FIXTURE.rglob("*") if p.is_file())
YAML_VALUES = [
    "yes", "no", "null", "~", "6.0", "-1", "1e400", ".nan", "2019-02-30", "2019-01-01", "0x1f", "'6'",
    "[1, [2]]", "{a: 1}", "{? [a]: 1}", "&a [*a]", "!!binary aGk=", "!!python/object:os.system x", "[" * 300,
    "\"\\ud800\"", "|\n  block", "\x00", "\u202e", "true: 2", "2019: x", "- a\n- b", "*undefined",
]
FIELDS = ["id", "kind", "benefit", "source", "title", "year", "url", "key", "vocabulary", "topics", "author"]


def mutation() -> st.SearchStrategy[tuple]:
    file = st.sampled_from(FILES)
    return st.one_of(
        st.tuples(st.just("bytes"), file, st.integers(0, 400), st.binary(max_size=12)),
        st.tuples(st.just("truncate"), file, st.integers(0, 400)),
        st.tuples(st.just("value"), file, st.sampled_from(FIELDS), st.sampled_from(YAML_VALUES)),
        st.tuples(st.just("line"), file, st.sampled_from(YAML_VALUES)),
        st.tuples(st.just("rename"), file, st.sampled_from(["x.md", "x.txt", "sources.yaml", "passages/a b\n.md", "passages/.md"])),
        st.tuples(st.just("folder"), st.sampled_from(["passages/x.md", "sources.yaml", "examples.yaml", "passages"])),
        st.tuples(st.just("link"), st.sampled_from(["passages/l.md", "sources.yaml", "examples.yaml", "passages/loop.md"])),
        st.tuples(st.just("delete"), file),
        st.tuples(st.just("bom"), file),
    )


def clear(target: Path) -> None:
    """Make room for a file, folder or link at `target`, whatever is there (even a dangling link)."""
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir():
        shutil.rmtree(target)


def apply(root: Path, m: tuple) -> None:
    kind, *args = m
    if kind in ("bytes", "truncate", "value", "line", "bom", "delete", "rename"):
        path = root / args[0]
        if not path.is_file() or path.is_symlink():
            return
        data = path.read_bytes()
    if kind == "bytes":
        at = min(args[1], len(data))
        path.write_bytes(data[:at] + args[2] + data[at:])
    elif kind == "truncate":
        path.write_bytes(data[: args[1]])
    elif kind == "value":
        lines = data.decode("utf-8", "replace").split("\n")
        lines = [f"{line.split(':')[0]}: {args[2]}" if line.strip().startswith(args[1] + ":") else line for line in lines]
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    elif kind == "line":
        path.write_text(data.decode("utf-8", "replace").replace("\n", f"\n{args[1]}\n", 2), encoding="utf-8", errors="surrogatepass")
    elif kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + data)
    elif kind == "delete":
        path.unlink()
    elif kind == "rename":
        target = root / args[1]
        if target == path or target.parent.is_symlink() or target.parent.is_file():
            return
        clear(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    elif kind == "folder":
        target = root / args[0]
        if target.parent.is_symlink() or target.parent.is_file():
            return
        clear(target)
        target.mkdir(parents=True)
        (target / "inner.md").write_text("---\nid: inner\nkind: summary\nsource: seed\n---\nText.\n")
    elif kind == "link":
        target = root / args[0]
        if target.parent.is_symlink() or target.parent.is_file():
            return
        clear(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if "loop" in args[0] else root / "nowhere", target)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_random_corpus_mutations_raise_only_corpus_error_of_one_line_naming_a_file(mutations):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        shutil.copytree(FIXTURE, root)
        for m in mutations:
            apply(root, m)
        try:
            index = build_index(root, use_cache=False)
        except CorpusError as err:
            line = str(err)
            assert "\n" not in line and "\r" not in line
            assert err.file.startswith(str(root)), line
            assert err.public().startswith("corpus"), err.public()
        else:
            assert index.passages
