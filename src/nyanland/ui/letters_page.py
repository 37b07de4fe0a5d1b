"""*Administration → Brev*: the municipality as its letters present it (name, unit, contacts,
logo) and, per language, the letters' wording: reviewed or draft, shipped or the
municipality's own. A wording is exported as a .po file, edited in any translation tool
(Poedit, Weblate, a text editor) and imported back; it is checked before it is kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.errors import FieldError, KnownError
from nyanland.domain.letters import language_name
from nyanland.i18n import _
from nyanland.services import letter_sender
from nyanland.services.context import ServiceContext
from nyanland.services.letter_sender import SenderDetails, Wording
from nyanland.ui.file_dialogs import open_file_name, save_file_name
from nyanland.ui.forms import ERROR_STYLE
from nyanland.ui.operations import RunWithProgress
from nyanland.ui.rows import RowsModel, read_only_table

_FIELDS = ("municipality", "unit", "address", "phone", "email", "hours")


class LettersPage(QWidget):
    def __init__(self, context: ServiceContext, run: RunWithProgress) -> None:
        super().__init__()
        self._context, self._run = context, run
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.lines = {name: QLineEdit() for name in _FIELDS}
        for name, line in self.lines.items():
            line.setObjectName(f"sender_{name}")
        self.sender_box = QGroupBox()
        self.form = QFormLayout(self.sender_box)
        self.labels = {name: QLabel() for name in _FIELDS}
        for name, line in self.lines.items():
            self.form.addRow(self.labels[name], line)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.logo = QLabel()
        self.logo.setFixedHeight(64)
        self.logo_button = QPushButton()
        self.logo_button.clicked.connect(self.choose_logo)
        self.no_logo_button = QPushButton()
        self.no_logo_button.clicked.connect(lambda: self._set_logo(None))
        logo_row = QHBoxLayout()
        for widget in (self.logo, self.logo_button, self.no_logo_button):
            logo_row.addWidget(widget)
        logo_row.addStretch(1)
        logo_row.addWidget(self.save_button)
        self.form.addRow(logo_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.model = RowsModel(lambda: [_("Language"), _("Wording"), _("Whose")], self._cells, self)
        self.table = read_only_table(self.model, "letter_wordings")
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_wording)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.import_wording)
        self.shipped_button = QPushButton()
        self.shipped_button.clicked.connect(self.back_to_shipped)
        wording_row = QHBoxLayout()
        for button in (self.export_button, self.import_button, self.shipped_button):
            wording_row.addWidget(button)
        wording_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.sender_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(wording_row)
        self.retranslate_ui()

    def _cells(self, wording: Wording) -> list[str]:
        status = _("reviewed") if wording.status == "reviewed" else _("draft")
        whose = _("the municipality's own") if wording.local else _("shipped with nyanland")
        return [f"{language_name(wording.language)} ({wording.language})", status, whose]

    def retranslate_ui(self) -> None:
        self.intro.setText(
            _(
                "What the letters to newcomers say of the municipality, and their wording in "
                "each language. A draft wording has not been checked by a translator: its "
                "letters say so in their footer. Export a wording to have it translated or "
                "reviewed, and import it back (set X-Review-Status: reviewed once checked)."
            )
        )
        self.sender_box.setTitle(_("Sender"))
        labels = {
            "municipality": _("Municipality"),
            "unit": _("Unit"),
            "address": _("Visiting address"),
            "phone": _("Phone"),
            "email": _("E-mail"),
            "hours": _("Opening hours"),
        }
        for name, label in self.labels.items():
            label.setText(labels[name])
        self.save_button.setText(_("Save"))
        self.logo_button.setText(_("Choose logo…"))
        self.no_logo_button.setText(_("No logo"))
        self.export_button.setText(_("Export wording…"))
        self.import_button.setText(_("Import wording…"))
        self.shipped_button.setText(_("Back to the shipped wording"))
        self.model.retranslate()
        self._update()

    def refresh(self) -> None:
        context = self._context

        def work() -> tuple[SenderDetails, str, list[Wording]]:
            return (
                letter_sender.details(context),
                letter_sender.logo(context),
                letter_sender.wordings(context),
            )

        self._run(_("Reading…"), work, self._show)

    def _show(self, found: tuple[SenderDetails, str, list[Wording]]) -> None:
        details, logo, wordings = found
        for name, line in self.lines.items():
            line.setText(getattr(details, name))
        pixmap = QPixmap()
        if logo:
            import base64

            pixmap.loadFromData(base64.b64decode(logo.split(",", 1)[1]))
        self.logo.setPixmap(pixmap.scaledToHeight(60) if not pixmap.isNull() else QPixmap())
        self.no_logo_button.setEnabled(bool(logo))
        chosen = self._selected()
        self.model.show(wordings)
        self.table.resizeColumnsToContents()
        if chosen is not None:  # the same language stays chosen
            self.table.selectRow([w.language for w in wordings].index(chosen.language))
        self._update()

    def _selected(self) -> Wording | None:
        chosen: Wording | None = self.model.row_at(self.table.currentIndex())
        return chosen

    def _update(self) -> None:
        chosen = self._selected()
        self.export_button.setEnabled(chosen is not None)
        self.import_button.setEnabled(chosen is not None)
        self.shipped_button.setEnabled(chosen is not None and chosen.local)

    def _failed(self, error: BaseException) -> None:
        self.problem.setText(str(error))
        self.problem.show()

    def save(self) -> None:
        context = self._context
        kept = SenderDetails(**{name: line.text() for name, line in self.lines.items()})
        self._guarded(lambda: letter_sender.save_details(context, kept))

    def choose_logo(self) -> None:
        path = open_file_name(self, _("Choose logo"), _("Images (*.png *.jpg *.jpeg)"))
        if path is not None:
            self._set_logo(path)

    def _set_logo(self, path: Path | None) -> None:
        context = self._context

        def work() -> None:
            letter_sender.set_logo(context, path.read_bytes() if path is not None else None)

        self._guarded(work)

    def export_wording(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        path = save_file_name(
            self, _("Export wording"), f"letters-{chosen.language}.po", _("Catalogues (*.po)")
        )
        if path is None:
            return
        context = self._context

        def work() -> None:
            text = letter_sender.wording_po(context, chosen.language)
            path.write_text(text, encoding="utf-8")

        self._guarded(work, changes=False)

    def import_wording(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        path = open_file_name(self, _("Import wording"), _("Catalogues (*.po)"))
        if path is None:
            return
        context = self._context

        def work() -> None:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise FieldError("catalogue", _("is not UTF-8 text")) from None
            letter_sender.set_wording(context, chosen.language, text)

        self._guarded(work)

    def back_to_shipped(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            context = self._context
            self._guarded(lambda: letter_sender.set_wording(context, chosen.language, None))

    def _guarded(self, work: Callable[[], object], changes: bool = True) -> None:
        """Runs `work`; a problem with what was given (a field, a file) shows on the page."""

        def checked() -> BaseException | None:
            try:
                work()
            except KnownError as error:
                return error
            except OSError as error:
                return KnownError(
                    _("the file cannot be read or written ({error})").format(
                        error=error.strerror or type(error).__name__
                    )
                )
            return None

        def done(error: BaseException | None) -> None:
            if error is not None:
                self._failed(error)
                return
            self.problem.hide()
            if changes:
                self.refresh()

        self._run(_("Saving…"), checked, done)
