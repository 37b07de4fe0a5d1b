"""Importing and exporting case files: all or nothing in, every case out, both audited."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nyanland.domain.case import case_problems
from nyanland.domain.duplicates import Someone
from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import Permission
from nyanland.i18n import _, ngettext
from nyanland.reports.files import is_standard_stream
from nyanland.services import audit, duplicates
from nyanland.services.access import require, visible_cases
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.case_file import CaseLine, case_to_json, parse_case
from nyanland.services.case_rows import NewCase, case_data_from_row, insert_cases, with_lists
from nyanland.services.context import ServiceContext
from nyanland.services.duplicates import FileDuplicate
from nyanland.store.models import CaseRow

log = logging.getLogger(__name__)

MAX_REPORTED = 50


@dataclass(frozen=True)
class LineProblem:
    line: int
    field: str
    problem: str


class CaseFileRejected(KnownError):
    """The file breaks the format or the rules somewhere; nothing of it was imported."""

    def __init__(self, file_name: str, problems: list[LineProblem]) -> None:
        self.file_name = file_name
        self.problems = tuple(problems)
        lines = [f"{file_name}:{p.line}: {p.field}: {p.problem}" for p in problems[:MAX_REPORTED]]
        if len(problems) > MAX_REPORTED:
            more = len(problems) - MAX_REPORTED
            lines.append(
                ngettext("… and {n} more problem", "… and {n} more problems", more).format(n=more)
            )
        super().__init__("\n".join(lines))


class FileUnreadable(KnownError):
    """The file cannot be opened or read."""


@dataclass(frozen=True)
class ImportReport:
    count: int
    dry_run: bool
    # Lines that may be a person already in the store or on an earlier line: imported all the
    # same (a warning, not a rule), for the officer to look at.
    duplicates: tuple[FileDuplicate, ...] = ()

    def warnings(self, file_name: str) -> list[str]:
        lines = []
        for duplicate in self.duplicates:
            if duplicate.case_number is not None:
                text = _("may be the same person as case {number}").format(
                    number=duplicate.case_number
                )
            else:
                text = _("may be the same person as line {line}").format(line=duplicate.other_line)
            lines.append(f"{file_name}:{duplicate.line}: {text}")
        return lines


BATCH = 2_000  # cases parsed, checked against the store and written at a time


def import_cases(context: ServiceContext, path: Path, dry_run: bool = False) -> ImportReport:
    """Adds every case of the file in one transaction, or none when any line has a problem.

    The file is read a line at a time and written in batches inside that one transaction, so
    a file of any size needs the memory of one batch, and a few facts per line for the check
    of likely duplicates, which runs once every line is read (a problem anywhere leaves the
    store as it was: the transaction is rolled back)."""
    require(context, Permission.CASES)
    file_name = str(path)
    today, now = context.clock.today(), context.clock.now()
    problems: list[LineProblem] = []
    people: list[tuple[int, Someone]] = []
    added: set[int] = set()
    households: dict[str, int] = {}
    with context.store.writing() as session, _opened(path) as handle:
        batch: list[tuple[int, CaseLine]] = []

        def write_batch() -> None:
            problems.extend(_store_conflicts(session, batch))
            if batch and not problems and not dry_run:
                new = [NewCase(line.data, line.household_key) for _number, line in batch]
                added.update(
                    insert_cases(session, new, now, context.actor.name, households=households)
                )
            batch.clear()

        for number, case in _lines(handle, today, problems):
            people.append((number, duplicates.someone(case.data)))
            batch.append((number, case))
            if len(batch) == BATCH:
                write_batch()
        write_batch()
        if problems:
            problems.sort(key=lambda p: p.line)
            raise CaseFileRejected(file_name, problems)
        likely = tuple(duplicates.in_file(session, context, people, added))
        if dry_run or not people:
            return ImportReport(len(people), dry_run, likely)
        audit.record(session, context, AuditAction.CASES_IMPORTED, detail=str(len(people)))
    log.info("imported %d cases (%d likely duplicates)", len(people), len(likely))
    return ImportReport(len(people), dry_run, likely)


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[IO[bytes]]:
    if is_standard_stream(path):
        yield sys.stdin.buffer
        return
    try:
        handle = path.open("rb")
    except OSError as error:
        raise FileUnreadable(
            _("cannot read {file}: {reason}").format(file=path, reason=error.strerror)
        ) from None
    with handle:
        yield handle


def _lines(
    handle: IO[bytes], today: date, problems: list[LineProblem]
) -> Iterator[tuple[int, CaseLine]]:
    """The file's cases by line number; a line's problems go to `problems` instead."""
    first_line_of: dict[tuple[str, str], int] = {}
    try:
        for number, read in enumerate(handle, start=1):
            raw_line = read[:-1] if read.endswith(b"\n") else read
            if number == 1 and raw_line.startswith(b"\xef\xbb\xbf"):
                raw_line = raw_line[3:]
            try:
                line = raw_line.decode("utf-8")
            except UnicodeDecodeError as error:
                problems.append(
                    LineProblem(
                        number,
                        "(line)",
                        _("not UTF-8 text (byte {position})").format(position=error.start + 1),
                    )
                )
                continue
            if not line.strip():
                continue
            try:
                case = parse_case(line, today)
            except FieldError as error:
                problems.append(LineProblem(number, error.field, error.problem))
                continue
            problems.extend(
                LineProblem(number, p.field, p.problem) for p in case_problems(case.data, today)
            )
            for field, value in (
                ("person.personal_identity_number", case.data.person.personal_identity_number),
                ("case_number", case.data.case_number),
            ):
                if value is None:
                    continue
                first = first_line_of.setdefault((field, value), number)
                if first != number:
                    problems.append(
                        LineProblem(
                            number, field, _("also given on line {line}").format(line=first)
                        )
                    )
            yield number, case
    except OSError as error:
        raise FileUnreadable(
            _("cannot read {file}: {reason}").format(file=handle.name, reason=error.strerror)
        ) from None


def _store_conflicts(session: Session, cases: list[tuple[int, CaseLine]]) -> list[LineProblem]:
    """Identity numbers and case numbers the store already has (looked up by their indexes)."""
    numbers = [n for _l, c in cases if (n := c.data.person.personal_identity_number) is not None]
    case_numbers = [n for _l, c in cases if (n := c.data.case_number) is not None]
    owner_of_pin: dict[str, str] = {}
    for part in chunks(numbers):
        found = select(CaseRow.personal_identity_number, CaseRow.case_number).where(
            CaseRow.personal_identity_number.in_(part)
        )
        owner_of_pin.update({pin: number for pin, number in session.execute(found) if pin})
    taken_case_numbers: set[str] = set()
    for part in chunks(case_numbers):
        taken_case_numbers.update(
            session.scalars(select(CaseRow.case_number).where(CaseRow.case_number.in_(part)))
        )
    problems = []
    for line_number, case in cases:
        pin = case.data.person.personal_identity_number
        if pin is not None and pin in owner_of_pin:
            problems.append(
                LineProblem(
                    line_number,
                    "person.personal_identity_number",
                    _("already registered in case {number}").format(number=owner_of_pin[pin]),
                )
            )
        if case.data.case_number in taken_case_numbers:
            problems.append(
                LineProblem(line_number, "case_number", _("is already used by a case in the store"))
            )
    return problems


def export_cases(context: ServiceContext, path: Path) -> int:
    """Writes every case to `path` (replacing it only once the whole file is written)."""
    require(context, Permission.CASES)
    if is_standard_stream(path):
        # What leaves through a pipe cannot be called back: logged before the first line.
        with context.store.writing() as session:
            count = (
                session.scalar(
                    select(func.count()).select_from(CaseRow).where(visible_cases(context))
                )
                or 0
            )
            audit.record(session, context, AuditAction.CASES_EXPORTED, detail=str(count))
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
        try:
            count = _write_cases(context, stream)
            stream.flush()
        finally:
            stream.detach()  # standard output stays open for the messages after it
        return count
    folder = path.parent if str(path.parent) else Path(".")
    try:
        # Closed by the `with handle` below; created first so a bad folder fails clearly.
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
            "w",
            encoding="utf-8",
            newline="\n",
            dir=folder,
            prefix=".nyanland-export-",
            suffix=".tmp",
            delete=False,
        )
    except OSError as error:
        raise FileUnreadable(
            _("cannot write to {folder}: {reason}").format(folder=folder, reason=error.strerror)
        ) from None
    temporary = Path(handle.name)
    try:
        with handle:
            count = _write_cases(context, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FileUnreadable(
            _("cannot write {file}: {reason}").format(file=path, reason=error.strerror)
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        with context.store.writing() as session:
            audit.record(session, context, AuditAction.CASES_EXPORTED, detail=str(count))
    except BaseException:
        path.unlink(missing_ok=True)  # an export the audit log does not show must not remain
        raise
    log.info("exported %d cases", count)
    return count


def _write_cases(context: ServiceContext, handle: IO[str]) -> int:
    count = 0
    with context.store.reading() as session:
        rows = session.scalars(
            select(CaseRow)
            .where(visible_cases(context))
            .order_by(CaseRow.id)
            .options(*with_lists())
            .execution_options(yield_per=500)
        )
        for row in rows:
            household = f"H{row.household_id}" if row.household_id is not None else None
            line = case_to_json(case_data_from_row(row), row.case_number, household)
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count
