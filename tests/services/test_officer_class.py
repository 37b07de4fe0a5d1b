"""The officer-only class at rest (issue 17): what SFI staff and coordinators may not read of a
case is sealed with the officer key, which their passwords never unlock. Tried as they would:
their own key from the key file, sqlcipher3, every table."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]
from pypdf import PdfWriter
from sqlalchemy import select

from nyanland.domain.case import Housing, JournalNote, Placement, SkillsMapping
from nyanland.domain.codes import HousingKind, PlacementKind, Sector
from nyanland.domain.roles import Role
from nyanland.services import account_admin, accounts, attachments, officer_key
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.account_keys import unseal
from nyanland.store.engine import connect_sqlite
from nyanland.store.keyring import OFFICER_KEY, Keyring, keyring_path, open_entry
from nyanland.store.models import CaseRow, JournalNoteRow
from nyanland.store.sealed_columns import NotForThisRole, SealedUnreadable
from tests.conftest import OFFICER_PASSWORD, PASSWORD, Team
from tests.factories import case

# What an officer writes that only officers may read; each must stay out of every readable byte.
SECRETS = {
    "phone": "070-918 27 36",
    "email": "amina.secret@example.se",
    "notes": "Traumabehandling hos BUP",
    "employer": "Hemliga Bageriet AB",
    "landlord": "Skyddade Bostäder",
    "address": "Gömdagatan 7",
    "journal": "Berättade om hot från släkten",
    "document": "Beslut-om-skyddad-identitet",
}


def _write_case(team: Team, tmp_path: Path) -> int:
    data = case(
        person={"phone": SECRETS["phone"], "email": SECRETS["email"]},
        skills_mapping=SkillsMapping(notes=SECRETS["notes"]),
        placements=(
            Placement(
                PlacementKind.INTERNSHIP,
                Sector.PRIVATE,
                date(2026, 4, 1),
                employer=SECRETS["employer"],
            ),
        ),
        housing=(
            Housing(
                HousingKind.FIRST_HAND,
                date(2026, 3, 2),
                landlord=SECRETS["landlord"],
                address=SECRETS["address"],
            ),
        ),
        notes=(JournalNote(date(2026, 3, 3), SECRETS["journal"]),),
    )
    made = CaseService(team.officer).create(data)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": SECRETS["document"]})
    path = tmp_path / f"{SECRETS['document']}.pdf"
    with path.open("wb") as file:
        writer.write(file)
    attachments.add(team.officer, made.id, path)
    return made.id


def _own_key(team: Team, name: str, password: str = OFFICER_PASSWORD) -> tuple[bytes, bytes | None]:
    """What the account's password opens in the key file: the store key, the officer key."""
    assert team.path is not None
    entry = Keyring.load(keyring_path(team.path)).get(name)
    assert entry is not None
    opened = open_entry(name, password, entry)
    assert opened is not None
    return opened.store_key, opened.officer_key


def _every_value(path: Path, key: bytes) -> bytes:
    """Every value of every table (the search index's shadow tables too), as one dump."""
    connection = sqlcipher.connect(str(path))
    try:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        dump = bytearray()
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        dump += value
                    elif value is not None:
                        dump += str(value).encode("utf-8")
                    dump += b"\x00"
        return bytes(dump)
    finally:
        connection.close()


def test_sfi_staff_and_a_coordinator_with_their_own_keys_read_no_officer_only_field(
    file_team: Team, tmp_path: Path
) -> None:
    assert file_team.path is not None
    case_id = _write_case(file_team, tmp_path)
    opened = CaseService(file_team.officer).get(case_id).data
    assert (opened.person.phone, opened.notes[0].text) == (SECRETS["phone"], SECRETS["journal"])
    for name in ("sam.sfi", "kim.coordinator"):
        store_key, their_officer_key = _own_key(file_team, name)
        assert their_officer_key is None
        dump = _every_value(file_team.path, store_key)
        assert b"Haddad" in dump  # the dump reads the store: the name is in it
        for what, secret in SECRETS.items():
            assert secret.encode("utf-8") not in dump, what
    # The officer's own key opens the class; it is the same for every holder.
    assert _own_key(file_team, "anna.officer")[1] == _own_key(file_team, "siv.admin", PASSWORD)[1]


def test_sfi_staff_see_the_sfi_part_and_nothing_of_the_class(
    file_team: Team, tmp_path: Path
) -> None:
    case_id = _write_case(file_team, tmp_path)
    sam = file_team.sfi
    assert sam.store.sealing is not None and sam.store.sealing.key is None
    with sam.store.reading() as session:
        row = session.get(CaseRow, case_id)
        assert row is not None and row.last_name == "Haddad" and row.phone is None
        assert session.scalar(select(JournalNoteRow.text)) is None
    refused = pytest.raises(NotForThisRole, match="your role may not write")
    with refused, sam.store.writing() as session:
        written = session.get(CaseRow, case_id)
        assert written is not None
        written.phone = "070-000 00 00"


