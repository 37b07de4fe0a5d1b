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


def test_import_prints_the_count_and_export_writes_every_case(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    result = nyanland("--db", store, "import-cases", cases)
    assert (result.returncode, result.stdout.strip()) == (0, "imported 1 case")
    out = tmp_path / "out.jsonl"
    result = nyanland("--db", store, "export-cases", out)
    assert result.returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["person"]["personal_identity_number"] == "19811218-9876"


def test_a_bad_file_gives_the_contract_error_exits_non_zero_and_changes_nothing(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store.sqlite3"
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        case_line("811218-9876") + "\n" + case_line("19811218-9877", "Nour") + "\n",
        encoding="utf-8",
    )
    result = nyanland("--db", store, "import-cases", cases)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{cases}:2: person.personal_identity_number: check digit is wrong (19811218-9877)\n"
    )
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (0,)


def test_dry_run_checks_without_importing(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    result = nyanland("--db", store, "import-cases", "--dry-run", cases)
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "checked 1 case: the file can be imported",
    )
    assert "imported 1 case" in nyanland("--db", store, "import-cases", cases).stdout


def test_the_environment_variable_chooses_the_store(tmp_path: Path) -> None:
    store = tmp_path / "elsewhere.sqlite3"
    result = nyanland(
        "demo-data", "--cases", "3", env={"NYANLAND_DATABASE_URL": f"sqlite:///{store}"}
    )
    assert (result.returncode, result.stdout.strip()) == (0, "added 3 invented cases")
    assert store.exists()


def test_without_arguments_the_default_store_is_in_the_users_data_folder(tmp_path: Path) -> None:
    data_home = tmp_path / "xdg-data"
    result = nyanland("demo-data", "--cases", "2", env={"XDG_DATA_HOME": str(data_home)})
    assert result.returncode == 0, result.stderr
    assert (data_home / "nyanland" / "nyanland.sqlite3").exists()


def test_demo_data_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    exports = []
    for name in ("a", "b"):
        store = tmp_path / f"{name}.sqlite3"
        args = ("--cases", "40", "--seed", "9", "--as-of", "2026-06-30")
        assert nyanland("--db", store, "demo-data", *args).returncode == 0
        assert nyanland("--db", store, "export-cases", tmp_path / f"{name}.jsonl").returncode == 0
        exports.append((tmp_path / f"{name}.jsonl").read_text(encoding="utf-8"))
    assert exports[0] == exports[1]


def test_init_creates_the_store_and_its_administrator(tmp_path: Path) -> None:
    store = tmp_path / "new.sqlite3"
    env = {"NYANLAND_NEW_PASSWORD": "correct horse battery"}
    result = nyanland("--db", store, "init", "--admin", "siv.admin", env=env)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(store) as connection:
        username, role, password_hash = connection.execute(
            "SELECT username, role, password_hash FROM accounts"
        ).fetchone()
    assert (username, role) == ("siv.admin", "admin")
    assert password_hash.startswith("$argon2id$")
    again = nyanland("--db", store, "init", "--admin", "other", env=env)
    assert again.returncode == 1
    assert "is not a new store" in again.stderr


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


def test_backup_and_restore_bring_back_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    copy = tmp_path / "backup.sqlite3"
    assert nyanland("--db", store, "demo-data", "--cases", "10").returncode == 0
    assert nyanland("--db", store, "backup", copy).returncode == 0
    assert nyanland("--db", store, "demo-data", "--cases", "5", "--seed", "2").returncode == 0
    result = nyanland("--db", store, "restore", copy)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (10,)
    assert list(tmp_path.glob("store.sqlite3.before-restore-*"))


def test_restoring_a_file_that_is_no_store_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    assert nyanland("--db", store, "demo-data", "--cases", "2").returncode == 0
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database", encoding="utf-8")
    result = nyanland("--db", store, "restore", junk)
    assert result.returncode == 1
    assert "is not a nyanland store" in result.stderr
    with sqlite3.connect(store) as connection:
        assert connection.execute("SELECT count(*) FROM cases").fetchone() == (2,)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_messages_follow_the_chosen_language(tmp_path: Path, language: str) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    result = nyanland("--lang", language, "--db", tmp_path / "s.sqlite3", "import-cases", cases)
    expected = {"sv": "importerade 1 ärende", "en": "imported 1 case"}[language]
    assert result.stdout.strip() == expected


def test_a_wrong_database_url_gives_a_clear_message(tmp_path: Path) -> None:
    result = nyanland("--database-url", "nonsense", "demo-data", "--cases", "1")
    assert (result.returncode, result.stderr.strip()) == (
        1,
        "nonsense is not a database URL (e.g. postgresql+psycopg://server/nyanland)",
    )
