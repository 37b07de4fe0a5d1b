"""Bad input, tried widely: whatever bytes reach the case-file and SFI-list readers, the answer
is success or a clear error (a KnownError naming line and field), never a traceback, and a
refused import changes nothing in the store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nyanland.domain.errors import KnownError
from nyanland.services import sfi_import, transfer
from nyanland.services.case_file import parse_case
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.services.sfi_list import SfiListUnreadable, decode, parse_sfi_list
from tests.conftest import TODAY
from tests.factories import case

GOOD = {
    "format": "nyanland.case/1",
    "person": {
        "personal_identity_number": "19811218-9876",
        "first_name": "Amina",
        "last_name": "Haddad",
        "birth_date": "1981-12-18",
        "sex": "female",
    },
    "reception": {"reception_date": "2026-03-02", "reception_type": "assigned"},
    "sfi": [{"start_date": "2026-04-01", "study_path": 2, "course": "B"}],
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _mutations() -> st.SearchStrategy[str]:
    """The good line with one part replaced by anything JSON can hold, or cut short."""
    paths = [
        ("person", "birth_date"),
        ("person", "sex"),
        ("reception", "reception_date"),
        ("sfi",),
        ("person",),
        ("format",),
        ("person", "personal_identity_number"),
        ("reception", "reception_type"),
        ("extra",),
    ]

    def mutate(path: tuple[str, ...], value: object) -> str:
        document = json.loads(json.dumps(GOOD))
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return json.dumps(document)

    mutated = st.builds(mutate, st.sampled_from(paths), json_values)
    cut = st.integers(min_value=0, max_value=len(json.dumps(GOOD))).map(
        lambda n: json.dumps(GOOD)[:n]
    )
    return mutated | cut | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(_mutations())
def test_any_case_line_parses_or_is_a_clear_field_error(line: str) -> None:
    try:
        parse_case(line, TODAY)
    except KnownError as error:
        assert str(error)


SFI_INPUT = st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8"))


@settings(max_examples=300, deadline=None)
@given(SFI_INPUT)
def test_any_sfi_list_reads_or_is_refused_clearly(data: bytes) -> None:
    header = b"personal_identity_number;start_date;study_path;course;provider\n"
    for content in (data, header + data):
        try:
            rows, problems = parse_sfi_list(decode(content), TODAY)
        except SfiListUnreadable as error:
            assert str(error)
            continue
        assert all(p.line >= 1 and p.field and p.problem for p in problems)
        assert all(row.start_date <= TODAY for row in rows)


def _snapshot(context: ServiceContext, folder: Path) -> bytes:
    """Every case as the case file writes it: equal snapshots, equal stores."""
    transfer.export_cases(context, folder / "snapshot.jsonl")
    return (folder / "snapshot.jsonl").read_bytes()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_mutations(), min_size=1, max_size=4))
def test_a_refused_import_leaves_the_store_as_it_was(
    context: ServiceContext, tmp_path: Path, lines: list[str]
) -> None:
    cases = CaseService(context)
    if cases.count() == 0:
        cases.create(
            case(
                person={"personal_identity_number": "199001012385", "birth_date": date(1990, 1, 1)}
            )
        )
    before, snapshot = cases.count(), _snapshot(context, tmp_path)
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), *lines]) + "\n", encoding="utf-8")
    try:
        report = transfer.import_cases(context, path)  # for real: a refusal must undo it all
    except KnownError:
        assert _snapshot(context, tmp_path) == snapshot
    else:
        assert report.count >= 1 and cases.count() == before + report.count
        before, snapshot = cases.count(), _snapshot(context, tmp_path)
    sfi_path = tmp_path / "fuzz.csv"
    sfi_path.write_text(
        "personal_identity_number;start_date;study_path;course\n" + "\n".join(lines),
        encoding="utf-8",
    )
    first = cases.search(CaseQuery()).rows[0].id
    courses = cases.get(first).data.sfi
    try:
        sfi_import.import_sfi(context, sfi_path)
    except KnownError:
        assert cases.get(first).data.sfi == courses  # refused: nothing recorded
    assert cases.count() == before
