"""The server decides who reads what: PostgreSQL roles, grants and row-level security.

`secure(connection)`, run by `init --admin` (and again at each upgrade) with a superuser's
connection, makes a team store's database hold its own rules:

- the tables belong to `nyanland_owner`, a role nobody signs in as;
- each account is a login of its own (`CREATE ROLE anna LOGIN`, a SCRAM-SHA-256 verifier made
  by the client, so no password crosses the wire or reaches a server log), a member of one
  group role per nyanland role; the administrators manage the logins only through the
  functions below, which touch no role outside those groups;
- row-level security on every table with personal data: an officer sees every case but a
  protected identity's, which only its assigned officer sees; SFI staff see the SFI columns of
  people of SFI age without a protected identity, and their SFI courses; administrators see
  only the coded columns the statistics count (no name, number, contact, address, note or
  task), manage accounts and read the audit log; coordinators read no table of a case, only
  the figures an administrator published (store/server_statistics.py);
- the audit log is chained by the server (migration 0009) with its clock and the login's name;
  nobody may change or remove an entry, and every change to a case's tables, from the app or
  from psql, is written to it by the server (names of the columns changed, never values).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from nyanland.domain.timeline import DEFAULT_RULES
from nyanland.store import server_statistics
from nyanland.store.server_functions import define
from nyanland.store.server_statistics import STATISTICS_COLUMNS

OWNER = "nyanland_owner"
GROUPS = {
    "officer": "nyanland_officer",
    "sfi": "nyanland_sfi",
    "coordinator": "nyanland_coordinator",
    "admin": "nyanland_admin",
}
ALL_GROUPS = ", ".join(GROUPS.values())
MARKER = "nyanland_add_login(text,text,text)"  # a database with it is secured

# The tables of a case, with the column that names their case.
CASE_TABLES = {
    "sfi_enrolments": "case_id",
    "skills_mappings": "case_id",
    "placements": "case_id",
    "housing": "case_id",
    "journal_notes": "case_id",
    "tasks": "case_id",
    "reminder_marks": "case_id",
    "letters": "case_id",
    "meetings": "case_id",
    "attachments": "case_id",
    "consents": "case_id",
}
PRIMARY_KEYS = {"cases": "id", "skills_mappings": "case_id"}

SFI_CASE_COLUMNS = (
    "id, uid, case_number, dossier_number, first_name, last_name, birth_date, "
    "personal_identity_number, reception_date, closure_date, protected_identity, "
    "assigned_officer, search_text, version, updated_at"
)
PLAIN_TABLES = ("settings", "targets", "kept_names")
SERVER_ONLY = ("sync_cases", "sync_deletions", "sync_conflicts", "sync_records")  # a laptop's


def is_secured(connection: Connection) -> bool:
    return bool(
        connection.execute(text(f"SELECT to_regprocedure('{MARKER}') IS NOT NULL")).scalar()
    )


def secure(connection: Connection, database: str) -> None:
    """Makes the roles, grants, policies and triggers (again: every statement may run twice)."""
    cursor = connection.connection.cursor()  # the driver's: no parameters, `%` is plain
    try:
        for statement in _statements(database):
            cursor.execute(statement)
    finally:
        cursor.close()


def _statements(database: str) -> list[str]:
    roles = [_role(OWNER, "NOLOGIN CREATEROLE"), *(_role(g, "NOLOGIN") for g in GROUPS.values())]
    return [
        *roles,
        *(f"GRANT {g} TO {OWNER} WITH ADMIN OPTION" for g in GROUPS.values()),
        f"GRANT pg_signal_backend TO {OWNER}",
        f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC',
        # No temporary tables: none can shadow a table for a function of the owner's.
        f'GRANT CONNECT ON DATABASE "{database}" TO {ALL_GROUPS}',
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {ALL_GROUPS}, {OWNER}",
        *_ownership(),
        *_grants(),
        *_policies(),
        *_audit(),
        *_functions(),
    ]


def _role(name: str, options: str) -> str:
    return (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN "
        f"CREATE ROLE {name} {options}; END IF; END $$"
    )


def _ownership() -> list[str]:
    return [
        "DO $$ DECLARE t record; BEGIN "
        "FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP "
        f"EXECUTE format('ALTER TABLE public.%I OWNER TO {OWNER}', t.tablename); "
        "EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC', t.tablename); END LOOP; END $$",
    ]


def _grants() -> list[str]:
    officer, sfi = GROUPS["officer"], GROUPS["sfi"]
    coordinator, admin = GROUPS["coordinator"], GROUPS["admin"]
    case_tables = ", ".join(["cases", "households", *CASE_TABLES])
    grants = [
        f"GRANT SELECT ON alembic_version TO {ALL_GROUPS}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {case_tables} TO {officer}",
        # A journal entry is kept as written (migration 0010's trigger says so too).
        f"REVOKE UPDATE, DELETE ON journal_notes FROM {officer}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {ALL_GROUPS}",
        f"GRANT SELECT ({SFI_CASE_COLUMNS}), UPDATE (version, updated_at) ON cases TO {sfi}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON sfi_enrolments TO {sfi}",
        f"GRANT SELECT ON {', '.join(PLAIN_TABLES)} TO {ALL_GROUPS}",
        f"GRANT INSERT, UPDATE, DELETE ON settings, targets TO {admin}",
        f"GRANT INSERT, UPDATE ON kept_names TO {admin}",
        f"GRANT SELECT, INSERT, DELETE ON retention_exemptions TO {admin}",
        # An insert returns its entry's number: reading that column is all the rest get.
        f"GRANT INSERT, SELECT (id) ON audit_events TO {ALL_GROUPS}",
        f"GRANT SELECT ON audit_events, audit_checkpoints TO {admin}",
        f"GRANT SELECT ON audit_events TO {officer}",
        f"GRANT INSERT ON audit_checkpoints TO {admin}",
        # No secret in it: a password is its login's, on the server (`!server` here).
        f"GRANT SELECT ON accounts TO {ALL_GROUPS}",
        f"GRANT UPDATE (failed_sign_ins, last_sign_in_at, must_change_password) ON accounts "
        f"TO {ALL_GROUPS}",
        f"GRANT INSERT, UPDATE ON accounts TO {admin}",
        f"GRANT DELETE ON cases, households TO {admin}",
        # The log and retention name a case by its number, which names no one.
        f"GRANT SELECT (case_number) ON cases TO {admin}",
        # Caseloads are counted per officer, for the hand-over (numbers of cases, no person).
        f"GRANT SELECT (assigned_officer) ON cases TO {admin}",
        # A laptop copy's own tables: empty on a server, read by the case list's queries.
        f"GRANT SELECT ON {', '.join(SERVER_ONLY)} TO {officer}",
        # A trigram index serves LIKE under row-level security only if LIKE is leakproof
        # (it is: it raises nothing that depends on a row), else every search is a scan.
        "ALTER FUNCTION textlike(text, text) LEAKPROOF",
    ]
    # Retention (the administrator's) picks the cases due by their dates and numbers.
    for table, columns in STATISTICS_COLUMNS.items():
        grants.append(f"GRANT SELECT ({columns}) ON {table} TO {admin}")
    others = f"{officer}, {sfi}, {coordinator}"
    grants += server_statistics.statements(OWNER, officer, coordinator, admin, others)
    return grants


def _policies() -> list[str]:
    officer, sfi = GROUPS["officer"], GROUPS["sfi"]
    coordinator, admin = GROUPS["coordinator"], GROUPS["admin"]
    own = "(NOT protected_identity OR assigned_officer = session_user)"
    sfi_age = (
        "(NOT protected_identity AND birth_date <= "
        f"((now() AT TIME ZONE 'UTC')::date - interval '{DEFAULT_RULES.sfi_min_age} years'))"
    )
    of_a_visible_case = "(EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id))"
    policies = {
        "cases": [
            # (A protected case is handed on through nyanland_hand_over, below.)
            ("officer", f"FOR ALL TO {officer} USING {own} WITH CHECK {own}"),
            ("sfi_read", f"FOR SELECT TO {sfi} USING {sfi_age}"),
            ("sfi_write", f"FOR UPDATE TO {sfi} USING {sfi_age} WITH CHECK {sfi_age}"),
            ("statistics", f"FOR SELECT TO {admin} USING (true)"),
            ("retention", f"FOR DELETE TO {admin} USING (true)"),
        ],
        "households": [
            ("officer", f"FOR ALL TO {officer} USING (true) WITH CHECK (true)"),
            ("statistics", f"FOR SELECT TO {admin} USING (true)"),
            ("retention", f"FOR DELETE TO {admin} USING (true)"),
        ],
        # An officer reads the log of the cases it sees (who changed it; the register
        # extract); everyone the number of an entry it wrote itself (an insert returns it).
        "audit_events": [
            ("write", f"FOR INSERT TO {ALL_GROUPS} WITH CHECK (true)"),
            ("own", f"FOR SELECT TO {sfi}, {coordinator} USING (actor = session_user)"),
            (
                "officer",
                f"FOR SELECT TO {officer} USING (actor = session_user OR "
                "(case_id IS NOT NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.id = case_id)))",
            ),
            ("admin", f"FOR SELECT TO {admin} USING (true)"),
        ],
        "accounts": [
            ("everyone", f"FOR SELECT TO {ALL_GROUPS} USING (true)"),
            ("own", f"FOR UPDATE TO {ALL_GROUPS} USING (username = session_user)"),
            ("admin", f"FOR ALL TO {admin} USING (true) WITH CHECK (true)"),
        ],
    }
    for table in CASE_TABLES:
        rules = [
            (
                "officer",
                f"FOR ALL TO {officer} USING {of_a_visible_case} WITH CHECK {of_a_visible_case}",
            ),
        ]
        if table in STATISTICS_COLUMNS:
            rules.append(("statistics", f"FOR SELECT TO {admin} USING (true)"))
        if table == "sfi_enrolments":
            rules.append(
                (
                    "sfi",
                    f"FOR ALL TO {sfi} USING {of_a_visible_case} WITH CHECK {of_a_visible_case}",
                )
            )
        policies[table] = rules
    statements = []
    for table, rules in policies.items():
        statements.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for name, rule in rules:
            statements.append(f"DROP POLICY IF EXISTS {name} ON {table}")
            statements.append(f"CREATE POLICY {name} ON {table} {rule}")
    return statements


def _audit() -> list[str]:
    """The chain trigger runs as the owner (it reads the last seal, which no account but an
    administrator may); every change to a case's tables is logged by the server."""
    statements = [
        f"ALTER FUNCTION audit_events_chain() OWNER TO {OWNER}",
        "ALTER FUNCTION audit_events_chain() SECURITY DEFINER SET search_path = public, pg_temp",
        f"ALTER FUNCTION audit_events_append_only() OWNER TO {OWNER}",
        f"ALTER FUNCTION journal_notes_kept() OWNER TO {OWNER}",
        _LOG_FUNCTION,
        f"ALTER FUNCTION nyanland_log_rows() OWNER TO {OWNER}",
    ]
    for table in ("cases", *CASE_TABLES):
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"{table}_logged_{event.lower()}"
            rows = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows"}.get(
                event, "OLD TABLE AS old_rows NEW TABLE AS new_rows"
            )
            case = "id" if table == "cases" else CASE_TABLES[table]
            key = PRIMARY_KEYS.get(table, "id")
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {rows} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION nyanland_log_rows('{case}', '{key}')"
            )
    return statements


