"""The store's schema comes from migrations, and a store made by an older version opens intact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from nyanland.domain.roles import Actor, Role
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.store import migrate
from nyanland.store.engine import Store, sqlite_url
from nyanland.store.migrate import StoreTooNew
from nyanland.store.models import Base
from nyanland.store.search_index import outside_the_models


def test_the_migrations_build_exactly_the_tables_the_models_describe(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(_comparing(connection), Base.metadata)
    assert differences == []


def _comparing(connection: Connection) -> MigrationContext:
    """As Alembic compares in the migrations: the search index is no model's."""
    return MigrationContext.configure(
        connection, opts={"include_name": lambda n, k, _p: not outside_the_models(n, k)}
    )


def test_on_postgresql_too(postgres_url: str) -> None:
    server = Store(postgres_url)
    with server.engine.connect() as connection:
        differences = compare_metadata(_comparing(connection), Base.metadata)
    server.dispose()
    assert differences == []


def test_a_store_made_by_the_first_migration_opens_with_its_data(
    tmp_path: Path, clock: Clock
) -> None:
    old = Store(sqlite_url(tmp_path / "old.sqlite3"))
    migrate.upgrade(old, "0001")
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (id, case_number, personal_identity_number, first_name,"
                " last_name, birth_date, sex, languages, interpreter_needed, protected_identity,"
                " reception_date, reception_type, search_text, version, created_at, updated_at)"
                " VALUES (1, '2025-00001', '198112189876', 'Amina', 'Haddad', '1981-12-18',"
                " 'female', 'ar', 1, 0, '2025-03-02', 'assigned', 'amina haddad', 1,"
                " '2025-03-02 10:00:00', '2025-03-02 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO sfi_enrolments (case_id, start_date, study_path, course, childcare,"
                " vocational, status) VALUES (1, '2025-04-01', '2', 'B', 0, 0, 'ongoing')"
            )
        )
    old.dispose()

    upgraded = Store(sqlite_url(tmp_path / "old.sqlite3"))
    migrate.upgrade(upgraded)
    assert migrate.current_revision(upgraded) == migrate.head_revision()
    record = CaseService(ServiceContext(upgraded, Actor("test", Role.OFFICER), clock)).get(1)
    assert record.data.person.full_name == "Amina Haddad"
    assert record.data.person.languages == ("ar",)
    assert record.data.sfi[0].start_date == date(2025, 4, 1)
    with upgraded.engine.connect() as connection:  # a lasting identity for team mode
        assert len(connection.execute(text("SELECT uid FROM cases")).scalar_one()) == 36
    upgraded.dispose()


def test_a_store_from_a_newer_version_is_refused_not_damaged(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreTooNew, match="newer version of nyanland"):
        migrate.upgrade(store)


def test_sqlite_runs_with_wal_foreign_keys_full_sync_and_a_busy_timeout(store: Store) -> None:
    with store.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000


def test_the_cheap_head_is_the_scripts_head() -> None:
    assert migrate.head_revision() == migrate.HEAD


def test_a_store_at_head_opens_without_loading_alembic(store: Store, store_path: Path) -> None:
    """A fifth of a start was Alembic loading to say there was nothing to do."""
    import subprocess
    import sys

    check = (
        "import sys; from nyanland.services.store_setup import open_store; "
        f"open_store({sqlite_url(store_path)!r}).dispose(); "
        "assert 'alembic' not in sys.modules, 'alembic loaded'"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
