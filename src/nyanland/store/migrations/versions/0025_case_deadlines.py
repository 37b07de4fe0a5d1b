"""Each case keeps the first day something of it is due, the day its establishment period ends
and whether it has an SFI course, so that the overview counts its overdue cases and phases by
index ranges instead of working out five rules for each of 81,000 open cases (issue 23).

The columns are filled by nyanland after the upgrade (services/deadlines.py, which writes them
with every change of a case from then on); until then they are empty.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_cases_due": ["closure_date", "due_on", "protected_identity", "assigned_officer"],
    # The cases received in a quarter, counted from the index alone.
    "ix_cases_received": ["reception_date", "protected_identity", "assigned_officer"],
    "ix_cases_phase": [
        "closure_date",
        "in_sfi",
        "ends_on",
        "protected_identity",
        "assigned_officer",
    ],
}


def upgrade() -> None:
    op.add_column("cases", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("ends_on", sa.Date(), nullable=True))
    op.add_column(
        "cases", sa.Column("in_sfi", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "cases")
    with op.batch_alter_table("cases") as table:
        table.drop_column("in_sfi")
        table.drop_column("ends_on")
        table.drop_column("due_on")
