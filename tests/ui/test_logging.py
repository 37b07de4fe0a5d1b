"""The log tells what happened and how long it took, and nothing of the people: a test reads
the log of an officer's work for every name and number typed."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nyanland.diagnostics import configure_logging
from nyanland.ui.main_window import MainWindow
from tests.conftest import Team
from tests.test_cli import OFFICER, case_line
from tests.ui.test_officers_day import register_amina, save_and_wait, type_into

TYPED = ("Amina", "Haddad", "811218", "9876", "Storgatan", "070-123", "Laila")


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NYANLAND_LOG_LEVEL", "DEBUG")
    folder = tmp_path / "logs"
    assert configure_logging(folder) == folder / "nyanland.log"
    yield folder
    root = logging.getLogger("nyanland")
    for handler in [h for h in root.handlers if getattr(h, "nyanland", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.WARNING)


def test_an_officers_work_leaves_events_and_timings_but_no_personal_data(
    qtbot: QtBot, window: MainWindow, log_folder: Path, team: Team, tmp_path: Path
) -> None:
    register_amina(qtbot, window)
    type_into(qtbot, window.editor.person, "phone", "070-123 45 67")
    save_and_wait(qtbot, window)
    qtbot.keyClicks(window.search, "Haddad")
    qtbot.waitUntil(lambda: window.model.query.text == "Haddad" and not window.executor.busy)
    # The command line, as another process: an import with a name and number in it.
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876", first_name="Laila") + "\n", encoding="utf-8")
    environment = {
        **os.environ,
        "NYANLAND_LANG": "en",
        **OFFICER,
        "NYANLAND_LOG_LEVEL": "DEBUG",
        "HOME": str(tmp_path / "home"),
    }
    environment.pop("XDG_STATE_HOME", None)
    command = [sys.executable, "-m", "nyanland", "--db", str(team.path), "import-cases", str(cases)]
    for expected_status in (0, 1):  # imported, then refused as already there
        done = subprocess.run(command, env=environment, capture_output=True, timeout=120)
        assert done.returncode == expected_status, done.stderr
    logs = [log_folder / "nyanland.log", *Path(tmp_path / "home").rglob("nyanland.log")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in logs if p.exists())
    for expected in ("save", "search", "imported 1 cases", "signed in as officer", "refused"):
        assert expected in text, expected
    for typed in TYPED:
        assert typed not in text, typed
    assert oct((log_folder / "nyanland.log").stat().st_mode & 0o777) == "0o600"
