"""A case's parts are described once: a field added to a section's declaration (here in a copy
made by the test) is read and written by the case file, mapped to its row, shown in the form
and labelled, with no other code touched. In the product it also takes its dataclass field,
its model column and a migration."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from nyanland.domain import sections
from nyanland.domain.case import Reception
from nyanland.domain.codes import ReceptionType
from nyanland.domain.errors import FieldError
from nyanland.domain.sections import FieldSpec, ValueKind
from nyanland.services.case_file import _Object, read_section, write_section
from nyanland.services.case_rows import columns, from_columns
from nyanland.ui.case_fields import form_fields
from nyanland.ui.forms import Form


@dataclass(frozen=True)
class ReceptionWithMunicipality(Reception):
    """What the dataclass would get: one more field."""

    assigned_from: date | None = None


WITH_NEW_FIELD = replace(
    sections.RECEPTION,
    record=ReceptionWithMunicipality,
    fields=(
        *sections.RECEPTION.fields,
        FieldSpec("assigned_from", lambda: "Assigned from", ValueKind.DATE),
    ),
)
RECORD = ReceptionWithMunicipality(
    date(2026, 3, 2), ReceptionType.ASSIGNED, assigned_from=date(2026, 2, 20)
)


def test_the_case_file_reads_and_writes_a_new_field() -> None:
    written = write_section(RECORD, WITH_NEW_FIELD)
    assert written["assigned_from"] == "2026-02-20"
    assert read_section(_Object(written, "reception"), WITH_NEW_FIELD, date(2026, 12, 2)) == RECORD
    broken = {**written, "assigned_from": "20 Feb"}
    with pytest.raises(FieldError, match=r"reception\.assigned_from: must be a date"):
        read_section(_Object(broken, "reception"), WITH_NEW_FIELD, date(2026, 12, 2))
    # The declaration as it stands refuses the key: a typo never loses data silently.
    with pytest.raises(FieldError, match=r"reception\.assigned_from: unknown key"):
        read_section(_Object(written, "reception"), sections.RECEPTION, date(2026, 12, 2))


def test_the_row_mapping_carries_a_new_field() -> None:
    row = columns(WITH_NEW_FIELD, RECORD)
    assert row["assigned_from"] == date(2026, 2, 20) and row["reception_type"] == "assigned"
    assert from_columns(WITH_NEW_FIELD, SimpleNamespace(**row)) == RECORD


def test_the_form_and_the_labels_show_a_new_field(qtbot: QtBot) -> None:
    form = Form(form_fields(WITH_NEW_FIELD))
    qtbot.addWidget(form)
    form.load(
        {
            "reception_date": RECORD.reception_date,
            "reception_type": RECORD.reception_type,
            "assigned_from": RECORD.assigned_from,
        }
    )
    values, problems = form.values()
    assert problems == {} and values["assigned_from"] == date(2026, 2, 20)
    assert form._labels["assigned_from"].text() == "Assigned from"
    assert WITH_NEW_FIELD.labels()["assigned_from"]() == "Assigned from"
