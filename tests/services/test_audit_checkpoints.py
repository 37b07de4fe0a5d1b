"""An audit log that shows tampering by someone who holds the store's key: signed checkpoints
(Ed25519, the administrators' key) against an account that drops the triggers, deletes and
changes entries and re-seals the chain."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from nyanland.services import audit, audit_checkpoints, backup, signin
from nyanland.services.audit import entry_hash
from nyanland.services.cases import CaseService
from nyanland.store.engine import connect_sqlite
from tests.conftest import PASSWORD, Team
from tests.factories import case


def _tamper(path: Path, key: bytes) -> tuple[int, list[int]]:
    """What an officer can do with the key her password unwraps and sqlcipher3: drop the
    triggers, remove the two newest entries, change an older one and re-seal every entry
    after it, so that the chain verifies again."""
    connection = connect_sqlite(path, key)
    try:
        connection.isolation_level = None
        connection.execute("DROP TRIGGER audit_events_kept")
        connection.execute("DROP TRIGGER audit_events_sealed")
        ids = [row[0] for row in connection.execute("SELECT id FROM audit_events ORDER BY id")]
        removed = ids[-2:]
        connection.execute(f"DELETE FROM audit_events WHERE id IN ({removed[0]}, {removed[1]})")
        changed = ids[3]
        connection.execute("UPDATE audit_events SET detail = 'nothing' WHERE id = ?", (changed,))
        rows = connection.execute(
            "SELECT id, previous_hash, occurred_at, actor, action, case_id, detail, "
            "changes_digest FROM audit_events ORDER BY id"
        ).fetchall()
        previous = rows[0][1]
        for row_id, _prev, occurred, actor, action, case_id, detail, digest in rows:
            sealed = entry_hash(
                previous, datetime.fromisoformat(occurred), actor, action, case_id, detail, digest
            )
            connection.execute(
                "UPDATE audit_events SET previous_hash = ?, entry_hash = ? WHERE id = ?",
                (previous, sealed, row_id),
            )
            previous = sealed
    finally:
        connection.close()
    return changed, removed


def test_a_key_holder_who_rewrites_the_log_is_found_by_the_signed_checkpoint(
    file_team: Team,
) -> None:
    assert file_team.path is not None
    for number in range(3):
        CaseService(file_team.officer).create(
            case(person={"first_name": f"Person{number}", "personal_identity_number": None})
        )
    signin.sign_out(file_team.admin)  # the administrator's sign-out signs a checkpoint
    officer_key = file_team.officer.store.key
    assert officer_key is not None
    file_team.close()
    changed, removed = _tamper(file_team.path, officer_key)

    admin = file_team.sign_in("siv.admin", PASSWORD)
    result = audit.verify(admin)
    assert result.broken == ()  # the chain alone was re-sealed: it proves nothing here
    report = result.checkpoints
    assert report is not None and report.key_known and report.checkpoints >= 1
    assert changed in report.changed
    # SQLite gives this sign-in's entry the first removed id again: that one shows as changed.
    assert removed[-1] in report.removed
    assert set(removed) <= set(report.removed) | set(report.changed)
    assert not result.intact
    found = audit_checkpoints.findings(result.broken, report)
    assert any(str(removed[-1]) in line and "removed" in line for line in found)
    limits = " ".join(audit_checkpoints.limits(report))
    assert "newer checkpoint was removed" in limits
    signin.sign_out(admin)


def test_an_untouched_log_verifies_and_says_what_it_cannot_prove(file_team: Team) -> None:
    CaseService(file_team.officer).create(case())
    signin.sign_out(file_team.admin)
    admin = file_team.sign_in("siv.admin", PASSWORD)
    result = audit.verify(admin)
    assert result.intact and result.checkpoints is not None
    assert not result.checkpoints.tampered and result.checkpoints.unproven >= 1
    admin.store.dispose()


def test_a_checkpoint_not_signed_with_the_administrators_key_is_reported(
    file_team: Team,
) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from nyanland.store.account_keys import SessionKeys

    keys = file_team.officer.store.account_keys
    assert isinstance(keys, SessionKeys)
    # The officer signs one with a key of her own, as a forger would.
    file_team.officer.store.account_keys = SessionKeys(
        keys.username, keys.secret, Ed25519PrivateKey.generate()
    )
    CaseService(file_team.officer).create(case())
    assert audit_checkpoints.make(file_team.officer)
    result = audit.verify(file_team.admin)
    assert result.checkpoints is not None and len(result.checkpoints.forged) == 1
    assert not result.intact


def test_a_backup_by_an_administrator_carries_a_fresh_checkpoint(
    file_team: Team, tmp_path: Path
) -> None:
    CaseService(file_team.officer).create(case())
    backup.backup(file_team.admin, tmp_path / "copy.nyanland-backup")
    result = audit.verify(file_team.admin)
    assert result.checkpoints is not None and result.checkpoints.checkpoints >= 1
    assert result.checkpoints.last_event_id > 0


def test_only_an_administrator_holds_the_checkpoint_key(file_team: Team) -> None:
    assert audit_checkpoints.can_sign(file_team.admin)
    for context in (file_team.officer, file_team.sfi, file_team.coordinator):
        assert not audit_checkpoints.can_sign(context)
        assert not audit_checkpoints.make(context)
