"""The case list's search at a million cases: one page of the matching cases, and how many
match, neither reading the whole table.

The count is exact when it is cheap: the whole list, or words the full-text index finds, is
the table's (or the index's) own count less the protected cases the actor may not see, which
have an index of their own (migration 0016). Any other filter is counted up to `COUNT_CAP`
past the page; beyond that the page says `more` and the list shows "more than …", growing as
it is scrolled. A word many cases hold is checked while walking the list's order (the first
page is found in the first few thousand rows) instead of gathering and sorting every match."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, func, literal_column, select, text
from sqlalchemy.orm import Session

from nyanland.domain.codes import Sex
from nyanland.domain.identity import format_identity_number
from nyanland.domain.reminders import CasePhase
from nyanland.services import reminders
from nyanland.services.access import hidden_cases, visible_cases
from nyanland.services.case_events import happened
from nyanland.services.context import ServiceContext
from nyanland.services.records import CasePage, CaseQuery, CaseStatus, CaseSummary
from nyanland.store.models import CaseRow
from nyanland.store.search_index import FTS_TABLE, SHORTEST, fts_terms, matching

MAX_PAGE = 1000
COUNT_CAP = 2_000  # matches counted past the page's start before the list says "more than"
CROWDED = 5_000  # an indexed word this common is checked in the list's order, not gathered


def search(context: ServiceContext, query: CaseQuery, count: bool = True) -> CasePage:
    """One page of the cases matching every word of `query.text` and the filters; with
    `count`, how many match from the page's start on (see the module's note), else only
    whether more follow the page."""
    today = context.clock.today()
    phase = reminders.phase(today)
    overdue = reminders.overdue(today)
    words = query.text.lower().split()
    sqlite = context.store.is_sqlite
    limit = min(max(query.limit, 0), MAX_PAGE)
    offset = max(query.offset, 0)
    with context.store.reading() as session:
        terms = fts_terms(words) if sqlite else None
        walk = terms is not None and _matches(session, terms, CROWDED) > CROWDED
        rules = [phase == query.phase.value] if query.phase is not None else []
        rules += [overdue] if query.only_overdue else []
        if query.event is not None:
            rules.append(happened(query.event.event, query.event.period))
        conditions = [visible_cases(context), *matching(words, sqlite), *_filters(query, False)]
        walked = [visible_cases(context), *matching(words, sqlite, walk=walk)]
        walked += _filters(query, sqlite)
        # The phase, overdue and event filters too (overdue is an index range now, which
        # SQLite would gather and sort: 3 s for a page at a million cases).
        walked += [func.coalesce(rule, False) for rule in rules] if sqlite else rules
        order = getattr(CaseRow, query.order_by.value)
        statement = (
            select(CaseRow, phase, overdue)
            .where(*walked)
            .order_by(
                order.desc() if query.descending else order.asc(),
                CaseRow.id.desc() if query.descending else CaseRow.id.asc(),
            )
            .offset(offset)
            .limit(limit + 1)
        )
        found = session.execute(statement).all()
        rows = tuple(
            _summary(row, CasePhase(row_phase), bool(late)) for row, row_phase, late in found
        )[:limit]
        if not count:
            return CasePage(rows, offset + len(rows), offset, more=len(found) > limit)
        if len(found) <= limit:  # the page holds the rest: nothing more to count
            return CasePage(rows, offset + len(rows), offset)
        exact = _exact_total(session, context, query, words, terms)
        if exact is not None:
            return CasePage(rows, exact, offset)
        counted = (
            session.scalar(
                select(func.count()).select_from(
                    select(CaseRow.id)
                    .where(*conditions, *rules)
                    .offset(offset)
                    .limit(COUNT_CAP + 1)
                    .subquery()
                )
            )
            or 0
        )
        return CasePage(rows, offset + min(counted, COUNT_CAP), offset, more=counted > COUNT_CAP)


def _filters(query: CaseQuery, walk: bool) -> list[ColumnElement[bool]]:
    """The status and officer filters. With `walk` (a page on SQLite), the open cases and an
    officer's cases, which are many, are checked while walking the list's order: SQLite
    would otherwise gather them all by their index and sort them. A count uses the index.
    (The closed cases are gathered: they are the oldest, so a walk from the newest would pass
    all the open ones first; 2.5 s at a million either way.)"""
    conditions: list[ColumnElement[bool]] = []
    closure = literal_column("+cases.closure_date") if walk else CaseRow.closure_date
    officer = literal_column("+cases.assigned_officer") if walk else CaseRow.assigned_officer
    if query.status is CaseStatus.OPEN:
        conditions.append(closure.is_(None))
    elif query.status is CaseStatus.CLOSED:
        conditions.append(CaseRow.closure_date.is_not(None))
    if query.officer is not None:
        conditions.append(officer == query.officer)
    return conditions


def _matches(session: Session, terms: str, cap: int | None = None) -> int:
    """How many cases the full-text index finds for `terms` (counted up to `cap` + 1)."""
    found = (
        select(literal_column("rowid", Integer))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :terms").bindparams(terms=terms))
    )
    if cap is not None:
        found = found.limit(cap + 1)
    return session.scalar(select(func.count()).select_from(found.subquery())) or 0


def _exact_total(
    session: Session,
    context: ServiceContext,
    query: CaseQuery,
    words: list[str],
    terms: str | None,
) -> int | None:
    """The exact count from the indexes alone, or None when the query needs a scan (a short
    word, a filter, or a server, whose count of a table reads it)."""
    plain = (
        query.status is CaseStatus.ALL
        and query.phase is None
        and not query.only_overdue
        and query.officer is None
        and query.event is None
    )
    if not context.store.is_sqlite or not plain:
        return None
    if words and (terms is None or any(len(word) < SHORTEST for word in words)):
        return None
    # Protected cases the actor may not see: the partial index holds only protected cases.
    hidden = hidden_cases(context, func.count(CaseRow.id))
    if terms is None:
        everyone = session.scalar(select(func.count()).select_from(CaseRow)) or 0
    else:
        everyone = _matches(session, terms)
        hidden = hidden.where(*matching(words, True, walk=True))  # by the partial index
    return everyone - (session.scalar(hidden) or 0)


def _summary(row: CaseRow, phase: CasePhase, overdue: bool) -> CaseSummary:
    return CaseSummary(
        id=row.id,
        case_number=row.case_number,
        first_name=row.first_name,
        last_name=row.last_name,
        birth_date=row.birth_date,
        sex=Sex(row.sex),
        personal_identity_number=format_identity_number(row.personal_identity_number)
        if row.personal_identity_number
        else None,
        dossier_number=row.dossier_number,
        reception_date=row.reception_date,
        closure_date=row.closure_date,
        phase=phase,
        overdue=overdue,
    )
