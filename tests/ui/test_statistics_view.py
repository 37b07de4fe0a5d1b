"""The coordinator's view in the window: a period's figures as the files show them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from nyanland.domain.indicators import CATALOGUE, Comparison, Target
from nyanland.domain.timeline import Period
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.reports.statistics_xlsx import LINKED_MARK, linked_legend, mark
from nyanland.services import demo, publication, targets
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.publication import published
from nyanland.ui.main_window import MainWindow, Services
from nyanland.ui.statistics_view import IndicatorTableModel
from tests.conftest import make_team
from tests.ui.conftest import fail_on_bug


def test_the_view_previews_the_files_figures_with_suppressed_cells_marked(
    qtbot: QtBot,
    window: MainWindow,
    context: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo.add_demo_cases(context, 800, seed=8, as_of=date(2026, 11, 1))
    targets.set_target(context, Target("work_or_studies_share", "2026", Comparison.AT_LEAST, 50))
    view = window.statistics
    view.period.setCurrentIndex(view.period.findData("2026-Q2"))
    window.show_statistics()
    qtbot.waitUntil(
        lambda: view.figures is not None and view.figures.period.code == "2026-Q2", timeout=10_000
    )
    expected = published(context, Period.parse("2026-Q2"), 5)
    assert list(view.figures.rows) == expected  # type: ignore[union-attr]
    view.indicators.setCurrentRow(0)
    shown = [view.model.index(r, 2).data() for r in range(view.model.rowCount())]
    assert shown == [
        ".." if r.value is None else str(r.value) for r in expected if r.indicator == "received"
    ]
    view.indicators.setCurrentRow(9)  # work_or_studies_share
    # A share with its sign and its base (the persons it is a share of), `..` where hidden.
    bases = {(r.breakdown, r.category): r for r in expected if r.indicator == "establishment_ended"}
    shares = [r for r in expected if r.indicator == "work_or_studies_share"]
    assert [view.model.index(i, 2).data() for i in range(len(shares))] == [
        mark(r)
        if r.value is None
        else f"{r.value} % of "
        + (
            ".."
            if bases[(r.breakdown, r.category)].value is None
            else str(bases[(r.breakdown, r.category)].value)
        )
        for r in shares
    ]
    assert any(r.value is not None for r in shares)
    assert view.target.text().startswith("Target 2026: at least 50 percent")
    assert len(view.chart.series()) == 2  # the bars and the target line

    view.threshold.setValue(8)
    qtbot.waitUntil(lambda: view.figures is not None and view.figures.threshold == 8)
    out = tmp_path / "stats.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    view.export("csv")
    qtbot.waitUntil(lambda: out.exists(), timeout=10_000)
    assert out.read_text(encoding="utf-8") == statistics_csv(
        published(context, Period.parse("2026-Q2"), 8)
    )


def test_the_indicator_table_model(qtmodeltester: ModelTester, context: ServiceContext) -> None:
    model = IndicatorTableModel()
    rows = [r for r in published(context, Period.parse("2026-Q1"), 5) if r.indicator == "housed"]
    model.set_rows(rows, 5)
    qtmodeltester.check(model)
    assert model.rowCount() == 6


def test_the_coordinator_sets_and_removes_targets_in_the_window(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    dialog = window.statistics.edit_targets()
    dialog.indicator.setCurrentIndex(dialog.indicator.findData("placements_started"))
    dialog.period.setText("2026")
    dialog.comparison.setCurrentIndex(dialog.comparison.findData("at_least"))
    dialog.value.setValue(100)
    dialog.set_button.click()
    assert targets.all_targets(context) == [
        Target("placements_started", "2026", Comparison.AT_LEAST, 100)
    ]
    assert dialog.table.item(0, 2).text() == "at least 100 placements"
    dialog.period.setText("2026-Q7")
    dialog.set_button.click()
    assert "is not a year (2026) or a quarter" in dialog.error.text()
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert targets.all_targets(context) == []
    dialog.reject()


def test_a_years_cells_hidden_by_method_2_are_marked_and_explained(
    qtbot: QtBot, window: MainWindow, context: ServiceContext
) -> None:
    demo.add_demo_cases(context, 300, seed=0, as_of=date(2026, 11, 1))
    view = window.statistics
    window.show_statistics()
    view.period.setCurrentIndex(view.period.findData("2025"))
    qtbot.waitUntil(
        lambda: view.figures is not None and view.figures.period.code == "2025", timeout=10_000
    )
    assert view.figures is not None
    linked = [r for r in view.figures.rows if r.linked]
    assert linked
    view.indicators.setCurrentRow(
        next(n for n, i in enumerate(CATALOGUE) if i.id == linked[0].indicator)
    )
    marks = [view.model.index(r, 2).data() for r in range(view.model.rowCount())]
    assert LINKED_MARK in marks
    row = marks.index(LINKED_MARK)
    assert view.model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole) == linked_legend()
    assert linked_legend() in view.status.text()
    assert "Not published yet" in view.status.text()
    assert view.csv_button.isEnabled()

    view.period.setCurrentIndex(view.period.findData("2026-Q4"))  # today is in it
    qtbot.waitUntil(lambda: view.figures is not None and view.figures.period.code == "2026-Q4")
    assert not view.csv_button.isEnabled() and not view.pdf_button.isEnabled()
    assert "31 December 2026" in view.csv_button.toolTip()
    assert "runs until" in view.status.text()


def test_on_a_team_server_the_coordinator_sees_what_an_administrator_published(
    qtbot: QtBot, postgres_url: str, clock: Clock, settings: QSettings
) -> None:
    server = make_team(postgres_url, clock)
    coordinator = server.coordinator
    window = MainWindow(Services(coordinator, CaseService(coordinator)), settings, fail_on_bug)
    try:
        demo.add_demo_cases(server.officer, 200, seed=8, as_of=date(2026, 11, 1))
        window.show()
        view = window.statistics
        view.period.setCurrentIndex(view.period.findData("2026-Q2"))
        window.show_statistics()
        # Not published yet: said in the view, where the figures would be, and no export.
        qtbot.waitUntil(lambda: "not published" in view.status.text().lower(), timeout=10_000)
        assert view.figures is None and view.model.rowCount() == 0
        assert not view.csv_button.isEnabled()

        quarter = Period.parse("2026-Q2")
        publication.for_file(server.admin, quarter, 5)  # the administrator's first file
        view.refresh()
        qtbot.waitUntil(lambda: view.figures is not None, timeout=10_000)
        assert list(view.figures.rows) == published(server.admin, quarter, 5)  # type: ignore[union-attr]
        assert view.csv_button.isEnabled()
        assert "Recorded on" in view.status.text()
    finally:
        window.executor.settle()
        window.close()
        server.close()
