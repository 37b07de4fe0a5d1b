"""Shared fixtures: standard folders in tmp_path, a real migrated SQLite store, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from nyanland import i18n
from nyanland.services.context import Clock, ServiceContext
from nyanland.store import migrate
from nyanland.store.engine import Store, sqlite_url

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user's folders, settings or store."""
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(tmp_path / "xdg" / folder))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for variable in ("NYANLAND_DATABASE_URL", "NYANLAND_LANG", "NYANLAND_NEW_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = Store(sqlite_url(store_path))
    migrate.upgrade(opened)
    yield opened
    opened.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(today=lambda: TODAY, now=lambda: NOW)


@pytest.fixture
def context(store: Store, clock: Clock) -> ServiceContext:
    return ServiceContext(store=store, actor="officer.test", clock=clock)
