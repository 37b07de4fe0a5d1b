"""The case register: households, cases and their SFI, mapping, placements, housing, notes, tasks.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_households"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(40), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("personal_identity_number", sa.String(12), nullable=True),
        sa.Column("dossier_number", sa.String(20), nullable=True),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("country_of_birth", sa.String(2), nullable=True),
        sa.Column("languages", sa.String(100), nullable=False),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("protected_identity", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(40), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("reception_date", sa.Date(), nullable=False),
        sa.Column("reception_type", sa.String(32), nullable=False),
        sa.Column("permit_ground", sa.String(32), nullable=True),
        sa.Column("residence_permit_date", sa.Date(), nullable=True),
        sa.Column("establishment_programme_start", sa.Date(), nullable=True),
        sa.Column("closure_date", sa.Date(), nullable=True),
        sa.Column("closure_outcome", sa.String(32), nullable=True),
        sa.Column("assigned_officer", sa.String(100), nullable=True),
        sa.Column("search_text", sa.String(400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name="fk_cases_household_id_households",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("case_number", name="uq_cases_case_number"),
        sa.UniqueConstraint("personal_identity_number", name="uq_cases_personal_identity_number"),
    )
    for column in (
        "household_id",
        "dossier_number",
        "reception_date",
        "closure_date",
        "assigned_officer",
    ):
        op.create_index(f"ix_cases_{column}", "cases", [column])

    op.create_table(
        "sfi_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("study_path", sa.String(1), nullable=False),
        sa.Column("course", sa.String(1), nullable=False),
        sa.Column("provider", sa.String(200), nullable=True),
        sa.Column("childcare", sa.Boolean(), nullable=False),
        sa.Column("vocational", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("grade", sa.String(1), nullable=True),
        *_case_constraints("sfi_enrolments"),
    )
    _index_case_and("sfi_enrolments", "start_date")

    op.create_table(
        "skills_mappings",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("completed_date", sa.Date(), nullable=True),
        sa.Column("education_level", sa.String(32), nullable=False),
        sa.Column("years_of_schooling", sa.Integer(), nullable=True),
        sa.Column("occupation_ssyk", sa.String(4), nullable=True),
        sa.Column("work_experience_years", sa.Integer(), nullable=True),
        sa.Column("driving_licence", sa.Boolean(), nullable=False),
        sa.Column("validation_needed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_skills_mappings_case_id_cases", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name="pk_skills_mappings"),
    )
    op.create_index("ix_skills_mappings_completed_date", "skills_mappings", ["completed_date"])

    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("employer", sa.String(200), nullable=True),
        sa.Column("municipal_department", sa.String(200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("hours_per_week", sa.Float(), nullable=True),
        *_case_constraints("placements"),
    )
    _index_case_and("placements", "start_date")

    op.create_table(
        "housing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("landlord", sa.String(200), nullable=True),
        sa.Column("district", sa.String(200), nullable=True),
        sa.Column("address", sa.String(200), nullable=True),
        sa.Column("move_in_date", sa.Date(), nullable=False),
        sa.Column("move_out_date", sa.Date(), nullable=True),
        *_case_constraints("housing"),
    )
    _index_case_and("housing", "move_in_date")

    op.create_table(
        "journal_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("note_date", sa.Date(), nullable=False),
        sa.Column("author", sa.String(100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        *_case_constraints("journal_notes"),
    )
    _index_case_and("journal_notes")

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        *_case_constraints("tasks"),
    )
    _index_case_and("tasks", "due_date")


def _case_constraints(table: str) -> tuple[sa.Constraint, ...]:
    return (
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=f"fk_{table}_case_id_cases", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    )


def _index_case_and(table: str, *columns: str) -> None:
    for column in ("case_id", *columns):
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table in (
        "tasks",
        "journal_notes",
        "housing",
        "placements",
        "skills_mappings",
        "sfi_enrolments",
        "cases",
        "households",
    ):
        op.drop_table(table)
