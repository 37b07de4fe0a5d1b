"""Each case keeps its deadlines with it (migration 0025): the first day something of it is due,
the day its establishment period ends and whether it has an SFI course, written from the rules
of services/reminders.py in the same transaction as any change to the case or its lists. The
overview and the case list's "overdue" and phase then read an index instead of working the
rules out for every open case (issue 23).

Every write through the ORM is seen (the session's flushes name the cases touched); the few
bulk statements of Core (an import, an SFI provider's list, a merge) name their cases with
`touched`. On a team server with its own rules the columns are written by the server's
`nyanland_refresh_deadlines(ids)`, the same SQL compiled once at `init --admin`, since SFI staff
may read neither the lists it looks at nor write the columns themselves. A change made beside
nyanland (psql) is seen at the case's next change through nyanland.

When a rule changes, VERSION changes too, and every case's deadlines are written again at the
first start after the update (`fill_if_due`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, event, select, text, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from nyanland.services import reminders
from nyanland.services.batches import chunks
from nyanland.store.engine import Store
from nyanland.store.models import (
    CaseRow,
    HousingRow,
    PlacementRow,
    SettingRow,
    SfiEnrolmentRow,
    SkillsMappingRow,
    TaskRow,
)
from nyanland.store.server_functions import define
from nyanland.store.server_security import GROUPS

VERSION = "1"
VERSION_KEY = "deadlines"
_TOUCHED = "deadlines_touched"  # session.info: the ids of the cases to write again
_LISTS = (SfiEnrolmentRow, SkillsMappingRow, HousingRow, TaskRow, PlacementRow)
SERVER_FUNCTION = "nyanland_refresh_deadlines"


def _values() -> dict[str, Any]:
    return {
        "due_on": reminders.due_on(),
        "ends_on": reminders.ends_on(),
        "in_sfi": reminders.in_sfi(),
    }


def _table() -> Table:
    return cast(Table, CaseRow.__table__)  # Core, not the ORM: no session bookkeeping


def touched(session: Session, case_ids: Iterable[int]) -> None:
    """Cases changed by a statement the ORM did not see: written again before the commit."""
    session.info.setdefault(_TOUCHED, set()).update(case_ids)


def refresh(session: Session, case_ids: Iterable[int]) -> None:
    """Writes the cases' deadlines from their columns and lists as they are now."""
    for part in chunks(sorted(set(case_ids))):
        if session.info.get("server_rules"):
            session.execute(text(f"SELECT {SERVER_FUNCTION}(:ids)"), {"ids": list(part)})
        else:
            table = _table()
            session.execute(update(table).where(table.c.id.in_(part)).values(**_values()))


def fill_if_due(store: Store, as_owner: bool = False) -> None:
    """After an update of nyanland: every case's deadlines, if they were written by other
    rules (or not at all, as after migration 0025). One query when they are current. On a
    server with its own rules only IT's connection (`init --admin`, `as_owner`) fills them."""
    if store.server_logins and not as_owner:
        return
    with store.reading() as session:
        written = session.get(SettingRow, VERSION_KEY)
        if written is not None and written.value == VERSION:
            return
    with store.writing() as session:
        session.info["server_rules"] = False  # run by IT's connection on a server: direct
        ids = list(session.scalars(select(CaseRow.id)))
        refresh(session, ids)
        row = session.get(SettingRow, VERSION_KEY)
        if row is None:
            session.add(SettingRow(key=VERSION_KEY, value=VERSION))
        else:
            row.value = VERSION


def server_function(owner: str) -> list[str]:
    """The server's own writer of the columns (SECURITY DEFINER: it reads every list)."""
    table = _table()
    statement = update(table).where(text("id = ANY(case_ids)")).values(**_values())
    compiled = statement.compile(
        dialect=postgresql.dialect(),  # type: ignore[no-untyped-call]
        compile_kwargs={"literal_binds": True},
    )
    callers = ", ".join(GROUPS[role] for role in ("officer", "sfi", "admin"))
    return define(
        f"{SERVER_FUNCTION}(case_ids integer[])", "void", str(compiled), owner, callers, "sql"
    )


@event.listens_for(Session, "after_flush")
def _seen(session: Session, _context: Any) -> None:
    ids: set[int] = session.info.setdefault(_TOUCHED, set())
    for item in chain(session.new, session.dirty, session.deleted):
        if isinstance(item, CaseRow):
            if item not in session.deleted:
                ids.add(item.id)
        elif isinstance(item, _LISTS) and item.case_id is not None:
            ids.add(item.case_id)


@event.listens_for(Session, "before_commit")
def _write(session: Session) -> None:
    if not session.info.get(_TOUCHED):
        return
    session.flush()  # the last changes name their cases too
    refresh(session, session.info.pop(_TOUCHED))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
