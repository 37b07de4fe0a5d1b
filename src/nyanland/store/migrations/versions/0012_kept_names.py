"""The names the administrator keeps for the forms (districts, SFI providers, employers), so
one place is not written three ways and the statistics do not split.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "kept_names",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("list", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("list", "name"),
    )


def downgrade() -> None:
    op.drop_table("kept_names")
