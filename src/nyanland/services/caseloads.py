"""Caseloads: how many cases each officer holds, and an administrator's hand-over of a
departing officer's cases to colleagues, in one step and one transaction.

The cases are shared out evenly, and a household stays together (its members, those the giver
holds, go to one colleague). Each moved case gets its own audit entry, and the hand-over one
that sums it up. The administrator reads no case to do it: only ids, households, closure
dates and officers' names (on a team server the grants allow exactly those columns, and the
server's function moves the cases).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, text, update

from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.roles import Permission, Role
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.batches import chunks
from nyanland.services.context import ServiceContext
from nyanland.store.models import AccountRow, CaseRow


class ChangedMeanwhile(KnownError):
    """Some of the cases were given to someone else while the hand-over ran."""


@dataclass(frozen=True)
class Caseload:
    officer: str | None  # None: the cases nobody holds
    open: int
    closed: int
    active: bool  # an officer's account that may sign in (may be given cases)


@dataclass(frozen=True)
class HandOver:
    giver: str
    moved: dict[str, int]  # colleague → the number of cases given

    @property
    def total(self) -> int:
        return sum(self.moved.values())

    def shares(self) -> str:
        """Names and numbers, no person: "bo.officer 3, cia.officer 2"."""
        return ", ".join(f"{name} {count}" for name, count in self.moved.items())

    def summary(self) -> str:
        """For the audit log and the command line."""
        return f"{self.giver} → {self.shares()}"


def caseloads(context: ServiceContext) -> list[Caseload]:
    """Every officer's account (with or without cases), anyone else still holding cases, and
    the cases of nobody; by name."""
    require(context, Permission.ADMINISTER)
    with context.store.reading() as session:
        counted = session.execute(
            select(
                CaseRow.assigned_officer, CaseRow.closure_date.is_(None), func.count(CaseRow.id)
            ).group_by(CaseRow.assigned_officer, CaseRow.closure_date.is_(None))
        ).all()
        officers = dict(
            session.execute(
                select(AccountRow.username, AccountRow.disabled).where(
                    AccountRow.role == Role.OFFICER.value
                )
            ).all()
        )
    open_: dict[str | None, int] = {}
    closed: dict[str | None, int] = {}
    for officer, is_open, count in counted:
        (open_ if is_open else closed)[officer] = count
    names = set(officers) | set(open_) | set(closed)
    return [
        Caseload(
            name,
            open_.get(name, 0),
            closed.get(name, 0),
            name in officers and not officers[name],
        )
        for name in sorted(names, key=lambda n: (n is None, n or ""))
    ]


def share(cases: Sequence[tuple[int, int | None]], takers: Sequence[str]) -> dict[str, list[int]]:
    """(case id, household id) shared out: whole households, the largest first, each to the
    colleague with the fewest so far (the first named, when even)."""
    households: dict[object, list[int]] = {}
    for case_id, household in cases:
        households.setdefault(household if household is not None else ("case", case_id), []).append(
            case_id
        )
    given: dict[str, list[int]] = {taker: [] for taker in takers}
    for members in sorted(households.values(), key=lambda ids: (-len(ids), ids[0])):
        taker = min(takers, key=lambda name: len(given[name]))
        given[taker].extend(members)
    return {taker: sorted(ids) for taker, ids in given.items() if ids}


def hand_over(
    context: ServiceContext, giver: str, takers: Sequence[str], include_closed: bool = False
) -> HandOver:
    """The giver's open cases (and closed ones, if asked) to `takers`, active officers."""
    require(context, Permission.ADMINISTER)
    takers = list(dict.fromkeys(takers))
    if not takers:
        raise FieldError("takers", _("choose at least one colleague to give the cases to"))
    if giver in takers:
        raise FieldError("takers", _("{name} cannot be given their own cases").format(name=giver))
    with context.store.writing() as session:
        active = set(
            session.scalars(
                select(AccountRow.username).where(
                    AccountRow.role == Role.OFFICER.value, AccountRow.disabled.is_(False)
                )
            )
        )
        for taker in takers:
            if taker not in active:
                raise FieldError(
                    "takers", _("{name} is not an active officer's account").format(name=taker)
                )
        chosen = select(CaseRow.id, CaseRow.household_id).where(CaseRow.assigned_officer == giver)
        if not include_closed:
            chosen = chosen.where(CaseRow.closure_date.is_(None))
        cases = [(case_id, household) for case_id, household in session.execute(chosen)]
        if not cases:
            raise FieldError(
                "giver",
                (
                    _("{name} holds no case") if include_closed else _("{name} holds no open case")
                ).format(name=giver),
            )
        plan = share(cases, takers)
        now = context.clock.now()
        for taker, ids in plan.items():
            for part in chunks(ids):
                if context.store.server_logins:
                    moved = session.scalar(
                        text("SELECT nyanland_hand_over_cases(:ids, :giver, :taker)"),
                        {"ids": list(part), "giver": giver, "taker": taker},
                    )
                else:
                    moved = session.execute(  # type: ignore[attr-defined]
                        update(CaseRow)
                        .where(CaseRow.id.in_(part), CaseRow.assigned_officer == giver)
                        .values(assigned_officer=taker, version=CaseRow.version + 1, updated_at=now)
                        .execution_options(synchronize_session=False)
                    ).rowcount
                if moved != len(part):
                    raise ChangedMeanwhile(
                        _("some of the cases were given to someone else meanwhile: try again")
                    )
            audit.record_many(
                session,
                context,
                AuditAction.CASE_CHANGED,
                [
                    (case_id, "assigned_officer", {"assigned_officer": (giver, taker)})
                    for case_id in ids
                ],
            )
        result = HandOver(giver, {taker: len(ids) for taker, ids in plan.items()})
        audit.record(session, context, AuditAction.CASELOAD_HANDED_OVER, detail=result.summary())
    return result
