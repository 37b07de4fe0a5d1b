"""Date arithmetic in SQL that SQLite and PostgreSQL both understand."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
)
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


class _DaysLater(FunctionElement[date]):
    type = Date()
    inherit_cache = True
    name = "days_later"


def days_later(day: Any, days: int) -> ColumnElement[date]:
    """The date `days` after `day` (a column or an expression)."""
    return _DaysLater(day, literal_column(str(int(days))))


@compiles(_DaysLater)
def _days_later(element: _DaysLater, compiler: Any, **kw: Any) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"(({day}) + {days})"


@compiles(_DaysLater, "sqlite")
def _days_later_sqlite(element: _DaysLater, compiler: Any, **kw: Any) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, '+' || {days} || ' days')"


class _MonthsOn(FunctionElement[date]):
    type = Date()
    inherit_cache = True
    name = "months_on"


def first_day_months_on(day: Any, months: int) -> ColumnElement[date]:
    """The first day `h` with add_months(h, -months) >= `day` (domain.timeline's add_months,
    which ends a short month on its last day): the day a rule "`day` <= add_months(h,
    -months)" first holds. The same day `months` later, or the 1st of the month after when
    that month is too short (29 Feb 2024 and 24 months: 1 Mar 2026). `day` is written out
    twice: columns, not parameters."""
    return _MonthsOn(day, literal_column(str(int(months))))


@compiles(_MonthsOn)
def _months_on(element: _MonthsOn, compiler: Any, **kw: Any) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    later = f"(({day}) + make_interval(months => {months}))"
    return (
        f"(CASE WHEN extract(day FROM {later}) = extract(day FROM ({day})) THEN {later}::date "
        f"ELSE (date_trunc('month', ({day})) + make_interval(months => {months} + 1))::date END)"
    )


@compiles(_MonthsOn, "sqlite")
def _months_on_sqlite(element: _MonthsOn, compiler: Any, **kw: Any) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    later = f"date({day}, '+' || {months} || ' months')"  # runs over into the next month
    return (
        f"(CASE WHEN strftime('%d', {later}) = strftime('%d', {day}) THEN {later} "
        f"ELSE date({day}, 'start of month', '+' || ({months} + 1) || ' months') END)"
    )


class _Earliest(FunctionElement[date]):
    type = Date()
    inherit_cache = True
    name = "earliest"


def earliest(*days: Any) -> ColumnElement[date]:
    """The earliest of the dates that are not NULL (NULL when none is)."""
    return _Earliest(*days)


@compiles(_Earliest)
def _earliest(element: _Earliest, compiler: Any, **kw: Any) -> str:
    return f"least({', '.join(compiler.process(c, **kw) for c in element.clauses)})"


@compiles(_Earliest, "sqlite")
def _earliest_sqlite(element: _Earliest, compiler: Any, **kw: Any) -> str:
    # SQLite's min() of several values is NULL when one is: the empty ones are put last.
    far = "'9999-12-31'"
    days = ", ".join(f"coalesce({compiler.process(c, **kw)}, {far})" for c in element.clauses)
    return f"nullif(min({days}), {far})"
