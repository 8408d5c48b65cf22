"""Databases for the feedback store's tests: a SQLite file, a fresh database on the PostgreSQL
server that `.ci/run` starts (QA_TEST_POSTGRES_URL), and a private PostgreSQL server that a
test may kill.

Without QA_TEST_POSTGRES_URL (a developer machine with no server) the PostgreSQL cases are
skipped; in CI (env CI set) they fail instead, so a broken setup cannot pass unseen.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from _servers import free_port

POSTGRES_ENV = "QA_TEST_POSTGRES_URL"


def require_or_skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required when CI is set; .ci/run provides it)")
    pytest.skip(reason)


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        require_or_skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against")
    return url


@contextmanager
def fresh_database(base_url: str) -> Iterator[str]:
    """A new, empty database on the server of `base_url`, dropped afterwards."""
    import sqlalchemy as sa

    url = sa.engine.make_url(base_url)
    name = f"qa_test_{secrets.token_hex(6)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class PrivatePostgres:
    """A PostgreSQL server of the test's own, in a temporary folder, that it can kill and
    restart. Uses Debian's binaries (/usr/lib/postgresql/*/bin); run as the postgres user when
    the tests run as root, since the server refuses root."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        pg_ctl = found[-1] if found else shutil.which("pg_ctl")
        if not pg_ctl:
            require_or_skip("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = Path(pg_ctl).parent
        self.port = free_port()
        self.root = os.geteuid() == 0
        self.data = Path(tempfile.mkdtemp(prefix="qa-test-pg-"))
        if self.root:
            shutil.chown(self.data, "postgres", "postgres")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "-t", "60",
            "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data}", "start",
        )

    def kill(self) -> None:
        """Stop the server the way a crash does: no clean shutdown."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    def remove(self) -> None:
        try:
            self.kill()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same store test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    else:
        with fresh_database(postgres_base_url()) as url:
            yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the shared PostgreSQL server."""
    with fresh_database(postgres_base_url()) as url:
        yield url


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()