def test_a_store_from_before_is_sealed_at_its_first_holders_sign_in(
    tmp_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import make_team

    before = officer_key.after_sign_in
    monkeypatch.setattr(officer_key, "after_sign_in", lambda context: None)
    team = make_team(tmp_path / "team" / "store.sqlite3", clock)  # type: ignore[arg-type]
    try:
        case_id = _write_case(team, tmp_path)
        assert team.path is not None and team.admin.store.key is not None
        assert SECRETS["journal"].encode() in _every_value(team.path, team.admin.store.key)
        monkeypatch.setattr(officer_key, "after_sign_in", before)
        anna = team.sign_in("anna.officer")
        try:
            key = anna.store.key
            assert key is not None and officer_key.class_made(anna.store)
            dump = _every_value(team.path, key)
            for what, secret in SECRETS.items():
                assert secret.encode("utf-8") not in dump, what
            record = CaseService(anna).get(case_id)
            assert record.data.housing[0].address == SECRETS["address"]
            found = CaseService(anna).search(CaseQuery(text="haddad")).rows
            assert [row.id for row in found] == [case_id]  # the search index is as it was
            connection = connect_sqlite(team.path, key)
            try:  # the journal's guard is back in place, as it was
                with pytest.raises((sqlite3.DatabaseError, sqlcipher.DatabaseError)):
                    connection.execute("UPDATE journal_notes SET text = 'x'")
            finally:
                connection.close()
            # Every holder got the key: the administrator and the officer.
            assert _own_key(team, "siv.admin", PASSWORD)[1] == _own_key(team, "anna.officer")[1]
            assert _own_key(team, "sam.sfi")[1] is None
        finally:
            anna.store.dispose()
    finally:
        team.close()


def test_a_sealed_value_moved_to_another_field_does_not_open(
    file_team: Team, tmp_path: Path
) -> None:
    assert file_team.path is not None
    case_id = _write_case(file_team, tmp_path)
    connection = connect_sqlite(file_team.path, file_team.admin.store.key)
    try:
        connection.execute("UPDATE cases SET email = phone")
        connection.commit()
    finally:
        connection.close()
    with pytest.raises(SealedUnreadable, match="does not open with the officer key"):
        CaseService(file_team.officer).get(case_id)


def _new_officer(admin: ServiceContext, name: str) -> None:
    accounts.add_account(admin, name, Role.OFFICER, PASSWORD)


def test_the_key_goes_with_the_role_an_administrator_gives(file_team: Team, tmp_path: Path) -> None:
    case_id = _write_case(file_team, tmp_path)
    admin = file_team.admin
    _new_officer(admin, "olle.officer")
    olle = file_team.sign_in("olle.officer", PASSWORD)
    try:
        assert CaseService(olle).get(case_id).data.person.phone == SECRETS["phone"]
    finally:
        olle.store.dispose()
    # A reset keeps it; a move to SFI staff takes it away; back to officer gives it again.
    accounts.reset_password(admin, "olle.officer", PASSWORD + "!")
    assert _own_key(file_team, "olle.officer", PASSWORD + "!")[1] is not None
    account_admin.change_role(admin, "olle.officer", Role.SFI)
    assert _own_key(file_team, "olle.officer", PASSWORD + "!")[1] is None
    account_admin.change_role(admin, "olle.officer", Role.OFFICER)
    assert _own_key(file_team, "olle.officer", PASSWORD + "!")[1] is not None


def test_sfi_staff_who_make_themselves_officers_in_the_table_get_no_key(file_team: Team) -> None:
    assert file_team.path is not None
    connection = connect_sqlite(file_team.path, file_team.admin.store.key)
    try:
        connection.execute("UPDATE accounts SET role = 'officer' WHERE username = 'sam.sfi'")
        connection.commit()
    finally:
        connection.close()
    # The administrator resets the password the "officer" asked for, and an officer signs in.
    accounts.reset_password(file_team.admin, "sam.sfi", PASSWORD + "!")
    file_team.sign_in("anna.officer").store.dispose()
    assert _own_key(file_team, "sam.sfi", PASSWORD + "!")[1] is None


def test_sfi_staff_who_put_their_public_key_into_an_officers_entry_get_no_key(
    file_team: Team,
) -> None:
    """The mark binds the grant to the name and the public key: moved, it vouches for nothing."""
    assert file_team.path is not None
    keys = keyring_path(file_team.path)
    keyring = Keyring.load(keys)
    sam, anna = keyring.get("sam.sfi"), keyring.get("anna.officer")
    assert sam is not None and anna is not None and anna.officer_grant is not None
    keyring.put("anna.officer", replace(anna, public_key=sam.public_key, officer_key=None))
    _new_officer(file_team.admin, "olle.officer")
    file_team.sign_in("olle.officer", PASSWORD).store.dispose()
    accounts.reset_password(file_team.admin, "anna.officer", PASSWORD + "!")
    sam_opened = open_entry("sam.sfi", OFFICER_PASSWORD, sam)
    assert sam_opened is not None and sam_opened.secret is not None
    for name, entry in Keyring.load(keys).entries.items():
        if entry.officer_key is not None:
            assert unseal(sam_opened.secret, entry.officer_key, OFFICER_KEY, name) is None
    # The reset account did not get the key either: its mark was for another public key.
    assert _own_key(file_team, "anna.officer", PASSWORD + "!")[1] is None
