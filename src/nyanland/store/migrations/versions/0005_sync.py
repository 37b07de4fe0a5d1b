"""Team mode: a lasting identity for each case and household (the same on the server and on
every laptop's replica), and a replica's record of what it last synced.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("cases", "households"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("uid", sa.String(36), nullable=True))
        rows = sa.table(table, sa.column("id", sa.Integer()), sa.column("uid", sa.String(36)))
        connection = op.get_bind()
        ids = connection.execute(sa.select(rows.c.id)).scalars().all()
        if ids:
            connection.execute(
                sa.update(rows).where(rows.c.id == sa.bindparam("row_id")),
                [{"row_id": i, "uid": str(uuid.uuid4())} for i in ids],
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("uid", existing_type=sa.String(36), nullable=False)
            batch.create_unique_constraint(f"uq_{table}_uid", ["uid"])
    op.create_table(
        "sync_cases",
        sa.Column("case_uid", sa.String(36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_uid", name="pk_sync_cases"),
    )
    op.create_table(
        "sync_deletions",
        sa.Column("case_uid", sa.String(36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_uid", name="pk_sync_deletions"),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("case_uid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("case_number", sa.String(40), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("mine", sa.Text(), nullable=True),
        sa.Column("theirs", sa.Text(), nullable=True),
        sa.Column("theirs_version", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_uid", name="pk_sync_conflicts"),
    )


def downgrade() -> None:
    for table in ("sync_conflicts", "sync_deletions", "sync_cases"):
        op.drop_table(table)
    for table in ("households", "cases"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_uid", type_="unique")
            batch.drop_column("uid")
