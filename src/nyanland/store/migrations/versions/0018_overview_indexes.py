"""The caseload overview at 100,000 cases: an open case's phase and lateness are worked out
from index entries alone (the case's dates, officer and protection in one index; a housing
contract's end, a mapping's date, a placement's dates by their case), so no table page is
read and decrypted per case (1.1 s → 0.33 s at 100,000).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name: (table, columns), as in the models (store/models.py)
INDEXES = {
    "ix_cases_overview": (
        "cases",
        [
            "closure_date",
            "assigned_officer",
            "protected_identity",
            "reception_date",
            "birth_date",
            "establishment_programme_start",
        ],
    ),
    "ix_housing_ends": ("housing", ["case_id", "kind", "move_out_date", "move_in_date"]),
    "ix_skills_mappings_done": ("skills_mappings", ["case_id", "completed_date"]),
    "ix_placements_now": ("placements", ["case_id", "start_date", "end_date"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table)
