"""The case list at a million cases: sorted by name without sorting the table, and counted
without reading it (the protected cases, few, have an index of their own, so the list's total
is the table's count less those the actor may not see).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_last_name", "cases", ["last_name"])
    protected = sa.text("protected_identity")
    op.create_index(
        "ix_cases_protected",
        "cases",
        ["assigned_officer"],
        sqlite_where=protected,
        postgresql_where=protected,
    )


def downgrade() -> None:
    op.drop_index("ix_cases_protected", "cases")
    op.drop_index("ix_cases_last_name", "cases")
