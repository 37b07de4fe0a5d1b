"""What the officer did with an item of the to-do list: snoozed it to a date (with a reason),
or marked it done; the item is known by its case, kind, date and detail.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_marks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("marked_by", sa.String(100), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("case_id", "kind", "due", "detail"),
    )
    op.create_index("ix_reminder_marks_case_id", "reminder_marks", ["case_id"])


def downgrade() -> None:
    op.drop_table("reminder_marks")
