"""Sign-in lockout, the audit log's sealed values and append-only rule, retained statistics.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Only retention's erasing of old and new values may change an entry; nothing may delete one.
_SEALED = "occurred_at, actor, action, case_id, detail, changes_digest, previous_hash, entry_hash"


def upgrade() -> None:
    with op.batch_alter_table("accounts") as accounts:
        accounts.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        accounts.add_column(sa.Column("last_sign_in_at", sa.DateTime(), nullable=True))
        accounts.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("audit_events") as events:
        events.add_column(sa.Column("changes", sa.Text(), nullable=True))
        events.add_column(sa.Column("changes_digest", sa.String(64), nullable=True))
    op.create_table(
        "retained_figures",
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("period", name="pk_retained_figures"),
    )
    if op.get_context().dialect.name == "sqlite":
        op.execute(
            f"CREATE TRIGGER audit_events_sealed BEFORE UPDATE OF {_SEALED} ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
        op.execute(
            "CREATE TRIGGER audit_events_kept BEFORE DELETE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER audit_events_sealed BEFORE UPDATE OF {_SEALED} ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_kept BEFORE DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_events_sealed" + ("" if _sqlite() else " ON audit_events"))
    op.execute("DROP TRIGGER audit_events_kept" + ("" if _sqlite() else " ON audit_events"))
    if not _sqlite():
        op.execute("DROP FUNCTION audit_events_append_only()")
    op.drop_table("retained_figures")
    with op.batch_alter_table("audit_events") as events:
        events.drop_column("changes_digest")
        events.drop_column("changes")
    with op.batch_alter_table("accounts") as accounts:
        accounts.drop_column("must_change_password")
        accounts.drop_column("last_sign_in_at")
        accounts.drop_column("locked_until")


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"
