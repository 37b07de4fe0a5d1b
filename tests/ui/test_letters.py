"""Writing to the person, as the officer does it: Ärende → Skriv brev…, the preview drawn, a
meeting invitation refused until it says where, saved as a PDF and recorded in the journal;
the letter then listed among the sent ones. And the administrator's Brev page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nyanland.domain.letters import LetterKind
from nyanland.services import letter_sender, letters
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.ui import letters_page, write_letter
from nyanland.ui.main_window import MainWindow
from tests.factories import case
from tests.reports.pdf_checks import extracted_text
from tests.ui.test_after_closing import open_in


@pytest.fixture
def amina(context: ServiceContext, admin_context: ServiceContext) -> int:
    letter_sender.save_details(
        admin_context, letter_sender.SenderDetails("Sala kommun", phone="0224-74 70 00")
    )
    made = CaseService(context).create(case(person={"languages": ("ar", "so")}))
    return made.id


def test_the_officer_previews_writes_and_finds_a_letter_again(
    qtbot: QtBot,
    window: MainWindow,
    context: ServiceContext,
    amina: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_in(qtbot, window, amina)
    assert window.menus.letter_action.isEnabled()
    window.menus.letter_action.trigger()
    dialog = window.cases.letters.dialog
    assert dialog is not None
    languages = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert languages == ["ar", "so", "en", "sv"]  # the person's, then English and Swedish
    qtbot.waitUntil(lambda: dialog.pages.count() >= 2 and not window.executor.busy)
    assert "draft" in dialog.status.text()  # the Arabic wording is not reviewed yet

    dialog.kind.setCurrentIndex(dialog.kind.findData(LetterKind.MEETING.value))
    assert dialog.meeting_box.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: dialog.problem.isVisibleTo(dialog))
    assert "say where the meeting is" in dialog.problem.text()
    dialog.place.setText("Stadshuset, rum 12")
    dialog.interpreter.setChecked(True)
    dialog.signed_by.setText("Anna Berg")
    qtbot.waitUntil(lambda: not dialog.problem.isVisibleTo(dialog) and not window.executor.busy)

    target = tmp_path / "kallelse.pdf"
    monkeypatch.setattr(write_letter, "save_file_name", lambda *_a: target)
    dialog.save.click()
    qtbot.waitUntil(lambda: not dialog.isVisible() and not window.executor.busy)
    text = extracted_text(target.read_bytes())
    assert "دعوة إلى لقاء" in text and "Kallelse till möte" in text and "Stadshuset" in text
    record = CaseService(context).get(amina)
    assert [n.text for n in record.data.notes] == [
        "Letter written: Meeting invitation in Arabic + Swedish, to Amina Haddad."
    ]
    assert window.editor.record is not None and window.editor.record.version == record.version
    assert window.settings.value(write_letter.SIGNED_BY) == "Anna Berg"

    window.menus.letter_action.trigger()
    again = window.cases.letters.dialog
    assert again is not None and again is not dialog
    assert again.signed_by.text() == "Anna Berg"  # remembered
    qtbot.waitUntil(lambda: again.sent_list.count() == 1)
    again.tabs.setCurrentIndex(1)
    again.sent_list.setCurrentRow(0)
    assert again.save_again.isEnabled() and not again.save.isEnabled()
    copy = tmp_path / "igen.pdf"
    monkeypatch.setattr(write_letter, "save_file_name", lambda *_a: copy)
    again.save_again.click()
    qtbot.waitUntil(lambda: copy.exists() and not window.executor.busy)
    assert "Stadshuset" in extracted_text(copy.read_bytes())
    assert len(letters.sent(context, amina)) == 1  # saving again records nothing new
    again.reject()


def test_the_administrator_sets_the_sender_and_a_wording_a_broken_one_is_refused(
    qtbot: QtBot,
    admin_context: ServiceContext,
    settings: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nyanland.ui.admin_view import AdminView
    from nyanland.ui.operations import StoreExecutor

    executor = StoreExecutor(lambda error: (_ for _ in ()).throw(error))

    def run(_label: str, work, done) -> None:  # type: ignore[no-untyped-def]
        executor.submit(work, done)

    view = AdminView(admin_context, run, lambda _source, _password: None)
    qtbot.addWidget(view)
    view.setCurrentWidget(view.letters)
    page = view.letters
    qtbot.waitUntil(lambda: page.model.rowCount() == 9)
    page.lines["municipality"].setText("Heby kommun")
    page.lines["phone"].setText("0224-36 000")
    page.save_button.click()
    qtbot.waitUntil(lambda: not executor.busy)
    assert letter_sender.details(admin_context).municipality == "Heby kommun"

    page.table.selectRow([w.language for w in page.model.rows].index("ar"))
    exported = tmp_path / "letters-ar.po"
    monkeypatch.setattr(letters_page, "save_file_name", lambda *_a: exported)
    page.export_button.click()
    qtbot.waitUntil(lambda: exported.exists() and not executor.busy)
    broken = tmp_path / "broken.po"
    broken.write_text(
        exported.read_text(encoding="utf-8").replace(
            'msgstr "أهلاً وسهلاً بك في {municipality}"', 'msgstr "أهلاً وسهلاً بك"'
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(letters_page, "open_file_name", lambda *_a: broken)
    page.import_button.click()
    qtbot.waitUntil(lambda: page.problem.isVisibleTo(page))
    assert "must keep the fields {municipality}" in page.problem.text()
    assert letter_sender.local_wording(admin_context) == {}  # nothing kept

    ours = tmp_path / "ours.po"
    ours.write_text(
        exported.read_text(encoding="utf-8").replace('msgstr "سكنك"', 'msgstr "مسكنك"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(letters_page, "open_file_name", lambda *_a: ours)
    page.import_button.click()
    qtbot.waitUntil(lambda: not page.problem.isVisibleTo(page) and not executor.busy)
    qtbot.waitUntil(lambda: [w.local for w in page.model.rows if w.language == "ar"] == [True])
    executor.stop()
