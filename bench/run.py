"""nyanland's benchmarks: stores of 1 000, 10 000 and 100 000 invented cases (seed 1, as of
2026-11-22), each figure the median of several runs, written to docs/benchmarks.md.

    .venv/bin/python bench/run.py [--sizes 1000,10000,100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from nyanland import i18n
from nyanland.domain.roles import Role
from nyanland.domain.timeline import Period
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.reports.statistics_pdf import statistics_pdf
from nyanland.reports.statistics_xlsx import statistics_xlsx
from nyanland.services import accounts, backup, demo, sfi_import, signin, transfer
from nyanland.services import statistics as stats
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.account_keys import DEFAULT_KDF
from nyanland.store.engine import CACHE_KIB, connect_sqlite, sqlite_url

ROOT = Path(__file__).resolve().parents[1]
STORES = ROOT / "bench" / ".stores"
AS_OF = date(2026, 11, 22)
QUARTER = Period.parse("2026-Q2")
SEARCHES = ("a", "ha", "hass", "amina", "1985", "19850", "2026-0", "khalil sam")
ADMIN, OFFICER = "bench.admin", "bench.officer"
PASSWORD = "a benchmark passphrase"

WINDOW_PROBE = """
import sys, time
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.signin import sign_in
from nyanland.ui.main_window import MainWindow, Services
app = QApplication([])
context = sign_in(sys.argv[1], "bench.officer", "a benchmark passphrase", Clock()).context
window = MainWindow(Services(context, CaseService(context)),
                    QSettings(sys.argv[2], QSettings.Format.IniFormat), print)
window.show()
def ready():
    if window.model.rowCount() and window.table.model().index(0, 1).data():
        # From the launch to the first rows on screen (not to the process's exit, which
        # waits for the to-do list still being counted in the background).
        print(time.time() - float(sys.argv[3]))
        with open("/proc/self/status", encoding="utf-8") as status:
            print(next(line.split()[1] for line in status if line.startswith("VmHWM")))
        app.quit()
    else:
        QTimer.singleShot(1, ready)
