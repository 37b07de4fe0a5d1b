"""Finding the cases a new or imported person may already have (domain/duplicates.py decides
what counts as likely). Only cases the officer may see are compared: a protected identity
stays out of sight even as "a likely duplicate exists"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from nyanland.domain.case import CaseData
from nyanland.domain.codes import Sex
from nyanland.domain.duplicates import Someone, date_slips, keys, likeliest, likeness
from nyanland.domain.roles import Permission
from nyanland.services.access import require, visible_cases
from nyanland.services.context import ServiceContext
from nyanland.store.models import CaseRow

SHOWN = 5  # the likeliest this many are shown


@dataclass(frozen=True)
class LikelyDuplicate:
    case_id: int
    case_number: str
    full_name: str
    birth_date: date
    same_birth_date: bool
    score: float


def someone(data: CaseData) -> Someone:
    person = data.person
    return Someone(
        person.first_name,
        person.last_name,
        person.birth_date,
        person.sex,
        person.personal_identity_number,
        person.country_of_birth,
    )


def likely_duplicates(
    context: ServiceContext, data: CaseData, case_id: int | None = None
) -> list[LikelyDuplicate]:
    """The cases (other than `case_id`) that may be the person of `data`, likeliest first."""
    require(context, Permission.CASES)
    with context.store.reading() as session:
        return find(session, context, someone(data), case_id)


def find(
    session: Session, context: ServiceContext, person: Someone, case_id: int | None = None
) -> list[LikelyDuplicate]:
    found = []
    for other_id, case_number, first, last, born, sex, pin, country in session.execute(
        _columns().where(
            CaseRow.birth_date.in_(sorted(date_slips(person.birth_date))),
            CaseRow.id != (case_id if case_id is not None else -1),
            visible_cases(context),
        )
    ):
        alike = likeness(person, Someone(first, last, born, Sex(sex), pin, country))
        if alike is not None:
            found.append((alike, (other_id, case_number, f"{first} {last}", born)))
    return [
        LikelyDuplicate(other_id, number, name, born, alike.same_birth_date, alike.score)
        for alike, (other_id, number, name, born) in likeliest(found)[:SHOWN]
    ]


@dataclass(frozen=True)
class FileDuplicate:
    """A line of an imported file that may be a person already in the store or on an earlier
    line: `case_number` or `line` names the other."""

    line: int
    case_number: str | None = None
    other_line: int | None = None


def in_file(
    session: Session,
    context: ServiceContext,
    people: Sequence[tuple[int, Someone]],
    added: Collection[int] = (),
) -> list[FileDuplicate]:
    """Every line that may be a case in the store or a person on an earlier line. The lines
    are indexed by birth date and skeleton (the rule needs one skeleton in common) and the
    store is read once, each row looking up its birth date's slips: a file costs one pass.
    `added`: the cases this file's import wrote already, which are not compared."""
    index: dict[tuple[date, str], list[int]] = defaultdict(list)
    found: dict[int, tuple[float, FileDuplicate]] = {}
    for place, (line, person) in enumerate(people):
        for earlier in _places(index, person):
            if (alike := likeness(person, people[earlier][1])) is not None:
                found[line] = (alike.score - 1, FileDuplicate(line, other_line=people[earlier][0]))
                break
        for key in keys(person):
            index[person.birth_date, key].append(place)
    if not people:
        return []
    rows = session.execute(
        _columns().where(visible_cases(context)).execution_options(yield_per=5000)
    )
    for case_id, case_number, first, last, born, sex, pin, country in rows:
        if case_id in added:
            continue
        other = Someone(first, last, born, Sex(sex), pin, country)
        for place in _places(index, other):
            line, person = people[place]
            alike = likeness(person, other)
            # The likeliest case of the store; a case before an earlier line of the file.
            if alike is not None and alike.score > found.get(line, (-1.0, None))[0]:
                found[line] = (alike.score, FileDuplicate(line, case_number=case_number))
    return [found[line][1] for line in sorted(found)]


def _places(index: dict[tuple[date, str], list[int]], person: Someone) -> list[int]:
    """The indexed lines that share a skeleton with `person` and a birth date a slip away (the
    slips are symmetric: each date is one slip from the other)."""
    places: set[int] = set()
    for key in keys(person):
        for born in date_slips(person.birth_date):
            places.update(index.get((born, key), ()))
    return sorted(places)


def _columns() -> Select[int, str, str, str, date, str, str | None, str | None]:
    return select(
        CaseRow.id,
        CaseRow.case_number,
        CaseRow.first_name,
        CaseRow.last_name,
        CaseRow.birth_date,
        CaseRow.sex,
        CaseRow.personal_identity_number,
        CaseRow.country_of_birth,
    )
