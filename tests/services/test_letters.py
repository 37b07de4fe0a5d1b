"""Letters to the person: written from the case, in their language and Swedish, and kept in
the case (journal, audit log, the letter itself) on both kinds of store."""

from __future__ import annotations

from datetime import date, time
from io import BytesIO

import pytest
from pypdf import PdfReader

from nyanland.domain.case import Housing, SfiEnrolment
from nyanland.domain.codes import HousingKind, SfiCourse, StudyPath
from nyanland.domain.errors import FieldError, StaleVersion
from nyanland.domain.letters import LetterKind, Meeting
from nyanland.domain.roles import NotPermitted
from nyanland.services import audit, letter_sender, letters
from nyanland.services.cases import CaseService
from nyanland.services.letters import Signer
from tests.conftest import Team
from tests.factories import case

ANNA = Signer("Anna Berg", "0224-74 71 23")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


def _amina(team: Team) -> int:
    letter_sender.save_details(team.admin, letter_sender.SenderDetails("Sala kommun"))
    record = CaseService(team.officer).create(
        case(
            person={"languages": ("ar", "en")},
            sfi=(SfiEnrolment(date(2026, 12, 1), StudyPath.PATH_2, SfiCourse.B, "Sala Lärcenter"),),
            housing=(
                Housing(
                    HousingKind.FIRST_HAND,
                    date(2026, 4, 1),
                    "Salabostäder",
                    "Centrum",
                    "Storgatan 1",
                ),
            ),
        )
    )
    return record.id


def test_a_letter_is_written_in_the_persons_language_and_swedish_and_kept_in_the_case(
    team: Team,
) -> None:
    case_id = _amina(team)
    assert letters.languages(team.officer, case_id) == ["ar", "en", "sv"]
    written = letters.write(team.officer, case_id, LetterKind.HOUSING, "ar", ANNA)
    text = _text(written.pdf)
    for expected in ("سكنك", "Storgatan 1", "Ditt boende", "Salabostäder", "Anna Berg"):
        assert expected in text, expected
    assert written.drafts == ("ar",)  # the Arabic wording is a draft; the Swedish is not
    notes = written.record.data.notes
    assert [n.text for n in notes] == [
        "Letter written: Housing letter in Arabic + Swedish, to Amina Haddad."
    ]
    assert notes[0].author == "anna.officer"
    [kept] = letters.sent(team.officer, case_id)
    assert (kept.kind, kept.language, kept.drafts) == (LetterKind.HOUSING, "ar", ("ar",))
    assert "سكنك" in kept.text and "Ditt boende" in kept.text
    again = letters.sent_pdf(team.officer, case_id, kept.id)
    assert "سكنك" in _text(again)
    events = [e for e in audit.events(team.admin) if e.action == "letter_written"]
    assert [(e.case_id, e.detail) for e in events] == [(case_id, "housing ar")]


def test_a_letter_the_case_cannot_have_leaves_the_case_as_it_was(team: Team) -> None:
    case_id = _amina(team)
    service = CaseService(team.officer)
    version = service.get(case_id).version
    with pytest.raises(FieldError, match="ti is not one of this person's letter languages"):
        letters.write(team.officer, case_id, LetterKind.WELCOME, "ti", ANNA)
    with pytest.raises(FieldError) as error:
        letters.write(team.officer, case_id, LetterKind.MEETING, "ar", ANNA)
    assert error.value.field == "meeting"
    past = Meeting(date(2026, 11, 1), time(10, 0), "Stadshuset", False)
    with pytest.raises(FieldError, match="the meeting is in the past"):
        letters.write(team.officer, case_id, LetterKind.MEETING, "ar", ANNA, past)
    with pytest.raises(FieldError) as error:
        letters.write(team.officer, case_id, LetterKind.WELCOME, "ar", Signer(" "))
    assert error.value.field == "signed_by"
    with pytest.raises(StaleVersion):
        letters.write(team.officer, case_id, LetterKind.WELCOME, "ar", ANNA, None, version - 1)
    assert service.get(case_id).version == version
    assert letters.sent(team.officer, case_id) == []


def test_only_the_officer_writes_letters(team: Team) -> None:
    case_id = _amina(team)
    for other in (team.sfi, team.coordinator, team.admin):
        with pytest.raises(NotPermitted):
            letters.write(other, case_id, LetterKind.WELCOME, "sv", ANNA)
        with pytest.raises(NotPermitted):
            letters.sent(other, case_id)


def test_the_meeting_invitation_says_when_where_and_whether_an_interpreter_comes(
    team: Team,
) -> None:
    case_id = _amina(team)
    meeting = Meeting(date(2026, 12, 8), time(13, 30), "Stadshuset, rum 12", True)
    written = letters.write(team.officer, case_id, LetterKind.MEETING, "sv", ANNA, meeting)
    text = _text(written.pdf)
    for expected in ("Kallelse till möte", "8 december 2026", "13:30", "Stadshuset, rum 12"):
        assert expected in text, expected
    assert "Tolk är bokad." in text and "0224-74 71 23" in text
    assert written.drafts == ()