QTimer.singleShot(0, ready)
app.exec()
"""


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm the caches once, as a user's second keystroke would find them
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def build(size: int) -> tuple[Path, float]:
    STORES.mkdir(parents=True, exist_ok=True)
    path = STORES / f"demo-{size}.sqlite3"
    timing = path.with_suffix(".build-seconds")  # kept, so a reused store still reports it
    if path.exists() and timing.exists():
        return path, float(timing.read_text(encoding="utf-8"))
    for leftover in STORES.glob(f"{path.name}*"):
        leftover.unlink()
    officer = new_team(sqlite_url(path))
    start = time.perf_counter()
    demo.add_demo_cases(officer, size, seed=1, as_of=AS_OF)
    elapsed = time.perf_counter() - start
    officer.store.dispose()
    timing.write_text(f"{elapsed:.2f}", encoding="utf-8")
    return path, elapsed


def new_team(url: str) -> ServiceContext:
    """An encrypted store as the app makes one, with an officer signed in."""
    admin = signin.create_store(url, ADMIN, PASSWORD, Clock())
    accounts.add_account(admin, OFFICER, Role.OFFICER, "a temporary passphrase")
    admin.store.dispose()
    officer = signin.sign_in(url, OFFICER, "a temporary passphrase", Clock()).context
    accounts.change_password(officer, "a temporary passphrase", PASSWORD)
    return officer


def sfi_import_s(path: Path, repeat: int) -> float:
    """An SFI provider's list of up to 10 000 rows (people of the store, a course 1A start on
    their reception day), each run recorded in a fresh copy of the store."""
    timings = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / path.name
            for source in path.parent.glob(f"{path.name}*"):
                shutil.copy(source, copy.with_name(source.name))
            officer = signin.sign_in(sqlite_url(copy), OFFICER, PASSWORD, Clock()).context
            people = [
                row
                for offset in range(0, 12_000, 1000)
                for row in CaseService(officer).search(CaseQuery(offset=offset, limit=1000)).rows
                if row.personal_identity_number
            ][:10_000]
            listing = Path(folder) / "sfi.csv"
            listing.write_text(
                "personal_identity_number;start_date;study_path;course;provider\n"
                + "".join(
                    f"{p.personal_identity_number};{p.reception_date};1;A;Skolan\n" for p in people
                ),
                encoding="cp1252",
            )
            start = time.perf_counter()
            report = sfi_import.import_sfi(officer, listing)
            timings.append(time.perf_counter() - start)
            assert report.recorded + report.already_recorded == len(people)
            officer.store.dispose()
    SFI_ROWS.append(len(people))
    return statistics.median(timings)


SFI_ROWS: list[int] = []


def floor_ms(path: Path, key: bytes, repeat: int) -> float:
    """One hand-written SQL query per indicator over the same tables: what any export must
    at least cost."""
    start, end = QUARTER.start.isoformat(), QUARTER.end.isoformat()
    queries = [
        "SELECT sex, count(*) FROM cases WHERE reception_date BETWEEN :s AND :e GROUP BY sex",
        "SELECT sex, count(*) FROM cases WHERE reception_date <= :e AND (closure_date IS NULL"
        " OR closure_date > :e) GROUP BY sex",
        "SELECT c.sex, count(*), avg(julianday(f.first) - julianday(c.reception_date))"
        " FROM cases c JOIN (SELECT case_id, min(start_date) AS first FROM sfi_enrolments"
        " GROUP BY case_id) f ON f.case_id = c.id WHERE f.first BETWEEN :s AND :e GROUP BY c.sex",
        "SELECT education_level, count(*) FROM skills_mappings WHERE completed_date"
        " BETWEEN :s AND :e GROUP BY education_level",
        "SELECT kind, sector, count(*) FROM placements WHERE start_date BETWEEN :s AND :e"
        " GROUP BY kind, sector",
        "SELECT count(DISTINCT case_id) FROM housing WHERE move_in_date BETWEEN :s AND :e",
        "SELECT sex, closure_outcome, count(*) FROM cases WHERE closure_date BETWEEN :s AND :e"
        " GROUP BY sex, closure_outcome",
    ]
    connection = connect_sqlite(path, key)
    connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # as the app's connections

    def run() -> None:
        for query in queries:
            connection.execute(query, {"s": start, "e": end}).fetchall()

    try:
        return median_ms(run, repeat)
    finally:
        connection.close()


def window_ms(path: Path, repeat: int) -> tuple[float, float]:
    """A new process, from start to the first rows of the case list on screen; and its memory."""
    settings = Path(tempfile.mkdtemp()) / "settings.ini"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NYANLAND_LANG": "sv"}
    timings, peaks = [], []
    for _ in range(repeat):
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                WINDOW_PROBE,
                sqlite_url(path),
                str(settings),
                repr(time.time()),
            ],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        timings.append(float(probe.stdout.split()[-2]) * 1000)
        # The probe's own high-water mark: a fork of this large process would count ours.
        peaks.append(int(probe.stdout.split()[-1]) / 1024)
    return statistics.median(timings), max(peaks)


def measure(size: int, repeat: int) -> dict[str, float]:
    path, built = build(size)
    url = sqlite_url(path)
    results: dict[str, float] = {"build_s": built}

    def signed_in() -> ServiceContext:
        return signin.sign_in(url, OFFICER, PASSWORD, Clock()).context

    results["sign_in_ms"] = median_ms(lambda: signed_in().store.dispose(), max(3, repeat // 2))
    context = signed_in()
    store = context.store
    assert store.key is not None
    admin = signin.sign_in(url, ADMIN, PASSWORD, Clock()).context
    cases = CaseService(context)
    ids = [row.id for row in cases.search(CaseQuery(limit=50)).rows]
    results["search_ms"] = statistics.median(
        median_ms(lambda text=text: cases.search(CaseQuery(text=text, limit=200)), repeat)
        for text in SEARCHES
    )
    results["open_ms"] = statistics.median(
        median_ms(lambda case_id=case_id: cases.get(case_id), repeat) for case_id in ids[:7]
    )
    record = cases.get(ids[0])
    version = [record.version]

    def save() -> None:
        person = replace(record.data.person, phone=f"070-{version[0]:07d}")
        version[0] = cases.update(
            record.id, replace(record.data, person=person), version[0]
        ).version

    results["save_ms"] = median_ms(save, repeat)
    results["floor_ms"] = floor_ms(path, store.key, repeat)
    results["csv_ms"] = median_ms(
        lambda: statistics_csv(stats.published(context, QUARTER, 5)), repeat
    )
    results["xlsx_ms"] = median_ms(
        lambda: statistics_xlsx(stats.published(context, QUARTER, 5), QUARTER.code, 5), repeat
    )
    results["pdf_ms"] = median_ms(
        lambda: statistics_pdf(
            stats.published(context, QUARTER, 5),
            QUARTER.code,
            5,
            stats.trends(context, QUARTER, 5),
            "",
            AS_OF,
        ),
        max(3, repeat // 2),
    )
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "cases.jsonl"
        start = time.perf_counter()
        transfer.export_cases(context, export)
        results["export_per_s"] = size / (time.perf_counter() - start)
        target = new_team(sqlite_url(Path(folder) / "import.sqlite3"))
        start = time.perf_counter()
        transfer.import_cases(target, export)
        results["import_per_s"] = size / (time.perf_counter() - start)
        target.store.dispose()
        results["backup_ms"] = median_ms(
            lambda: backup.backup(admin, Path(folder) / "copy.nyanland"), max(3, repeat // 2)
        )
    store.dispose()
    admin.store.dispose()
    results["sfi_import_s"] = sfi_import_s(path, max(3, repeat // 2))
    results["window_ms"], results["window_mb"] = window_ms(path, max(3, repeat // 2))
    results["store_mb"] = path.stat().st_size / 1e6
    return results


ROWS = (
    ("Store size on disk", "store_mb", "{:.1f} MB"),
    ("Build with demo-data", "build_s", "{:.1f} s"),
    ("Import (case file)", "import_per_s", "{:,.0f} cases/s"),
    ("Export (case file)", "export_per_s", "{:,.0f} cases/s"),
    ("Sign-in (Argon2id key unwrap, open, schema check)", "sign_in_ms", "{:.0f} ms"),
    ("Start to usable window (new process, sign-in included)", "window_ms", "{:.0f} ms"),
    ("Memory of the window process (peak)", "window_mb", "{:.0f} MB"),
    ("Search keystroke (median of 8 searches)", "search_ms", "{:.1f} ms"),
    ("Open a case", "open_ms", "{:.1f} ms"),
    ("Save a case", "save_ms", "{:.1f} ms"),
    ("Statistics, one quarter: CSV", "csv_ms", "{:.0f} ms"),
    ("Statistics: hand-written SQL floor", "floor_ms", "{:.0f} ms"),
    ("Statistics: CSV / floor", "csv_ratio", "{:.1f}×"),
    ("Statistics, one quarter: Excel", "xlsx_ms", "{:.0f} ms"),
    ("Statistics, one quarter: PDF (with 8-quarter charts)", "pdf_ms", "{:.0f} ms"),
    ("Backup (online API)", "backup_ms", "{:.0f} ms"),
    ("SFI provider's list: import (rows below)", "sfi_import_s", "{:.2f} s"),
)


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    software = f"Python {platform.python_version()}, SQLCipher over SQLite {sqlite3.sqlite_version}"
    return f"{os.cpu_count()} cores, {cpu}; {software}; {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    i18n.set_language("sv")
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for size in sizes:
        print(f"measuring {size} cases…", file=sys.stderr)
        results[size] = measure(size, args.repeat)
        results[size]["csv_ratio"] = results[size]["csv_ms"] / results[size]["floor_ms"]
    header = "| | " + " | ".join(f"{s:,} cases" for s in sizes) + " |"
    lines = [
        "# Benchmarks",
        "",
        f"Made by `bench/run.py` on {datetime.now():%Y-%m-%d}: {machine()}.",
        f"Stores of invented cases (`demo-data`, seed 1, as of {AS_OF}); each figure is the "
        f"median of {args.repeat} runs after one warm-up (the window: of "
        f"{max(3, args.repeat // 2)} new processes). Statistics are for {QUARTER.code}. The "
        f"stores are encrypted (SQLCipher) as the app makes them; the key is wrapped with "
        f"Argon2id (time cost {DEFAULT_KDF.time_cost}, {DEFAULT_KDF.memory_kib // 1024} MiB, "
        f"{DEFAULT_KDF.parallelism} lanes).",
        "",
        header,
        "|---" * (len(sizes) + 1) + "|",
    ]
    for title, key, form in ROWS:
        cells = [form.format(results[s][key]) for s in sizes]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "SFI list rows per store (people of the store with an identity number, at most "
        "10 000; those who have that start already are skipped): "
        + ", ".join(f"{n:,}" for n in SFI_ROWS)
        + ".",
        "",
        "Budgets of the issues, on this 2-core machine: usable window under 1.5 s, a search",
        "keystroke and opening a case under 100 ms, window memory under 300 MB (100 000 cases);",
        "signing in well under a second; an SFI list of 10 000 rows under 5 s;",
        "statistics CSV under 1 s and within 3× the SQL floor, PDF under 5 s. At 1 000 cases",
        "the CSV's ratio is large only because its fixed cost (a few ms of query building)",
        "dwarfs a 1 ms floor.",
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
