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
    # The protected cases' partial index (0016) covers its query now: with the indexes below,
    # which hold both columns for every case, SQLite would scan one of those instead
    # (134 ms a keystroke at 1,000,000 cases).
    op.drop_index("ix_cases_protected", "cases")
    op.create_index(
        "ix_cases_protected",
        "cases",
        ["assigned_officer", "protected_identity"],
        sqlite_where=sa.text("protected_identity"),
        postgresql_where=sa.text("protected_identity"),
    )
    op.add_column("cases", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column("cases", sa.Column("ends_on", sa.Date(), nullable=True))
    op.add_column(
        "cases", sa.Column("in_sfi", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns)
    # The placements running on a day, from the index alone (the overview's phases).
    op.create_index("ix_placements_running", "placements", ["end_date", "start_date", "case_id"])


def downgrade() -> None:
    op.drop_index("ix_placements_running", "placements")
    for name in INDEXES:
        op.drop_index(name, "cases")
    with op.batch_alter_table("cases") as table:
        table.drop_column("in_sfi")
        table.drop_column("ends_on")
        table.drop_column("due_on")
    op.drop_index("ix_cases_protected", "cases")
    op.create_index(
        "ix_cases_protected",
        "cases",
        ["assigned_officer"],
        sqlite_where=sa.text("protected_identity"),
        postgresql_where=sa.text("protected_identity"),
    )
