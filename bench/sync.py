"""Team mode's sync against a real PostgreSQL server on this machine, written to
docs/benchmarks-sync.md.

A fixed synthetic data set: 50 000 invented cases on the server (seed 1), 2 000 of them the
benchmarking officer's caseload, copied to a laptop replica (an encrypted SQLite file). Then,
each run: 500 of the caseload changed on the laptop and synced (sent); 500 changed on the server
and synced (received); 250 on each side, different fields, synced (merged); and a sync with
nothing to do. Each figure is the median of the runs.

    .venv/bin/python bench/sync.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/postgres.py starts the server

from sqlalchemy import select, update  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402

from nyanland.domain.case import CaseData, JournalNote  # noqa: E402
from nyanland.domain.roles import Role  # noqa: E402
from nyanland.services import accounts, demo, signin, sync  # noqa: E402
from nyanland.services.cases import CaseService  # noqa: E402
from nyanland.services.context import Clock, ServiceContext  # noqa: E402
from nyanland.store.engine import sqlite_url  # noqa: E402
from nyanland.store.models import CaseRow  # noqa: E402

SERVER_CASES = 50_000
CASELOAD = 2_000
CHANGED = 500
PASSWORD = "benchmark passphrase"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def edit_each(
    context: ServiceContext, uids: list[str], change: Callable[[CaseData, int], CaseData]
) -> None:
    """Each case changed and saved on its own, as an officer would."""
    service = CaseService(context)
    with context.store.reading() as session:
        ids = list(session.scalars(select(CaseRow.id).where(CaseRow.uid.in_(uids))))
    for n, case_id in enumerate(ids):
        record = service.get(case_id)
        service.update(case_id, change(record.data, n), record.version)


def change_notes(context: ServiceContext, uids: list[str], text: str) -> None:
    note = JournalNote(date(2026, 11, 20), text, context.actor.name)
    edit_each(context, uids, lambda data, _n: replace(data, notes=(*data.notes, note)))


def change_phones(context: ServiceContext, uids: list[str], run: int) -> None:
    def phone(data: CaseData, n: int) -> CaseData:
        return replace(data, person=replace(data.person, phone=f"070-{run:03d} {n:02d} 00"[:13]))

    edit_each(context, uids, phone)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    clock = Clock(today=lambda: date(2026, 11, 22), now=datetime.now)
    server = PostgresServer()
    folder = Path(tempfile.mkdtemp(prefix="nyanland-bench-sync-"))
    try:
        url = server.create_database("team")
        admin = signin.create_store(url, "admin.bench", PASSWORD, clock)
        for name in ("anna.officer", "bo.officer"):
            accounts.add_account(admin, name, Role.OFFICER, PASSWORD)
            first = signin.sign_in(url, name, PASSWORD, clock).context
            accounts.change_password(first, PASSWORD, PASSWORD + "!")
            first.store.dispose()
        bo = signin.sign_in(url, "bo.officer", PASSWORD + "!", clock).context
        filling = timed(lambda: demo.add_demo_cases(bo, SERVER_CASES, 1, date(2026, 11, 1)))
        with bo.store.writing() as session:  # Anna's caseload: 2 000 of the 50 000
            uids = list(session.scalars(select(CaseRow.uid).order_by(CaseRow.id).limit(CASELOAD)))
            session.execute(
                update(CaseRow).where(CaseRow.uid.in_(uids)).values(assigned_officer="anna.officer")
            )
        replica_s: list[float] = []
        made: list[ServiceContext] = []

        def make() -> None:
            local, remote, _report = sync.create_replica(
                url, sqlite_url(folder / "laptop.sqlite3"), "anna.officer", PASSWORD + "!", clock
            )
            remote.store.dispose()
            made.append(local)

        replica_s.append(timed(make))
        laptop = made[0]
        anna = signin.sign_in(url, "anna.officer", PASSWORD + "!", clock).context
        results: dict[str, list[float]] = {"push": [], "pull": [], "merge": [], "nothing": []}

        def sync_s() -> float:  # the sync alone; signing in to the server is not timed
            remote = sync.connect(laptop, PASSWORD + "!")
            try:
                return timed(lambda: sync.synchronise(laptop, remote))
            finally:
                remote.store.dispose()

        for run in range(args.repeat):
            chosen = uids[run * CHANGED : (run + 1) * CHANGED]
            change_notes(laptop, chosen, f"laptop {run}")
            results["push"].append(sync_s())
            change_notes(anna, chosen, f"office {run}")
            results["pull"].append(sync_s())
            half = CHANGED // 2
            change_notes(laptop, chosen[:half], f"laptop again {run}")
            change_phones(anna, chosen[:half], run)
            results["merge"].append(sync_s())
            results["nothing"].append(sync_s())
        status = sync.status(laptop)
        assert status.pending == 0 and status.conflicts == 0, status
        laptop.store.dispose()
        anna.store.dispose()
        bo.store.dispose()
        admin.store.dispose()
    finally:
        server.stop()
    med = {key: statistics.median(values) for key, values in results.items()}
    lines = [
        "# Sync benchmarks",
        "",
        f"Made by `bench/sync.py` on {date.today().isoformat()}: a PostgreSQL server on this "
        f"machine (127.0.0.1) with {SERVER_CASES:,} invented cases (seed 1; filling took "
        f"{filling:.0f} s), an officer's caseload of {CASELOAD:,} of them, and the officer's "
        f"laptop replica (encrypted SQLite). Median of {args.repeat} runs.",
        "",
        "| what | time | per case |",
        "|---|---|---|",
        f"| laptop copy made (first sync, {CASELOAD:,} cases received) | {replica_s[0]:.2f} s "
        f"| {replica_s[0] / CASELOAD * 1000:.2f} ms |",
        f"| {CHANGED} cases changed on the laptop, sent | {med['push']:.2f} s "
        f"| {med['push'] / CHANGED * 1000:.2f} ms |",
        f"| {CHANGED} cases changed on the server, received | {med['pull']:.2f} s "
        f"| {med['pull'] / CHANGED * 1000:.2f} ms |",
        f"| {CHANGED // 2} cases changed on both sides (different fields), merged | "
        f"{med['merge']:.2f} s | {med['merge'] / (CHANGED // 2) * 1000:.2f} ms |",
        f"| a sync with nothing to do | {med['nothing'] * 1000:.0f} ms | |",
        "",
        "Ratio: sending a changed case costs "
        f"{med['push'] / CHANGED / (replica_s[0] / CASELOAD):.1f}× receiving one in the first "
        "copy (a send is a locked read, a merge check, a write and an audit entry on the "
        "server, then the new base here).",
        "",
    ]
    (ROOT / "docs" / "benchmarks-sync.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
