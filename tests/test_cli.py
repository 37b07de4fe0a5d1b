"""The command line as a script or a person uses it: real processes, real store files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nyanland import __version__
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from tests.conftest import OFFICER_PASSWORD, PASSWORD, Team, make_team
from tests.postgres import PostgresServer
from tests.proxy import CuttableLink


def nyanland(
    *args: str | Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NYANLAND_LANG": "en", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "nyanland", *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )


def signed_in(user: str, password: str = OFFICER_PASSWORD) -> dict[str, str]:
    """The environment of a script signed in as `user`."""
    return {"NYANLAND_USER": user, "NYANLAND_PASSWORD": password}


OFFICER = signed_in("anna.officer")


def case_line(number: str, first_name: str = "Amina") -> str:
    return json.dumps(
        {
            "format": "nyanland.case/1",
            "person": {
                "personal_identity_number": number,
                "first_name": first_name,
                "last_name": "Haddad",
                "birth_date": "1981-12-18",
                "sex": "female",
            },
            "reception": {"reception_date": "2026-03-02", "reception_type": "assigned"},
        }
    )


def test_version() -> None:
    result = nyanland("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"nyanland {__version__}")


def test_import_prints_the_count_and_export_writes_every_case(team: Team, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    result = nyanland("--db", team.path, "import-cases", cases, env=OFFICER)
    assert (result.returncode, result.stdout.strip()) == (0, "imported 1 case")
    out = tmp_path / "out.jsonl"
    result = nyanland("--db", team.path, "export-cases", out, env=OFFICER)
    assert result.returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["person"]["personal_identity_number"] == "19811218-9876"


def test_a_bad_file_gives_the_contract_error_exits_non_zero_and_changes_nothing(
    team: Team, tmp_path: Path
) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        case_line("811218-9876") + "\n" + case_line("19811218-9877", "Nour") + "\n",
        encoding="utf-8",
    )
    result = nyanland("--db", team.path, "import-cases", cases, env=OFFICER)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{cases}:2: person.personal_identity_number: check digit is wrong (19811218-9877)\n"
    )
    assert CaseService(team.officer).count() == 0


def test_dry_run_checks_without_importing(team: Team, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    result = nyanland("--db", team.path, "import-cases", "--dry-run", cases, env=OFFICER)
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "checked 1 case: the file can be imported",
    )
    assert CaseService(team.officer).count() == 0
    assert (
        "imported 1 case" in nyanland("--db", team.path, "import-cases", cases, env=OFFICER).stdout
    )


def test_the_environment_variable_chooses_the_store(team: Team) -> None:
    result = nyanland(
        "demo-data", "--cases", "3", env={"NYANLAND_DATABASE_URL": team.url, **OFFICER}
    )
    assert (result.returncode, result.stdout.strip()) == (0, "added 3 invented cases")
    assert CaseService(team.officer).count() == 3


def test_without_arguments_the_default_store_is_in_the_users_data_folder(tmp_path: Path) -> None:
    data_home = tmp_path / "xdg-data"
    env = {"XDG_DATA_HOME": str(data_home), "NYANLAND_NEW_PASSWORD": PASSWORD}
    result = nyanland("init", "--admin", "siv.admin", env=env)
    assert result.returncode == 0, result.stderr
    assert (data_home / "nyanland" / "nyanland.sqlite3").exists()
    assert (data_home / "nyanland" / "nyanland.sqlite3.keys").exists()


def test_demo_data_is_the_same_for_the_same_seed(team: Team, tmp_path: Path, clock: Clock) -> None:
    other = make_team(tmp_path / "other" / "store.sqlite3", clock)
    exports = []
    for name, store in (("a", team.path), ("b", other.path)):
        args = ("--cases", "40", "--seed", "9", "--as-of", "2026-06-30")
        assert nyanland("--db", store, "demo-data", *args, env=OFFICER).returncode == 0
        out = tmp_path / f"{name}.jsonl"
        result = nyanland("--db", store, "export-cases", out, env=OFFICER)
        assert result.returncode == 0, result.stderr
        exports.append(out.read_text(encoding="utf-8"))
    other.close()
    assert exports[0] == exports[1]


def test_init_creates_an_encrypted_store_and_its_administrator(tmp_path: Path) -> None:
    store = tmp_path / "new.sqlite3"
    env = {"NYANLAND_NEW_PASSWORD": PASSWORD}
    result = nyanland("--db", store, "init", "--admin", "siv.admin", env=env)
    assert result.returncode == 0, result.stderr
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(store) as connection:
        connection.execute("SELECT count(*) FROM accounts").fetchone()
    listed = nyanland("--db", store, "users", "list", env=signed_in("siv.admin", PASSWORD))
    assert listed.stdout.split("\t")[:2] == ["siv.admin", "admin"]
    again = nyanland("--db", store, "init", "--admin", "other", env=env)
    assert again.returncode == 1
    assert "exists already" in again.stderr


def test_init_refuses_a_short_password_and_a_missing_one(tmp_path: Path) -> None:
    store = tmp_path / "new.sqlite3"
    short = nyanland(
        "--db", store, "init", "--admin", "siv", env={"NYANLAND_NEW_PASSWORD": "short"}
    )
    assert (short.returncode, short.stderr.strip()) == (
        1,
        "password: must be at least 12 characters long",
    )
    missing = nyanland("--db", store, "init", "--admin", "siv", stdin="")
    assert missing.returncode == 1
    assert "NYANLAND_NEW_PASSWORD" in missing.stderr
    assert not store.exists()


def test_an_account_signs_in_with_its_own_password_only_after_choosing_it(
    tmp_path: Path,
) -> None:
    store = tmp_path / "s.sqlite3"
    admin = signed_in("siv.admin", PASSWORD)
    nyanland("--db", store, "init", "--admin", "siv.admin", env={"NYANLAND_NEW_PASSWORD": PASSWORD})
    added = nyanland(
        "--db",
        store,
        "users",
        "add",
        "anna.officer",
        "--role",
        "officer",
        env={**admin, "NYANLAND_NEW_PASSWORD": "temporary password"},
    )
    assert added.stdout.strip() == "added the account anna.officer (officer)"
    first = signed_in("anna.officer", "temporary password")
    refused = nyanland("--db", store, "demo-data", "--cases", "1", env=first)
    assert refused.returncode == 1 and "passwd" in refused.stderr
    changed = nyanland(
        "--db", store, "passwd", env={**first, "NYANLAND_NEW_PASSWORD": OFFICER_PASSWORD}
    )
    assert changed.returncode == 0, changed.stderr
    assert nyanland("--db", store, "demo-data", "--cases", "1", env=OFFICER).returncode == 0
    wrong = nyanland(
        "--db",
        store,
        "demo-data",
        "--cases",
        "1",
        env=signed_in("anna.officer", "temporary password"),
    )
    assert (wrong.returncode, wrong.stderr.strip()) == (
        1,
        "wrong user name or password (4 attempts left before the account is locked)",
    )
    no_user = nyanland("--db", store, "demo-data", "--cases", "1")
    assert "--user NAME" in no_user.stderr
    disabled = nyanland("--db", store, "users", "disable", "anna.officer", env=admin)
    assert disabled.returncode == 0
    assert nyanland("--db", store, "demo-data", "--cases", "1", env=OFFICER).returncode == 1


# Every command outside each role's column of DOMAIN.md's table, and the role it needs.
REFUSED = {
    "anna.officer": [
        ("users", "list"),
        ("audit", "verify"),
        ("retention", "list"),
        ("backup", "b.nyanland"),
        ("letter-sender", "--municipality", "Sala kommun"),
    ],
    "sam.sfi": [
        ("export-cases", "x.jsonl"),
        ("import-cases", "x.jsonl"),
        ("stats", "--period", "2026-Q1"),
        ("demo-data", "--cases", "1"),
        ("extract", "2026-00001", "--output", "x.pdf"),
        ("letter", "2026-00001", "welcome", "--lang", "sv", "--output", "x.pdf"),
        ("letter-sender", "--municipality", "Sala kommun"),
        ("users", "list"),
        ("backup", "b.nyanland"),
    ],
    "kim.coordinator": [
        ("export-cases", "x.jsonl"),
        ("import-cases", "x.jsonl"),
        ("demo-data", "--cases", "1"),
        ("audit", "verify"),
        ("extract", "2026-00001", "--output", "x.pdf"),
        ("letter", "2026-00001", "welcome", "--lang", "sv", "--output", "x.pdf"),
        ("letter-sender", "--municipality", "Sala kommun"),
        ("retention", "delete"),
        ("import-sfi", "x.jsonl"),
    ],
    "siv.admin": [
        ("export-cases", "x.jsonl"),
        ("import-cases", "x.jsonl"),
        ("import-sfi", "x.jsonl"),
        ("extract", "2026-00001", "--output", "x.pdf"),
        ("letter", "2026-00001", "welcome", "--lang", "sv", "--output", "x.pdf"),
    ],
}


@pytest.mark.parametrize("user", sorted(REFUSED))
def test_each_role_is_refused_everything_outside_its_column(
    team: Team, tmp_path: Path, user: str
) -> None:
    (tmp_path / "x.jsonl").write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    env = signed_in(user, PASSWORD if user == "siv.admin" else OFFICER_PASSWORD)
    for command in REFUSED[user]:
        result = subprocess.run(
            [sys.executable, "-m", "nyanland", "--db", str(team.path), *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
            env={**os.environ, "NYANLAND_LANG": "en", **env},
        )
        assert result.returncode == 1, (command, result.stderr)
        assert "your role may not do this; it needs" in result.stderr, (command, result.stderr)
    assert CaseService(team.officer).count() == 0
    assert not (tmp_path / "b.nyanland").exists() and not (tmp_path / "x.pdf").exists()


def test_backup_and_restore_bring_back_the_store_as_it_was(team: Team, tmp_path: Path) -> None:
    copy = tmp_path / "backup.nyanland"
    admin = signed_in("siv.admin", PASSWORD)
    assert nyanland("--db", team.path, "demo-data", "--cases", "10", env=OFFICER).returncode == 0
    assert nyanland("--db", team.path, "backup", copy, env=admin).returncode == 0
    assert (
        nyanland(
            "--db", team.path, "demo-data", "--cases", "5", "--seed", "2", env=OFFICER
        ).returncode
        == 0
    )
    team.close()
    result = nyanland("--db", team.path, "restore", copy, env=admin)
    assert result.returncode == 0, result.stderr
    assert CaseService(team.sign_in("anna.officer")).count() == 10
    assert list(team.path.parent.glob("store.sqlite3.before-restore-*"))


def test_restoring_a_file_that_is_no_backup_is_refused(team: Team, tmp_path: Path) -> None:
    assert nyanland("--db", team.path, "demo-data", "--cases", "2", env=OFFICER).returncode == 0
    junk = tmp_path / "junk.nyanland"
    junk.write_text("not a database", encoding="utf-8")
    result = nyanland("--db", team.path, "restore", junk, env=signed_in("siv.admin", PASSWORD))
    assert result.returncode == 1
    assert "is not a nyanland backup" in result.stderr
    assert CaseService(team.officer).count() == 2


@pytest.mark.parametrize("language", ["sv", "en"])
def test_messages_follow_the_chosen_language(team: Team, tmp_path: Path, language: str) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    result = nyanland("--lang", language, "--db", team.path, "import-cases", cases, env=OFFICER)
    expected = {"sv": "importerade 1 ärende", "en": "imported 1 case"}[language]
    assert result.stdout.strip() == expected


def test_a_wrong_database_url_gives_a_clear_message(tmp_path: Path) -> None:
    result = nyanland("--database-url", "nonsense", "demo-data", "--cases", "1", env=OFFICER)
    assert (result.returncode, result.stderr.strip()) == (
        1,
        "nonsense is not a database URL (e.g. postgresql+psycopg://server/nyanland)",
    )


def test_sfi_staff_import_the_schools_list_all_or_nothing(team: Team, tmp_path: Path) -> None:
    nyanland("--db", team.path, "import-cases", _one_case(tmp_path), env=OFFICER)
    sam = signed_in("sam.sfi")
    good = tmp_path / "sfi.csv"
    rows = (
        "personal_identity_number;start_date;study_path;course;provider;;\r\n"
        "19811218-9876;2 april 2026;2;B;Sjöstadens SFI;;\r\n"
    )
    good.write_bytes(rows.encode("cp1252"))
    checked = nyanland("--db", team.path, "import-sfi", "--dry-run", good, env=sam)
    assert checked.stdout.strip() == "checked: 1 SFI start can be recorded"
    result = nyanland("--db", team.path, "import-sfi", good, env=sam)
    assert (result.returncode, result.stdout.strip()) == (0, "recorded 1 SFI start")
    again = nyanland("--db", team.path, "import-sfi", good, env=sam)
    assert again.stdout.strip() == "recorded 0 SFI starts; 1 row was recorded already"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "personal_identity_number,start_date,study_path,course\n19811218-9876,2026-05-01,3,A\n",
        encoding="utf-8",
    )
    refused = nyanland("--db", team.path, "import-sfi", bad, env=sam)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (f"{bad}:2: course: course A is not given on study path 3")


def _one_case(folder: Path) -> Path:
    path = folder / "one.jsonl"
    path.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("saved", "expected"), [("en", "imported 1 case"), ("sv", "importerade 1 ärende")]
)
def test_the_command_line_speaks_the_language_chosen_in_the_window(
    team: Team, tmp_path: Path, saved: str, expected: str
) -> None:
    config = tmp_path / "config"
    (config / "nyanland").mkdir(parents=True)
    (config / "nyanland" / "nyanland.conf").write_text(
        f"[General]\nlanguage={saved}\n", encoding="utf-8"
    )
    environment = {k: v for k, v in os.environ.items() if k != "NYANLAND_LANG"}
    environment.update({"XDG_CONFIG_HOME": str(config), "LANG": "C.UTF-8", **OFFICER})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nyanland",
            "--db",
            str(team.path),
            "import-cases",
            str(_one_case(tmp_path)),
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip() == expected, result.stderr


def test_team_mode_from_the_command_line(postgres_url: str, tmp_path: Path) -> None:
    """A store on the server made with `init`, an officer, cases; a laptop copy; a sync."""
    server = ("--database-url", postgres_url)
    admin = {**signed_in("siv.admin", PASSWORD), "NYANLAND_NEW_PASSWORD": PASSWORD}
    assert nyanland(*server, "init", "--admin", "siv.admin", env=admin).returncode == 0
    added = nyanland(
        *server,
        "users",
        "add",
        "anna.officer",
        "--role",
        "officer",
        env={**admin, "NYANLAND_NEW_PASSWORD": PASSWORD},
    )
    assert added.returncode == 0, added.stderr
    first = {**signed_in("anna.officer", PASSWORD), "NYANLAND_NEW_PASSWORD": OFFICER_PASSWORD}
    assert nyanland(*server, "passwd", env=first).returncode == 0
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    assert "imported 1 case" in nyanland(*server, "import-cases", cases, env=OFFICER).stdout

    laptop = ("--db", tmp_path / "laptop.sqlite3")
    made = nyanland(*laptop, "replica", postgres_url, env=OFFICER)
    assert made.returncode == 0, made.stderr
    assert "(1 cases)" in made.stdout or "(1 case" in made.stdout
    more = tmp_path / "more.jsonl"
    more.write_text(
        case_line("750615-1005", "Omar").replace("1981-12-18", "1975-06-15") + "\n",
        encoding="utf-8",
    )
    assert nyanland(*laptop, "import-cases", more, env=OFFICER).returncode == 0
    assert "changes waiting: 1" in nyanland(*laptop, "sync", "--status", env=OFFICER).stdout

    synced = nyanland(*laptop, "sync", env=OFFICER)
    assert synced.returncode == 0, synced.stderr
    assert "created 1 case on the server" in synced.stdout
    assert "changes waiting: 0; conflicts: 0" in synced.stdout
    exported = tmp_path / "server.jsonl"
    assert nyanland(*server, "export-cases", exported, env=OFFICER).returncode == 0
    assert len(exported.read_text(encoding="utf-8").splitlines()) == 2


def test_sync_without_the_network_says_so_and_keeps_the_changes(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.create_database("cli_offline")
    link = CuttableLink(postgres.port)  # the laptop's network
    server = ("--database-url", url)
    admin = {**signed_in("siv.admin", PASSWORD), "NYANLAND_NEW_PASSWORD": PASSWORD}
    nyanland(*server, "init", "--admin", "siv.admin", env=admin)
    nyanland(*server, "users", "add", "anna.officer", "--role", "officer", env=admin)
    first = {**signed_in("anna.officer", PASSWORD), "NYANLAND_NEW_PASSWORD": OFFICER_PASSWORD}
    nyanland(*server, "passwd", env=first)
    laptop = ("--db", tmp_path / "laptop.sqlite3")
    assert nyanland(*laptop, "replica", link.url("cli_offline"), env=OFFICER).returncode == 0
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    nyanland(*laptop, "import-cases", cases, env=OFFICER)
    link.cut()  # the network is gone

    result = nyanland(*laptop, "sync", env=OFFICER)
    assert result.returncode == 1
    assert "nothing is lost" in result.stderr
    assert "changes waiting: 1" in nyanland(*laptop, "sync", "--status", env=OFFICER).stdout
    link.close()
    postgres.drop_database("cli_offline")
