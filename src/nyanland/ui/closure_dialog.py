"""The dialog that closes a case: the closing date and the outcome, checked before OK."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from nyanland.domain.case import Closure
from nyanland.i18n import _
from nyanland.ui import case_fields
from nyanland.ui.forms import Form, ok_cancel


class ClosureDialog(QDialog):
    """Asks for the closing date and outcome; the rules of a closure are checked before OK."""

    def __init__(self, today: date, reception_date: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close the case"))
        self._reception_date = reception_date
        self.form = Form(case_fields.CLOSURE, self)
        self.form.load({"date": today})
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The establishment case ends with an outcome.")))
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.closure: Closure | None = None

    def accept(self) -> None:
        values, problems = self.form.values()
        if not problems and values["date"] < self._reception_date:
            problems["date"] = _("the case closes before reception")
        self.form.show_problems(problems)
        if problems:
            return
        self.closure = Closure(values["date"], values["outcome"])
        super().accept()
