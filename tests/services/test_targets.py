"""The strategy's targets: edited by the coordinator, shown in the reports, never in the CSV."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.indicators import Comparison, Target
from nyanland.domain.timeline import Period
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.reports.statistics_pdf import statistics_pdf
from nyanland.reports.statistics_xlsx import statistics_xlsx
from nyanland.services import demo, targets
from nyanland.services.context import ServiceContext
from nyanland.services.publication import published, trends

Q2 = Period.parse("2026-Q2")


def test_a_target_is_set_replaced_and_removed(context: ServiceContext) -> None:
    targets.set_target(context, Target("work_or_studies_share", "2026", Comparison.AT_LEAST, 50))
    targets.set_target(context, Target("work_or_studies_share", "2026", Comparison.AT_LEAST, 55))
    assert targets.all_targets(context) == [
        Target("work_or_studies_share", "2026", Comparison.AT_LEAST, 55)
    ]
    targets.remove_target(context, "work_or_studies_share", "2026")
    assert targets.all_targets(context) == []
    with pytest.raises(NotFound):
        targets.remove_target(context, "work_or_studies_share", "2026")


def test_a_bad_target_names_its_field(context: ServiceContext) -> None:
    with pytest.raises(FieldError, match="value: must be 0–100"):
        targets.set_target(
            context, Target("work_or_studies_share", "2026", Comparison.AT_LEAST, 101)
        )
    with pytest.raises(FieldError, match="indicator"):
        targets.set_target(context, Target("happiness", "2026", Comparison.AT_LEAST, 1))
    assert targets.all_targets(context) == []


def test_a_years_target_holds_each_quarter_only_for_shares_and_medians(
    context: ServiceContext,
) -> None:
    targets.set_target(context, Target("work_or_studies_share", "2026", Comparison.AT_LEAST, 50))
    targets.set_target(context, Target("placements_started", "2026", Comparison.AT_LEAST, 100))
    targets.set_target(context, Target("placements_started", "2026-Q2", Comparison.AT_LEAST, 25))
    assert set(targets.targets_for(context, Q2)) == {"work_or_studies_share", "placements_started"}
    assert targets.targets_for(context, Q2)["placements_started"].value == 25
    assert targets.targets_for(context, Period.parse("2026"))["placements_started"].value == 100
    assert "placements_started" not in targets.targets_for(context, Period.parse("2026-Q3"))


def test_reports_show_the_target_and_whether_it_was_met_and_the_csv_does_not(
    context: ServiceContext,
) -> None:
    demo.add_demo_cases(context, 1500, seed=6, as_of=date(2026, 11, 1))
    rows = published(context, Q2, 5)
    before = statistics_csv(rows)
    targets.set_target(context, Target("placements_started", "2026-Q2", Comparison.AT_LEAST, 1))
    chosen = targets.targets_for(context, Q2)
    assert statistics_csv(published(context, Q2, 5)) == before
    pdf = statistics_pdf(rows, Q2.code, 5, trends(context, Q2, 5), "", date(2026, 7, 1), chosen)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Target 2026-Q2: at least 1 placements – met." in text
    workbook = load_workbook(io.BytesIO(statistics_xlsx(rows, Q2.code, 5, chosen)))
    sheet_rows = list(workbook["placements_started"].iter_rows(values_only=True))
    assert ("Target met", "Yes", None, None) in sheet_rows
