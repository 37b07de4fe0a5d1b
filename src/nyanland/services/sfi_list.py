"""Reading an SFI provider's list (INTERCHANGE.md): UTF-8 with or without BOM, or
Windows-1252; `;` or `,` separated (detected from the header); the columns named in any order;
trailing empty columns ignored. Each row becomes an enrolment to record, or its problem."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nyanland.domain.case import TEXT_MAX
from nyanland.domain.codes import COURSES_ON_PATH, SfiCourse, StudyPath
from nyanland.domain.errors import KnownError
from nyanland.domain.identity import InvalidIdentityNumber, parse_identity_number
from nyanland.i18n import _
from nyanland.reports.files import read_input

REQUIRED = ("personal_identity_number", "start_date", "study_path", "course")
OPTIONAL = ("provider", "childcare", "vocational")
MAX_BYTES = 50 * 1024 * 1024

_YES = {"1", "ja", "j", "yes", "y", "true", "x", "sant"}
_NO = {"", "0", "nej", "n", "no", "false", "falskt"}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "januari"),
            ("feb", "februari"),
            ("mar", "mars"),
            ("apr", "april"),
            ("maj",),
            ("jun", "juni"),
            ("jul", "juli"),
            ("aug", "augusti"),
            ("sep", "sept", "september"),
            ("okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_WRITTEN = re.compile(r"^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})$")


class SfiListUnreadable(KnownError):
    """The file cannot be read as an SFI list at all (no header, wrong columns, not text)."""


@dataclass(frozen=True)
class SfiRow:
    """One valid row: the enrolment to record for the person with this identity number."""

    line: int
    identity_number: str  # canonical 12 digits
    start_date: date
    study_path: StudyPath
    course: SfiCourse
    provider: str | None
    childcare: bool
    vocational: bool


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.line}: {self.field}: {self.problem}"


def decode(data: bytes) -> str:
    """UTF-8, else Windows-1252; a BOM is dropped (some school systems write one before
    Windows-1252 text too)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_sfi_list(path: Path, today: date) -> tuple[list[SfiRow], list[RowProblem]]:
    try:
        data = read_input(path)
        if len(data) > MAX_BYTES:
            raise SfiListUnreadable(_("{file}: larger than 50 MB").format(file=path))
    except OSError as error:
        raise SfiListUnreadable(f"{path}: {error.strerror or error}") from None
    return parse_sfi_list(decode(data), today, str(path))


def parse_sfi_list(
    text: str, today: date, name: str = "-"
) -> tuple[list[SfiRow], list[RowProblem]]:
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise SfiListUnreadable(_("{file}: the file is empty").format(file=name))
    header_line = lines[header_index]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[SfiRow] = []
    problems: list[RowProblem] = []
    columns: dict[str, int] | None = None
    try:
        for record in reader:
            line = reader.line_num
            if columns is None:
                if not any(cell.strip() for cell in record):
                    continue
                columns = _columns(record, name)
                continue
            if not any(cell.strip() for cell in record):
                continue
            row, found = _row(record, columns, line, today)
            if row is not None:
                rows.append(row)
            problems += found
    except csv.Error as error:
        raise SfiListUnreadable(
            _("{file}:{line}: not a readable CSV line ({reason})").format(
                file=name, line=reader.line_num, reason=error
            )
        ) from None
    if columns is None:
        raise SfiListUnreadable(_("{file}: the file is empty").format(file=name))
    return rows, problems


def _columns(header: list[str], name: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = cell.strip().strip('"').strip().lower().replace(" ", "_")
        if not column:
            continue  # a trailing empty column of a spreadsheet export
        if column not in REQUIRED + OPTIONAL:
            raise SfiListUnreadable(
                _("{file}: unknown column {column} (the columns are {known})").format(
                    file=name, column=cell.strip(), known=", ".join(REQUIRED + OPTIONAL)
                )
            )
        if column in columns:
            raise SfiListUnreadable(
                _("{file}: the column {column} is there twice").format(file=name, column=column)
            )
        columns[column] = index
    missing = [column for column in REQUIRED if column not in columns]
    if missing:
        raise SfiListUnreadable(
            _("{file}: the header has no column {columns}").format(
                file=name, columns=", ".join(missing)
            )
        )
    return columns


def _row(
    record: list[str], columns: dict[str, int], line: int, today: date
) -> tuple[SfiRow | None, list[RowProblem]]:
    def cell(column: str) -> str:
        index = columns.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    problems: list[RowProblem] = []

    def problem(column: str, text: str) -> None:
        problems.append(RowProblem(line, column, text))

    number = ""
    try:
        number = parse_identity_number(cell("personal_identity_number"), today).digits
    except InvalidIdentityNumber as error:
        problem("personal_identity_number", str(error))
    start = parse_swedish_date(cell("start_date"))
    if start is None:
        problem(
            "start_date",
            _("not a date ({value}); write it YYYY-MM-DD").format(
                value=cell("start_date") or _("empty")
            ),
        )
    elif start > today:
        problem("start_date", _("is in the future ({value})").format(value=start.isoformat()))
    path_text = cell("study_path").removeprefix("studieväg").strip()
    path = StudyPath(path_text) if path_text in StudyPath.codes() else None
    if path is None:
        problem(
            "study_path",
            _("must be 1, 2 or 3 (not {value})").format(value=cell("study_path") or _("empty")),
        )
    course_text = cell("course").upper().removeprefix("SFI").strip()
    if len(course_text) == 2 and course_text[0] in "123":
        course_text = course_text[1]  # "2B": the path is in the study_path column
    course = SfiCourse(course_text) if course_text in SfiCourse.codes() else None
    if course is None:
        problem(
            "course",
            _("must be A, B, C or D (not {value})").format(value=cell("course") or _("empty")),
        )
    elif path is not None and course not in COURSES_ON_PATH[path]:
        problem(
            "course",
            _("course {course} is not given on study path {path}").format(
                course=course.value, path=path.value
            ),
        )
    provider = cell("provider") or None
    if provider is not None and len(provider) > TEXT_MAX:
        problem("provider", _("is longer than {n} characters").format(n=TEXT_MAX))
    flags = {}
    for column in ("childcare", "vocational"):
        value = cell(column).lower()
        if value in _YES:
            flags[column] = True
        elif value in _NO:
            flags[column] = False
        else:
            problem(
                column, _("must be yes or no (ja/nej, 1/0), not {value}").format(value=cell(column))
            )
    if problems or start is None or path is None or course is None:
        return None, problems
    return SfiRow(
        line, number, start, path, course, provider, flags["childcare"], flags["vocational"]
    ), []


def parse_swedish_date(text: str) -> date | None:
    """2026-03-02, 20260302, 2/3/2026, 2.3.2026 or 2 mars 2026; None when it is none of them."""
    written = text.strip().lower()
    try:
        if match := _ISO.match(written):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST.match(written):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _WRITTEN.match(written)) and match[2] in _MONTHS:
            return date(int(match[3]), _MONTHS[match[2]], int(match[1]))
    except ValueError:
        return None
    return None