def test_the_administrator_words_the_letters_for_the_municipality(team: Team) -> None:
    case_id = _amina(team)
    letter_sender.save_details(
        team.admin,
        letter_sender.SenderDetails(
            municipality="Sala kommun",
            unit="Välkomstenheten",
            phone="0224-74 70 00",
            email="valkommen@sala.se",
        ),
    )
    po = letter_sender.wording_po(team.admin, "ar")
    assert "X-Review-Status: draft" in po
    ours = po.replace('msgstr "سكنك"', 'msgstr "مسكنك الجديد"').replace(
        "X-Review-Status: draft", "X-Review-Status: reviewed"
    )
    letter_sender.set_wording(team.admin, "ar", ours)
    written = letters.write(team.officer, case_id, LetterKind.HOUSING, "ar", Signer("Anna Berg"))
    text = _text(written.pdf)
    assert "مسكنك الجديد" in text and "Välkomstenheten" in text and "0224-74 70 00" in text
    assert written.drafts == ()  # reviewed now: no draft notice
    broken = ours.replace('msgstr "مرحباً {name}،"', 'msgstr "مرحباً"')
    with pytest.raises(FieldError, match="must keep the fields"):
        letter_sender.set_wording(team.admin, "ar", broken)
    with pytest.raises(FieldError, match="is for the language ar, not uk"):
        letter_sender.set_wording(team.admin, "uk", ours)
    with pytest.raises(NotPermitted):
        letter_sender.set_wording(team.officer, "ar", None)
    letter_sender.set_wording(team.admin, "ar", None)
    back = letters.write(team.officer, case_id, LetterKind.HOUSING, "ar", Signer("Anna Berg"))
    assert "سكنك" in _text(back.pdf) and back.drafts == ("ar",)


def test_a_logo_must_be_an_image(team: Team) -> None:
    with pytest.raises(FieldError, match="is not a PNG or JPEG image"):
        letter_sender.set_logo(team.admin, b"<svg/>")
    assert letter_sender.logo(team.admin) == ""


def test_a_letter_needs_the_municipalitys_name(team: Team) -> None:
    case_id = _amina(team)
    letter_sender.save_details(team.admin, letter_sender.SenderDetails(unit="Integration"))
    with pytest.raises(FieldError, match="Administration → Letters") as error:
        letters.write(team.officer, case_id, LetterKind.WELCOME, "sv", ANNA)
    assert error.value.field == "municipality"
    assert letters.sent(team.officer, case_id) == []


def test_the_preview_records_nothing_and_a_letter_one_entry(team: Team) -> None:
    case_id = _amina(team)
    record = CaseService(team.officer).get(case_id)  # the window opens the case: one look
    before = len(audit.events(team.admin))
    for language in ("ar", "en", "sv"):
        letters.preview(team.officer, record, LetterKind.WELCOME, language, ANNA)
    assert len(audit.events(team.admin)) == before
    assert CaseService(team.officer).get(case_id).version == record.version
    letters.write(team.officer, case_id, LetterKind.WELCOME, "ar", ANNA)
    added = [e.action for e in audit.events(team.admin)][before:]  # oldest first
    assert "letter_written" in added and added.count("case_viewed") <= 1


def test_a_letter_from_the_command_line_is_laid_out_again_when_a_colleague_saved_meanwhile(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two letters written at once on one case (two processes): the second is laid out again
    from the case as the first left it, and both are recorded; the window, which opened a
    version, is told instead."""
    case_id = _amina(team)
    compose = letters._compose
    interrupted: list[bool] = []

    def colleague_first(*args: object, **kwargs: object) -> object:
        laid_out = compose(*args, **kwargs)  # type: ignore[arg-type]
        if not interrupted:
            interrupted.append(True)
            letters.write(team.officer, case_id, LetterKind.HOUSING, "sv", ANNA)
        return laid_out

    monkeypatch.setattr(letters, "_compose", colleague_first)
    letters.write(team.officer, case_id, LetterKind.WELCOME, "ar", ANNA)
    assert sorted(k.kind.value for k in letters.sent(team.officer, case_id)) == [
        "housing",
        "welcome",
    ]
    assert len(CaseService(team.officer).get(case_id).data.notes) == 2
    interrupted.clear()
    version = CaseService(team.officer).get(case_id).version
    with pytest.raises(StaleVersion):
        letters.write(team.officer, case_id, LetterKind.WELCOME, "ar", ANNA, None, version)
    assert len(letters.sent(team.officer, case_id)) == 3  # the colleague's only
