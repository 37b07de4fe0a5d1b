"""A laptop copy's own tables: each case as it was at the last sync, the deletions and
conflicts waiting, and the documents, consents and meetings as the server has them. Import them
from nyanland.store.models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nyanland.store.base import Base
from nyanland.store.sealed_columns import SealedText


class SyncCaseRow(Base):
    """A replica's case as it was at the last sync (the common ancestor of the next merge)."""

    __tablename__ = "sync_cases"

    case_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    server_version: Mapped[int] = mapped_column(Integer)
    local_version: Mapped[int] = mapped_column(Integer)
    base: Mapped[str] = mapped_column(SealedText("sync_cases.base"))  # the synced case, JSON


class SyncDeletionRow(Base):
    """A case deleted on the replica, to be deleted on the server at the next sync."""

    __tablename__ = "sync_deletions"

    case_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    server_version: Mapped[int] = mapped_column(Integer)
    deleted_at: Mapped[datetime] = mapped_column(DateTime)


class SyncRecordRow(Base):
    """A document's or consent's state as the server has it, on a laptop copy (migration
    0022): "kept"/"removed", "given"/"withdrawn"."""

    __tablename__ = "sync_records"

    uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))


class SyncConflictRow(Base):
    """A case the sync could not settle alone: the officer chooses (see services/sync.py)."""

    __tablename__ = "sync_conflicts"

    case_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    case_number: Mapped[str] = mapped_column(String(40))
    base: Mapped[str | None] = mapped_column(SealedText("sync_conflicts.base"))
    mine: Mapped[str | None] = mapped_column(SealedText("sync_conflicts.mine"))
    theirs: Mapped[str | None] = mapped_column(SealedText("sync_conflicts.theirs"))
    theirs_version: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(DateTime)
