"""A period's published rows kept with its record, as they were published: on a team server
the officers and coordinators read them through `nyanland_statistics(period)`, and never the
raw figures they were made of (store/server_statistics.py).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("published_figures", sa.Column("rows", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("published_figures") as table:
        table.drop_column("rows")
