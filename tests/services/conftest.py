"""The service and statistics suites run on both engines: the embedded SQLite file and a real
PostgreSQL server (a database of its own per test)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nyanland.services.context import Clock
from nyanland.store import migrate
from nyanland.store.engine import Store, sqlite_url
from tests.conftest import Team, make_team


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, store_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = Store(sqlite_url(store_path))
        migrate.upgrade(opened)
    else:
        opened = Store(request.getfixturevalue("postgres_url"))
    yield opened
    opened.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def team(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[Team]:
    """The team of tests/conftest.py, on an encrypted SQLite file and on a server."""
    if request.param == "sqlite":
        made = make_team(tmp_path / "team" / "store.sqlite3", clock)
    else:
        made = make_team(request.getfixturevalue("postgres_url"), clock)
    yield made
    made.close()


@pytest.fixture
def file_team(tmp_path: Path, clock: Clock) -> Iterator[Team]:
    """For what only an SQLite file has: its encryption, key file, backups and crash safety."""
    made = make_team(tmp_path / "team" / "store.sqlite3", clock)
    yield made
    made.close()
