"""Shared fixtures. Everything is offline: the fixture corpus ships in tests/fixtures/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa import Index, build_index, get_index

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def fixture_index() -> Index:
    return build_index(FIXTURE)


@pytest.fixture(scope="session")
def index() -> Index:
    """The shipped corpus."""
    return get_index()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus, for tests that break it on purpose."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE, target)
    return target
