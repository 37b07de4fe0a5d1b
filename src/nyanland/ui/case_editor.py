"""One case on screen: the person and household, reception and deadlines, SFI, mapping,
placements, housing and journal, each in its tab; checked by the import's rules as it is typed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nyanland.domain.case import (
    CaseData,
    Housing,
    Person,
    Placement,
    Reception,
    SfiEnrolment,
    SkillsMapping,
    case_problems,
)
from nyanland.domain.codes import EducationLevel, ReceptionType, Sex
from nyanland.domain.errors import FieldError
from nyanland.domain.identity import (
    InvalidIdentityNumber,
    format_identity_number,
    parse_identity_number,
)
from nyanland.domain.milestones import milestones
from nyanland.i18n import _, format_date
from nyanland.reports import case_labels as labels
from nyanland.services.records import CaseRecord, HouseholdMember
from nyanland.ui import case_fields
from nyanland.ui.deadlines import deadlines_text
from nyanland.ui.forms import ERROR_STYLE, Form
from nyanland.ui.journal_editor import JournalEditor
from nyanland.ui.record_list import ListEditor
from nyanland.ui.sfi_dialogs import follow_study_path
from nyanland.ui.timeline_view import TimelineView


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


# The tab each part of a case is edited on (in the order of the tabs below).
_TAB_OF_PART = {
    "person": 0,
    "reception": 1,
    "sfi": 2,
    "skills_mapping": 3,
    "placements": 4,
    "housing": 5,
    "notes": 6,
}
_LABELS = {
    "person": labels.PERSON,
    "reception": labels.RECEPTION,
    "skills_mapping": labels.SKILLS_MAPPING,
}


def _part_of(field: str) -> str:
    """`sfi[0].start_date` and `person.birth_date` are of the parts `sfi` and `person`."""
    return field.split(".", 1)[0].split("[", 1)[0]


class CaseEditor(QWidget):
    """Edits one case (or a new one); tells the window when it has unsaved changes."""

    dirty_changed = Signal(bool)
    open_case_requested = Signal(int)
    add_member_requested = Signal()

    def __init__(
        self,
        today: Callable[[], date],
        tasks_panel: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.tasks_panel = tasks_panel
        self.record: CaseRecord | None = None
        self._dirty = False
        self.edits = (
            0  # how many edits the officer has made, ever: a fetch from before one is stale
        )

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel()
        self.problems = QLabel()
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setWordWrap(True)
        self.problems.hide()

        self.person = Form(case_fields.PERSON)
        self.household = QListWidget()
        self.household.setMaximumHeight(120)
        self.household.itemActivated.connect(self._open_member)
        self.household_label = QLabel()
        self.add_member = QPushButton()
        self.add_member.clicked.connect(self.add_member_requested)
        self.reception = Form(case_fields.RECEPTION)
        self.timeline = TimelineView()
        self.deadlines = QLabel()
        self.deadlines.setTextFormat(Qt.TextFormat.RichText)
        self.deadlines.setWordWrap(True)
        self.mapping = Form(case_fields.SKILLS_MAPPING)
        self.sfi: ListEditor[SfiEnrolment] = ListEditor(
            SfiEnrolment,
            case_fields.SFI_ENROLMENT,
            ("start_date", "study_path", "course", "status", "end_date", "grade", "provider"),
            lambda: _("SFI course"),
            self._item_validator("sfi"),
            lambda: {"start_date": self._today()},  # the status too is chosen
            prepare=follow_study_path,
        )
        self.placements: ListEditor[Placement] = ListEditor(
            Placement,
            case_fields.PLACEMENT,
            ("kind", "sector", "employer", "start_date", "end_date", "hours_per_week"),
            lambda: _("Placement"),
            self._item_validator("placements"),
            lambda: {"start_date": self._today()},
        )
        self.housing: ListEditor[Housing] = ListEditor(
            Housing,
            case_fields.HOUSING,
            ("kind", "move_in_date", "move_out_date", "district", "address"),
            lambda: _("Housing"),
            self._item_validator("housing"),
            lambda: {"move_in_date": self._today()},
        )
        self.journal = JournalEditor(
            case_fields.JOURNAL_NOTE,
            self._item_validator("notes"),
            lambda: {"date": self._today()},
        )

        person_page = QWidget()
        person_layout = QVBoxLayout(person_page)
        person_layout.addWidget(self.person)
        member_row = QHBoxLayout()
        member_row.addWidget(self.household_label)
        member_row.addStretch()
        member_row.addWidget(self.add_member)
        person_layout.addLayout(member_row)
        person_layout.addWidget(self.household)
        person_layout.addStretch()
        reception_page = QWidget()
        reception_layout = QVBoxLayout(reception_page)
        reception_layout.addWidget(self.reception)
        reception_layout.addWidget(self.timeline)
        reception_layout.addWidget(self.deadlines)
        reception_layout.addStretch()
        mapping_page = QWidget()
        QVBoxLayout(mapping_page).addWidget(self.mapping)

        self.tabs = QTabWidget()
        self._pages: list[tuple[QWidget, Callable[[], str]]] = [
            (_scrolling(person_page), lambda: _("Person and household")),
            (_scrolling(reception_page), lambda: _("Reception")),
            (self.sfi, lambda: _("SFI")),
            (_scrolling(mapping_page), lambda: _("Skills mapping")),
            (self.placements, lambda: _("Placements")),
            (self.housing, lambda: _("Housing")),
            (self.journal, lambda: _("Journal")),
        ]
        if tasks_panel is not None:
            self._pages.append((tasks_panel, lambda: _("Tasks")))
        for page, _title in self._pages:
            self.tabs.addTab(page, "")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.problems)
        layout.addWidget(self.tabs)

        for form in (self.person, self.reception, self.mapping):
            form.edited.connect(self._edited)
        number = self.person.input("personal_identity_number")
        assert isinstance(number, QLineEdit)
        number.textEdited.connect(self._follow_identity_number)
        for editor in (self.sfi, self.placements, self.housing, self.journal):
            editor.changed.connect(self._edited)
        self.retranslate_ui()

    # -- language -----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        for index, (_page, title) in enumerate(self._pages):
            self.tabs.setTabText(index, title())
        for form in (self.person, self.reception, self.mapping):
            form.retranslate_ui()
        for editor in (self.sfi, self.placements, self.housing, self.journal):
            editor.retranslate_ui()
        self.household_label.setText(_("Household"))
        self.add_member.setText(_("Register a family member…"))
        self.household.setAccessibleName(_("Household members"))
        self._show_heading()
        self._show_deadlines()

    # -- loading and reading ------------------------------------------------------------------

    def load(self, record: CaseRecord | None, draft: CaseData | None = None) -> None:
        """Shows a stored case, or a new one to register (`draft` pre-fills it)."""
        self.record = record
        data = record.data if record is not None else draft
        person = data.person if data else None
        self.person.load(_values(person))
        if person is not None and person.personal_identity_number:
            number = person.personal_identity_number
            self.person.load(
                {**_values(person), "personal_identity_number": format_identity_number(number)}
            )
        self.reception.load(_values(data.reception if data else None))
        self.mapping.load(_values(data.skills_mapping if data else None))
        self.sfi.set_records(data.sfi if data else ())
        self.placements.set_records(data.placements if data else ())
        protected = person is not None and person.protected_identity
        self.housing.model.masked = frozenset({"address"} if protected else ())
        self.housing.set_records(data.housing if data else ())
        self.journal.set_records(data.notes if data else ())
        self._show_household(record.household_members if record else ())
        self.add_member.setEnabled(record is not None)
        self._set_dirty(False)
        self.problems.hide()
        self._show_heading()
        self._show_deadlines()

    def case_data(self) -> tuple[CaseData | None, list[FieldError]]:
        """What the screen holds as a case, and every rule it breaks (by dotted field)."""
        problems: list[FieldError] = []
        person_values, unreadable = self.person.values()
        problems += [FieldError(f"person.{k}", v) for k, v in unreadable.items()]
        reception_values, unreadable = self.reception.values()
        problems += [FieldError(f"reception.{k}", v) for k, v in unreadable.items()]
        mapping_values, unreadable = self.mapping.values()
        if not any(v not in (None, False, "") for v in mapping_values.values()):
            unreadable.pop("education_level", None)  # no mapping yet: nothing to choose
        problems += [FieldError(f"skills_mapping.{k}", v) for k, v in unreadable.items()]
        written = person_values.get("personal_identity_number")
        if written:
            try:
                person_values["personal_identity_number"] = parse_identity_number(
                    written, self._today()
                ).digits
            except InvalidIdentityNumber as error:
                problems.append(FieldError("person.personal_identity_number", error.message))
                person_values["personal_identity_number"] = None
        if problems or None in (
            person_values["birth_date"],
            person_values["sex"],
            reception_values["reception_date"],
            reception_values["reception_type"],
        ):
            return None, problems
        mapping = None
        if any(v not in (None, False, "") for v in mapping_values.values()):
            mapping = SkillsMapping(**_with_defaults(mapping_values))
        base = self.record.data if self.record else None
        data = CaseData(
            person=Person(**person_values),
            reception=Reception(**reception_values),
            case_number=base.case_number if base else None,
            sfi=self.sfi.records(),
            skills_mapping=mapping,
            placements=self.placements.records(),
            housing=self.housing.records(),
            closure=base.closure if base else None,
            notes=self.journal.records(),
        )
        return data, case_problems(data, self._today())

    def show_problems(self, problems: list[FieldError]) -> None:
        """Puts each message under its field; the rest (lists, closure) above the tabs."""
        by_form: dict[str, dict[str, str]] = {"person": {}, "reception": {}, "skills_mapping": {}}
        elsewhere: list[str] = []
        for problem in problems:
            part, _, name = problem.field.partition(".")
            if part in by_form and "[" not in name and name:
                by_form[part].setdefault(name, problem.problem)
            else:
                elsewhere.append(str(problem))
        self.person.show_problems(by_form["person"])
        self.reception.show_problems(by_form["reception"])
        self.mapping.show_problems(by_form["skills_mapping"])
        self.problems.setText("\n".join(elsewhere))
        self.problems.setVisible(bool(elsewhere))
        # A tab that holds a problem says so, so that one out of sight is found.
        wrong = {_TAB_OF_PART.get(_part_of(problem.field)) for problem in problems}
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.tabs.count()):
            self.tabs.setTabIcon(index, warning if index in wrong else QIcon())

    def problem_summary(self) -> str:
        """After a refused save: shows the tab of the first problem and names it."""
        _data, problems = self.case_data()
        if not problems:
            return _("Not saved: correct the fields marked in red.")
        first = problems[0]
        tab = _TAB_OF_PART.get(_part_of(first.field))
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        part, _dot, name = first.field.partition(".")
        label = _LABELS.get(part, {}).get(name)
        where = label() if label is not None else first.field
        return _("Not saved: {field}: {problem}.").format(field=where, problem=first.problem)

    def mark_clean(self) -> None:
        """What is shown needs no saving (it was saved, or deleted)."""
        self._set_dirty(False)

    def check(self) -> bool:
        data, problems = self.case_data()
        self.show_problems(problems)
        self._show_deadlines()
        return data is not None and not problems

    @property
    def dirty(self) -> bool:
        return self._dirty

    # -- helpers ------------------------------------------------------------------------------

    def _edited(self) -> None:
        self.edits += 1
        self._set_dirty(True)
        self.check()

    def _follow_identity_number(self, text: str) -> None:
        """A valid personnummer as it is typed fills the birth date and sex it gives."""
        filled = case_fields.given_by_number(self.person, text, self._today())
        if filled:
            self.person.set_values(filled)
            self._edited()

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _item_validator(self, part: str) -> Callable[[Any, int], dict[str, str]]:
        def validate(candidate: Any, place: int) -> dict[str, str]:
            data, _problems = self.case_data()
            if data is None:  # the rest of the case cannot be read yet: check the item alone
                data = _placeholder_case()
            items = list(getattr(data, part))
            items[place : place + 1] = [candidate]
            prefix = f"{part}[{place}]."
            changes: dict[str, Any] = {part: tuple(items)}
            checked = case_problems(dataclasses.replace(data, **changes), self._today())
            return {
                p.field[len(prefix) :]: p.problem for p in checked if p.field.startswith(prefix)
            }

        return validate

    def _show_heading(self) -> None:
        record = self.record
        if record is None:
            self.title.setText(_("New case"))
            self.subtitle.setText(_("Fill in at least the fields marked *."))
            return
        person = record.data.person
        self.title.setText(person.full_name)
        closure = record.data.closure
        status = _("Open")
        if closure is not None:
            status = _("Closed {date}: {outcome}").format(
                date=format_date(closure.date), outcome=closure.outcome.label
            )
            if closure.follow_up_date is not None and closure.follow_up_status is not None:
                status += " · " + _("followed up {date}: {status}").format(
                    date=format_date(closure.follow_up_date), status=closure.follow_up_status.label
                )
        officer = record.assigned_officer or _("no officer")
        parts = [
            _("Case {number} · {status}").format(number=record.case_number, status=status),
            _("Officer: {name}").format(name=officer),
        ]
        if person.protected_identity:
            parts.append(_("Protected identity"))
        self.subtitle.setText(" · ".join(parts))

    def _show_household(self, members: tuple[HouseholdMember, ...]) -> None:
        self.household.clear()
        for member in members:
            item = QListWidgetItem(
                f"{member.full_name} ({member.birth_date.isoformat()}) – {member.case_number}"
            )
            item.setData(Qt.ItemDataRole.UserRole, member.case_id)
            self.household.addItem(item)
        if not members:
            item = QListWidgetItem(_("No other members registered"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.household.addItem(item)

    def _open_member(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id is not None:
            self.open_case_requested.emit(int(case_id))

    def _show_deadlines(self) -> None:
        data, _problems = self.case_data()
        today = self._today()
        found = milestones(data, today) if data is not None else []
        self.timeline.show_case(data, found, today)
        self.deadlines.setText(deadlines_text(data is not None, found, today))


def _values(record: Any | None) -> dict[str, Any]:
    return {} if record is None else dataclasses.asdict(record)


def _with_defaults(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "education_level": values.get("education_level") or EducationLevel.UNKNOWN}


def _placeholder_case() -> CaseData:
    return CaseData(
        person=Person("–", "–", date(1900, 1, 1), Sex.UNKNOWN),
        reception=Reception(date(1900, 1, 1), ReceptionType.OTHER),
    )
