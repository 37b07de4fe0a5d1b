"""Case files in and out, to the letter of INTERCHANGE.md: all or nothing, precise messages."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from nyanland.services import audit, demo, transfer
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.services.transfer import CaseFileRejected, export_cases, import_cases
from nyanland.store import migrate
from nyanland.store.engine import Store, sqlite_url
from tests.factories import case


def valid_case(**changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "format": "nyanland.case/1",
        "person": {
            "personal_identity_number": "811218-9876",
            "first_name": "Amina",
            "last_name": "Haddad",
            "birth_date": "1981-12-18",
            "sex": "female",
        },
        "reception": {"reception_date": "2026-03-02", "reception_type": "assigned"},
    }
    for dotted, value in changes.items():
        target = line
        *parents, key = dotted.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[key] = value
    return line


def write_lines(path: Path, *lines: dict[str, Any] | str) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def store_fingerprint(context: ServiceContext) -> str:
    """Every row of every table, so 'nothing changed' can be checked exactly."""
    digest = hashlib.sha256()
    with context.store.engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            for row in connection.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr((table, tuple(row))).encode())
    return digest.hexdigest()


def test_export_then_import_gives_the_same_cases(
    context: ServiceContext, tmp_path: Path, store_path: Path
) -> None:
    demo.add_demo_cases(context, 300, seed=7, as_of=date(2026, 11, 1))
    first = tmp_path / "first.jsonl"
    assert export_cases(context, first) == 300

    other = Store(sqlite_url(tmp_path / "other.sqlite3"))
    migrate.upgrade(other)
    other_context = ServiceContext(other, context.actor, context.clock)
    assert import_cases(other_context, first).count == 300
    second = tmp_path / "second.jsonl"
    export_cases(other_context, second)
    other.dispose()

    def without_household_ids(path: Path) -> list[dict[str, Any]]:
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        groups: dict[str, list[str]] = {}
        for item in cases:
            if item["household"]:
                groups.setdefault(item.pop("household"), []).append(item["case_number"])
            else:
                item.pop("household")
        return [*cases, sorted(sorted(g) for g in groups.values())]

    assert without_household_ids(first) == without_household_ids(second)


@pytest.mark.parametrize("batch", [1, transfer.BATCH])  # written a case at a time, or at once
def test_one_bad_line_refuses_the_whole_file_and_changes_nothing(
    context: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(transfer, "BATCH", batch)
    CaseService(context).create(
        case(person={"personal_identity_number": "195704289999", "birth_date": date(1957, 4, 28)})
    )
    before = store_fingerprint(context)
    path = write_lines(
        tmp_path / "cases.jsonl",
        valid_case(),
        valid_case(
            **{"person.personal_identity_number": "19811218-9877", "person.first_name": "Yonas"}
        ),
    )
    with pytest.raises(CaseFileRejected) as refused:
        import_cases(context, path)
    assert str(refused.value) == (
        f"{path}:2: person.personal_identity_number: check digit is wrong (19811218-9877)"
    )
    assert store_fingerprint(context) == before


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            valid_case(**{"person.nickname": "Mina"}),
            "1: person.nickname: unknown key (check the spelling)",
        ),
        (valid_case(colour="red"), "1: colour: unknown key (check the spelling)"),
        (valid_case(format="nyanland.case/2"), "1: format: must be nyanland.case/1"),
        (valid_case(**{"person.first_name": None}), "1: person.first_name: is required"),
        (
            valid_case(**{"person.birth_date": "2026-02-30"}),
            "1: person.birth_date: 2026-02-30 is not a real date",
        ),
        (
            valid_case(**{"person.birth_date": "18/12/1981"}),
            "1: person.birth_date: must be a date written YYYY-MM-DD",
        ),
        (
            valid_case(**{"person.birth_date": "1981-12-19"}),
            "1: person.birth_date: does not agree with the identity number (1981-12-18)",
        ),
        (
            valid_case(
                **{
                    "person.personal_identity_number": None,
                    "person.birth_date": "2027-01-01",
                    "reception.reception_date": "2027-02-01",
                }
            ),
            "1: person.birth_date: is in the future",
        ),
        (
            valid_case(**{"reception.reception_date": "1980-01-01"}),
            "1: reception.reception_date: reception is before the birth date",
        ),
        (
            valid_case(**{"reception.reception_type": "refugee"}),
            '1: reception.reception_type: "refugee" is not one of: assigned, quota_refugee, '
            "self_settled, family_member, other",
        ),
        (
            valid_case(sfi=[{"start_date": "2026-04-01", "study_path": 3, "course": "B"}]),
            "1: sfi[0].course: course B is not given on study path 3 (only C, D)",
        ),
        (
            valid_case(sfi=[{"start_date": "2026-04-01", "study_path": "2", "course": "B"}]),
            "1: sfi[0].study_path: must be 1, 2 or 3",
        ),
        (
            valid_case(
                placements=[
                    {
                        "kind": "internship",
                        "sector": "private",
                        "start_date": "2026-05-01",
                        "end_date": "2026-04-01",
                    }
                ]
            ),
            "1: placements[0].end_date: is before the start date",
        ),
        (
            valid_case(
                housing=[
                    {
                        "kind": "temporary",
                        "move_in_date": "2026-03-02",
                        "move_out_date": "2026-03-01",
                    }
                ]
            ),
            "1: housing[0].move_out_date: is before the move-in date",
        ),
        (
            valid_case(closure={"date": "2026-03-01", "outcome": "work"}),
            "1: closure.date: the case closes before reception",
        ),
        (
            valid_case(**{"person.interpreter_needed": "yes"}),
            "1: person.interpreter_needed: must be true or false",
        ),
        (valid_case(notes=[{"date": "2026-03-02"}]), "1: notes[0].text: is required"),
        (
            '{"format": "nyanland.case/1", "format": "nyanland.case/1"}',
            "1: format: appears twice in one object",
        ),
        ("[1, 2]", "1: (line): must be a JSON object"),
        ('{"format": ', "1: (line): not valid JSON: Expecting value (column 12)"),
    ],
)
def test_each_problem_names_line_field_and_what_is_wrong(
    context: ServiceContext, tmp_path: Path, line: dict[str, Any] | str, expected: str
) -> None:
    path = write_lines(tmp_path / "cases.jsonl", line)
    with pytest.raises(CaseFileRejected) as refused:
        import_cases(context, path)
    assert str(refused.value) == f"{path}:{expected}"
    assert CaseService(context).count() == 0


def test_a_number_twice_in_the_file_or_already_stored_is_refused(
    context: ServiceContext, tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "a.jsonl", valid_case(case_number="K-1"))
    import_cases(context, path)
    again = write_lines(
        tmp_path / "b.jsonl",
        valid_case(**{"person.personal_identity_number": None}, case_number="K-1"),
        valid_case(**{"person.personal_identity_number": "19811218-9876"}),
        valid_case(**{"person.personal_identity_number": "811218-9876"}),
    )
    with pytest.raises(CaseFileRejected) as refused:
        import_cases(context, again)
    assert [f"{p.line}: {p.field}: {p.problem}" for p in refused.value.problems] == [
        "1: case_number: is already used by a case in the store",
        "2: person.personal_identity_number: already registered in case K-1",
        "3: person.personal_identity_number: also given on line 2",
        "3: person.personal_identity_number: already registered in case K-1",
    ]


def test_a_dry_run_checks_everything_and_writes_nothing(
    context: ServiceContext, tmp_path: Path
) -> None:
    path = write_lines(
        tmp_path / "cases.jsonl",
        valid_case(),
        valid_case(**{"person.personal_identity_number": None, "person.first_name": "Nour"}),
    )
    before = store_fingerprint(context)
    report = import_cases(context, path, dry_run=True)
    assert (report.count, report.dry_run) == (2, True)
    assert store_fingerprint(context) == before


@pytest.mark.parametrize("batch", [1, transfer.BATCH])  # a family across batches, or in one
def test_households_in_one_file_become_one_household(
    context: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(transfer, "BATCH", batch)
    path = write_lines(
        tmp_path / "cases.jsonl",
        valid_case(household="family-a"),
        valid_case(
            **{
                "person.personal_identity_number": None,
                "person.first_name": "Nour",
                "person.birth_date": "2015-06-01",
            },
            household="family-a",
        ),
        valid_case(**{"person.personal_identity_number": None, "person.first_name": "Yonas"}),
    )
    import_cases(context, path)
    service = CaseService(context)
    rows = service.search(CaseQuery()).rows
    names = {r.id: [m.full_name for m in service.get(r.id).household_members] for r in rows}
    assert sorted(names.values()) == [[], ["Amina Haddad"], ["Nour Haddad"]]


def test_a_bom_blank_lines_and_windows_line_ends_are_read(
    context: ServiceContext, tmp_path: Path
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(valid_case()).encode() + b"\r\n\r\n")
    assert import_cases(context, path).count == 1


def test_text_that_is_not_utf8_is_reported_by_line(context: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(json.dumps(valid_case()).encode() + b"\n" + '{"å": 1}'.encode("cp1252"))
    with pytest.raises(CaseFileRejected, match=r":2: \(line\): not UTF-8 text"):
        import_cases(context, path)


def test_export_is_in_the_audit_log_and_leaves_no_partial_file(
    context: ServiceContext, admin_context: ServiceContext, tmp_path: Path
) -> None:
    demo.add_demo_cases(context, 5, seed=1, as_of=date(2026, 11, 1))
    target = tmp_path / "out.jsonl"
    export_cases(context, target)
    assert [e.detail for e in audit.events(admin_context) if e.action == "cases_exported"] == ["5"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".nyanland")) == []
