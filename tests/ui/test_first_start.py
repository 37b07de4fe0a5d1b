"""A new user's first start, signing in, the roles' windows, the idle lock, and switching
language with the window open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from nyanland import i18n
from nyanland.domain.roles import Role
from nyanland.services import accounts, audit
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext
from nyanland.services.store_setup import StoreAddress
from nyanland.store.engine import sqlite_url
from nyanland.ui.launch import make_application, start
from nyanland.ui.main_window import MainWindow
from nyanland.ui.sign_in import ChangePasswordDialog, FirstStartDialog, SignInDialog
from tests.conftest import OFFICER_PASSWORD, PASSWORD, Team
from tests.factories import case


def answer_dialog(kind: type[QWidget], answer: Callable[[QWidget], None]) -> None:
    """Answers the modal dialog `start` is about to show."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(50, act)
            return
        answer(dialog)

    QTimer.singleShot(100, act)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    made = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    made.setValue("language", "en")
    return made


def test_the_first_start_creates_the_store_with_its_administrator_and_invented_cases(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    url = sqlite_url(tmp_path / "fresh" / "nyanland.sqlite3")
    assert not StoreAddress.of(url).exists
    seen: list[str] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstStartDialog)
        seen.append(dialog.windowTitle())
        dialog.admin.setText("siv.admin")
        dialog.password.setText(PASSWORD)
        dialog.again.setText("something else")
        dialog.accept()
        seen.append(dialog.error.text())
        dialog.again.setText(PASSWORD)
        dialog.demo.setChecked(True)
        dialog.demo_count.setValue(25)
        dialog.accept()

    answer_dialog(FirstStartDialog, answer)
    window = start(url, settings)
    assert isinstance(window, MainWindow)
    assert seen == ["Welcome to nyanland", "The two passwords differ."]
    assert window.services.context.actor.name == "siv.admin"
    assert window.admin is not None and window.pages.currentWidget() is window.admin
    qtbot.waitUntil(
        lambda: window.admin is not None and window.admin.accounts.model.rowCount() == 1
    )
    assert not window.case_menu.menuAction().isVisible()
    assert "Signed in: siv.admin (Administrator)" in window.user_label.text()
    assert StoreAddress.of(url).exists
    window.close()
    window.services.context.store.dispose()


def test_declining_the_first_start_creates_nothing(
    qapp: QApplication, tmp_path: Path, settings: QSettings
) -> None:
    url = sqlite_url(tmp_path / "fresh" / "nyanland.sqlite3")
    answer_dialog(FirstStartDialog, lambda dialog: dialog.close())
    assert start(url, settings) is None
    assert not StoreAddress.of(url).exists


def test_signing_in_shows_the_reason_of_a_refusal_then_opens_the_officers_window(
    qtbot: QtBot, team: Team, settings: QSettings
) -> None:
    team.close()
    messages: list[str] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.user.setText("anna.officer")
        dialog.password.setText("not my password")
        dialog.accept()
        messages.append(dialog.error.text())
        dialog.password.setText(OFFICER_PASSWORD)
        dialog.accept()

    answer_dialog(SignInDialog, answer)
    window = start(team.url, settings)
    assert isinstance(window, MainWindow)
    assert messages == [
        "wrong user name or password (4 attempts left before the account is locked)"
    ]
    assert window.pages.currentWidget() is window.splitter
    assert settings.value("sign_in/user") == "anna.officer"
    window.close()
    window.services.context.store.dispose()


def test_a_password_set_by_the_administrator_must_be_changed_at_sign_in(
    qtbot: QtBot, team: Team, settings: QSettings
) -> None:
    accounts.add_account(team.admin, "bo.officer", Role.OFFICER, "temporary password")

    def sign_in(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        dialog.user.setText("bo.officer")
        dialog.password.setText("temporary password")
        answer_dialog(ChangePasswordDialog, change)
        dialog.accept()

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, ChangePasswordDialog)
        # The temporary password was typed a moment ago: it is not asked for again.
        assert not dialog.old.isVisible()
        dialog.new.setText("bo's very own secret")
        dialog.again.setText("bo's very own secret")
        dialog.accept()

    answer_dialog(SignInDialog, sign_in)
    window = start(team.url, settings)
    assert isinstance(window, MainWindow)
    window.close()
    window.services.context.store.dispose()
    team.sign_in("bo.officer", "bo's very own secret").store.dispose()


