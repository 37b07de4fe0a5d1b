"""Statistics method 2 on real stores (SQLite and PostgreSQL): a period's first file is its
record, later files reproduce it, a year adds up with its quarters and hides only more than v1,
and the files a coordinator publishes for a year give the attacker nothing."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from nyanland.domain.codes import ReceptionType, Sex
from nyanland.domain.disclosure import Published, Status, publish
from nyanland.domain.linked_disclosure import year_of
from nyanland.domain.timeline import Period
from nyanland.reports.statistics_xlsx import LINKED_MARK
from nyanland.services import demo, statistics
from nyanland.services.context import ServiceContext
from nyanland.services.publication import PeriodNotEnded, ThresholdRecorded, shown
from nyanland.services.statistics_export import (
    StatisticsFormat,
    export_statistics,
    sidecar_path,
)
from tests.conftest import Team
from tests.domain.attacker import findings
from tests.factories import case
from tests.services.test_statistics import add, person

YEAR = Period.parse("2025")
QUARTERS = [Period.parse(f"2025-Q{n}") for n in range(1, 5)]
CSV = StatisticsFormat.CSV


def read_csv(path: Path) -> list[Published]:
    with path.open(encoding="utf-8", newline="") as file:
        return [
            Published(
                row["indicator"],
                row["period"],
                row["breakdown"],
                row["category"],
                int(row["value"]) if row["value"] else None,
                row["unit"],
                Status(row["status"]),
            )
            for row in csv.DictReader(file)
        ]


def publisher(team: Team) -> ServiceContext:
    """Who writes a period's first file: on a team server only an administrator counts (the
    rest read what was published), on a file the coordinator."""
    return team.admin if team.admin.store.server_logins else team.coordinator


def late_registration(team: Team, received: date) -> None:
    add(
        team.officer,
        case(
            person=person(900, date(1991, 3, 3), Sex.MALE),
            reception={"reception_date": received, "reception_type": ReceptionType.ASSIGNED},
        ),
    )


def test_a_periods_first_file_is_its_record_and_later_files_reproduce_it(
    team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(team.officer, 300, seed=3, as_of=date(2026, 11, 1))
    quarter = Period.parse("2026-Q1")
    first, again = tmp_path / "first.csv", tmp_path / "again.csv"
    export_statistics(publisher(team), quarter, 5, CSV, first)
    late_registration(team, date(2026, 2, 10))
    today = publish(statistics.raw_figures(publisher(team), quarter), 5)
    assert today != read_csv(first)  # the store has changed …
    export_statistics(team.coordinator, quarter, 5, CSV, again)
    assert again.read_bytes() == first.read_bytes()  # … the period's files have not
    assert shown(team.coordinator, quarter, 5).recorded_on == date(2026, 11, 22)

    sidecar = json.loads(sidecar_path(first).read_text(encoding="utf-8"))
    assert sidecar_path(first).name == "first.csv.json"
    assert sidecar == {
        "format": "nyanland.statistics-method/1",
        "file": "first.csv",
        "sha256": hashlib.sha256(first.read_bytes()).hexdigest(),
        "indicators": 1,
        "method": 2,
        "period": "2026-Q1",
        "threshold": 5,
        "recorded_on": "2026-11-22",
        "revisions": "none: every file of a period is made from the figures recorded first",
    }


def test_a_running_period_and_another_threshold_are_refused_and_nothing_is_written(
    team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(team.officer, 100, seed=1, as_of=date(2026, 11, 1))
    out = tmp_path / "q4.csv"
    for running in (Period.parse("2026-Q4"), Period.parse("2026")):
        with pytest.raises(PeriodNotEnded, match=r"--period 2026.*2026-12-31"):
            export_statistics(publisher(team), running, 5, CSV, out)
    assert not out.exists() and not sidecar_path(out).exists()
    export_statistics(publisher(team), QUARTERS[1], 5, CSV, tmp_path / "q2.csv")
    with pytest.raises(ThresholdRecorded, match=r"--threshold 3: .*2025-Q2.*threshold 5"):
        export_statistics(publisher(team), QUARTERS[1], 3, CSV, out)
    with pytest.raises(ThresholdRecorded, match="2025-Q2"):  # the year is made of it
        export_statistics(publisher(team), YEAR, 3, CSV, out)
    assert not out.exists()


def test_a_year_is_its_quarters_summed_and_hides_only_more_than_v1(
    team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(team.officer, 300, seed=0, as_of=date(2026, 11, 1))
    quarters = [statistics.raw_figures(publisher(team), q) for q in QUARTERS]
    made = year_of(YEAR.code, quarters)
    counted = statistics.raw_figures(publisher(team), YEAR)
    assert publish(made, 3) == publish(counted, 3)  # housed once, the stock of Q4, medians

    files = [tmp_path / f"{p.code}.csv" for p in (*QUARTERS, YEAR)]
    for period, path in zip((*QUARTERS, YEAR), files, strict=True):
        export_statistics(publisher(team), period, 5, CSV, path)
    year_rows, v1_rows = read_csv(files[-1]), publish(counted, 5)
    more = 0
    for mine, theirs in zip(year_rows, v1_rows, strict=True):
        assert mine.status is Status.SUPPRESSED or mine == theirs
        more += theirs.status is Status.OK and mine.status is Status.SUPPRESSED
    assert more > 0
    quarter_files = list(zip(quarters, map(read_csv, files[:4]), [5] * 4, strict=True))
    assert findings([*quarter_files, (counted, v1_rows, 5)])  # v1's year gives cells away
    assert findings([*quarter_files, (counted, year_rows, 5)]) == []


def test_the_report_and_the_window_say_why_a_years_cell_is_hidden(
    team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(team.officer, 300, seed=0, as_of=date(2026, 11, 1))
    report = tmp_path / "2025.pdf"
    export_statistics(publisher(team), YEAR, 5, StatisticsFormat.PDF, report)
    text = " ".join(page.extract_text() for page in PdfReader(report).pages)
    text = " ".join(text.split())
    assert LINKED_MARK in text
    assert "with the other figures published for the year" in text  # the legend's new line
    assert json.loads(sidecar_path(report).read_text(encoding="utf-8"))["method"] == 2


def test_a_periods_cells_hidden_by_method_2_are_kept_with_its_record(
    team: Team, tmp_path: Path
) -> None:
    """A quarter is protected against the quarters published before it; when one published
    after it changes what would be hidden, its own files still do not change."""
    demo.add_demo_cases(team.officer, 300, seed=0, as_of=date(2026, 11, 1))
    order = [QUARTERS[2], QUARTERS[0], QUARTERS[3], QUARTERS[1], YEAR]
    first = {}
    for period in order:
        path = tmp_path / f"{period.code}.csv"
        export_statistics(publisher(team), period, 5, CSV, path)
        first[period.code] = path.read_bytes()
    quarters = [statistics.raw_figures(publisher(team), q) for q in QUARTERS]
    files = [(q, read_csv(tmp_path / f"{q.period}.csv"), 5) for q in quarters]
    year = (year_of(YEAR.code, quarters), read_csv(tmp_path / "2025.csv"), 5)
    assert findings([*files, year]) == []  # published out of order, still nothing given away
    late_registration(team, date(2025, 5, 5))
    hidden_besides = 0
    for period in order:
        again = tmp_path / f"again-{period.code}.csv"
        export_statistics(publisher(team), period, 5, CSV, again)
        assert again.read_bytes() == first[period.code], period.code
        hidden_besides += sum(r.linked for r in shown(team.coordinator, period, 5).rows)
    assert hidden_besides > 0
