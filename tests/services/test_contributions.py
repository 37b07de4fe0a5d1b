"""Several offline stores, one municipality: merged contributions give the shared-store figures."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nyanland.domain.linked_disclosure import publish_period
from nyanland.domain.roles import Actor, Role
from nyanland.domain.timeline import Period
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.reports.statistics_xlsx import SUPPRESSED_MARK, statistics_xlsx
from nyanland.services import demo
from nyanland.services.case_rows import insert_cases
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.contributions import (
    ContributionRejected,
    merge_contributions,
    write_contribution,
)
from nyanland.services.demo import demo_cases
from nyanland.services.publication import published
from nyanland.services.statistics_export import StatisticsFormat, export_merged, export_statistics
from nyanland.store import migrate
from nyanland.store.engine import Store, sqlite_url

PERIOD = Period.parse("2026-Q2")


def make_store(tmp_path: Path, name: str, clock: Clock) -> ServiceContext:
    store = Store(sqlite_url(tmp_path / f"{name}.sqlite3"))
    migrate.upgrade(store)
    return ServiceContext(store, Actor("test", Role.OFFICER), clock)


def test_merged_contributions_equal_one_shared_store(tmp_path: Path, clock: Clock) -> None:
    cases = demo_cases(900, seed=4, as_of=date(2026, 11, 1))
    shared, first, second = (make_store(tmp_path, n, clock) for n in ("shared", "a", "b"))
    for context, part in ((shared, cases), (first, cases[:400]), (second, cases[400:])):
        with context.store.writing() as session:
            insert_cases(session, part, context.clock.now())
    files = []
    for context, name in ((first, "a.json"), (second, "b.json")):
        write_contribution(context, PERIOD, tmp_path / name)
        files.append(tmp_path / name)
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "Haddad" not in text and "personal_identity_number" not in text
    for k in (3, 5, 8):
        assert statistics_csv(publish_period(merge_contributions(files)[0], k)) == statistics_csv(
            published(shared, PERIOD, k)
        )
    for context in (shared, first, second):
        context.store.dispose()


def test_a_merged_year_is_the_shared_stores_year_with_its_quarters(
    tmp_path: Path, clock: Clock
) -> None:
    """A year's contribution carries its quarters, so the merge protects the year with them
    (method 2) exactly as one shared store does."""
    cases = demo_cases(400, seed=6, as_of=date(2026, 11, 1))
    shared, first, second = (make_store(tmp_path, n, clock) for n in ("shared", "a", "b"))
    for context, part in ((shared, cases), (first, cases[:150]), (second, cases[150:])):
        with context.store.writing() as session:
            insert_cases(session, part, context.clock.now())
    year = Period.parse("2025")
    files = [tmp_path / "a-2025.json", tmp_path / "b-2025.json"]
    for context, path in zip((first, second), files, strict=True):
        write_contribution(context, year, path)
    assert len(json.loads(files[0].read_text(encoding="utf-8"))["quarters"]) == 4
    merged = tmp_path / "merged.csv"
    export_merged(files, 5, StatisticsFormat.CSV, merged)
    alone = tmp_path / "shared.csv"
    export_statistics(shared, year, 5, StatisticsFormat.CSV, alone)
    assert merged.read_text(encoding="utf-8") == alone.read_text(encoding="utf-8")
    assert ",suppressed" in merged.read_text(encoding="utf-8")
    old = json.loads(files[0].read_text(encoding="utf-8"))
    del old["quarters"]
    files[0].write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(ContributionRejected, match="quarters"):
        merge_contributions(files)
    for context in (shared, first, second):
        context.store.dispose()


def test_the_same_store_twice_or_two_periods_are_refused(
    context: ServiceContext, tmp_path: Path
) -> None:
    write_contribution(context, PERIOD, tmp_path / "a.json")
    write_contribution(context, PERIOD, tmp_path / "again.json")
    with pytest.raises(ContributionRejected, match="same store"):
        merge_contributions([tmp_path / "a.json", tmp_path / "again.json"])
    other = tmp_path / "other.json"
    other.write_text(
        (tmp_path / "a.json")
        .read_text(encoding="utf-8")
        .replace('"2026-Q2"', '"2026-Q3"')
        .replace('"store": "', '"store": "x'),
        encoding="utf-8",
    )
    with pytest.raises(ContributionRejected, match="is for 2026-Q3"):
        merge_contributions([tmp_path / "a.json", other])
    junk = tmp_path / "junk.json"
    junk.write_text("{}", encoding="utf-8")
    with pytest.raises(ContributionRejected, match="not a statistics contribution file"):
        merge_contributions([junk])


def test_the_workbook_has_the_csvs_figures_as_numbers(context: ServiceContext) -> None:
    demo.add_demo_cases(context, 600, seed=5, as_of=date(2026, 11, 1))
    rows = published(context, PERIOD, 5)
    workbook = load_workbook(io.BytesIO(statistics_xlsx(rows, PERIOD.code, 5)))
    for indicator in {r.indicator for r in rows}:
        values = [r[2] for r in workbook[indicator].iter_rows(min_row=5, values_only=True) if r[1]]
        expected = [
            SUPPRESSED_MARK if r.value is None else r.value
            for r in rows
            if r.indicator == indicator
        ]
        assert values == expected, indicator
        assert all(isinstance(v, int) for v in values if v != SUPPRESSED_MARK)
