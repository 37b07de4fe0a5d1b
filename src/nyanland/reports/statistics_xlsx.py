"""The statistics as an Excel workbook: a sheet per indicator, headers in the chosen language,
suppressed cells as `..` with a legend, and numbers stored as numbers."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nyanland.domain.disclosure import Published
from nyanland.domain.indicators import CATALOGUE, TOTAL, Target
from nyanland.i18n import _
from nyanland.reports.labels import breakdown_label, category_label, unit_label

SUPPRESSED_MARK = ".."
LINKED_MARK = "..*"  # hidden by method 2 only (docs/statistics-method.md)
HEADER_FILL = PatternFill("solid", fgColor="DDE5EE")


def statistics_xlsx(
    rows: Sequence[Published],
    period: str,
    threshold: int,
    targets: Mapping[str, Target] | None = None,
) -> bytes:
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = _("About")
    about.append([_("Statistics for integration follow-up, {period}").format(period=period)])
    about["A1"].font = Font(bold=True, size=14)
    about.append([])
    for line in method_lines(threshold):
        about.append([line])
    about.column_dimensions["A"].width = 110

    for indicator in CATALOGUE:
        sheet = workbook.create_sheet(indicator.id)
        sheet.append([_(indicator.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_("Period: {period}").format(period=period)])
        sheet.append([])
        header = [_("Breakdown"), _("Category"), _("Value"), _("Unit")]
        sheet.append(header)
        for column in range(1, len(header) + 1):
            cell = sheet.cell(row=4, column=column)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for row in (r for r in rows if r.indicator == indicator.id):
            sheet.append(
                [
                    breakdown_label(row.breakdown),
                    category_label(row.breakdown, row.category),
                    mark(row) if row.value is None else row.value,
                    unit_label(row.unit),
                ]
            )
            sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(horizontal="right")
        target = (targets or {}).get(indicator.id)
        if target is not None:
            total = next(
                r.value for r in rows if r.indicator == indicator.id and r.breakdown == TOTAL
            )
            met = target.met_by(total)
            sheet.append([])
            sheet.append(
                [
                    _("Target"),
                    f"{target.comparison.label} {target.value}",
                    target.value,
                    unit_label(indicator.unit.value),
                ]
            )
            sheet.append([_("Target met"), {True: _("Yes"), False: _("No"), None: "–"}[met]])
        sheet.append([])
        for line in legend_lines(threshold, [r for r in rows if r.indicator == indicator.id]):
            sheet.append([line])
            sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
        for column, width in zip(range(1, 5), (28, 44, 12, 12), strict=True):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def legend(threshold: int) -> str:
    return _(
        "{mark} = not shown, to protect individuals (fewer than {k} people, or a figure "
        "that would reveal one)"
    ).format(mark=SUPPRESSED_MARK, k=threshold)


def mark(row: Published) -> str:
    return LINKED_MARK if row.linked else SUPPRESSED_MARK


def linked_legend() -> str:
    return _(
        "{mark} = not shown because, with the other figures published for the year (its "
        "quarters, the year itself, the shares and their bases), it would let a hidden figure "
        "be worked out (method 2)"
    ).format(mark=LINKED_MARK)


def legend_lines(threshold: int, rows: Sequence[Published]) -> list[str]:
    """The legend under a table: the line for the new reason only where a cell has it."""
    lines = [legend(threshold)]
    if any(row.linked for row in rows):
        lines.append(linked_legend())
    return lines


def method_lines(threshold: int) -> list[str]:
    return [
        _(
            "Counted from the cases of the establishment phase, following INDICATORS.md "
            "(version 1) and statistics method 2."
        ),
        _(
            "A quarter or year includes its first and last day. Ages are whole years on the "
            "date named."
        ),
        _("Counts from 1 to {k_1} are not shown (threshold {k}); 0 is shown.").format(
            k=threshold, k_1=threshold - 1
        ),
        _(
            "A percentage is not shown when its base is below {k}, or when it would reveal "
            "a group of 1 to {k_1} people; a median is not shown when its base is below {k}."
        ).format(k=threshold, k_1=threshold - 1),
        _(
            "Where a single hidden figure could be worked out from the total, the smallest "
            "other figure is hidden too."
        ),
        _("Percentages and medians are rounded half up to whole numbers."),
        _(
            "A period's figures are recorded when they are first published; every later file "
            "of the period shows the same figures. A year is made of its four quarters as "
            "recorded."
        ),
        _(
            "Where the year and its quarters, or a share and the counts, would together reveal "
            "a hidden figure, more is hidden ({mark})."
        ).format(mark=LINKED_MARK),
        _("The file holds no names, identity numbers, dates or free text."),
    ]
