"""Cases the administrator keeps from retention (an appeal under way, a request from a
court), each with the reason, who and when; retention passes them by until the exemption is
lifted.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_exemptions",
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("exempted_by", sa.String(100), nullable=False),
        sa.Column("exempted_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retention_exemptions")
