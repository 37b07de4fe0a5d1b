"""Documents kept on a case: taken only when they are what they say, kept encrypted in the
store, opened through a private copy, removed with a trace, travelling with a laptop's sync,
and seen by no one the case is hidden from (both engines; the server's rules)."""

from __future__ import annotations

import stat
from io import BytesIO
from pathlib import Path

import psycopg
import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import select
from sqlalchemy.engine import make_url

from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.roles import NotPermitted, Role
from nyanland.services import accounts, attachments, audit, sync
from nyanland.services.audit import AuditQuery
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.records import CaseQuery
from nyanland.store.engine import sqlite_url
from nyanland.store.models import AttachmentRow
from tests.conftest import OFFICER_PASSWORD, PASSWORD, Team, make_team
from tests.factories import case


def pdf(tmp_path: Path, name: str = "uppehållstillstånd.pdf") -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Uppehållstillstånd Amina Haddad"})
    path = tmp_path / name
    with path.open("wb") as file:
        writer.write(file)
    return path


def png(tmp_path: Path, name: str = "betyg.png") -> Path:
    path = tmp_path / name
    Image.new("RGB", (40, 30), (200, 10, 10)).save(path, format="PNG")
    return path


def test_a_document_is_kept_opened_privately_and_removed_with_a_trace(
    team: Team, tmp_path: Path
) -> None:
    made = CaseService(team.officer).create(case())
    kept = attachments.add(team.officer, made.id, pdf(tmp_path))
    picture = attachments.add(team.officer, made.id, png(tmp_path))
    assert (kept.media_type, picture.media_type) == ("application/pdf", "image/png")
    listed = attachments.of_case(team.officer, made.id)
    assert [a.name for a in listed] == ["betyg.png", "uppehållstillstånd.pdf"]
    opened = attachments.open_copy(team.officer, kept.id)
    assert opened.read_bytes() == (tmp_path / "uppehållstillstånd.pdf").read_bytes()
    for folder in (opened.parent, opened.parent.parent, opened.parent.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(opened.stat().st_mode) == 0o600
    attachments.clean_up()
    assert not opened.exists()
    attachments.remove(team.officer, picture.id)
    assert [a.name for a in attachments.of_case(team.officer, made.id)] == [kept.name]
    with team.officer.store.reading() as session:
        row = session.scalar(select(AttachmentRow).where(AttachmentRow.id == picture.id))
        assert row is not None and row.content is None and row.removed_by == "anna.officer"
    with pytest.raises(NotFound):
        attachments.open_copy(team.officer, picture.id)
    logged = [
        (e.action, e.detail)
        for e in audit.events(team.admin, AuditQuery())
        if e.action.startswith("attachment")
    ]
    assert ("attachment_added", "PDF, 1 kB") in logged and len(logged) == 4
    assert not any("Amina" in detail or "betyg" in detail for _a, detail in logged)


def test_a_file_that_cannot_be_kept_is_refused_by_name_and_nothing_is_kept(
    team: Team, tmp_path: Path
) -> None:
    made = CaseService(team.officer).create(case())
    fake = tmp_path / "program.pdf"
    fake.write_bytes(b"%PDF-1.7 but really a program\x00\x01")
    renamed = tmp_path / "photo.png"
    renamed.write_bytes(b"MZ\x90\x00 an executable")
    big = tmp_path / "scan.pdf"
    with big.open("wb") as file:
        file.truncate(attachments.MAX_BYTES + 1)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    for path, said in (
        (fake, "is not a PDF"),
        (renamed, "is not a PDF"),
        (big, "at most 10 MB"),
        (empty, "is empty"),
        (tmp_path / "missing.pdf", "cannot be read"),
    ):
        with pytest.raises(FieldError, match=said) as refused:
            attachments.add(team.officer, made.id, path)
        assert refused.value.field == "file"
    assert attachments.of_case(team.officer, made.id) == []
    with pytest.raises(NotPermitted):
        attachments.add(team.sfi, made.id, pdf(tmp_path))


def test_a_protected_persons_documents_are_their_officers_alone(team: Team, tmp_path: Path) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, PASSWORD)
    bo = team.sign_in("bo.officer", PASSWORD)
    hidden = CaseService(team.officer).create(case(person={"protected_identity": True}))
    kept = attachments.add(team.officer, hidden.id, pdf(tmp_path))
    with pytest.raises(NotFound):
        attachments.of_case(bo, hidden.id)
    with pytest.raises(NotFound):
        attachments.open_copy(bo, kept.id)
    with pytest.raises(NotFound):
        attachments.remove(bo, kept.id)
    bo.store.dispose()
    if team.path is None:  # on the server its rules decide, whatever tool asks
        url = make_url(team.url)
        where = {"host": url.host, "port": url.port, "dbname": url.database}
        with psycopg.connect(**where, user="bo.officer", password=PASSWORD) as raw:
            assert raw.execute("SELECT count(*) FROM attachments").fetchone() == (0,)
        sam = psycopg.connect(**where, user="sam.sfi", password=OFFICER_PASSWORD)
        with sam, pytest.raises(psycopg.errors.InsufficientPrivilege):
            sam.execute("SELECT name FROM attachments")


