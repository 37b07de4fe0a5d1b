"""Cases found by birth date (the likely-duplicate check looks a new person up by the birth
date and its slips), and the status of a closed case's follow-up 90 days after it ended.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_birth_date", "cases", ["birth_date"])
    # ADD COLUMN, not a batch's copy of the table: the search index's triggers stay.
    op.add_column("cases", sa.Column("follow_up_date", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("follow_up_status", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("follow_up_status")
        batch.drop_column("follow_up_date")
    op.drop_index("ix_cases_birth_date", "cases")
