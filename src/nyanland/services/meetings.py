"""Meetings the officer books with the person: when, how long, where, with an interpreter in
which language (booked or not), and how long before to be reminded. The calendar shows them
beside the deadlines; an officer's own meetings export as an iCalendar (.ics) file.

What an exported meeting says is chosen when it is exported: by default only "Möte
(nyanland)", the time, the place and the reminder; the person's name, case number and the
interpreter's language only when the officer ticks it (a calendar on a phone or a shared
Exchange account is outside the store's protection)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from nyanland.domain.errors import FieldError, NotFound
from nyanland.domain.letters import Meeting, check_place
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.services import audit
from nyanland.services.access import require, visible_cases
from nyanland.services.audit import AuditAction
from nyanland.services.case_rows import visible_case_row
from nyanland.services.context import ServiceContext
from nyanland.store.models import CaseRow, MeetingRow

MINUTES = (15, 480)  # the shortest and the longest meeting
REMIND_MAX = 7 * 24 * 60
ZONE = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class MeetingPlan:
    starts_at: datetime
    place: str
    minutes: int = 60
    interpreter_language: str | None = None  # one of the person's languages (ISO 639-1)
    interpreter_booked: bool = False
    remind_minutes: int = 24 * 60


@dataclass(frozen=True)
class BookedMeeting:
    id: int
    case_id: int
    case_number: str
    full_name: str
    plan: MeetingPlan
    officer: str
    uid: str

    def for_letter(self) -> Meeting:
        """The meeting as its invitation says it."""
        start = self.plan.starts_at
        return Meeting(start.date(), start.time(), self.plan.place, self.plan.interpreter_booked)


def book(context: ServiceContext, case_id: int, plan: MeetingPlan) -> BookedMeeting:
    require(context, Permission.CASES, case_id)
    with context.store.writing() as session:
        row = visible_case_row(session, context, case_id)
        spoken = tuple(code for code in (row.languages or "").split(",") if code)
        plan = _checked(plan, context.clock.now(), spoken)
        meeting = MeetingRow(
            case_id=case_id,
            starts_at=plan.starts_at,
            minutes=plan.minutes,
            place=plan.place,
            interpreter_language=plan.interpreter_language,
            interpreter_booked=plan.interpreter_booked,
            remind_minutes=plan.remind_minutes,
            officer=context.actor.name,
        )
        session.add(meeting)
        session.flush()
        said = f"{plan.starts_at:%Y-%m-%d %H:%M} {plan.minutes} min"
        audit.record(session, context, AuditAction.MEETING_BOOKED, case_id, said)
        return _booked(meeting, row)


def cancel(context: ServiceContext, meeting_id: int) -> None:
    with context.store.writing() as session:
        meeting = session.get(MeetingRow, meeting_id)
        if meeting is None or meeting.cancelled_at is not None:
            raise NotFound(_("the meeting no longer exists"))
        require(context, Permission.CASES, meeting.case_id)
        visible_case_row(session, context, meeting.case_id)
        said = f"{meeting.starts_at:%Y-%m-%d %H:%M}"
        # Kept, marked: a laptop's sync cancels it on the other side (services/sync_extras.py).
        meeting.cancelled_at, meeting.cancelled_by = context.clock.now(), context.actor.name
        audit.record(session, context, AuditAction.MEETING_CANCELLED, meeting.case_id, said)


def of_case(context: ServiceContext, case_id: int) -> list[BookedMeeting]:
    """The case's meetings, the next first, then the past ones."""
    require(context, Permission.CASES, case_id)
    with context.store.reading() as session:
        row = visible_case_row(session, context, case_id)
        found = session.scalars(
            select(MeetingRow)
            .where(MeetingRow.case_id == case_id, MeetingRow.cancelled_at.is_(None))
            .order_by(MeetingRow.starts_at)
        )
        return [_booked(meeting, row) for meeting in found]


def between(
    context: ServiceContext, first: date, last: date, only_mine: bool = True
) -> list[BookedMeeting]:
    """The meetings from `first` to `last` (both days included) of the cases the officer may
    see; `only_mine`: those the officer booked."""
    require(context, Permission.CASES)
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    query = (
        select(MeetingRow, CaseRow)
        .join(CaseRow, CaseRow.id == MeetingRow.case_id)
        .where(
            MeetingRow.starts_at >= start,
            MeetingRow.starts_at < end,
            MeetingRow.cancelled_at.is_(None),
            visible_cases(context),
        )
        .order_by(MeetingRow.starts_at)
    )
    if only_mine:
        query = query.where(MeetingRow.officer == context.actor.name)
    with context.store.reading() as session:
        return [_booked(meeting, case) for meeting, case in session.execute(query)]


def ics(meetings: list[BookedMeeting], with_details: bool, now: datetime) -> bytes:
    """An iCalendar file of the meetings (RFC 5545, written by the icalendar library), in
    Swedish time, each with its reminder; names and case numbers only `with_details`."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//nyanland//meetings//SV")
    calendar.add("version", "2.0")
    for meeting in meetings:
        plan = meeting.plan
        event = Event()
        event.add("uid", f"{meeting.uid}@nyanland")
        event.add("dtstamp", now.replace(tzinfo=ZONE))
        event.add("dtstart", plan.starts_at.replace(tzinfo=ZONE))
        event.add("dtend", (plan.starts_at + timedelta(minutes=plan.minutes)).replace(tzinfo=ZONE))
        event.add("location", plan.place)
        if with_details:
            event.add(
                "summary",
                _("Meeting: {name} ({number})").format(
                    name=meeting.full_name, number=meeting.case_number
                ),
            )
            if plan.interpreter_language:
                said = _("booked") if plan.interpreter_booked else _("not booked yet")
                event.add(
                    "description",
                    _("Interpreter: {language} ({booked})").format(
                        language=plan.interpreter_language, booked=said
                    ),
                )
        else:
            event.add("summary", _("Meeting (nyanland)"))
        if plan.remind_minutes:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("Meeting (nyanland)"))
            alarm.add("trigger", timedelta(minutes=-plan.remind_minutes))
            event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _checked(plan: MeetingPlan, now: datetime, languages: tuple[str, ...]) -> MeetingPlan:
    place = check_place(plan.place, "place")
    if plan.starts_at < now:
        raise FieldError("starts_at", _("the meeting is in the past"))
    if not MINUTES[0] <= plan.minutes <= MINUTES[1]:
        raise FieldError(
            "minutes",
            _("a meeting lasts {low} to {high} minutes").format(low=MINUTES[0], high=MINUTES[1]),
        )
    if not 0 <= plan.remind_minutes <= REMIND_MAX:
        raise FieldError("remind_minutes", _("remind at most a week before"))
    language = plan.interpreter_language or None
    if language is not None and language not in languages:
        raise FieldError(
            "interpreter_language",
            _("{code} is not one of the person's languages").format(code=language),
        )
    return MeetingPlan(
        plan.starts_at.replace(second=0, microsecond=0),
        place,
        plan.minutes,
        language,
        plan.interpreter_booked and language is not None,
        plan.remind_minutes,
    )


def _booked(meeting: MeetingRow, case: CaseRow) -> BookedMeeting:
    plan = MeetingPlan(
        meeting.starts_at,
        meeting.place,
        meeting.minutes,
        meeting.interpreter_language,
        meeting.interpreter_booked,
        meeting.remind_minutes,
    )
    name = f"{case.first_name} {case.last_name}"
    return BookedMeeting(
        meeting.id, case.id, case.case_number, name, plan, meeting.officer, meeting.uid
    )