def test_a_document_is_encrypted_in_the_file_and_goes_with_its_case(
    file_team: Team, tmp_path: Path
) -> None:
    team = file_team
    assert team.path is not None
    made = CaseService(team.officer).create(case())
    marker = b"UNIQUE-MARKER-" * 40
    picture = tmp_path / "marked.png"
    image = Image.new("RGB", (8, 8))
    buffer = BytesIO()
    image.save(buffer, format="PNG", pnginfo=_info(marker))
    picture.write_bytes(buffer.getvalue())
    attachments.add(team.officer, made.id, picture)
    for part in team.path.parent.iterdir():
        if part.is_file():
            assert marker[:28] not in part.read_bytes(), part.name
    CaseService(team.officer).delete(made.id, CaseService(team.officer).get(made.id).version)
    with team.officer.store.reading() as session:
        assert session.scalar(select(AttachmentRow.id)) is None


def _info(marker: bytes) -> object:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("note", marker.decode())
    return info


def test_documents_travel_with_a_laptops_sync_both_ways(
    postgres_url: str, tmp_path: Path, clock: Clock
) -> None:
    server = make_team(postgres_url, clock)
    service = CaseService(server.officer)
    on_server = service.create(case())
    local, remote, _first = sync.create_replica(
        server.url, sqlite_url(tmp_path / "laptop.sqlite3"), "anna.officer", OFFICER_PASSWORD, clock
    )
    remote.store.dispose()
    laptop_case = CaseService(local).search(CaseQuery()).rows[0]
    assert sync.status(local).pending == 0
    offline = attachments.add(local, laptop_case.id, pdf(tmp_path))  # on the laptop, offline
    assert sync.status(local).pending == 1  # a document waits for the sync like a change
    there = attachments.add(server.officer, on_server.id, png(tmp_path))
    remote = server.sign_in("anna.officer", OFFICER_PASSWORD)
    report = sync.synchronise(local, remote)
    assert report.documents == 2
    assert sync.status(local).pending == 0
    assert {a.uid for a in attachments.of_case(server.officer, on_server.id)} == {
        offline.uid,
        there.uid,
    }
    here = {a.uid: a for a in attachments.of_case(local, laptop_case.id)}
    assert set(here) == {offline.uid, there.uid}
    opened = attachments.open_copy(local, here[there.uid].id)
    assert opened.read_bytes() == (tmp_path / "betyg.png").read_bytes()
    # Removed on the server: removed on the laptop at the next sync; nothing is copied back.
    server_ids = {a.uid: a.id for a in attachments.of_case(server.officer, on_server.id)}
    attachments.remove(server.officer, server_ids[offline.uid])
    assert sync.synchronise(local, remote).documents == 1
    assert [a.uid for a in attachments.of_case(local, laptop_case.id)] == [there.uid]
    assert sync.synchronise(local, remote).documents == 0
    attachments.remove(local, here[there.uid].id)  # removed on the laptop: waits too
    assert sync.status(local).pending == 1
    assert sync.synchronise(local, remote).documents == 1
    assert sync.status(local).pending == 0
    remote.store.dispose()
    local.store.dispose()
    attachments.clean_up()
    server.close()
