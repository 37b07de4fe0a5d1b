"""A case's milestones against their deadlines: what is done, due, or late on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nyanland.domain.case import CaseData
from nyanland.domain.timeline import (
    DEFAULT_RULES,
    TimelineRules,
    age_on,
    establishment_end,
    sfi_start_deadline,
    skills_mapping_goal,
)
from nyanland.i18n import N_


class State(StrEnum):
    DONE = "done"  # done by its date
    DONE_LATE = "done_late"  # done, after its date
    DUE = "due"  # not yet done; its date has not passed
    LATE = "late"  # not done; its date has passed


@dataclass(frozen=True)
class Milestone:
    name: str  # English, marked for the catalogue: show it through _()
    due: date
    done: date | None
    state: State


def _state(due: date, done: date | None, today: date) -> State:
    if done is not None:
        return State.DONE if done <= due else State.DONE_LATE
    return State.DUE if today <= due else State.LATE


def milestones(
    data: CaseData, today: date, rules: TimelineRules = DEFAULT_RULES
) -> list[Milestone]:
    """SFI start, skills mapping and the end of establishment, for people of SFI age; a child
    at reception has none (school, not SFI or the establishment programme)."""
    reception = data.reception
    if age_on(data.person.birth_date, reception.reception_date) < rules.sfi_min_age:
        return []
    first_sfi = min((e.start_date for e in data.sfi), default=None)
    mapped = data.skills_mapping.completed_date if data.skills_mapping else None
    ends = establishment_end(
        reception.reception_date, reception.establishment_programme_start, rules
    )
    closed = data.closure.date if data.closure else None
    found = [
        (N_("SFI start"), sfi_start_deadline(reception.reception_date, rules), first_sfi),
        (N_("Skills mapping"), skills_mapping_goal(reception.reception_date, rules), mapped),
        (N_("End of establishment"), ends, closed),
    ]
    milestones = [Milestone(name, due, done, _state(due, done, today)) for name, due, done in found]
    if closed is not None:  # the end came with the closure, whenever that was
        milestones[-1] = Milestone(milestones[-1].name, ends, closed, State.DONE)
    return milestones
