"""On a team server the disclosure rules hold on the server: only an administrator counts.

The raw figures (the statistics views, `published_figures.figures`, `retained_figures`) are
the administrators' alone. An administrator publishes a period (its first file, as on a file
store); the rows published then, with every small count and every cell method 2 hid already
hidden, are kept with its record (migration 0024). Officers and coordinators read those rows
through `nyanland_statistics(period)` and nothing they were made of, so no query of theirs can
ask for a count the rules hide. The anonymised overview's few totals come from
`nyanland_quarter_counts(quarter, k)`, which hides counts of 1 to k−1 itself and takes no
threshold under the rules' minimum.
"""

from __future__ import annotations

from nyanland.domain.disclosure import MIN_THRESHOLD
from nyanland.store.server_functions import define

STATISTICS_SCHEMA = "nyanland_statistics"
# What the statistics and retention count: codes and dates, nothing that names anyone.
STATISTICS_COLUMNS = {
    "cases": "id, household_id, birth_date, sex, reception_date, reception_type, closure_date, "
    "closure_outcome",
    "sfi_enrolments": "id, case_id, start_date, study_path, course, status, end_date, grade, "
    "childcare, vocational",
    "skills_mappings": "case_id, completed_date, education_level",
    "placements": "id, case_id, kind, sector, start_date, end_date, hours_per_week",
    "housing": "id, case_id, kind, move_in_date, move_out_date",
    "households": "id",
}
# What a reader of the published figures may know of a period's record: not its figures.
RECORD_COLUMNS = "period, method, threshold, recorded_on"
ROW_FIELDS = (
    ("indicator", "text"),
    ("period", "text"),
    ("breakdown", "text"),
    ("category", "text"),
    ("value", "integer"),
    ("unit", "text"),
    ("status", "text"),
    ("linked", "boolean"),
)


def statements(owner: str, officer: str, coordinator: str, admin: str, others: str) -> list[str]:
    """Grants, views and functions; `others` are every group but the administrators'."""
    readers = f"{officer}, {coordinator}"
    result = [
        # Taken back from the groups that had them before (a store secured by an older version).
        f"REVOKE ALL ON published_figures, retained_figures FROM {others}",
        f"GRANT SELECT ON published_figures, retained_figures TO {admin}",
        f"GRANT INSERT, UPDATE ON published_figures TO {admin}",
        f"GRANT INSERT, UPDATE, DELETE ON retained_figures TO {admin}",  # retention's
        f"GRANT SELECT ({RECORD_COLUMNS}) ON published_figures TO {readers}",
        f"CREATE SCHEMA IF NOT EXISTS {STATISTICS_SCHEMA} AUTHORIZATION {owner}",
        f"REVOKE ALL ON SCHEMA {STATISTICS_SCHEMA} FROM PUBLIC, {others}",
        f"GRANT USAGE ON SCHEMA {STATISTICS_SCHEMA} TO {admin}",
    ]
    for table, columns in STATISTICS_COLUMNS.items():
        view = f"{STATISTICS_SCHEMA}.{table}"
        result += [
            f"CREATE OR REPLACE VIEW {view} AS SELECT {columns} FROM public.{table}",
            f"ALTER VIEW {view} OWNER TO {owner}",
            f"REVOKE ALL ON {view} FROM PUBLIC, {others}",
            f"GRANT SELECT ON {view} TO {admin}",
        ]
    allowed = " OR ".join(
        f"pg_has_role(session_user, '{group}', 'MEMBER')" for group in (officer, coordinator, admin)
    )
    refuse = (
        f"IF NOT ({allowed}) THEN RAISE EXCEPTION 'the statistics are not for this role' "
        "USING ERRCODE = '42501'; END IF;"
    )
    fields = ", ".join(f"{name} {kind}" for name, kind in ROW_FIELDS)
    picked = ", ".join(f"r.{name}" for name, _kind in ROW_FIELDS)
    functions = {
        "nyanland_statistics(wanted text)": (
            f"TABLE ({fields.replace('period text', 'of_period text')})",
            f"""{refuse}
            RETURN QUERY SELECT {picked.replace("r.period", "r.period AS of_period")}
                FROM published_figures p,
                LATERAL json_array_elements(p.rows::json) WITH ORDINALITY AS e(item, n),
                LATERAL json_to_record(e.item) AS r({fields})
                WHERE p.period = wanted AND p.rows IS NOT NULL ORDER BY e.n;""",
        ),
        "nyanland_quarter_counts(wanted text, k integer)": (
            "TABLE (counted text, number integer)",
            f"""{refuse}
            IF k IS NULL OR k < {MIN_THRESHOLD} THEN
                RAISE EXCEPTION 'the threshold must be at least {MIN_THRESHOLD}'
                USING ERRCODE = '22023'; END IF;
            IF wanted !~ '^[0-9]{{4}}-Q[1-4]$' THEN
                RAISE EXCEPTION 'not a quarter: %', wanted USING ERRCODE = '22023'; END IF;
            DECLARE
                opens date := make_date(substr(wanted, 1, 4)::integer,
                    substr(wanted, 7, 1)::integer * 3 - 2, 1);
                closes date := (opens + interval '3 months' - interval '1 day')::date;
            BEGIN
                RETURN QUERY SELECT t.what,
                    CASE WHEN t.how_many BETWEEN 1 AND k - 1 THEN NULL
                    ELSE t.how_many::integer END
                FROM (VALUES
                    ('received', (SELECT count(*) FROM cases
                        WHERE reception_date BETWEEN opens AND closes)),
                    ('closed', (SELECT count(*) FROM cases
                        WHERE closure_date BETWEEN opens AND closes)),
                    ('sfi_start', (SELECT count(*) FROM cases WHERE id IN (
                        SELECT case_id FROM sfi_enrolments
                        WHERE start_date BETWEEN opens AND closes))),
                    ('placement_start', (SELECT count(*) FROM cases WHERE id IN (
                        SELECT case_id FROM placements
                        WHERE start_date BETWEEN opens AND closes))),
                    ('open', (SELECT count(*) FROM cases WHERE closure_date IS NULL))
                ) AS t(what, how_many);
            END;""",
        ),
    }
    for signature, (returns, body) in functions.items():
        result += define(
            signature, returns, body, owner, f"{readers}, {admin}", volatility="STABLE"
        )
    return result
