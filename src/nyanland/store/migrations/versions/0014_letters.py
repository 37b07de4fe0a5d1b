"""The letters written to a person: kind, language, who wrote it when, and the letter itself
(its HTML, which writes the same PDF again, and its text).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("drafts", sa.String(64), nullable=False, server_default=""),
        sa.Column("written_by", sa.String(100), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_letters_case_id", "letters", ["case_id"])


def downgrade() -> None:
    op.drop_table("letters")
