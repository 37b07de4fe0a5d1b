"""Keys that can be taken back: a key file copied before a password change or a disabling
opens nothing written after it, with the app or with sqlcipher3 alone; a kill in the middle of
a rotation leaves a store that opens; nobody else needs a new password."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nyanland.domain.errors import KnownError
from nyanland.services import accounts, key_rotation, signin
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.store.engine import connect_sqlite, opens_with
from nyanland.store.keyring import Keyring, keyring_path, open_entry
from tests.conftest import OFFICER_PASSWORD, PASSWORD, Team
from tests.factories import case

NEW_PASSWORD = "anna's second passphrase"


def _alone(team: Team, name: str, password: str = OFFICER_PASSWORD) -> signin.ServiceContext:
    """Everyone else signed out: a rotation needs the store to itself."""
    team.close()
    return team.sign_in(name, password)


def _key_in(copy: Path, name: str, password: str) -> bytes:
    entry = Keyring.load(copy).get(name)
    assert entry is not None
    opened = open_entry(name, password, entry)
    assert opened is not None
    return opened.store_key


def _reads_cases(path: Path, key: bytes) -> list[str]:
    connection = connect_sqlite(path, key)
    try:
        return [row[0] for row in connection.execute("SELECT case_number FROM cases")]
    finally:
        connection.close()


def test_a_copied_key_file_opens_nothing_after_a_password_change_or_a_disabling(
    file_team: Team, tmp_path: Path
) -> None:
    assert file_team.path is not None
    keys = keyring_path(file_team.path)
    anna = _alone(file_team, "anna.officer")
    CaseService(anna).create(
        case(person={"first_name": "Before", "personal_identity_number": None})
    )
    kept = tmp_path / "kept-before.keys"
    shutil.copy(keys, kept)
    old_key = _key_in(kept, "anna.officer", OFFICER_PASSWORD)
    assert _reads_cases(file_team.path, old_key)  # the copy opens the store as it is now

    rotation = accounts.change_password(anna, OFFICER_PASSWORD, NEW_PASSWORD)
    assert rotation is not None and rotation.done
    assert sorted(rotation.accounts) == [
        "anna.officer",
        "kim.coordinator",
        "sam.sfi",
        "siv.admin",
    ]
    CaseService(anna).create(case(person={"first_name": "After", "personal_identity_number": None}))
    kept_after = tmp_path / "kept-after-change.keys"
    shutil.copy(keys, kept_after)
    signin.sign_out(anna)
    assert not opens_with(file_team.path, old_key)  # sqlcipher3 with the unwrapped old key

    admin = file_team.sign_in("siv.admin", PASSWORD)
    disabled = accounts.set_disabled(admin, "anna.officer", True)
    assert disabled is not None and disabled.done
    assert "anna.officer" not in disabled.accounts
    signin.sign_out(admin)
    second_key = _key_in(kept_after, "anna.officer", NEW_PASSWORD)
    assert not opens_with(file_team.path, second_key)
    assert not opens_with(file_team.path, old_key)

    # Through the app: the copies put back beside the store, each with its password.
    current = keys.read_bytes()
    for copy, password in ((kept, OFFICER_PASSWORD), (kept_after, NEW_PASSWORD)):
        shutil.copy(copy, keys)
        with pytest.raises(KnownError):
            signin.sign_in(file_team.url, "anna.officer", password, Clock()).context.store.dispose()
    keys.write_bytes(current)

    # Nobody else needed a new password.
    for name, password in (
        ("sam.sfi", OFFICER_PASSWORD),
        ("kim.coordinator", OFFICER_PASSWORD),
        ("siv.admin", PASSWORD),
    ):
        signed = signin.sign_in(file_team.url, name, password, Clock())
        assert not signed.must_change_password
        signin.sign_out(signed.context)


def test_a_rotation_waits_while_the_store_is_open_elsewhere_and_the_next_sign_in_does_it(
    file_team: Team,
) -> None:
    assert file_team.path is not None
    before = file_team.admin.store.key
    assert before is not None
    reader = connect_sqlite(file_team.path, before)  # another program, in the middle of a read
    reader.isolation_level = None
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchone()
    rotation = key_rotation.rotate(file_team.admin)
    reader.execute("COMMIT")
    reader.close()
    assert not rotation.done and "next sign-in" in rotation.message()
    assert Keyring.load(keyring_path(file_team.path)).rotation_due
    assert opens_with(file_team.path, before)
    admin = _alone(file_team, "siv.admin", PASSWORD)
    assert admin.store.key != before
    assert not opens_with(file_team.path, before)
    assert not Keyring.load(keyring_path(file_team.path)).rotation_due
    signin.sign_out(admin)


def test_only_an_administrator_changes_the_key_by_hand(file_team: Team) -> None:
    from nyanland.domain.roles import NotPermitted

    with pytest.raises(NotPermitted):
        key_rotation.rotate(file_team.officer)


ROTATOR = """
import sys
from nyanland.services import key_rotation
from nyanland.services.context import Clock
from nyanland.services.signin import sign_in
context = sign_in(sys.argv[1], "siv.admin", sys.argv[2], Clock()).context
n = 0
while True:
    n += 1
    key_rotation.rotate(context)
    print(n, flush=True)
