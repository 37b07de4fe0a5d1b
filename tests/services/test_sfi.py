"""SFI staff's work: finding people, recording courses, who waits, and a provider's list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from nyanland.domain.case import SfiEnrolment
from nyanland.domain.codes import Sex, SfiCourse, SfiGrade, SfiStatus, StudyPath
from nyanland.domain.errors import NotFound, StaleVersion, ValidationFailed
from nyanland.services import audit, sfi, sfi_import
from nyanland.services.cases import CaseService
from nyanland.services.sfi_import import RowStatus, SfiListRejected
from nyanland.services.sfi_list import SfiListUnreadable, parse_sfi_list, parse_swedish_date
from tests.conftest import TODAY, Team
from tests.factories import case

AMINA = "19811218-9876"
HEADER = "personal_identity_number;start_date;study_path;course;provider;childcare;vocational"


def _people(team: Team) -> tuple[int, int]:
    service = CaseService(team.officer)
    amina = service.create(case(reception={"reception_date": date(2026, 3, 2)}))
    yusuf = service.create(
        case(
            person={
                "first_name": "Yusuf",
                "personal_identity_number": "199001012385",
                "birth_date": date(1990, 1, 1),
                "sex": Sex.MALE,
                "dossier_number": "87654321",
            },
            reception={"reception_date": date(2026, 1, 10)},
        )
    )
    return amina.id, yusuf.id


# -- the list's format ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_every_encoding_and_separator_reads_the_same(encoding: str, separator: str) -> None:
    text = (
        "course;start_date;provider;personal_identity_number;study_path;;\n"
        f"B;2026-04-01;Sjöstadens SFI;{AMINA};2;;\n"
    ).replace(";", separator)
    decoded = (
        text.encode(encoding).decode("utf-8", errors="strict")
        if encoding != "cp1252"
        else text.encode("cp1252").decode("cp1252")
    )
    from nyanland.services.sfi_list import decode

    rows, problems = parse_sfi_list(decode(text.encode(encoding)), TODAY)
    assert problems == []
    assert decoded  # (the test's own text encodes in every encoding)
    assert [(r.identity_number, r.course, r.study_path, r.provider) for r in rows] == [
        ("198112189876", SfiCourse.B, StudyPath.PATH_2, "Sjöstadens SFI")
    ]


def test_a_real_school_export_reads(tmp_path: Path) -> None:
    """Windows-1252 after a BOM, semicolons, quoted cells, trailing empty columns, Swedish
    dates, yes/no in Swedish, empty lines."""
    content = b"\xef\xbb\xbf" + "\r\n".join(
        [
            '"Personal_identity_number";"start_date";"study_path";"course";"provider";'
            '"childcare";"vocational";;;',
            f'"{AMINA}";"2 april 2026";"2";"B";"Hermods Göteborg";"Ja";"Nej";;;',
            '"199001012385";"2026-01-20";"3";"3C";"Lärcentrum Väst";"nej";"ja";;;',
            ";;;;;;;;;",
            "",
        ]
    ).encode("cp1252")
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    from nyanland.services.sfi_list import read_sfi_list

    rows, problems = read_sfi_list(path, TODAY)
    assert problems == []
    assert [
        (r.line, r.start_date, r.course.value, r.provider, r.childcare, r.vocational) for r in rows
    ] == [
        (2, date(2026, 4, 2), "B", "Hermods Göteborg", True, False),
        (3, date(2026, 1, 20), "C", "Lärcentrum Väst", False, True),
    ]


@pytest.mark.parametrize(
    ("cells", "field", "problem"),
    [
        ("19811218-9877;2026-04-01;1;A", "personal_identity_number", "check digit is wrong"),
        (f"{AMINA};2026-13-01;1;A", "start_date", "not a date (2026-13-01)"),
        (f"{AMINA};2027-01-01;1;A", "start_date", "is in the future (2027-01-01)"),
        (f"{AMINA};2026-04-01;4;A", "study_path", "must be 1, 2 or 3 (not 4)"),
        (f"{AMINA};2026-04-01;3;A", "course", "course A is not given on study path 3"),
        (f"{AMINA};2026-04-01;1;E", "course", "must be A, B, C or D (not E)"),
        (f"{AMINA};2026-04-01;1;A;;kanske", "childcare", "must be yes or no"),
        (f"{AMINA};2026-04-01;1;A;{'x' * 201}", "provider", "longer than 200"),
        (f"{AMINA};;1;A", "start_date", "not a date (empty)"),
    ],
)
def test_each_kind_of_bad_row_is_named_by_line_and_field(
    cells: str, field: str, problem: str
) -> None:
    rows, problems = parse_sfi_list(
        "personal_identity_number;start_date;study_path;course;provider;childcare\n" + cells,
        TODAY,
    )
    assert rows == []
    assert [(p.line, p.field) for p in problems] == [(2, field)]
    assert problem in problems[0].problem


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("personal_identity_number;start_date;course\n", "has no column study_path"),
        (HEADER + ";name\n", "unknown column name"),
        ("course;course;start_date;study_path;personal_identity_number\n", "course is there twice"),
    ],
)
def test_a_list_with_wrong_columns_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(SfiListUnreadable, match=message):
        parse_sfi_list(text, TODAY)


def test_swedish_ways_of_writing_a_date() -> None:
    for text in ("2026-03-02", "20260302", "2/3/2026", "2.3.2026", "2 mars 2026", "2 Mar 2026"):
        assert parse_swedish_date(text) == date(2026, 3, 2), text
    assert parse_swedish_date("30 februari 2026") is None


# -- one person at a time ------------------------------------------------------------------------


def test_sfi_staff_find_a_person_by_name_number_or_dossier_and_see_only_that(team: Team) -> None:
    amina, _yusuf = _people(team)
    for text in ("haddad amina", "811218", "12345678"):
        found = sfi.find_people(team.sfi, text)
        assert [(m.case_id, m.full_name, m.birth_date, m.identity_number) for m in found] == [
            (amina, "Amina Haddad", date(1981, 12, 18), AMINA)
        ], text
    record = sfi.sfi_record(team.sfi, amina)
    assert sorted(record.__dataclass_fields__) == [
        "birth_date",
        "case_id",
        "closed",
        "enrolments",
        "full_name",
        "identity_number",
        "reception_date",
        "version",
    ]
    assert record.start_due == date(2026, 5, 31)


def test_a_course_is_started_moved_on_completed_and_interrupted(team: Team) -> None:
    amina, _yusuf = _people(team)
    record = sfi.sfi_record(team.sfi, amina)
    start = SfiEnrolment(date(2026, 4, 1), StudyPath.PATH_2, SfiCourse.B, "Hermods")
    record = sfi.record_start(team.sfi, amina, start, record.version)
    record = sfi.move_to_next_course(
        team.sfi, amina, 0, date(2026, 8, 1), SfiGrade.C, record.version
    )
    assert [(c.course, c.status, c.grade, c.provider) for c in record.enrolments] == [
        (SfiCourse.B, SfiStatus.COMPLETED, SfiGrade.C, "Hermods"),
        (SfiCourse.C, SfiStatus.ONGOING, None, "Hermods"),
    ]
    with pytest.raises(StaleVersion):
        sfi.interrupt(team.sfi, amina, 1, date(2026, 9, 1), record.version - 1)
    record = sfi.interrupt(team.sfi, amina, 1, date(2026, 9, 1), record.version)
    assert record.enrolments[1].status is SfiStatus.INTERRUPTED
    with pytest.raises(ValidationFailed, match=r"sfi\[2\]\.course: course A is not given"):
        sfi.record_start(
            team.sfi,
            amina,
            replace(start, study_path=StudyPath.PATH_3, course=SfiCourse.A),
            record.version,
        )
    record = sfi.complete(team.officer, amina, 1, date(2026, 9, 1), SfiGrade.F, record.version)
    assert CaseService(team.officer).get(amina).data.sfi == record.enrolments
    changed = [e for e in audit.events(team.admin) if e.action == "case_changed"]
    assert {e.actor for e in changed} == {"sam.sfi", "anna.officer"}


def test_the_waiting_list_holds_adults_without_sfi_oldest_first(team: Team) -> None:
    amina, yusuf = _people(team)
    CaseService(team.officer).create(
        case(
            person={
                "first_name": "Sara",
                "personal_identity_number": "201501012387",
                "birth_date": date(2015, 1, 1),
            }
        )
    )  # a child goes to school, not SFI
    assert [w.case_id for w in sfi.waiting_for_sfi(team.sfi)] == [yusuf, amina]
    record = sfi.sfi_record(team.sfi, yusuf)
    sfi.record_start(
        team.sfi,
        yusuf,
        SfiEnrolment(date(2026, 2, 1), StudyPath.PATH_1, SfiCourse.A),
        record.version,
    )
    assert [w.case_id for w in sfi.waiting_for_sfi(team.sfi)] == [amina]


# -- a provider's list ----------------------------------------------------------------------------


def test_a_list_is_previewed_then_recorded_and_a_second_import_skips_what_is_there(
    team: Team, tmp_path: Path
) -> None:
    amina, yusuf = _people(team)
    path = tmp_path / "list.csv"
    path.write_text(
        HEADER + "\n" + f"{AMINA};2026-04-01;2;B;Hermods;ja;nej\n199001012385;2026-02-01;1;A;;;\n",
        encoding="utf-8",
    )
    preview = sfi_import.preview_import(team.sfi, path)
    assert [(r.line, r.status) for r in preview.rows] == [(2, RowStatus.NEW), (3, RowStatus.NEW)]
    assert CaseService(team.officer).get(amina).data.sfi == ()  # a preview writes nothing
    report = sfi_import.import_sfi(team.sfi, path)
    assert (report.recorded, report.already_recorded) == (2, 0)
    assert sfi.sfi_record(team.sfi, amina).enrolments[0].childcare is True
    again = sfi_import.import_sfi(team.sfi, path)
    assert (again.recorded, again.already_recorded) == (0, 2)
    assert len(sfi.sfi_record(team.sfi, yusuf).enrolments) == 1


def test_one_unmatched_or_invalid_row_records_nothing(team: Team, tmp_path: Path) -> None:
    amina, _yusuf = _people(team)
    path = tmp_path / "list.csv"
    path.write_text(
        HEADER + "\n" + f"{AMINA};2026-04-01;2;B\n"
        "19900101-2393;2026-02-01;1;A\n"  # nobody has this number
        f"{AMINA};2026-02-01;1;A\n"  # before Amina's reception
        f"{AMINA};2026-04-01;2;B\n",
        encoding="utf-8",
    )
    with pytest.raises(SfiListRejected) as rejected:
        sfi_import.import_sfi(team.sfi, path)
    assert [(r.line, r.status) for r in rejected.value.rows] == [
        (3, RowStatus.UNMATCHED),
        (4, RowStatus.INVALID),
        (5, RowStatus.INVALID),
    ]
    assert str(rejected.value).splitlines()[0] == (
        f"{path}:3: personal_identity_number: no case has the identity number 19900101-2393"
    )
    assert "the same start as on line 2" in str(rejected.value)
    assert CaseService(team.officer).get(amina).data.sfi == ()


def test_a_long_list_is_recorded_in_one_transaction_with_one_audit_entry_per_case(
    team: Team, tmp_path: Path
) -> None:
    from nyanland.services import demo

    demo.add_demo_cases(team.officer, 3000, seed=3, as_of=TODAY)
    waiting = [w for w in sfi.waiting_for_sfi(team.sfi) if w.identity_number]
    assert len(waiting) > 100
    lines = [HEADER] + [
        f"{w.identity_number};{w.reception_date.isoformat()};1;A;Skolan;;" for w in waiting
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    staff = audit.AuditQuery(user=team.sfi.actor.name)
    before = len(audit.events(team.admin, staff))
    report = sfi_import.import_sfi(team.sfi, path)
    assert (report.recorded, report.already_recorded) == (len(waiting), 0)
    assert [w for w in sfi.waiting_for_sfi(team.sfi) if w.identity_number] == []
    added = audit.events(team.admin, staff)[before:]
    assert len([e for e in added if e.action == "case_changed"]) == len(waiting)
    assert [e.detail for e in added if e.action == "sfi_imported"] == [str(len(waiting))]
    assert audit.verify(team.admin).intact


def test_a_child_under_the_sfi_age_is_refused_by_line_in_a_list_and_in_the_workspace(
    team: Team, tmp_path: Path
) -> None:
    """SFI is from 16 (DOMAIN.md): a start for a child of 12 is a mistake in the list."""
    child = CaseService(team.officer).create(
        case(
            person={
                "first_name": "Lina",
                "personal_identity_number": "201304051236",
                "birth_date": date(2013, 4, 5),
            }
        )
    )
    path = tmp_path / "list.csv"
    path.write_text(HEADER + "\n20130405-1236;2026-04-01;1;A\n", encoding="utf-8")
    with pytest.raises(SfiListRejected) as rejected:
        sfi_import.import_sfi(team.sfi, path, dry_run=True)
    start = SfiEnrolment(date(2026, 4, 1), StudyPath.PATH_1, SfiCourse.A)
    # SFI staff see no one under the SFI age, on a file as on a team server: not there.
    assert str(rejected.value) == (
        f"{path}:2: personal_identity_number: no case has the identity number 20130405-1236"
    )
    assert sfi.find_people(team.sfi, "Lina") == []
    with pytest.raises(NotFound):
        sfi.record_start(team.sfi, child.id, start, child.version)
    # The officer, who sees the child, is told why.
    with pytest.raises(SfiListRejected, match="the person is 12 on this date"):
        sfi_import.import_sfi(team.officer, path, dry_run=True)
    with pytest.raises(ValidationFailed, match=r"sfi\[0\]\.start_date: the person is 12"):
        sfi.record_start(team.officer, child.id, start, child.version)
    assert CaseService(team.officer).get(child.id).data.sfi == ()
