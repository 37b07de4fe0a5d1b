"""The lists the administrator keeps, in the window: added on *Administration → Listor*, offered
at once in the forms; a district is chosen from its list, an employer may be typed."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from nyanland.services import kept_lists
from nyanland.services.cases import CaseService
from nyanland.services.kept_lists import KeptList
from nyanland.ui.kept_names import KeptNameBox
from nyanland.ui.main_window import MainWindow
from tests.conftest import Team
from tests.factories import case


def test_a_name_the_administrator_adds_is_offered_in_the_officers_forms(
    qtbot: QtBot,
    team: Team,
    role_window: Callable[[str], MainWindow],
) -> None:
    admin = role_window("siv.admin")
    assert admin.admin is not None
    lists = admin.admin.lists
    admin.admin.setCurrentWidget(lists)
    lists.which.setCurrentIndex(lists.which.findData(KeptList.DISTRICT.value))
    for name in ("Norr", "Centrum"):
        lists.name.setText(name)
        lists.add()
        qtbot.waitUntil(lambda: not admin.executor.busy)
    qtbot.waitUntil(lambda: lists.model.rowCount() == 2)
    assert [row.name for row in lists.model.rows] == ["Centrum", "Norr"]

    kept_lists.add(team.admin, KeptList.EMPLOYER, "Biblioteket")
    made = CaseService(team.officer).create(case())
    officer = role_window("anna.officer")
    officer.open_case(made.id)
    qtbot.waitUntil(lambda: officer.editor.record is not None and not officer.executor.busy)
    dialog = officer.editor.housing.add()
    district = dialog.form.input("district")
    assert isinstance(district, KeptNameBox) and not district.isEditable()
    assert [district.itemText(i) for i in range(district.count())] == ["", "Centrum", "Norr"]
    assert district.currentText() == ""  # nothing chosen for the officer
    dialog.reject()
    placement = officer.editor.placements.add()
    employer = placement.form.input("employer")
    assert isinstance(employer, KeptNameBox) and employer.isEditable()
    employer.setEditText("Café Solros")  # not in the list: typed, as employers are
    assert placement.form.values()[0]["employer"] == "Café Solros"
    placement.reject()
