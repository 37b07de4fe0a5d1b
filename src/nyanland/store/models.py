"""The tables, as typed SQLAlchemy models: one case per person, its lists in tables of their own."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# The declarative base and the uid maker, in a module of their own so the tables split off
# below can import them without importing this module first.
from nyanland.store.base import NAMING_CONVENTION, Base, new_uid
from nyanland.store.sealed_columns import SealedString, SealedText

__all__ = ["NAMING_CONVENTION", "Base", "new_uid"]


class HouseholdRow(Base):
    """People who live together as one family; members are the cases pointing here."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    members: Mapped[list[CaseRow]] = relationship(back_populates="household")


class CaseRow(Base):
    """One person's establishment case (ärende), with the person, reception and closure."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The case's identity across stores: the server's and each laptop's replica's.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    case_number: Mapped[str] = mapped_column(String(40), unique=True)
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("households.id", ondelete="SET NULL"), index=True
    )
    personal_identity_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    dossier_number: Mapped[str | None] = mapped_column(String(20), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    birth_date: Mapped[date] = mapped_column(Date, index=True)
    sex: Mapped[str] = mapped_column(String(16))
    country_of_birth: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[str] = mapped_column(String(100), default="")  # comma-separated ISO 639-1
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(SealedString("cases.phone", 40))
    email: Mapped[str | None] = mapped_column(SealedString("cases.email", 200))
    reception_date: Mapped[date] = mapped_column(Date, index=True)
    reception_type: Mapped[str] = mapped_column(String(32))
    permit_ground: Mapped[str | None] = mapped_column(String(32))
    residence_permit_date: Mapped[date | None] = mapped_column(Date)
    establishment_programme_start: Mapped[date | None] = mapped_column(Date)
    closure_date: Mapped[date | None] = mapped_column(Date, index=True)
    closure_outcome: Mapped[str | None] = mapped_column(String(32))
    # The follow-up 90 days after the end (migration 0011): when, and the person's occupation.
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    follow_up_status: Mapped[str | None] = mapped_column(String(32))
    assigned_officer: Mapped[str | None] = mapped_column(String(100), index=True)
    # Lower-cased name, numbers and case number, so one LIKE finds a person by any of them.
    search_text: Mapped[str] = mapped_column(String(400))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Kept by services/deadlines.py in the transaction that changes the case or its lists
    # (migration 0025): the first day something of it is due, the day its establishment
    # period ends (adults), whether it has an SFI course. The overview counts by them.
    due_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    in_sfi: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    household: Mapped[HouseholdRow | None] = relationship(back_populates="members")
    sfi_enrolments: Mapped[list[SfiEnrolmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="SfiEnrolmentRow.start_date"
    )
    skills_mapping: Mapped[SkillsMappingRow | None] = relationship(cascade="all, delete-orphan")
    placements: Mapped[list[PlacementRow]] = relationship(
        cascade="all, delete-orphan", order_by="PlacementRow.start_date"
    )
    housing: Mapped[list[HousingRow]] = relationship(
        cascade="all, delete-orphan", order_by="HousingRow.move_in_date"
    )
    # By date, then as written: notes of one day keep their order on laptop and server.
    # Deleted with its case by the database (ON DELETE CASCADE), which refuses to remove an
    # entry of a case that is there (migration 0010).
    notes: Mapped[list[JournalNoteRow]] = relationship(
        cascade="all, delete-orphan",
        order_by="(JournalNoteRow.note_date, JournalNoteRow.id)",
        passive_deletes=True,
    )
    tasks: Mapped[list[TaskRow]] = relationship(
        cascade="all, delete-orphan", order_by="TaskRow.due_date"
    )

    # The services raise the version on every save, lists included; SQLAlchemy adds
    # "WHERE version = <the one read>" to the UPDATE, so a concurrent save cannot slip past.
    __mapper_args__ = {  # noqa: RUF012 - SQLAlchemy's declaration
        "version_id_col": version,
        "version_id_generator": False,
    }
    # The few protected cases, so the list counts those hidden from the actor (migration 0016;
    # covering since 0025, else SQLite scans the overview's indexes, which hold both columns).
    __table_args__ = (
        Index(
            "ix_cases_protected",
            "assigned_officer",
            "protected_identity",
            sqlite_where=text("protected_identity"),
            postgresql_where=text("protected_identity"),
        ),
        # What the statistics count by, read from the index (migration 0017).
        Index(
            "ix_cases_counted_by_reception",
            "reception_date",
            "closure_date",
            "sex",
            "birth_date",
            "reception_type",
        ),
        Index("ix_cases_counted_by_closure", "closure_date", "sex", "closure_outcome"),
        # An open case's phase and lateness, for the overview (migration 0018).
        Index(
            "ix_cases_overview",
            "closure_date",
            "assigned_officer",
            "protected_identity",
            "reception_date",
            "birth_date",
            "establishment_programme_start",
        ),
        # The open cases due by a day, and in each phase, counted from these (migration 0025).
        Index("ix_cases_due", "closure_date", "due_on", "protected_identity", "assigned_officer"),
        Index("ix_cases_received", "reception_date", "protected_identity", "assigned_officer"),
        Index(
            "ix_cases_phase",
            "closure_date",
            "in_sfi",
            "ends_on",
            "protected_identity",
            "assigned_officer",
        ),
    )


class SfiEnrolmentRow(Base):
    __tablename__ = "sfi_enrolments"
    __table_args__ = (
        Index("ix_sfi_enrolments_counted", "start_date", "case_id", "study_path"),
        Index("ix_sfi_enrolments_case_start", "case_id", "start_date"),
    )  # statistics (migration 0017)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    study_path: Mapped[str] = mapped_column(String(1))
    course: Mapped[str] = mapped_column(String(1))
    provider: Mapped[str | None] = mapped_column(String(200))
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    vocational: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))
    end_date: Mapped[date | None] = mapped_column(Date)
    grade: Mapped[str | None] = mapped_column(String(1))


class SkillsMappingRow(Base):
    __tablename__ = "skills_mappings"
    __table_args__ = (
        Index("ix_skills_mappings_counted", "completed_date", "case_id", "education_level"),
        Index("ix_skills_mappings_done", "case_id", "completed_date"),
    )  # statistics (migration 0017)

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    completed_date: Mapped[date | None] = mapped_column(Date, index=True)
    education_level: Mapped[str] = mapped_column(String(32))
    years_of_schooling: Mapped[int | None] = mapped_column(Integer)
    occupation_ssyk: Mapped[str | None] = mapped_column(String(4))
    work_experience_years: Mapped[int | None] = mapped_column(Integer)
    driving_licence: Mapped[bool] = mapped_column(Boolean, default=False)
    validation_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(SealedText("skills_mappings.notes"))


class PlacementRow(Base):
    __tablename__ = "placements"
    __table_args__ = (
        Index("ix_placements_counted", "start_date", "kind", "sector"),
        Index("ix_placements_now", "case_id", "start_date", "end_date"),
        Index("ix_placements_running", "end_date", "start_date", "case_id"),  # 0025
    )  # statistics (migration 0017)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    sector: Mapped[str] = mapped_column(String(32))
    employer: Mapped[str | None] = mapped_column(SealedString("placements.employer", 200))
    municipal_department: Mapped[str | None] = mapped_column(
        SealedString("placements.municipal_department", 200)
    )
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    hours_per_week: Mapped[float | None] = mapped_column(Float)


class HousingRow(Base):
    __tablename__ = "housing"
    __table_args__ = (
        Index("ix_housing_counted", "move_in_date", "case_id", "kind"),
        Index("ix_housing_ends", "case_id", "kind", "move_out_date", "move_in_date"),
    )  # statistics (migration 0017)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    landlord: Mapped[str | None] = mapped_column(SealedString("housing.landlord", 200))
    district: Mapped[str | None] = mapped_column(SealedString("housing.district", 200))
    address: Mapped[str | None] = mapped_column(SealedString("housing.address", 200))
    move_in_date: Mapped[date] = mapped_column(Date, index=True)
    move_out_date: Mapped[date | None] = mapped_column(Date)


class JournalNoteRow(Base):
    __tablename__ = "journal_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    note_date: Mapped[date] = mapped_column(Date)
    author: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(SealedText("journal_notes.text"))
    # Kept as written (migration 0010): a correction is a new row naming the one it corrects.
    kind: Mapped[str] = mapped_column(String(16), default="other")
    written_at: Mapped[datetime | None] = mapped_column(DateTime)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    corrects_uid: Mapped[str | None] = mapped_column(String(36))


class TaskRow(Base):
    """A dated to-do on a case for its officer (not part of the case file)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(SealedString("tasks.title", 200))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    done_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEventRow(Base):
    """One entry of the append-only audit log, chained to the one before it by a hash."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: outlives its case
    detail: Mapped[str] = mapped_column(Text, default="")
    # A change's old and new values (JSON), sealed by their digest; retention erases them.
    changes: Mapped[str | None] = mapped_column(SealedText("audit_events.changes", audit=True))
    changes_digest: Mapped[str | None] = mapped_column(String(64))
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditCheckpointRow(Base):
    """A signed checkpoint of the audit log: the seals of the entries since the last one,
    signed (Ed25519) by an administrator's checkpoint key (services/audit_checkpoints.py)."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    made_at: Mapped[datetime] = mapped_column(DateTime)
    made_by: Mapped[str] = mapped_column(String(100))
    first_event_id: Mapped[int] = mapped_column(Integer)
    last_event_id: Mapped[int] = mapped_column(Integer)
    entries: Mapped[str] = mapped_column(Text)  # JSON [[id, seal], ...] of the entries covered
    previous: Mapped[str] = mapped_column(String(64))  # SHA-256 of the last one's signature
    signature: Mapped[str] = mapped_column(String(128))  # hex


