"""A case's kept records beside its sections: the letters written, the meetings booked, the
documents and consents kept, a retention exemption. Import them from nyanland.store.models."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from nyanland.store.base import Base, new_uid
from nyanland.store.sealed_columns import SealedBytes, SealedString, SealedText


class LetterRow(Base):
    """A letter written to the person (migration 0014): what, in which language, and the
    letter itself as it was laid out (its HTML writes the same PDF again) and as text."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    drafts: Mapped[str] = mapped_column(String(64), default="")  # draft languages, "ar prs"
    written_by: Mapped[str] = mapped_column(String(100))
    written_at: Mapped[datetime] = mapped_column(DateTime)
    html: Mapped[str] = mapped_column(SealedText("letters.html"))
    text: Mapped[str] = mapped_column(SealedText("letters.text"))


class MeetingRow(Base):
    """A meeting the officer booked with the person (migration 0015)."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(SealedString("meetings.place", 200))
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    interpreter_booked: Mapped[bool] = mapped_column(Boolean)
    remind_minutes: Mapped[int] = mapped_column(Integer)
    officer: Mapped[str] = mapped_column(String(100))
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)  # migration 0023
    cancelled_by: Mapped[str | None] = mapped_column(String(100))


class AttachmentRow(Base):
    """A document kept on a case (migration 0019); `content` is None once removed."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(SealedString("attachments.name", 200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(SealedBytes("attachments.content"), deferred=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str] = mapped_column(String(100))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime)
    removed_by: Mapped[str | None] = mapped_column(String(100))


class ConsentRow(Base):
    """A consent the person gave to share the case (migration 0020)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str | None] = mapped_column(SealedString("consents.recipient", 200))
    given_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    withdrawn_by: Mapped[str | None] = mapped_column(String(100))


class RetentionExemptionRow(Base):
    """A case retention passes by, and why (migration 0021)."""

    __tablename__ = "retention_exemptions"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(SealedString("retention_exemptions.reason", 500))
    exempted_by: Mapped[str] = mapped_column(String(100))
    exempted_at: Mapped[datetime] = mapped_column(DateTime)
