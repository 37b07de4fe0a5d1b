"""The names the administrator keeps for the forms: districts, SFI providers and employers.

Districts and SFI providers come from their list only (once it holds any name): a typed
variant ("Hermods AB", "hermods") would split the statistics and the SFI lists. Employers are
too many to list beforehand: the list offers the known ones, a new one may be typed. A
retired name is no longer offered, but stays valid where it was used."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nyanland.domain.case import CaseData
from nyanland.domain.codes import Code, add_labels
from nyanland.domain.errors import FieldError
from nyanland.domain.roles import Permission
from nyanland.i18n import NP_, _
from nyanland.services import audit
from nyanland.services.access import require, require_any
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.store.models import HousingRow, KeptNameRow, SfiEnrolmentRow

NAME_MAX = 200


class KeptList(Code):
    DISTRICT = "district"
    SFI_PROVIDER = "sfi_provider"
    EMPLOYER = "employer"

    @property
    def closed(self) -> bool:
        """Only the list's names may be entered (once it holds any)."""
        return self is not KeptList.EMPLOYER


add_labels(
    (
        (KeptList.DISTRICT, NP_("kept_list", "Districts")),
        (KeptList.SFI_PROVIDER, NP_("kept_list", "SFI providers")),
        (KeptList.EMPLOYER, NP_("kept_list", "Employers")),
    )
)


@dataclass(frozen=True)
class KeptName:
    name: str
    retired: bool


def offered(context: ServiceContext) -> dict[KeptList, tuple[str, ...]]:
    """The names each form offers (not the retired ones), in alphabetical order."""
    require_any(context, Permission.FIND_PERSON, Permission.ADMINISTER)
    found: dict[KeptList, list[str]] = {kind: [] for kind in KeptList}
    with context.store.reading() as session:
        for kind, name in session.execute(
            select(KeptNameRow.list, KeptNameRow.name)
            .where(KeptNameRow.retired.is_(False))
            .order_by(KeptNameRow.name)
        ):
            found[KeptList(kind)].append(name)
    return {kind: tuple(names) for kind, names in found.items()}


def entries(context: ServiceContext, kind: KeptList) -> list[KeptName]:
    require(context, Permission.ADMINISTER)
    with context.store.reading() as session:
        return [
            KeptName(row.name, row.retired)
            for row in session.scalars(
                select(KeptNameRow).where(KeptNameRow.list == kind.value).order_by(KeptNameRow.name)
            )
        ]


def add(context: ServiceContext, kind: KeptList, name: str) -> None:
    """Adds a name to the list (or brings a retired one back)."""
    require(context, Permission.ADMINISTER)
    name = " ".join(name.split())
    if not name:
        raise FieldError("name", _("is required"))
    if len(name) > NAME_MAX:
        raise FieldError("name", _("is longer than {n} characters").format(n=NAME_MAX))
    with context.store.writing() as session:
        rows = session.scalars(select(KeptNameRow).where(KeptNameRow.list == kind.value))
        same = [row for row in rows if row.name.casefold() == name.casefold()]
        if same and not same[0].retired:
            raise FieldError("name", _("{name} is in the list already").format(name=same[0].name))
        if same:
            same[0].retired = False
        else:
            session.add(KeptNameRow(list=kind.value, name=name, retired=False))
        audit.record(session, context, AuditAction.LIST_CHANGED, detail=f"{kind.value} + {name}")


def retire(context: ServiceContext, kind: KeptList, name: str) -> None:
    """No longer offered; the cases that have it keep it."""
    require(context, Permission.ADMINISTER)
    with context.store.writing() as session:
        row = session.scalar(
            select(KeptNameRow).where(KeptNameRow.list == kind.value, KeptNameRow.name == name)
        )
        if row is None:
            raise FieldError("name", _("{name} is not in the list").format(name=name))
        row.retired = True
        audit.record(session, context, AuditAction.LIST_CHANGED, detail=f"{kind.value} - {name}")


def known(session: Session, kind: KeptList) -> dict[str, str] | None:
    """Every name of the list, retired ones too, by its case-folded form; None while the list
    is empty (the field is then free text)."""
    names = session.scalars(select(KeptNameRow.name).where(KeptNameRow.list == kind.value))
    found = {name.casefold(): name for name in names}
    return found or None


def problem(session: Session, kind: KeptList, value: str | None) -> str | None:
    """Why `value` may not be entered in a field of a closed list, or None."""
    return _problem(known(session, kind) if kind.closed else None, kind, value)


def _problem(names: dict[str, str] | None, kind: KeptList, value: str | None) -> str | None:
    if value is None or not kind.closed or names is None or value in names.values():
        return None  # free text, or as the list writes it: one spelling
    return _("{name} is not in the list of {list}: choose one, or ask the administrator").format(
        name=value, list=kind.label.lower()
    )


def case_problems(
    session: Session, data: CaseData, stored: Iterable[tuple[KeptList, str]] = ()
) -> list[FieldError]:
    """The case's districts and SFI providers that are not in their lists (a value the case
    had already stays valid). Each list is read once."""
    kept = set(stored)
    problems = []
    for kind, field, values in (
        (KeptList.SFI_PROVIDER, "sfi[{}].provider", [e.provider for e in data.sfi]),
        (KeptList.DISTRICT, "housing[{}].district", [h.district for h in data.housing]),
    ):
        fresh = [(place, v) for place, v in enumerate(values) if v and (kind, v) not in kept]
        if not fresh:
            continue
        names = known(session, kind)
        for place, value in fresh:
            if text := _problem(names, kind, value):
                problems.append(FieldError(field.format(place), text))
    return problems


def stored(session: Session, case_id: int | None) -> set[tuple[KeptList, str]]:
    """A saved case's values of the closed lists (valid for it whatever the list says now)."""
    if case_id is None:
        return set()
    providers = session.scalars(
        select(SfiEnrolmentRow.provider).where(SfiEnrolmentRow.case_id == case_id)
    )
    districts = session.scalars(select(HousingRow.district).where(HousingRow.case_id == case_id))
    return {(KeptList.SFI_PROVIDER, p) for p in providers if p} | {
        (KeptList.DISTRICT, d) for d in districts if d
    }