class SettingRow(Base):
    """A store-wide setting (the municipality's name, the timeline's deadlines)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReminderMarkRow(Base):
    """An item of the to-do list snoozed until a date (with the reason) or, with no date, done
    (migration 0013); the item is known by case, kind, date and detail."""

    __tablename__ = "reminder_marks"
    __table_args__ = (UniqueConstraint("case_id", "kind", "due", "detail"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    due: Mapped[date] = mapped_column(Date)
    detail: Mapped[str] = mapped_column(String(200), default="")
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(100))
    marked_at: Mapped[datetime] = mapped_column(DateTime)


class KeptNameRow(Base):
    """A name the administrator keeps for a form's field (migration 0012); a retired one is
    no longer offered but stays valid where it was used."""

    __tablename__ = "kept_names"
    __table_args__ = (UniqueConstraint("list", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)


class TargetRow(Base):
    """A target from the municipality's integration strategy, for one indicator and period."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("indicator", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60))
    period: Mapped[str] = mapped_column(String(7))
    comparison: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(Integer)


class RetainedFiguresRow(Base):
    """The statistics share of cases deleted by retention, kept as counts only (the form of a
    statistics contribution file), so that past periods' statistics do not change."""

    __tablename__ = "retained_figures"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    figures: Mapped[str] = mapped_column(Text)


