"""Signed checkpoints of the audit log (Ed25519, by an administrator's key), kept like the log:
nothing in them is changed or removed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by", sa.String(100), nullable=False),
        sa.Column("first_event_id", sa.Integer(), nullable=False),
        sa.Column("last_event_id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.Column("previous", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_checkpoints"),
    )
    if _sqlite():
        for name, event in (("sealed", "UPDATE"), ("kept", "DELETE")):
            op.execute(
                f"CREATE TRIGGER audit_checkpoints_{name} BEFORE {event} ON audit_checkpoints "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
    else:
        for name, event in (("sealed", "UPDATE"), ("kept", "DELETE")):
            op.execute(
                f"CREATE TRIGGER audit_checkpoints_{name} BEFORE {event} ON audit_checkpoints "
                "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
            )


def downgrade() -> None:
    for name in ("sealed", "kept"):
        op.execute(
            f"DROP TRIGGER audit_checkpoints_{name}"
            + ("" if _sqlite() else " ON audit_checkpoints")
        )
    op.drop_table("audit_checkpoints")
