"""*Ärende → Skriv brev…*: which letter, in which of the person's languages, signed by whom;
a meeting invitation's date, time, place and interpreter; and the letter itself, previewed
page by page as it will be printed. The letters sent before are listed beside it.

The dialog is a view: it says what the officer asks for (`LetterRequest`) and shows what it
is given (`show_pages`, `show_problem`); ui/write_letter.py does the work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.letters import LetterKind, Meeting, language_in_text, language_name
from nyanland.i18n import _, format_datetime
from nyanland.services.letters import SentLetter, Signer
from nyanland.ui.forms import ERROR_STYLE

PREVIEW_DELAY_MS = 400  # typing in a field waits this long before the preview is redrawn
PAGE_WIDTH = 560


@dataclass(frozen=True)
class LetterRequest:
    kind: LetterKind
    language: str
    signer: Signer
    meeting: Meeting | None


class LetterDialog(QDialog):
    preview_wanted = Signal(object)  # LetterRequest
    save_wanted = Signal(object)  # LetterRequest
    sent_wanted = Signal(int)  # a sent letter's id: show it
    sent_save_wanted = Signal(int)  # ... and save it again as a PDF

    def __init__(
        self,
        languages: list[str],
        kind: LetterKind,
        signer: Signer,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Write a letter"))
        self.kind = QComboBox()
        for each in LetterKind:
            self.kind.addItem(each.label, each.value)
        self.kind.setCurrentIndex(list(LetterKind).index(kind))
        self.language = QComboBox()
        for code in languages:
            self.language.addItem(f"{language_name(code)} ({code})", code)
        self.signed_by = QLineEdit(signer.name)
        self.phone = QLineEdit(signer.phone)
        self.phone.setPlaceholderText(_("the unit's, when empty"))
        form = QFormLayout()
        form.addRow(_("Letter"), self.kind)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Signed by"), self.signed_by)
        form.addRow(_("Phone"), self.phone)
        self.meeting_box = self._meeting_box(today)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        choices = QWidget()
        left = QVBoxLayout(choices)
        left.addLayout(form)
        left.addWidget(self.meeting_box)
        left.addWidget(self.problem)
        left.addWidget(self.status)
        left.addStretch(1)
        self.sent_list = QListWidget()
        self.sent_list.itemSelectionChanged.connect(self._sent_chosen)
        self.save_again = QPushButton(_("Save again as PDF…"))
        self.save_again.setEnabled(False)
        self.save_again.clicked.connect(self._save_sent)
        sent = QWidget()
        sent_layout = QVBoxLayout(sent)
        sent_layout.addWidget(self.sent_list)
        sent_layout.addWidget(self.save_again)
        self.tabs = QTabWidget()
        self.tabs.addTab(choices, _("New letter"))
        self.tabs.addTab(sent, _("Sent letters"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.pages = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.pages)
        self.preview = QScrollArea()
        self.preview.setWidget(holder)
        self.preview.setWidgetResizable(True)
        self.preview.setMinimumWidth(PAGE_WIDTH + 30)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save = self.buttons.addButton(
            _("Save as PDF and record…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.rejected.connect(self.reject)
        self.save.clicked.connect(lambda: self.save_wanted.emit(self.request()))
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(1080, 760)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(lambda: self.preview_wanted.emit(self.request()))
        for combo in (self.kind, self.language):
            combo.currentIndexChanged.connect(self.changed)
        for line in (self.signed_by, self.phone, self.place):
            line.textChanged.connect(self.changed)
        self.day.dateChanged.connect(self.changed)
        self.at.timeChanged.connect(self.changed)
        self.interpreter.toggled.connect(self.changed)
        self._sent: list[SentLetter] = []
        self._show_meeting()

    def _meeting_box(self, today: date) -> QGroupBox:
        box = QGroupBox(_("The meeting"))
        self.day = QDateEdit(QDate(today.year, today.month, today.day).addDays(7))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.at = QTimeEdit(QTime(10, 0))
        self.at.setDisplayFormat("HH:mm")
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("for example: Stadshuset, room 12"))
        self.interpreter = QCheckBox(_("An interpreter is booked"))
        form = QFormLayout(box)
        form.addRow(_("Date"), self.day)
        form.addRow(_("Time"), self.at)
        form.addRow(_("Place"), self.place)
        form.addRow("", self.interpreter)
        return box

    def fill_meeting(self, meeting: Meeting) -> None:
        day, at = meeting.day, meeting.at
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.at.setTime(QTime(at.hour, at.minute))
        self.place.setText(meeting.place)
        self.interpreter.setChecked(meeting.interpreter_booked)

    # -- what the officer asks for ----------------------------------------------------------

    def request(self) -> LetterRequest:
        kind = LetterKind(self.kind.currentData())
        meeting = None
        if kind is LetterKind.MEETING:
            day, at = self.day.date(), self.at.time()
            meeting = Meeting(
                date(day.year(), day.month(), day.day()),
                time(at.hour(), at.minute()),
                self.place.text(),
                self.interpreter.isChecked(),
            )
        signer = Signer(self.signed_by.text(), self.phone.text())
        return LetterRequest(kind, str(self.language.currentData()), signer, meeting)

    def changed(self) -> None:
        self._show_meeting()
        self.problem.hide()
        self._timer.start()

    def _show_meeting(self) -> None:
        self.meeting_box.setVisible(LetterKind(self.kind.currentData()) is LetterKind.MEETING)

    def _tab_changed(self, index: int) -> None:
        self.save.setEnabled(index == 0)
        if index == 0:
            self.preview_wanted.emit(self.request())
        else:
            self._sent_chosen()

    # -- what it is shown -------------------------------------------------------------------

    def show_pages(self, images: list[QImage], drafts: tuple[str, ...] = ()) -> None:
        while self.pages.count():
            item = self.pages.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.problem.hide()
        for image in images:
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image))
            page.setFixedSize(image.width() + 2, image.height() + 2)
            page.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pages.addStretch(1)
        said = [
            _(
                "The {language} wording is a draft, not yet checked by a translator: the letter "
                "says so in its footer."
            ).format(language=language_in_text(code))
            for code in drafts
        ]
        self.status.setText("\n".join(said))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def show_sent(self, sent: list[SentLetter]) -> None:
        self._sent = sent
        self.sent_list.clear()
        for letter in sent:
            when = (
                format_datetime(letter.written_at)
                if isinstance(letter.written_at, datetime)
                else ""
            )
            item = QListWidgetItem(
                f"{when} · {letter.kind.label} · {language_name(letter.language)} · "
                f"{letter.written_by}"
            )
            item.setData(256, letter.id)
            self.sent_list.addItem(item)
        self.tabs.setTabText(1, _("Sent letters ({n})").format(n=len(sent)))

    def _chosen_sent(self) -> int | None:
        items = self.sent_list.selectedItems()
        return int(items[0].data(256)) if items else None

    def _sent_chosen(self) -> None:
        chosen = self._chosen_sent()
        self.save_again.setEnabled(chosen is not None)
        if chosen is not None:
            self.sent_wanted.emit(chosen)

    def _save_sent(self) -> None:
        chosen = self._chosen_sent()
        if chosen is not None:
            self.sent_save_wanted.emit(chosen)


def page_images(pdf: bytes, width: int = PAGE_WIDTH) -> list[QImage]:
    """The PDF's pages drawn at `width` pixels (PDFium, through pypdfium2)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            scale = width / page.get_width()
            bitmap = page.render(scale=scale)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
            images.append(image.copy())  # the bytes go with the PIL image
            page.close()
        return images
    finally:
        document.close()