class PublishedFiguresRow(Base):
    """A period's raw figures as they were when its statistics were first written to a file
    (or a contribution), and the cells method 2 hid then: every later file of the period is
    made from these (docs/statistics-method.md), so two files of one period never differ."""

    __tablename__ = "published_figures"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    method: Mapped[int] = mapped_column(Integer)
    threshold: Mapped[int | None] = mapped_column(Integer)  # None: by a contribution only
    recorded_on: Mapped[date] = mapped_column(Date)
    figures: Mapped[str] = mapped_column(Text)
    # The cells method 2 hid besides v1's when the period was first written to a file, as a
    # JSON list of [indicator, breakdown, category]; None while only a contribution has it.
    hidden: Mapped[str | None] = mapped_column(Text)
    # The rows published, at the recorded threshold, as a JSON list (migration 0024): what a
    # team server's officers and coordinators read, with none of the raw figures.
    rows: Mapped[str | None] = mapped_column(Text)


# A case's kept records and a laptop copy's own tables live in modules of their own; they are
# imported here, so that every table is in Base.metadata and each is imported from this module.
from nyanland.store.record_models import (  # noqa: E402
    AttachmentRow,
    ConsentRow,
    LetterRow,
    MeetingRow,
    RetentionExemptionRow,
)
from nyanland.store.sync_models import (  # noqa: E402
    SyncCaseRow,
    SyncConflictRow,
    SyncDeletionRow,
    SyncRecordRow,
)

__all__ += [
    "AttachmentRow",
    "ConsentRow",
    "LetterRow",
    "MeetingRow",
    "RetentionExemptionRow",
    "SyncCaseRow",
    "SyncConflictRow",
    "SyncDeletionRow",
    "SyncRecordRow",
]
