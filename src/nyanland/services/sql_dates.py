"""Date arithmetic in SQL that SQLite and PostgreSQL both understand."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement, Integer, case, cast, extract, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

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


class _AgedAtLeast(FunctionElement[bool]):
    """`age_at(day) >= years`, the same answer by a cheaper way on SQLite (see below)."""

    type = Boolean()
    inherit_cache = True
    name = "aged_at_least"


def aged_at_least(day: Any, years: int) -> ColumnElement[bool]:
    """Whether the case's person was at least `years` old on `day` (a column or a date)."""
    return _AgedAtLeast(day, literal(years, Integer))


@compiles(_AgedAtLeast)
def _aged_at_least(element: _AgedAtLeast, compiler: Any, **kw: Any) -> str:
    day, years = list(element.clauses)
    return str(compiler.process(age_at(day) >= years, **kw))


@compiles(_AgedAtLeast, "sqlite")
def _aged_at_least_sqlite(element: _AgedAtLeast, compiler: Any, **kw: Any) -> str:
    """SQLite keeps a date as 'YYYY-MM-DD' text: the day `years` earlier, written without
    normalising (2028-02-29 less 18 years is '2010-02-29'), compared as text to the birth
    date, is age_at's answer (month and day compared as MMDD) without six strftime calls a
    row. The list's and the overview's counts read 81,000 open cases this way."""
    day, years = list(element.clauses)
    shifted = func.printf("%04d", cast(func.substr(day, 1, 4), Integer) - years).concat(
        func.substr(day, 5)
    )
    return str(compiler.process(CaseRow.birth_date <= shifted, **kw))