"""


@pytest.mark.slow
def test_a_kill_at_any_moment_of_a_rotation_leaves_a_store_that_opens(file_team: Team) -> None:
    from nyanland.services import demo

    assert file_team.path is not None
    demo.add_demo_cases(file_team.officer, 300, seed=3, as_of=file_team.officer.clock.today())
    file_team.close()
    expected = None
    interrupted = 0
    generator = random.Random(17)
    for _round in range(12):
        rotator = subprocess.Popen(
            [sys.executable, "-c", ROTATOR, file_team.url, PASSWORD],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "NYANLAND_LANG": "en"},
        )
        assert rotator.stdout is not None
        rotator.stdout.readline()  # one rotation done: the next is under way
        time.sleep(generator.uniform(0, 0.25))
        os.kill(rotator.pid, signal.SIGKILL)
        rotator.wait()
        rotator.stdout.close()
        before = Keyring.load(keyring_path(file_team.path)).entries.values()
        interrupted += any(entry.pending_store_key is not None for entry in before)
        signed = signin.sign_in(file_team.url, "anna.officer", OFFICER_PASSWORD, Clock())
        numbers = _reads_cases(file_team.path, signed.context.store.key or b"")
        expected = expected or sorted(numbers)
        assert sorted(numbers) == expected and len(numbers) == 300
        entries = Keyring.load(keyring_path(file_team.path)).entries.values()
        assert all(entry.pending_store_key is None for entry in entries)
        signin.sign_out(signed.context)
    assert interrupted, "no kill fell between the first and the last step of a rotation"


def test_a_window_still_open_when_the_key_changes_is_told_to_sign_in_again(
    file_team: Team,
) -> None:
    from nyanland.store.engine import KeyChanged

    for other in (file_team.officer, file_team.sfi, file_team.coordinator):
        other.store.dispose()  # idle: no connection open (one that is open holds the change off)
    assert key_rotation.rotate(file_team.admin).done
    with pytest.raises(KeyChanged, match="sign in again"):
        CaseService(file_team.officer).create(case())


def test_the_documented_script_gives_an_administrator_the_key_without_the_app(
    file_team: Team, tmp_path: Path
) -> None:
    """docs/keys.md: with Python, cryptography and argon2-cffi alone (no nyanland), then the
    officer-only fields with sqlcipher3 and cryptography."""
    assert file_team.path is not None
    CaseService(file_team.officer).create(case(person={"phone": "070-555 01 02"}))
    document = (Path(__file__).parents[2] / "docs" / "keys.md").read_text(encoding="utf-8")
    scripts = [part.split("```", 1)[0] for part in document.split("```python\n")[1:]]
    (tmp_path / "store_key.py").write_text(scripts[0], encoding="utf-8")
    (tmp_path / "open_field.py").write_text(scripts[1], encoding="utf-8")
    printed = subprocess.run(
        [
            sys.executable,
            "-I",
            str(tmp_path / "store_key.py"),
            str(keyring_path(file_team.path)),
            "siv.admin",
            PASSWORD,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    store_key, officer_key = file_team.admin.store.key, file_team.admin.store.sealing
    assert store_key is not None and officer_key is not None and officer_key.key is not None
    assert printed == [store_key.hex(), officer_key.key.hex()]
    assert len(_reads_cases(file_team.path, store_key)) == 1
    field = [sys.executable, "-I", str(tmp_path / "open_field.py"), str(file_team.path)]
    phones = subprocess.run(
        [*field, *printed, "cases", "phone"], capture_output=True, text=True, check=True
    ).stdout
    assert phones.strip() == "1 070-555 01 02"