# One entry per case a statement touched: the table, what was done, and for a change the
# names of the columns whose values differ (the values stay out of the log). The deadlines a
# case keeps (services/deadlines.py) follow from the rest, and are left out.
_LOG_FUNCTION = """
CREATE OR REPLACE FUNCTION nyanland_log_rows() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    case_column text := TG_ARGV[0];
    key_column text := TG_ARGV[1];
BEGIN
    IF TG_OP = 'UPDATE' THEN
        EXECUTE format(
            'INSERT INTO audit_events (occurred_at, actor, action, case_id, detail, '
            'previous_hash, entry_hash) '
            'SELECT now() AT TIME ZONE ''UTC'', session_user, ''row_changed'', n.%1$I, '
            '%2$L || '' update '' || '
            'coalesce(string_agg(DISTINCT e.key, '','' ORDER BY e.key), ''''), '
            '''-'', gen_random_uuid()::text '
            'FROM new_rows n JOIN old_rows o ON o.%3$I = n.%3$I, '
            'jsonb_each(to_jsonb(n)) e '
            'WHERE to_jsonb(o) -> e.key IS DISTINCT FROM e.value '
            'AND e.key NOT IN (''due_on'', ''ends_on'', ''in_sfi'') GROUP BY n.%1$I',
            case_column, TG_TABLE_NAME, key_column);
    ELSE
        EXECUTE format(
            'INSERT INTO audit_events (occurred_at, actor, action, case_id, detail, '
            'previous_hash, entry_hash) '
            'SELECT now() AT TIME ZONE ''UTC'', session_user, ''row_changed'', r.%1$I, '
            '%2$L || '' '' || %3$L || '' '' || count(*), ''-'', gen_random_uuid()::text '
            'FROM %4$I r GROUP BY r.%1$I',
            case_column, TG_TABLE_NAME, lower(TG_OP),
            CASE WHEN TG_OP = 'INSERT' THEN 'new_rows' ELSE 'old_rows' END);
    END IF;
    RETURN NULL;
END $$
"""


