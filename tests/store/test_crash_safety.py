"""Pulling the plug: processes killed with SIGKILL in the middle of imports and saves, many
times. Afterwards the store passes `PRAGMA integrity_check` and holds every committed change
and none of the uncommitted ones (an import is all of its cases or none)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from nyanland.services import demo, transfer
from nyanland.services.cases import CaseService
from nyanland.services.records import CaseQuery
from nyanland.store.engine import StoreUnavailable, connect_sqlite
from tests.conftest import OFFICER_PASSWORD, TODAY, Team, make_team
from tests.factories import case

SAVER = """
import sys
from dataclasses import replace
from nyanland.services.context import Clock
from nyanland.services.signin import sign_in
from nyanland.services.cases import CaseService
context = sign_in(sys.argv[1], "anna.officer", sys.argv[2], Clock()).context
cases = CaseService(context)
record = cases.get(int(sys.argv[3]))
n = 0
while True:
    n += 1
    person = replace(record.data.person, phone=f"070-{n:07d}")
    record = cases.update(record.id, replace(record.data, person=person), record.version)
    print(n, flush=True)  # only after the commit returned
"""


def _integrity(team: Team) -> str:
    key = team.admin.store.key
    connection = connect_sqlite(team.path, key)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


# The command line, which says "inside" on standard output as soon as its transaction has
# written its first case: a kill after that line is a kill inside the transaction (or, when
# the write is quick, just past it), never before it began, however loaded the machine.
INSIDE = """
import sys
from sqlalchemy import Engine, event
said = []
@event.listens_for(Engine, "before_cursor_execute")
def inside(connection, cursor, statement, *rest):
    if not said and statement.lstrip().upper().startswith("INSERT INTO CASES"):
        said.append(True)
        print("inside", flush=True)
from nyanland.app import main
sys.exit(main(sys.argv[1:]))
"""


def _cli(team: Team, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "NYANLAND_LANG": "en",
        "NYANLAND_USER": "anna.officer",
        "NYANLAND_PASSWORD": OFFICER_PASSWORD,
    }
    return subprocess.Popen(
        [sys.executable, "-c", INSIDE, "--db", str(team.path), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
def test_saves_killed_at_random_keep_every_committed_change(team: Team) -> None:
    record = CaseService(team.officer).create(case())
    chance = random.Random(11)
    for _attempt in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, team.url, OFFICER_PASSWORD, str(record.id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        wanted = chance.randint(3, 40)
        last = 0
        for line in child.stdout:
            last = int(line)
            if last >= wanted:
                break
        os.kill(child.pid, signal.SIGKILL)
        _rest, errors = child.communicate()  # (also closes the pipes)
        assert last >= wanted, errors
        phone = CaseService(team.officer).get(record.id).data.person.phone
        stored = int(phone.removeprefix("070-")) if phone else 0
        # Every save the child saw committed is there; at most the one in flight besides.
        assert stored in (last, last + 1)
        assert _integrity(team) == "ok"


@pytest.mark.slow
def test_imports_killed_at_random_leave_all_of_a_file_or_none(team: Team, tmp_path: Path) -> None:
    source = make_team(tmp_path / "source" / "store.sqlite3", team.admin.clock)
    demo.add_demo_cases(source.officer, 600, seed=5, as_of=TODAY)
    cases_file = tmp_path / "cases.jsonl"
    transfer.export_cases(source.officer, cases_file)
    source.close()
    # Without case and identity numbers, the file imports however often it is given: every
    # attempt below writes (a file imported once would otherwise be refused whole the next time).
    anonymous = []
    for line in cases_file.read_text(encoding="utf-8").splitlines():
        written = json.loads(line)
        written.pop("case_number")
        written["person"]["personal_identity_number"] = None
        anonymous.append(json.dumps(written, ensure_ascii=False))
    cases_file.write_text("\n".join(anonymous) + "\n", encoding="utf-8")
    service = CaseService(team.officer)
    chance = random.Random(12)
    for attempt in range(6):
        before = service.count()
        if attempt % 2:
            child = _cli(team, "import-cases", str(cases_file))
            size = 600
        else:
            child = _cli(team, "demo-data", "--cases", "400", "--seed", str(attempt + 20))
            size = 400
        assert child.stdout is not None
        said = child.stdout.readline().strip()
        assert said == "inside", child.communicate()[1]
        time.sleep(chance.uniform(0.0, 0.4))  # deeper into the transaction, or past it
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        after = service.count()
        assert after in (before, before + size), (attempt, before, after)
        assert _integrity(team) == "ok"
        # No half-written household or list rows hang about.
        rows = service.search(CaseQuery(limit=1000)).rows
        assert all(row.case_number for row in rows)


@pytest.mark.slow
def test_a_second_process_writing_meanwhile_meets_no_locked_store(team: Team) -> None:
    """The window (this process) saves while the command line adds invented cases."""
    service = CaseService(team.officer)
    record = service.create(case())
    child = _cli(team, "demo-data", "--cases", "2000", "--seed", "3")
    saved = 0
    from dataclasses import replace

    while child.poll() is None:
        record = service.update(
            record.id,
            replace(record.data, person=replace(record.data.person, phone=f"070-{saved:07d}")),
            record.version,
        )
        saved += 1
    _out, errors = child.communicate()
    assert child.returncode == 0, errors
    assert "locked" not in errors
    assert saved > 0
    assert service.count() == 2001


def test_a_full_disk_is_a_clear_message_and_loses_nothing(team: Team) -> None:
    service = CaseService(team.officer)
    service.create(case())
    engine = team.officer.store.engine
    team.officer.store.engine.dispose()

    @event.listens_for(engine, "connect")
    def small_disk(connection: object, _record: object) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        connection.execute(f"PRAGMA max_page_count = {int(pages) + 2}")  # type: ignore[attr-defined]

    with pytest.raises(StoreUnavailable, match="the disk is full: nothing was saved"):
        demo.add_demo_cases(team.officer, 500, seed=2, as_of=TODAY)
    event.remove(engine, "connect", small_disk)
    engine.dispose()
    assert service.count() == 1
    assert _integrity(team) == "ok"
