"""What the team server's own rules cost (row-level security, the server's audit triggers),
written to docs/benchmarks-server.md: one database of invented cases on a PostgreSQL server of
the benchmark's own, reached once as an officer's login (the rules apply) and once as the
tables' superuser (they do not). Medians of 15 through the case service: a search of the case
list by name, opening a case, and a save (with its audit entries).

    .venv/bin/python bench/server_rules.py [--cases 20000]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/postgres.py starts the server

from tests.postgres import PostgresServer  # noqa: E402

from nyanland.domain.roles import Actor, Role  # noqa: E402
from nyanland.services import accounts, demo, signin  # noqa: E402
from nyanland.services.cases import CaseService  # noqa: E402
from nyanland.services.context import Clock, ServiceContext  # noqa: E402
from nyanland.services.records import CaseQuery  # noqa: E402
from nyanland.store.engine import Store  # noqa: E402

PASSWORD = "a benchmark passphrase"
AS_OF = date(2026, 11, 22)
ROUNDS = 15


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(service: CaseService) -> tuple[float, float, float]:
    page = service.search(CaseQuery(text="moha"))
    case_id = page.rows[0].id

    def save() -> None:
        record = service.get(case_id)
        person = replace(record.data.person, phone=f"070-{time.perf_counter_ns() % 10**7}")
        service.update(case_id, replace(record.data, person=person), record.version)

    return (
        median_ms(lambda: service.search(CaseQuery(text="moha"))),
        median_ms(lambda: service.get(case_id)),
        median_ms(save),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    server = PostgresServer()
    try:
        superuser = server.create_database("bench_rules")
        clock = Clock()
        admin = signin.create_store(superuser, "siv.admin", PASSWORD, clock)
        accounts.add_account(admin, "anna.officer", Role.OFFICER, PASSWORD)
        officer = signin.sign_in(superuser, "anna.officer", PASSWORD, clock).context
        demo.add_demo_cases(officer, args.cases, seed=1, as_of=AS_OF)
        ruled = measure(CaseService(officer))
        owner = Store(superuser)
        plain = measure(CaseService(ServiceContext(owner, Actor("anna.officer", Role.OFFICER))))
        owner.dispose()
        officer.store.dispose()
        admin.store.dispose()
    finally:
        server.stop()
    rows = [
        ("search the list for “moha”", ruled[0], plain[0]),
        ("open a case", ruled[1], plain[1]),
        ("save a case (with its audit entries)", ruled[2], plain[2]),
    ]
    lines = [
        "# Benchmarks: the team server's own rules",
        "",
        f"Made by `bench/server_rules.py` on {platform.machine()} with {os.cpu_count()} cores "
        f"(load {load:.1f} at the start), {args.cases:,} invented cases, PostgreSQL on this "
        "computer. *With the rules*: signed in as an officer's login (row-level security, "
        "column grants, the server's row-change entries in the audit log). *Without*: the "
        "same database reached as its superuser, whom row-level security and grants do not "
        f"bind (the audit triggers run for both). Medians of "
        f"{ROUNDS}, through the case service.",
        "",
        "| measure | with the rules | without | ratio |",
        "|---|---|---|---|",
        *(f"| {name} | {a:.1f} ms | {b:.1f} ms | {a / b:.2f} |" for name, a, b in rows),
        "",
    ]
    target = ROOT / "docs" / "benchmarks-server.md"
    target.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
