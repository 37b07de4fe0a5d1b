"""What needs an officer's action: the kinds of reminder and how urgent each one is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nyanland.domain.codes import Code, add_labels
from nyanland.i18n import NP_


class ReminderKind(Code):
    SFI_NOT_STARTED = "sfi_not_started"
    MAPPING_MISSING = "mapping_missing"
    TEMPORARY_HOUSING_ENDING = "temporary_housing_ending"
    ESTABLISHMENT_ENDING = "establishment_ending"
    TASK_DUE = "task_due"
    FOLLOW_UP_DUE = "follow_up_due"


add_labels(
    (
        (ReminderKind.SFI_NOT_STARTED, NP_("reminder_kind", "SFI not started in time")),
        (ReminderKind.MAPPING_MISSING, NP_("reminder_kind", "Skills mapping missing")),
        (ReminderKind.TEMPORARY_HOUSING_ENDING, NP_("reminder_kind", "Temporary housing ends")),
        (ReminderKind.ESTABLISHMENT_ENDING, NP_("reminder_kind", "Establishment ends")),
        (ReminderKind.TASK_DUE, NP_("reminder_kind", "Task due")),
        (ReminderKind.FOLLOW_UP_DUE, NP_("reminder_kind", "Follow-up after closing")),
    )
)


@dataclass(frozen=True, slots=True)  # slots: the to-do list holds 150,000 at a million cases
class Reminder:
    case_id: int
    case_number: str
    full_name: str
    kind: ReminderKind
    due: date  # the deadline or end date the reminder is about
    detail: str = ""  # a task's title; otherwise empty
    task_id: int | None = None  # the task, for a task's reminder
    officer: str | None = None  # the case's officer

    def overdue(self, today: date) -> bool:
        return self.due < today


def urgency(reminder: Reminder) -> tuple[date, str, str]:
    """The to-do list's order: the soonest first, then by case number and kind."""
    return (reminder.due, reminder.case_number, reminder.kind.value)


class CasePhase(Code):
    """Where a newcomer stands in the establishment phase (the most advanced step reached)."""

    NEW = "new"  # received; neither SFI nor a placement yet
    SFI = "sfi"  # studying SFI, no placement going on
    PLACEMENT = "placement"  # an internship or job going on now
    ENDING = "ending"  # the establishment ends within the warning days (or has ended)
    CLOSED = "closed"


add_labels(
    (
        (CasePhase.NEW, NP_("case_phase", "Newly received")),
        (CasePhase.SFI, NP_("case_phase", "In SFI")),
        (CasePhase.PLACEMENT, NP_("case_phase", "In internship or work")),
        (CasePhase.ENDING, NP_("case_phase", "Establishment ending")),
        (CasePhase.CLOSED, NP_("case_phase", "Closed")),
    )
)
