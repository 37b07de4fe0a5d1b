"""On a server, the audit log is chained by the server itself: a trigger takes one lock per
transaction, numbers the entry and seals it to the last one, so twenty clients writing at
once leave one unbroken chain (each client reading the last seal itself forked it). A session
that is not the tables' owner (a signed-in account, see store/server_security.py) is also
given the server's clock and its own login name, whatever the client sent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The seal is services/audit.py's entry_hash, the same JSON text byte for byte: to_json()
# escapes as Python's json.dumps(ensure_ascii=False) does, and the time is ISO 8601 with the
# microseconds only when there are some (datetime.isoformat()).
CHAIN = """
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seal text;
    iso text;
    payload text;
BEGIN
    PERFORM pg_advisory_xact_lock(735102);  -- held to the end of the transaction
    IF session_user <> (SELECT tableowner FROM pg_tables
                        WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME)
       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        NEW.actor := session_user;
        NEW.occurred_at := date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC');
    END IF;
    NEW.id := nextval(pg_get_serial_sequence(
        quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME), 'id'));
    SELECT entry_hash INTO last_seal FROM audit_events ORDER BY id DESC LIMIT 1;
    NEW.previous_hash := coalesce(last_seal, repeat('0', 64));
    IF NEW.changes IS NOT NULL THEN
        NEW.changes_digest := encode(sha256(convert_to(NEW.changes, 'UTF8')), 'hex');
    END IF;
    iso := to_char(NEW.occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS');
    IF extract(microseconds FROM NEW.occurred_at)::bigint % 1000000 <> 0 THEN
        iso := iso || '.' || to_char(NEW.occurred_at, 'US');
    END IF;
    payload := '[' || to_json(NEW.previous_hash)::text || ',' || to_json(iso)::text || ','
        || to_json(NEW.actor)::text || ',' || to_json(NEW.action)::text || ','
        || coalesce(NEW.case_id::text, 'null') || ',' || to_json(NEW.detail)::text
        || CASE WHEN NEW.changes_digest IS NULL THEN ''
                ELSE ',' || to_json(NEW.changes_digest)::text END
        || ']';
    NEW.entry_hash := encode(sha256(convert_to(payload, 'UTF8')), 'hex');
    RETURN NEW;
END $$;
CREATE TRIGGER audit_events_chained BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(CHAIN)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_chained ON audit_events")
        op.execute("DROP FUNCTION audit_events_chain()")
