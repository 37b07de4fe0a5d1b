"""Shared fixtures: standard folders in tmp_path, a real migrated SQLite store, a fixed clock."""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from nyanland import i18n
from nyanland.domain.roles import Actor, Role
from nyanland.services import accounts, signin
from nyanland.services.context import Clock, ServiceContext
from nyanland.store import account_keys, migrate
from nyanland.store.engine import Store, sqlite_url
from tests.postgres import PostgresServer

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30)
CHECKOUT = Path(__file__).resolve().parents[1]
DATA = CHECKOUT / "tests" / "data"


# Argon2id at its lowest cost for the stores the fixtures make: the production cost (64 MiB,
# three passes) is paid only where a test says it tests sign-in itself (`production_kdf`).
# Each key entry and hash carries its own parameters, so what these fixtures wrap stays cheap
# in a subprocess too.
CHEAP_KDF = account_keys.KdfParameters(time_cost=1, memory_kib=8, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(account_keys, "DEFAULT_KDF", CHEAP_KDF)
        patch.setattr(
            accounts, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        yield


@pytest.fixture
def production_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real cost, for a test of what signing in costs or stores."""
    monkeypatch.setattr(account_keys, "DEFAULT_KDF", account_keys.KdfParameters())
    monkeypatch.setattr(accounts, "_HASHER", PasswordHasher())


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
    for variable in (
        "NYANLAND_DATABASE_URL",
        "NYANLAND_LANG",
        "NYANLAND_NEW_PASSWORD",
        "NYANLAND_USER",
        "NYANLAND_PASSWORD",
    ):
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
    return ServiceContext(store=store, actor=Actor("officer.test", Role.OFFICER), clock=clock)


@pytest.fixture
def admin_context(store: Store, clock: Clock) -> ServiceContext:
    return ServiceContext(store=store, actor=Actor("admin.test", Role.ADMIN), clock=clock)


PASSWORD = "correct horse battery"
OFFICER_PASSWORD = "officer's own passphrase"


@dataclass
class Team:
    """An encrypted store made as a user makes one: its administrator and one account of each
    other role, each signed in (the first-sign-in password change done)."""

    url: str
    path: Path | None  # the SQLite file; None on a server
    admin: ServiceContext
    officer: ServiceContext
    sfi: ServiceContext
    coordinator: ServiceContext

    def sign_in(self, name: str, password: str = OFFICER_PASSWORD) -> ServiceContext:
        return signin.sign_in(self.url, name, password, self.admin.clock).context

    def close(self) -> None:
        for context in (self.admin, self.officer, self.sfi, self.coordinator):
            context.store.dispose()


@pytest.fixture
def team(tmp_path: Path, clock: Clock) -> Iterator[Team]:
    made = make_team(tmp_path / "team" / "store.sqlite3", clock)
    yield made
    made.close()


def make_team(path: Path | str, clock: Clock) -> Team:
    """On an SQLite file (a Path) or a server (a URL). Each first sign-in's password change
    changes the store's key (or leaves it due): everyone signs in again at the end, the
    administrator first, so that every context holds the key the store has."""
    url = sqlite_url(path) if isinstance(path, Path) else path
    admin = signin.create_store(url, "siv.admin", PASSWORD, clock)
    names = {"anna.officer": Role.OFFICER, "sam.sfi": Role.SFI, "kim.coordinator": Role.COORDINATOR}
    for name, role in names.items():
        accounts.add_account(admin, name, role, PASSWORD)
    admin.store.dispose()
    for name in names:
        first = signin.sign_in(url, name, PASSWORD, clock)
        assert first.must_change_password
        accounts.change_password(first.context, PASSWORD, OFFICER_PASSWORD)
        first.context.store.dispose()
    admin = signin.sign_in(url, "siv.admin", PASSWORD, clock).context
    signed = {name: signin.sign_in(url, name, OFFICER_PASSWORD, clock).context for name in names}
    file = path if isinstance(path, Path) else None
    return Team(
        url, file, admin, signed["anna.officer"], signed["sam.sfi"], signed["kim.coordinator"]
    )


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on 127.0.0.1 for the whole run (started when first needed)."""
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(postgres: PostgresServer) -> str:
    """A database migrated to head, copied for each test (a copy takes milliseconds)."""
    url = postgres.create_database("nyanland_head")
    migrated = Store(url)
    migrate.upgrade(migrated)
    migrated.dispose()
    return "nyanland_head"


_databases = itertools.count(1)


@pytest.fixture
def postgres_url(postgres: PostgresServer, postgres_template: str) -> Iterator[str]:
    """A fresh, migrated, empty database of its own for one test."""
    name = f"test_{next(_databases)}"
    yield postgres.create_database(name, template=postgres_template)
    postgres.drop_database(name)


# Nothing beside the checkout may be needed: a fresh clone has nothing there. Every file the
# suite opens is watched (an audit hook sees each open() of this process), and the run fails
# if one lies next to the checkout rather than in it (a sibling `shared/` folder, say).
_outside_reads: set[str] = set()


def _watch_opens(event: str, args: tuple[object, ...]) -> None:
    if event != "open" or not args or not isinstance(args[0], str | bytes | Path):
        return
    try:
        opened = Path(os.fsdecode(args[0])).resolve()
    except (OSError, ValueError):
        return
    if (
        opened.is_relative_to(CHECKOUT.parent)
        and not opened.is_relative_to(CHECKOUT)
        and not any(opened.is_relative_to(allowed) for allowed in _ALLOWED)
    ):
        _outside_reads.add(str(opened))


# A checkout that itself lies in the temporary folder has the tests' own files as siblings.
_ALLOWED = tuple(Path(p).resolve() for p in (tempfile.gettempdir(), sys.prefix, sys.base_prefix))


sys.addaudithook(_watch_opens)


@pytest.fixture(autouse=True)
def nothing_opened_beside_the_checkout() -> Iterator[None]:
    """Each test (also in a worker of pytest-xdist, whose exit status no one reads) fails if it,
    or anything before it in its process, opened a file next to the checkout."""
    yield
    opened = sorted(_outside_reads)
    _outside_reads.clear()
    assert not opened, f"opened outside the checkout: {opened}"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """And what was opened outside any test (at collection, in session fixtures)."""
    if _outside_reads:
        print("\nfiles outside the checkout were opened:", *sorted(_outside_reads), sep="\n  ")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
