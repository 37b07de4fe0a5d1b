"""Date arithmetic in SQL that SQLite and PostgreSQL both understand."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, case, cast, extract

from nyanland.store.models import CaseRow


def age_at(day: Any) -> ColumnElement[int]:
    """Whole years from a case's birth date to `day` (a column or a date)."""
    born = CaseRow.birth_date
    before_birthday = case(
        (
            extract("month", day) * 100 + extract("day", day)
            < extract("month", born) * 100 + extract("day", born),
            1,
        ),
        else_=0,
    )
    return cast(extract("year", day) - extract("year", born) - before_birthday, Integer)
