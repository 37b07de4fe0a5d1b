"""The administrator hands a temporary password on: it is shown, so a typo cannot lock the
person out, and a random one is suggested."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from nyanland.services.accounts import password_problems
from nyanland.ui.admin_view import AccountDialog


def test_the_temporary_password_is_shown_and_a_random_one_is_suggested(qtbot: QtBot) -> None:
    first, second = AccountDialog(), AccountDialog("anna")
    for dialog in (first, second):
        qtbot.addWidget(dialog)
        assert dialog.password.echoMode() is QLineEdit.EchoMode.Normal
        assert password_problems(dialog.password.text()) == []
    assert first.password.text() != second.password.text()
