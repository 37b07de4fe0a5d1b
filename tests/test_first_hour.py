"""What a newcomer to nyanland meets in the first hour: the language it speaks on a plain
system, a pipe closed early, `-` for standard output, and the first accounts and cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nyanland import i18n
from nyanland.domain.roles import Role
from nyanland.services import accounts, audit, demo, signin
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.records import CaseQuery
from nyanland.services.store_setup import StoreAddress
from nyanland.store.engine import sqlite_url
from tests.conftest import PASSWORD, TODAY, Team, make_team
from tests.test_cli import OFFICER, nyanland


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "sv"),
        ({"LANG": "C.UTF-8"}, "sv"),
        ({"LANG": "C"}, "sv"),
        ({"LANG": "POSIX"}, "sv"),
        ({"LANG": "de_DE.UTF-8"}, "sv"),  # a language nyanland does not have
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "sv_SE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "C.UTF-8"}, "sv"),  # LC_ALL decides, as in POSIX
        ({"LANG": "en_GB.UTF-8", "NYANLAND_LANG": "sv"}, "sv"),
    ],
)
def test_swedish_unless_the_system_asks_for_a_language_nyanland_has(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "NYANLAND_LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert i18n.language_from_environment() == expected


def _plain_environment(**extra: str) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("NYANLAND_", "LC_", "LANG"))
    }
    return {**environment, "LANG": "C.UTF-8", **extra}


def test_on_a_default_debian_locale_the_command_line_speaks_swedish(team: Team) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nyanland", "--db", str(team.path), "audit", "verify"],
        env=_plain_environment(NYANLAND_USER="siv.admin", NYANLAND_PASSWORD=PASSWORD),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("loggen är oförändrad"), result.stdout


def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(team: Team) -> None:
    """`nyanland … | head -n 1`: no crash report, no traceback, the status a shell expects."""
    demo.add_demo_cases(team.officer, 300, seed=1, as_of=TODAY)
    environment = {**os.environ, "NYANLAND_LANG": "en", **OFFICER}
    pipeline = subprocess.run(
        [
            "bash",
            "-c",
            f'set -o pipefail; "{sys.executable}" -m nyanland --db "{team.path}" '
            'export-cases - | head -c 10 >/dev/null; echo "status=$?"',
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert pipeline.stdout.strip() == "status=141"  # 128 + SIGPIPE, like any Unix tool
    assert "unexpectedly" not in pipeline.stderr and "Traceback" not in pipeline.stderr
    crash_folder = Path(environment["HOME"]) / ".local" / "state" / "nyanland"
    assert not list(crash_folder.glob("**/crash-*.txt"))


def test_a_dash_means_standard_output_and_the_message_goes_to_standard_error(
    team: Team, tmp_path: Path
) -> None:
    demo.add_demo_cases(team.officer, 5, seed=1, as_of=TODAY)
    exported = nyanland("--db", team.path, "export-cases", "-", env=OFFICER)
    assert exported.returncode == 0, exported.stderr
    lines = exported.stdout.splitlines()
    assert len(lines) == 5 and all(json.loads(line)["format"] for line in lines)
    assert exported.stderr.strip() == "exported 5 cases to -"
    assert not (Path.cwd() / "-").exists()
    admin = {"NYANLAND_USER": "siv.admin", "NYANLAND_PASSWORD": PASSWORD}
    log = nyanland("--db", team.path, "audit", "export", "-", env=admin)
    assert log.returncode == 0, log.stderr
    assert log.stdout.startswith("id,occurred_at,user,action")
    kim = {"NYANLAND_USER": "kim.coordinator", "NYANLAND_PASSWORD": OFFICER["NYANLAND_PASSWORD"]}
    pdf = subprocess.run(
        [
            sys.executable,
            "-m",
            "nyanland",
            "--db",
            str(team.path),
            "stats",
            "--period",
            "2025",
            "--format",
            "pdf",
            "--output",
            "-",
        ],
        env={**os.environ, "NYANLAND_LANG": "en", **kim},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.returncode == 0, pdf.stderr
    assert pdf.stdout.startswith(b"%PDF")
    # And `-` reads standard input where a file is read: the case is in the store already.
    imported = nyanland(
        "--db", team.path, "import-cases", "-", "--dry-run", env=OFFICER, stdin=lines[0] + "\n"
    )
    assert imported.returncode == 1
    assert "-:1: case_number: is already used" in imported.stderr, imported.stderr


def test_the_administrator_who_made_the_store_has_signed_in(tmp_path: Path, clock: Clock) -> None:
    """The accounts list does not say "never" of the administrator who is using it."""
    team = make_team(tmp_path / "store.sqlite3", clock)
    listed = {a.username: a for a in accounts.list_accounts(team.admin)}
    assert listed["siv.admin"].last_sign_in_at == clock.now()
    team.close()


def test_the_first_officer_takes_the_cases_made_before_there_was_one(
    tmp_path: Path, clock: Clock
) -> None:
    """Invented cases of a first start (made by the administrator) say whose they are."""
    admin = signin.create_store(sqlite_url(tmp_path / "s.sqlite3"), "siv", PASSWORD, clock)
    demo.add_demo_cases(admin, 40, seed=1, as_of=TODAY)
    accounts.add_account(admin, "anna", Role.OFFICER, PASSWORD)
    accounts.add_account(admin, "bo", Role.OFFICER, PASSWORD)
    anna = signin.sign_in(sqlite_url(tmp_path / "s.sqlite3"), "anna", PASSWORD, clock).context
    assert CaseService(anna).search(CaseQuery(officer="anna", limit=100)).total == 40
    logged = audit.events(admin, audit.AuditQuery(user="siv"))
    assert sum(e.detail == "assigned_officer" for e in logged) == 40
    anna.store.dispose()
    admin.store.dispose()


def test_a_store_address_is_read_once_and_shown_without_its_password(tmp_path: Path) -> None:
    server = StoreAddress.of("postgresql+psycopg://anna:s3cret@db.kommun.local/nyanland")
    assert server.file is None and server.exists
    assert "s3cret" not in server.shown() and "db.kommun.local" in server.shown()
    local = StoreAddress.of(sqlite_url(tmp_path / "store.sqlite3"))
    assert local.file == tmp_path / "store.sqlite3" and not local.exists
    assert StoreAddress.of(local) is local  # passed along, never parsed again
