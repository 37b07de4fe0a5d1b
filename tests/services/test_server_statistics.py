"""On a team server the disclosure rules hold on the server (store/server_statistics.py): a
coordinator, connected with psql and her own password, reads no case and no raw figure, only
the rows an administrator published, and the same file comes out of the app for both."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from nyanland.domain.roles import Actor, NotPermitted, Role
from nyanland.domain.timeline import Period
from nyanland.services import contributions, overview, statistics
from nyanland.services.context import ServiceContext
from nyanland.services.published_rows import NotPublished
from nyanland.services.statistics_export import StatisticsFormat, export_statistics
from nyanland.store.engine import Store
from tests.conftest import Team
from tests.postgres import PostgresServer
from tests.services.test_publication import read_csv
from tests.services.test_team_server import _cases, login, refused, server  # noqa: F401

QUARTER = Period.parse("2026-Q1")
CSV = StatisticsFormat.CSV


def test_a_coordinator_reads_no_case_and_no_raw_figure_only_the_published_rows(
    server: Team,  # noqa: F811
    postgres: PostgresServer,
    tmp_path: Path,
) -> None:
    _cases(server)  # three received in 2026-Q1
    with login(server, "kim.coordinator") as kim:
        for statement in (
            "SELECT count(*) FROM cases",
            "SELECT first_name FROM cases",
            "SELECT count(*) FROM journal_notes",
            "SELECT count(*) FROM sfi_enrolments",
            "SELECT actor FROM audit_events",
            # Nor the codes and dates the administrator counts with, nor any raw figure.
            "SELECT count(*) FROM nyanland_statistics.cases",
            "SELECT birth_date, sex FROM nyanland_statistics.cases",
            "SELECT figures FROM published_figures",
            "SELECT rows FROM published_figures",
            "SELECT figures FROM retained_figures",
            "INSERT INTO published_figures (period, method, recorded_on, figures, rows) "
            "VALUES ('2026-Q1', 2, '2026-04-01', '{}', '[]')",
        ):
            assert refused(kim, statement), statement
        # The anonymised overview's totals: the server hides 1 to k-1 itself, and refuses a
        # threshold under the rules' minimum.
        counts = "SELECT counted, number FROM nyanland_quarter_counts('2026-Q1', {k})"
        assert dict(kim.execute(counts.format(k=5)).fetchall())["received"] is None
        assert dict(kim.execute(counts.format(k=3)).fetchall())["received"] == 3
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="at least 3"):
            kim.execute(counts.format(k=1))
        # Nothing published yet: the function has no rows to give.
        assert kim.execute("SELECT * FROM nyanland_statistics('2026-Q1')").fetchall() == []

    # In the app the coordinator is told who publishes, and gets no raw figure either.
    with pytest.raises(NotPublished, match=r"2026-Q1.*administrator"):
        export_statistics(server.coordinator, QUARTER, 5, CSV, tmp_path / "early.csv")
    assert not (tmp_path / "early.csv").exists()
    with pytest.raises(NotPermitted):
        statistics.raw_figures(server.coordinator, QUARTER)
    with pytest.raises(NotPublished, match="administrator"):
        contributions.write_contribution(server.coordinator, QUARTER, tmp_path / "c.json")
    seen = overview.overview(server.coordinator, threshold=3)
    assert seen.anonymised and seen.open == 3

    # The administrator counts every case (a colleague's protected one too), as the
    # superuser would, and publishes the quarter with its first file.
    database = make_url(server.url).database
    owner = Store(postgres.url(str(database)))
    try:
        everyone = ServiceContext(owner, Actor("k", Role.ADMIN), server.admin.clock)
        expected = statistics.raw_figures(everyone, QUARTER)
    finally:
        owner.dispose()
    assert statistics.raw_figures(server.admin, QUARTER) == expected
    assert expected.counts["received"][("total", "")] == 3
    first, again = tmp_path / "siv.csv", tmp_path / "kim.csv"
    export_statistics(server.admin, QUARTER, 5, CSV, first)
    export_statistics(server.coordinator, QUARTER, 5, CSV, again)
    assert again.read_bytes() == first.read_bytes()
    published = read_csv(first)
    assert any(row.value is None for row in published)  # three people: hidden

    with login(server, "kim.coordinator") as kim:
        rows = kim.execute(
            "SELECT indicator, of_period, breakdown, category, value, unit, status "
            "FROM nyanland_statistics('2026-Q1')"
        ).fetchall()
        assert rows == [
            (r.indicator, r.period, r.breakdown, r.category, r.value, r.unit, r.status.value)
            for r in published
        ]
        assert kim.execute(
            "SELECT threshold FROM published_figures WHERE period = '2026-Q1'"
        ).fetchone() == (5,)
        assert refused(kim, "SELECT figures FROM published_figures")
    with pytest.raises(NotPublished, match=r"threshold 3: .*2026-Q1.*threshold 5"):
        export_statistics(server.coordinator, QUARTER, 3, CSV, tmp_path / "k3.csv")


def test_sfi_staff_may_not_read_the_published_figures(server: Team) -> None:  # noqa: F811
    with login(server, "sam.sfi") as sam:
        for statement in (
            "SELECT * FROM nyanland_statistics('2026-Q1')",
            "SELECT * FROM nyanland_quarter_counts('2026-Q1', 5)",
            "SELECT threshold FROM published_figures",
        ):
            assert refused(sam, statement), statement
