"""The SFI workspace: find a person, see their SFI courses and the deadlines, record a start,
a move to the next course, a completion or an interruption, see who waits for SFI, and import
an SFI provider's list with a preview. It shows nothing else of a case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.codes import SfiGrade, SfiStatus
from nyanland.domain.timeline import DEFAULT_RULES, age_on
from nyanland.i18n import _, format_date
from nyanland.services import sfi, sfi_import
from nyanland.services.context import ServiceContext
from nyanland.services.sfi import PersonMatch, SfiRecord, Waiting
from nyanland.services.sfi_import import RowStatus, SfiImportPreview
from nyanland.ui.forms import ERROR_STYLE
from nyanland.ui.operations import Runner, RunWithProgress, StoreExecutor
from nyanland.ui.rows import RowsModel, read_only_table
from nyanland.ui.sfi_dialogs import EndDialog, PreviewDialog, StartDialog, number_shown

SEARCH_DELAY_MS = 150
START_FIELDS = ("start_date", "study_path", "course", "provider", "childcare", "vocational")
STATUS_LABELS: dict[RowStatus, Callable[[], str]] = {
    RowStatus.NEW: lambda: _("to record"),
    RowStatus.ALREADY_RECORDED: lambda: _("recorded already"),
    RowStatus.UNMATCHED: lambda: _("no such person"),
    RowStatus.INVALID: lambda: _("wrong"),
}


class SfiWorkspace(QWidget):
    def __init__(
        self,
        context: ServiceContext,
        today: Callable[[], date],
        run: RunWithProgress,
        failed: Callable[[BaseException], None],
        executor: StoreExecutor,
    ) -> None:
        super().__init__()
        self.setObjectName("sfi_workspace")
        self._context = context
        self._today = today
        self._run = run
        self._failed = failed
        self._executor = executor
        self._search_tasks = Runner(executor, latest="sfi search")
        self.record: SfiRecord | None = None
        self.dialog: QDialog | None = None

        self.search = QLineEdit()
        self.search.setObjectName("sfi_search")
        self.search.setClearButtonEnabled(True)
        self.matches = RowsModel(
            lambda: [_("Name"), _("Born"), _("Identity number")],
            lambda m: [m.full_name, m.birth_date.isoformat(), number_shown(m.identity_number)],
            self,
        )
        self.match_table = read_only_table(self.matches, "sfi_matches")
        self.waiting = RowsModel(
            lambda: [_("Received"), _("Days"), _("Name"), _("Identity number")],
            lambda w: [
                w.reception_date.isoformat(),
                str(w.days_waiting(self._today())),
                w.full_name,
                number_shown(w.identity_number),
            ],
            self,
        )
        self.waiting_table = read_only_table(self.waiting, "sfi_waiting")
        self.lists = QTabWidget()
        find_page = QWidget()
        find_layout = QVBoxLayout(find_page)
        find_layout.addWidget(self.search)
        find_layout.addWidget(self.match_table)
        self.lists.addTab(find_page, "")
        self.lists.addTab(self.waiting_table, "")
        self.import_button = QPushButton()
        self.import_button.setObjectName("sfi_import")
        self.import_button.clicked.connect(self.import_list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.lists)

        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name.setFont(font)
        self.details = QLabel()
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.courses = RowsModel(
            lambda: [
                _("Start"),
                _("Study path"),
                _("Course"),
                _("Status"),
                _("End"),
                _("Grade"),
                _("Provider"),
            ],
            lambda c: [
                c.start_date.isoformat(),
                c.study_path.label,
                c.course.label,
                c.status.label,
                c.end_date.isoformat() if c.end_date else "",
                c.grade.label if c.grade else "",
                c.provider or "",
            ],
            self,
        )
        self.course_table = read_only_table(self.courses, "sfi_courses")
        self.start_button = QPushButton()
        self.start_button.setObjectName("sfi_start")
        self.next_button = QPushButton()
        self.next_button.setObjectName("sfi_next")
        self.complete_button = QPushButton()
        self.complete_button.setObjectName("sfi_complete")
        self.interrupt_button = QPushButton()
        self.interrupt_button.setObjectName("sfi_interrupt")
        self.start_button.clicked.connect(self.record_start)
        self.next_button.clicked.connect(lambda: self._end_course("next"))
        self.complete_button.clicked.connect(lambda: self._end_course("complete"))
        self.interrupt_button.clicked.connect(lambda: self._end_course("interrupt"))
        buttons = QHBoxLayout()
        for button in (
            self.start_button,
            self.next_button,
            self.complete_button,
            self.interrupt_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.empty)
        right_layout.addWidget(self.name)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.deadline)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.course_table, 1)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.find_people)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.match_table.selectionModel().currentRowChanged.connect(
            lambda index, _p: self._chosen(self.matches, index)
        )
        self.waiting_table.selectionModel().currentRowChanged.connect(
            lambda index, _p: self._chosen(self.waiting, index)
        )
        self.course_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self.lists.currentChanged.connect(self._list_chosen)
        self.setTabOrder(self.search, self.match_table)
        self.retranslate_ui()
        self._show_record(None)

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Find: name, identity number or dossier number"))
        self.search.setAccessibleName(_("Find a person"))
        self.lists.setTabText(0, _("Find a person"))
        self._title_waiting()
        self.import_button.setText(_("Import an SFI list…"))
        self.start_button.setText(_("Record a start…"))
        self.next_button.setText(_("Next course…"))
        self.complete_button.setText(_("Completed…"))
        self.interrupt_button.setText(_("Interrupted…"))
        self.empty.setText(_("Find a person to record their SFI, or choose one who waits."))
        self.match_table.setAccessibleName(_("People found"))
        self.waiting_table.setAccessibleName(_("Waiting for SFI"))
        self.course_table.setAccessibleName(_("SFI courses"))
        for model in (self.matches, self.waiting, self.courses):
            model.retranslate()
        self._show_record(self.record)

    def _title_waiting(self) -> None:
        n = self.waiting.rowCount()
        self.lists.setTabText(1, _("Waiting for SFI") + (f" ({n})" if n else ""))

    # -- finding ------------------------------------------------------------------------------

    def find_people(self) -> None:
        text = self.search.text()
        self._search_tasks.run(
            lambda: sfi.find_people(self._context, text), self._found, self._failed
        )

    def _found(self, people: list[PersonMatch]) -> None:
        self.matches.show(people)
        self.match_table.resizeColumnsToContents()

    def refresh_waiting(self) -> None:
        self._run(
            _("Finding who waits for SFI…"),
            lambda: sfi.waiting_for_sfi(self._context),
            self._show_waiting,
        )

    def _show_waiting(self, people: list[Waiting]) -> None:
        self.waiting.show(people)
        self.waiting_table.resizeColumnsToContents()
        self._title_waiting()

    def _list_chosen(self, index: int) -> None:
        if index == 1 and self.isVisible():
            self.refresh_waiting()

    def _chosen(self, model: RowsModel, index: Any) -> None:
        if index.isValid():
            self.open_person(model.rows[index.row()].case_id)

    def open_person(self, case_id: int) -> None:
        if self.record is not None and self.record.case_id == case_id:
            return
        self._run(_("Opening…"), lambda: sfi.sfi_record(self._context, case_id), self._show_record)

    def _show_record(self, record: SfiRecord | None) -> None:
        self.record = record
        self.empty.setVisible(record is None)
        for widget in (self.name, self.details, self.deadline, self.course_table):
            widget.setVisible(record is not None)
        self.courses.show(record.enrolments if record else ())
        if record is None:
            self._update()
            return
        today = self._today()
        self.name.setText(record.full_name)
        self.details.setText(
            _("Born {birth} · {number} · received {received}, {days} days ago").format(
                birth=format_date(record.birth_date),
                number=number_shown(record.identity_number),
                received=format_date(record.reception_date),
                days=record.days_since_reception(today),
            )
        )
        started = bool(record.enrolments)
        child = age_on(record.birth_date, record.reception_date) < DEFAULT_RULES.sfi_min_age
        late = not started and not child and today > record.start_due
        if started:
            first = min(c.start_date for c in record.enrolments)
            text = _("SFI started {date}.").format(date=format_date(first))
        elif child:
            text = _("Younger than {age} at reception: school, not SFI.").format(
                age=DEFAULT_RULES.sfi_min_age
            )
        else:
            text = _("No SFI start yet: it is due by {date} (90 days after reception).").format(
                date=format_date(record.start_due)
            )
        self.deadline.setText(text)
        self.deadline.setStyleSheet(ERROR_STYLE if late else "")
        self.course_table.resizeColumnsToContents()
        if record.enrolments:
            self.course_table.selectRow(len(record.enrolments) - 1)
        self._update()

    def selected_course(self) -> int | None:
        index = self.course_table.currentIndex()
        return index.row() if index.isValid() and self.record else None

    def _update(self) -> None:
        chosen = self.selected_course()
        ongoing = (
            chosen is not None
            and self.record is not None
            and self.record.enrolments[chosen].status is SfiStatus.ONGOING
        )
        self.start_button.setEnabled(self.record is not None)
        for button in (self.next_button, self.complete_button, self.interrupt_button):
            button.setEnabled(ongoing)

    # -- recording ----------------------------------------------------------------------------

    def record_start(self) -> None:
        record = self.record
        if record is None:
            return
        dialog = StartDialog(self._today(), self)

        def accepted() -> None:
            enrolment = dialog.enrolment
            assert enrolment is not None
            self._save(
                lambda: sfi.record_start(self._context, record.case_id, enrolment, record.version)
            )

        self._open(dialog, accepted)

    def _end_course(self, how: str) -> None:
        record, index = self.record, self.selected_course()
        if record is None or index is None:
            return
        titles = {
            "next": _("Move to the next course"),
            "complete": _("Course completed"),
            "interrupt": _("Course interrupted"),
        }
        dialog = EndDialog(titles[how], self._today(), how != "interrupt", how == "complete", self)
        context, case_id, version = self._context, record.case_id, record.version

        def accepted() -> None:
            day, grade = dialog.values["end_date"], dialog.values.get("grade")
            if how == "next":
                work: Callable[[], SfiRecord] = lambda: sfi.move_to_next_course(  # noqa: E731
                    context, case_id, index, day, grade, version
                )
            elif how == "complete":
                work = lambda: sfi.complete(  # noqa: E731
                    context, case_id, index, day, grade or SfiGrade.F, version
                )
            else:
                work = lambda: sfi.interrupt(context, case_id, index, day, version)  # noqa: E731
            self._save(work)

        self._open(dialog, accepted)

    def _open(self, dialog: QDialog, accepted: Callable[[], None]) -> None:
        dialog.accepted.connect(accepted)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog

    def _save(self, work: Callable[[], SfiRecord]) -> None:
        def saved(record: SfiRecord) -> None:
            self._show_record(record)
            self.refresh_waiting()

        self._run(_("Saving…"), work, saved)

    # -- a provider's list --------------------------------------------------------------------

    def import_list(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import an SFI list"), "", _("SFI lists (*.csv *.txt)")
        )
        if name:
            self.preview_list(Path(name))

    def preview_list(self, path: Path) -> None:
        context = self._context

        def show(preview: SfiImportPreview) -> None:
            dialog = PreviewDialog(str(path), preview, self)

            def recorded(_report: object) -> None:
                self.refresh_waiting()
                self._reopen()

            dialog.accepted.connect(
                lambda: self._run(
                    _("Recording the SFI starts…"),
                    lambda: sfi_import.import_sfi(context, path),
                    recorded,
                )
            )
            self._open(dialog, lambda: None)

        self._run(
            _("Reading the SFI list…"), lambda: sfi_import.preview_import(context, path), show
        )

    def _reopen(self) -> None:
        record, self.record = self.record, None
        if record is not None:
            self.open_person(record.case_id)
