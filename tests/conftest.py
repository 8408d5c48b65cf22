"""Shared fixtures. Everything is offline: the fixture corpus ships in tests/fixtures/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pg import postgres_url, private_postgres, store_url  # noqa: F401  (feedback store fixtures)
from qa import Index, build_index, get_index

FIXTURE = Path(__file__).parent / "fixtures" / "corpus"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def private_index_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tests (and the CLI they start) keep their persisted indexes out of the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("qa-cache")
    os.environ["QA_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session", autouse=True)
def private_feedback_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The app (in-process and `streamlit run`) records to a temporary SQLite file, never to
    qa-feedback.sqlite3 in the repo; a test that needs another store sets QA_FEEDBACK_URL itself."""
    import os

    url = f"sqlite:///{tmp_path_factory.mktemp('feedback') / 'feedback.sqlite3'}"
    os.environ["QA_FEEDBACK_URL"] = url
    return url


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
