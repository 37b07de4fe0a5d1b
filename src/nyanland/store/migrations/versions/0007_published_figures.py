"""The figures of each period as first written to a file (statistics method 2: later exports
of the period reproduce them).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "published_figures",
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("method", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("hidden", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("period", name="pk_published_figures"),
    )


def downgrade() -> None:
    op.drop_table("published_figures")
