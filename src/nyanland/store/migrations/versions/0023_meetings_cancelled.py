"""A cancelled meeting keeps its row, with who cancelled it and when, so a laptop copy's sync
cancels it on the other side too (a deleted row would come back from there).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("meetings", sa.Column("cancelled_at", sa.DateTime(), nullable=True))
    op.add_column("meetings", sa.Column("cancelled_by", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as table:
        table.drop_column("cancelled_by")
        table.drop_column("cancelled_at")
