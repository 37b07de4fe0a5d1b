"""Meetings the officer books with the person: when, how long, where, the interpreter's
language and whether one is booked, and how long before the calendar reminds.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("interpreter_language", sa.String(8), nullable=True),
        sa.Column("interpreter_booked", sa.Boolean(), nullable=False),
        sa.Column("remind_minutes", sa.Integer(), nullable=False),
        sa.Column("officer", sa.String(100), nullable=False),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
    )
    op.create_index("ix_meetings_case_id", "meetings", ["case_id"])
    op.create_index("ix_meetings_starts_at", "meetings", ["starts_at"])


def downgrade() -> None:
    op.drop_table("meetings")