def _functions() -> list[str]:
    """The administrators' only way to the server's roles: each function checks the caller
    and touches only logins that are members of nyanland's groups."""
    admin = GROUPS["admin"]
    groups = "', '".join(GROUPS.values())
    managed = (
        "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = name "
        f"AND g.rolname IN ('{groups}'))"
    )
    is_admin = f"pg_has_role(session_user, '{admin}', 'MEMBER')"
    definitions = {
        "nyanland_add_login(name text, grp text, verifier text)": f"""
            IF NOT {is_admin} THEN RAISE EXCEPTION 'only an administrator adds accounts'
                USING ERRCODE = '42501'; END IF;
            IF grp NOT IN ('{groups}') THEN RAISE EXCEPTION 'no such role: %', grp; END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
                RAISE EXCEPTION 'a database login named % exists already', name
                USING ERRCODE = '42710'; END IF;
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', name, verifier, grp);
        """,
        "nyanland_set_login(name text, enabled boolean)": f"""
            IF NOT {is_admin} THEN RAISE EXCEPTION 'only an administrator disables accounts'
                USING ERRCODE = '42501'; END IF;
            IF NOT {managed} THEN RAISE EXCEPTION 'not a nyanland account: %', name; END IF;
            EXECUTE format('ALTER ROLE %I %s', name,
                CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
            IF NOT enabled THEN
                PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = name;
            END IF;
        """,
        "nyanland_set_password(name text, verifier text)": f"""
            IF name <> session_user AND NOT {is_admin} THEN
                RAISE EXCEPTION 'only an administrator resets another account''s password'
                USING ERRCODE = '42501'; END IF;
            IF NOT {managed} THEN RAISE EXCEPTION 'not a nyanland account: %', name; END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', name, verifier);
        """,
        "nyanland_erase_changes(case_ids integer[])": f"""
            IF NOT {is_admin} THEN RAISE EXCEPTION 'only retention erases values'
                USING ERRCODE = '42501'; END IF;
            UPDATE audit_events SET changes = NULL
                WHERE case_id = ANY(case_ids) AND changes IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = audit_events.case_id);
        """,
        "nyanland_hand_over(target integer, officer_name text, expected integer)": f"""
            IF NOT ({is_admin} OR (pg_has_role(session_user, '{GROUPS["officer"]}', 'MEMBER')
                AND EXISTS (SELECT 1 FROM cases WHERE id = target
                            AND (NOT protected_identity OR assigned_officer = session_user))))
            THEN RAISE EXCEPTION 'not your case to hand over' USING ERRCODE = '42501'; END IF;
            IF officer_name IS NOT NULL
                AND nyanland_role_of(officer_name) IS DISTINCT FROM '{GROUPS["officer"]}' THEN
                RAISE EXCEPTION 'not an officer: %', officer_name; END IF;
            UPDATE cases SET assigned_officer = officer_name, version = version + 1,
                updated_at = now() AT TIME ZONE 'UTC'
                WHERE id = target AND version = expected;
            IF NOT FOUND THEN RAISE EXCEPTION 'the case was changed'
                USING ERRCODE = '40001'; END IF;
        """,
        "nyanland_set_role(name text, grp text)": f"""
            IF NOT {is_admin} THEN RAISE EXCEPTION 'only an administrator changes roles'
                USING ERRCODE = '42501'; END IF;
            IF name = session_user THEN RAISE EXCEPTION 'not one''s own role'
                USING ERRCODE = '42501'; END IF;
            IF NOT {managed} THEN RAISE EXCEPTION 'not a nyanland account: %', name; END IF;
            IF grp NOT IN ('{groups}') THEN RAISE EXCEPTION 'no such role: %', grp; END IF;
            EXECUTE format('REVOKE %s FROM %I', (SELECT string_agg(quote_ident(g), ', ')
                FROM unnest(ARRAY['{groups}']) g WHERE g <> grp), name);
            EXECUTE format('GRANT %I TO %I', grp, name);
            PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = name;
        """,
        # A departing officer's caseload, handed on by an administrator (who reads no case).
        "nyanland_hand_over_cases(case_ids integer[], giver text, taker text)": f"""
            IF NOT {is_admin} THEN RAISE EXCEPTION 'only an administrator hands over caseloads'
                USING ERRCODE = '42501'; END IF;
            IF nyanland_role_of(taker) IS DISTINCT FROM '{GROUPS["officer"]}' THEN
                RAISE EXCEPTION 'not an officer: %', taker; END IF;
            DECLARE moved integer; BEGIN
                UPDATE cases SET assigned_officer = taker, version = version + 1,
                    updated_at = now() AT TIME ZONE 'UTC'
                WHERE id = ANY(case_ids) AND assigned_officer IS NOT DISTINCT FROM giver;
                GET DIAGNOSTICS moved = ROW_COUNT;
                RETURN moved;
            END;
        """,
        "nyanland_last_number(pattern text)": """
            PERFORM pg_advisory_xact_lock(735103);  -- one new number at a time, to commit
            -- The longest, then the greatest: past 99,999 a year 2026-100000 < 2026-99999.
            RETURN (SELECT case_number FROM cases WHERE case_number LIKE pattern || '%'
                ORDER BY length(case_number) DESC, case_number DESC LIMIT 1);
        """,
        "nyanland_case_of(digits text)": f"""
            IF NOT {is_admin} THEN RAISE EXCEPTION 'only an administrator looks up the log'
                USING ERRCODE = '42501'; END IF;
            RETURN (SELECT id FROM cases WHERE personal_identity_number = digits);
        """,
        "nyanland_role_of(name text)": f"""
            RETURN (SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                JOIN pg_roles r ON r.oid = m.member
                WHERE r.rolname = name AND g.rolname IN ('{groups}') LIMIT 1);
        """,
    }
    statements = []
    for signature, body in definitions.items():
        returns = {
            "nyanland_role_of": "text",
            "nyanland_case_of": "integer",
            "nyanland_last_number": "text",
            "nyanland_hand_over_cases": "integer",
        }.get(signature.split("(")[0], "void")
        statements += define(signature, returns, body, OWNER, ALL_GROUPS)
    return statements
