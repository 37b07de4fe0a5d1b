"""Meetings booked with the person: checked, listed for the calendar (the officer's own or
everyone's), cancelled, and exported as iCalendar with names only when asked for."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from nyanland.domain.errors import FieldError
from nyanland.domain.roles import NotPermitted
from nyanland.services import audit, meetings, sync
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.meetings import MeetingPlan
from nyanland.services.records import CaseQuery
from nyanland.store.engine import sqlite_url
from tests.conftest import NOW, OFFICER_PASSWORD, TODAY, Team, make_team
from tests.factories import case

NEXT_WEEK = datetime.combine(TODAY + timedelta(days=7), datetime.min.time()).replace(hour=13)


def _case(team: Team) -> int:
    return CaseService(team.officer).create(case(person={"languages": ("ar", "sv")})).id


def test_a_meeting_is_booked_listed_exported_and_cancelled(team: Team) -> None:
    case_id = _case(team)
    plan = MeetingPlan(NEXT_WEEK, " Stadshuset,  rum 12 ", 45, "ar", True, 24 * 60)
    booked = meetings.book(team.officer, case_id, plan)
    assert booked.plan.place == "Stadshuset, rum 12" and booked.officer == "anna.officer"
    assert booked.for_letter().at.hour == 13 and booked.for_letter().interpreter_booked
    week = meetings.between(team.officer, TODAY, TODAY + timedelta(days=14))
    assert [m.id for m in week] == [booked.id]
    assert meetings.between(team.officer, TODAY, TODAY + timedelta(days=3)) == []
    assert [m.id for m in meetings.of_case(team.officer, case_id)] == [booked.id]

    plain = Calendar.from_ical(meetings.ics(week, False, NOW))
    (event,) = plain.walk("VEVENT")
    assert str(event["summary"]) == "Meeting (nyanland)" and "description" not in event
    assert str(event["location"]) == "Stadshuset, rum 12"
    assert event.decoded("dtstart").replace(tzinfo=None) == NEXT_WEEK
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=45)
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-1)
    everything = meetings.ics(week, True, NOW).decode("utf-8")
    assert "Amina Haddad" not in plain.to_ical().decode("utf-8")
    assert "Amina Haddad" in everything and "Interpreter: ar (booked)" in everything

    meetings.cancel(team.officer, booked.id)
    assert meetings.of_case(team.officer, case_id) == []
    said = [e.action for e in audit.events(team.admin) if e.case_id == case_id]
    assert "meeting_booked" in said and "meeting_cancelled" in said


def test_a_meeting_that_cannot_be_books_nothing(team: Team) -> None:
    case_id = _case(team)
    for plan, field in (
        (MeetingPlan(NEXT_WEEK, " "), "place"),
        (MeetingPlan(NOW - timedelta(hours=1), "Stadshuset"), "starts_at"),
        (MeetingPlan(NEXT_WEEK, "Stadshuset", minutes=5), "minutes"),
        (MeetingPlan(NEXT_WEEK, "Stadshuset", interpreter_language="ti"), "interpreter_language"),
        (MeetingPlan(NEXT_WEEK, "Stadshuset", remind_minutes=10 * 24 * 60), "remind_minutes"),
    ):
        with pytest.raises(FieldError) as error:
            meetings.book(team.officer, case_id, plan)
        assert error.value.field == field
    assert meetings.of_case(team.officer, case_id) == []
    for other in (team.sfi, team.coordinator, team.admin):
        with pytest.raises(NotPermitted):
            meetings.book(other, case_id, MeetingPlan(NEXT_WEEK, "Stadshuset"))


def test_the_calendar_shows_ones_own_meetings_unless_asked_for_everyones(team: Team) -> None:
    from nyanland.domain.roles import Role
    from nyanland.services import accounts

    case_id = _case(team)
    meetings.book(team.officer, case_id, MeetingPlan(NEXT_WEEK, "Stadshuset"))
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, "bo's first long passphrase")
    colleague = team.sign_in("bo.officer", "bo's first long passphrase")
    until = date(2027, 1, 1)
    try:
        assert meetings.between(colleague, TODAY, until) == []
        assert len(meetings.between(colleague, TODAY, until, only_mine=False)) == 1
    finally:
        colleague.store.dispose()


def test_a_meeting_booked_on_the_laptop_travels_and_its_cancellation_comes_back(
    postgres_url: str, tmp_path: Path, clock: Clock
) -> None:
    server = make_team(postgres_url, clock)
    on_server = CaseService(server.officer).create(case())
    local, remote, _first = sync.create_replica(
        server.url, sqlite_url(tmp_path / "laptop.sqlite3"), "anna.officer", OFFICER_PASSWORD, clock
    )
    remote.store.dispose()
    here = CaseService(local).search(CaseQuery()).rows[0].id
    booked = meetings.book(local, here, MeetingPlan(NEXT_WEEK, "Stadshuset"))
    assert sync.status(local).pending == 1
    remote = server.sign_in("anna.officer", OFFICER_PASSWORD)
    assert sync.synchronise(local, remote).meetings == 1
    assert sync.status(local).pending == 0
    there = meetings.of_case(server.officer, on_server.id)
    assert [m.uid for m in there] == [booked.uid]
    meetings.cancel(server.officer, there[0].id)  # cancelled at the office
    assert sync.synchronise(local, remote).meetings == 1
    assert meetings.of_case(local, here) == []  # and gone from the laptop's calendar
    assert sync.synchronise(local, remote).meetings == 0
    remote.store.dispose()
    local.store.dispose()
    server.close()
