"""A journal entry is kept as written: its kind, when it was saved, an identity of its own
(across a laptop copy and its server), and the entry it corrects; the database refuses to
change one, or to remove one while its case is there (a case's deletion takes its journal).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "a journal entry is kept as written: write a correction of it"


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def upgrade() -> None:
    with op.batch_alter_table("journal_notes") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="other"))
        batch.add_column(sa.Column("written_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("uid", sa.String(36), nullable=True))
        batch.add_column(sa.Column("corrects_uid", sa.String(36), nullable=True))
    # Entries of before get an identity now; their time of writing was not kept.
    random = "lower(hex(randomblob(16)))" if _sqlite() else "gen_random_uuid()::text"
    op.execute(f"UPDATE journal_notes SET uid = {random} WHERE uid IS NULL")
    with op.batch_alter_table("journal_notes") as batch:
        batch.alter_column("uid", existing_type=sa.String(36), nullable=False)
        batch.alter_column(
            "kind", existing_type=sa.String(16), server_default=None, existing_nullable=False
        )
        batch.create_unique_constraint("uq_journal_notes_uid", ["uid"])
    if _sqlite():
        op.execute(
            "CREATE TRIGGER journal_notes_kept BEFORE UPDATE ON journal_notes "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )
        op.execute(
            "CREATE TRIGGER journal_notes_not_removed BEFORE DELETE ON journal_notes "
            "WHEN EXISTS (SELECT 1 FROM cases WHERE id = old.case_id) "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )
        return
    op.execute(
        "CREATE FUNCTION journal_notes_kept() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id) "
        f"THEN RETURN OLD; END IF; RAISE EXCEPTION '{REFUSAL}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER journal_notes_kept BEFORE UPDATE OR DELETE ON journal_notes "
        "FOR EACH ROW EXECUTE FUNCTION journal_notes_kept()"
    )


def downgrade() -> None:
    if _sqlite():
        op.execute("DROP TRIGGER journal_notes_kept")
        op.execute("DROP TRIGGER journal_notes_not_removed")
    else:
        op.execute("DROP TRIGGER journal_notes_kept ON journal_notes")
        op.execute("DROP FUNCTION journal_notes_kept()")
    with op.batch_alter_table("journal_notes") as batch:
        batch.drop_constraint("uq_journal_notes_uid", type_="unique")
        for column in ("corrects_uid", "uid", "written_at", "kind"):
            batch.drop_column(column)
