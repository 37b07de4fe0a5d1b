"""Documents kept on a case: a scanned residence permit, a certificate, a signed consent.

They are stored inside the store (migration 0019), so they are encrypted with it, in every
backup, seen by whoever may see the case (on a team server by its row security), and gone
with the case at retention. Only PDF, JPEG, PNG and TIFF are taken, up to `MAX_BYTES`, each
recognised by reading it (pypdf, Pillow), not by its name. To be opened, a document is written
to a folder only its user may read (0700) and removed from there at sign-out, when the program
ends, and at the next start (a viewer may still have it open until then)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from nyanland.domain.errors import FieldError, KnownError, NotFound
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import visible_case_row
from nyanland.services.context import ServiceContext
from nyanland.store.models import AttachmentRow

MAX_BYTES = 10 * 1024 * 1024
NAME_MAX = 200
KINDS = {"PDF": "application/pdf", "JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff"}


@dataclass(frozen=True)
class Attachment:
    id: int
    uid: str
    case_id: int
    name: str
    media_type: str
    size: int
    added_at: datetime
    added_by: str


def add(context: ServiceContext, case_id: int, path: Path) -> Attachment:
    """Keeps the file at `path` on the case (FieldError "file" when it cannot be taken)."""
    require(context, Permission.CASES, case_id)
    content = _read(path)
    media_type = media_type_of(content)
    name = _clean_name(path.name)
    with context.store.writing() as session:
        visible_case_row(session, context, case_id)
        row = AttachmentRow(
            case_id=case_id,
            name=name,
            media_type=media_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            added_at=context.clock.now(),
            added_by=context.actor.name,
        )
        session.add(row)
        session.flush()
        audit.record(session, context, AuditAction.ATTACHMENT_ADDED, case_id, _said(row))
        return _attachment(row)


def of_case(context: ServiceContext, case_id: int) -> list[Attachment]:
    """The case's documents, the newest first (their content stays in the store)."""
    require(context, Permission.CASES, case_id)
    with context.store.reading() as session:
        visible_case_row(session, context, case_id)
        rows = session.scalars(
            select(AttachmentRow)
            .where(AttachmentRow.case_id == case_id, AttachmentRow.removed_at.is_(None))
            .order_by(AttachmentRow.added_at.desc(), AttachmentRow.id.desc())
        )
        return [_attachment(row) for row in rows]


def open_copy(context: ServiceContext, attachment_id: int) -> Path:
    """The document written to the user's private folder for a viewer (logged as a look)."""
    with context.store.writing() as session:
        row = _row(session, context, attachment_id, content=True)
        assert row.content is not None
        folder = _private_folder()
        for part in (str(os.getpid()), row.uid):  # each level the user's alone
            folder = folder / part
            folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / row.name
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(row.content)
        audit.record(session, context, AuditAction.ATTACHMENT_OPENED, row.case_id, _said(row))
        return target


def remove(context: ServiceContext, attachment_id: int) -> None:
    """Removes the document's content; who removed it and when stay (and travel in a sync)."""
    with context.store.writing() as session:
        row = _row(session, context, attachment_id, content=False)
        row.content = None
        row.removed_at, row.removed_by = context.clock.now(), context.actor.name
        audit.record(session, context, AuditAction.ATTACHMENT_REMOVED, row.case_id, _said(row))


def clean_up() -> None:
    """Removes the documents this program wrote out for viewing (at sign-out and the end),
    and those of earlier runs of it that ended without doing so; another nyanland still
    running keeps its own."""
    base = _private_folder(create=False)
    if not base.is_dir():
        return
    for folder in base.iterdir():
        if folder.name == str(os.getpid()) or not _running(folder.name):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def media_type_of(content: bytes) -> str:
    """The document's type, read from its content; FieldError "file" for anything else."""
    if content.startswith(b"%PDF-"):
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            if len(PdfReader(BytesIO(content)).pages) > 0:
                return KINDS["PDF"]
        except (PdfReadError, ValueError, KeyError, OSError):
            pass
    else:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(BytesIO(content)) as image:
                image.verify()
                if image.format in KINDS:
                    return KINDS[image.format]
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            pass
    raise FieldError("file", _("is not a PDF, JPEG, PNG or TIFF document nyanland can read"))


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FieldError(
                "file",
                _("is {size:.1f} MB: at most {limit} MB is kept on a case").format(
                    size=size / 1_000_000, limit=MAX_BYTES // (1024 * 1024)
                ),
            )
        if size == 0:
            raise FieldError("file", _("is empty"))
        return path.read_bytes()
    except OSError as error:
        raise FieldError(
            "file", _("cannot be read: {reason}").format(reason=error.strerror or error)
        ) from None


def _clean_name(name: str) -> str:
    """A file name safe in any folder: no path, no control characters, not too long."""
    cleaned = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name).strip(" .") or "dokument"
    stem, dot, suffix = cleaned.rpartition(".")
    if len(cleaned) > NAME_MAX:
        keep = NAME_MAX - len(suffix) - 1
        cleaned = f"{stem[:keep]}.{suffix}" if dot and keep > 0 else cleaned[:NAME_MAX]
    return cleaned


def _row(
    session: Session, context: ServiceContext, attachment_id: int, content: bool
) -> AttachmentRow:
    query = select(AttachmentRow).where(
        AttachmentRow.id == attachment_id, AttachmentRow.removed_at.is_(None)
    )
    if content:
        query = query.options(undefer(AttachmentRow.content))
    row = session.scalar(query)
    if row is None:
        raise NotFound(_("the document is no longer kept on the case"))
    require(context, Permission.CASES, row.case_id)
    visible_case_row(session, context, row.case_id)
    return row


def _private_folder(create: bool = True) -> Path:
    """This user's folder for documents being viewed, readable by no one else."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(base) / f"nyanland-documents-{os.getuid() if hasattr(os, 'getuid') else 0}"
    if create:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
        # In a shared temporary folder someone else may have made the name first (or a link).
        if stat.S_ISLNK(found.st_mode) or (hasattr(os, "getuid") and found.st_uid != os.getuid()):
            raise KnownError(
                _("{folder} belongs to someone else: the document is not written there").format(
                    folder=folder
                )
            )
        os.chmod(folder, 0o700)
    return folder


def _said(row: AttachmentRow) -> str:
    """The log's words for a document: its type and size (its name may name the person)."""
    kind = next((k for k, v in KINDS.items() if v == row.media_type), row.media_type)
    return f"{kind}, {max(1, row.size // 1024)} kB"


def _attachment(row: AttachmentRow) -> Attachment:
    return Attachment(
        row.id, row.uid, row.case_id, row.name, row.media_type, row.size, row.added_at, row.added_by
    )