@pytest.mark.parametrize(
    ("user", "tabs"),
    [
        ("anna.officer", ["Cases", "To do", "Calendar", "Overview", "SFI", "Statistics"]),
        ("sam.sfi", ["SFI"]),
        ("kim.coordinator", ["Overview", "Statistics"]),
        ("siv.admin", ["Overview", "Statistics", "Administration"]),
    ],
)
def test_each_role_sees_only_the_work_of_its_column(
    qtbot: QtBot,
    team: Team,
    role_window: Callable[[str], MainWindow],
    user: str,
    tabs: list[str],
) -> None:
    CaseService(team.officer).create(_a_case())
    window = role_window(user)
    qtbot.waitUntil(lambda: not window.executor.busy)
    shown = [window.pages.tabText(i).split(" (")[0] for i in range(window.pages.count())]
    assert shown == tabs
    cases = user == "anna.officer"
    in_file_menu = set(window.file_menu.actions())
    assert (window.import_action in in_file_menu) is cases
    assert (window.export_action in in_file_menu) is cases
    assert window.new_action.isEnabled() is cases
    assert window.find_action.isEnabled() is cases
    assert (window.backup_action in window.file_menu.actions()) is (user == "siv.admin")
    assert window.case_menu.menuAction().isVisible() is cases
    # Nothing the window did asked a service for something the role may not do.
    assert [e for e in audit.events(team.admin) if e.action == "refused"] == []


def _a_case() -> object:

    return case()


def test_the_idle_window_locks_and_unlocks_with_the_password_keeping_unsaved_work(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    window = role_window("anna.officer")
    window.new_case()
    window.editor.person.input("first_name").setText("Amal")
    window.editor.person.edited.emit()
    assert window.editor.dirty
    window.idle.timer.setInterval(50)
    window.idle.timer.start()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert not window.menuBar().isEnabled()
    window.close()
    assert window.isVisible()  # a locked window cannot be closed (and its work lost)
    window.lock_screen.password.setText("a wrong password")
    window.lock_screen.button.click()
    qtbot.waitUntil(lambda: window.lock_screen.error.isVisible())
    assert window.locked
    window.lock_screen.password.setText(OFFICER_PASSWORD)
    window.lock_screen.button.click()
    qtbot.waitUntil(lambda: not window.locked)
    assert window.editor.person.input("first_name").text() == "Amal"
    assert window.editor.dirty
    actions = [e.action for e in audit.events(team.admin, audit.AuditQuery(user="anna.officer"))]
    assert actions[-2:] == ["sign_in_failed", "unlocked"]
    window.editor.mark_clean()


def test_the_administrator_adds_an_account_and_verifies_the_audit_log(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    window = role_window("siv.admin")
    admin = window.admin
    assert admin is not None
    qtbot.waitUntil(lambda: admin.accounts.model.rowCount() == 4)
    admin.accounts.add_account()
    dialog = admin.accounts.dialog
    assert dialog is not None
    dialog.name.setText("bo.officer")
    dialog.password.setText("short")
    dialog.accept()
    assert "Temporary password: must be at least 12 characters long" in dialog.error.text()
    dialog.password.setText("temporary password")
    dialog.accept()
    qtbot.waitUntil(lambda: admin.accounts.model.rowCount() == 5)
    row = [a.username for a in admin.accounts.model.rows].index("bo.officer")
    assert admin.accounts.model.index(row, 2).data() == "must choose a password"
    admin.setCurrentWidget(admin.audit)
    qtbot.waitUntil(lambda: admin.audit.model.rowCount() > 0)
    admin.audit.user.setText("siv.admin")
    admin.audit.refresh()
    qtbot.waitUntil(lambda: admin.audit.model.index(0, 2).data() == "account created")
    QTimer.singleShot(300, lambda: QApplication.activeModalWidget().accept())  # type: ignore[union-attr]
    admin.audit.verify()
    qtbot.waitUntil(lambda: admin.audit.last_verification is not None)
    assert admin.audit.last_verification is not None and admin.audit.last_verification.intact


def test_switching_language_retranslates_the_open_window_and_qts_own_texts(
    window: MainWindow,
) -> None:
    make_application([])  # installs Qt's catalogue for the current language
    window.swedish_action.trigger()
    try:
        assert window.file_menu.title() == "&Arkiv"
        assert window.editor.tabs.tabText(0) == "Person och hushåll"
        assert window.settings.value("language") == "sv"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Avbryt"
        window.english_action.trigger()
        assert window.file_menu.title() == "&File"
    finally:
        i18n.set_language("en")


def _unused(context: ServiceContext) -> None:  # keeps the import of ServiceContext honest
    del context


def test_a_protected_persons_address_is_hidden_in_the_list_and_the_officer_is_shown(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    from datetime import date

    from nyanland.domain.case import Housing
    from nyanland.domain.codes import HousingKind

    home = Housing(HousingKind.TEMPORARY, date(2026, 3, 2), address="Storgatan 1")
    record = CaseService(team.officer).create(
        case(person={"protected_identity": True}, housing=(home,))
    )
    window = role_window("anna.officer")
    window.open_case(record.id)
    qtbot.waitUntil(lambda: window.editor.record is not None)
    model = window.editor.housing.model
    shown = [model.index(0, c).data() for c in range(model.columnCount())]
    assert "Storgatan 1" not in shown and "(protected identity)" in shown
    assert "Officer: anna.officer · Protected identity" in window.editor.subtitle.text()


def test_closing_the_window_takes_an_automatic_backup(
    qtbot: QtBot, team: Team, role_window: Callable[[str], MainWindow]
) -> None:
    from nyanland.services import backup

    window = role_window("sam.sfi")
    window.settings.setValue("backup/keep", 2)
    folder = backup.automatic_folder(team.sfi)

    def taken() -> int:
        return len(list(folder.glob("nyanland-auto-*.nyanland")))

    window.close()  # the first: nothing is backed up yet
    assert not window.isVisible() and taken() == 1
    window.show()
    window.close()  # nothing saved since (signing in and reading change nothing)
    assert taken() == 1
    for first_name in ("Nour", "Omar"):
        CaseService(team.officer).create(
            case(person={"first_name": first_name, "personal_identity_number": None})
        )
        window.show()
        window.close()  # a save since the last backup: backed up, the newest two kept
    assert taken() == 2


def test_a_wrong_password_leaves_the_fields_their_height_however_long_the_message(
    qtbot: QtBot,
) -> None:
    message = "wrong user name or password (4 attempts left before the account is locked) " * 3
    dialog = SignInDialog("/home/anna/.local/share/nyanland/nyanland.sqlite3", lambda u, p: message)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tall = dialog.user.height()
    dialog.user.setText("anna")
    dialog.password.setText("wrong")
    dialog.accept()
    qtbot.wait(50)
    assert dialog.error.isVisible() and dialog.error.text() == message
    assert dialog.user.height() >= tall and dialog.password.height() >= tall
    assert dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width())


LOOK_WHEN_SHOWN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
HEAVY = ("sqlalchemy", "alembic", "psycopg", "argon2", "nyanland.services.cases",
         "nyanland.ui.main_window")

def look():
    dialog = QApplication.activeModalWidget()
    if dialog is None or not dialog.isVisible():
        QTimer.singleShot(5, look)
        return
    print("shown:", type(dialog).__name__, [m for m in HEAVY if m in sys.modules])
    from nyanland.ui.launch import warm_up
    warm_up().join()
    print("then:", [m for m in HEAVY if m in sys.modules])
    dialog.reject()

QTimer.singleShot(0, look)
from nyanland.app import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_the_sign_in_dialog_shows_before_the_rest_of_the_app_is_loaded(team: Team) -> None:
    """Half a second from the start to the dialog: it needs Qt and little else, and the
    database layer and the window load while the password is typed."""
    import os
    import subprocess
    import sys

    assert team.path is not None
    done = subprocess.run(
        [sys.executable, "-c", LOOK_WHEN_SHOWN, str(team.path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert "shown: SignInDialog []" in done.stdout
    assert (
        "then: ['sqlalchemy', 'argon2', 'nyanland.services.cases', 'nyanland.ui.main_window']"
        in (done.stdout)
    )


def test_a_long_sign_in_says_why_and_the_message_goes_when_it_is_done(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first sign-in after an update prepares the store (80 s at a million cases)."""
    from nyanland.ui import sign_in

    monkeypatch.setattr(sign_in, "SLOW_SIGN_IN_MS", 50)
    seen: list[str] = []

    def slow(_user: str, _password: str) -> str:
        qtbot.waitUntil(lambda: dialog.status.isVisible(), timeout=5000)
        seen.append(dialog.status.text())
        return ""

    dialog = SignInDialog("store.sqlite3", slow, "anna.officer")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert seen and "first sign-in after an update" in seen[0]
    assert not dialog.status.isVisible()
