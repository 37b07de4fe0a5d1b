"""nyanland's benchmarks: stores of 100 000 and 1 000 000 invented cases (seed 1, as of
2026-11-22), each figure the median of several runs, written to docs/benchmarks.md.

    .venv/bin/python bench/run.py [--sizes 100000,1000000] [--groups window,work,import,service]

The window's figures are taken through the real widgets under Xvfb in new processes
(bench/window.py, bench/window_probe.py); the service figures are the same work as plain
calls, to show what the window adds. Figures are kept in bench/.stores/results.json, so a
group can be measured again alone and the page written from all of them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from nyanland import i18n
from nyanland.domain.roles import Role
from nyanland.domain.timeline import Period, add_years
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.reports.statistics_pdf import statistics_pdf
from nyanland.reports.statistics_xlsx import statistics_xlsx
from nyanland.services import accounts, backup, demo, sfi_import, signin, transfer
from nyanland.services import publication as stats
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.account_keys import DEFAULT_KDF
from nyanland.store.engine import CACHE_KIB, connect_sqlite, sqlite_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from window import import_figures, start_figures, work_figures

ROOT = Path(__file__).resolve().parents[1]
STORES = ROOT / "bench" / ".stores"
AS_OF = date(2026, 11, 22)
QUARTER = Period.parse("2026-Q2")
SEARCHES = ("a", "ha", "hass", "amina", "1985", "19850", "2026-0", "khalil sam")
ADMIN, OFFICER = "bench.admin", "bench.officer"
PASSWORD = "a benchmark passphrase"


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
                # SFI is for those 16 or older: the list names no one younger
                if row.personal_identity_number
                and row.birth_date <= add_years(row.reception_date, -16)
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
    results["open_call_ms"] = statistics.median(
        median_ms(lambda case_id=case_id: cases.get(case_id), repeat) for case_id in ids[:7]
    )
    record = cases.get(ids[0])
    version = [record.version]

    def save() -> None:
        person = replace(record.data.person, phone=f"070-{version[0]:07d}")
        version[0] = cases.update(
            record.id, replace(record.data, person=person), version[0]
        ).version

    results["save_call_ms"] = median_ms(save, repeat)
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
    with tempfile.TemporaryDirectory(dir=STORES) as folder:
        export = Path(folder) / "cases.jsonl"
        start = time.perf_counter()
        transfer.export_cases(context, export)
        results["export_per_s"] = size / (time.perf_counter() - start)
        results["backup_ms"] = median_ms(
            lambda: backup.backup(admin, Path(folder) / "copy.nyanland"), max(3, repeat // 2)
        )
    store.dispose()
    admin.store.dispose()
    results["sfi_import_s"] = sfi_import_s(path, max(3, repeat // 2))
    results["store_mb"] = path.stat().st_size / 1e6
    results["sfi_rows"] = SFI_ROWS[-1]
    return results


IMPORTED = 100_000  # the case file of the import row: other people than the stores' (seed 2)


def measure_import(size: int) -> dict[str, float]:
    """`import-cases` of a file of 100,000 other people into a copy of the store, as a whole
    process (its duplicate check reads the store)."""
    path, _built = build(size)
    cases_file = STORES / f"cases-{IMPORTED}-seed2.jsonl"
    if not cases_file.exists():
        with tempfile.TemporaryDirectory(dir=STORES) as folder:
            source = new_team(sqlite_url(Path(folder) / "source.sqlite3"))
            demo.add_demo_cases(source, IMPORTED, seed=2, as_of=AS_OF)
            exported = Path(folder) / "exported.jsonl"
            transfer.export_cases(source, exported)
            source.store.dispose()
            taken = set().union(*(identity_numbers(build(n)[0]) for n in (100_000, 1_000_000)))
            with exported.open(encoding="utf-8") as lines, cases_file.open("w") as out:
                for line in lines:  # new cases to the store: it gives them their numbers
                    case = json.loads(line)
                    case.pop("case_number", None)
                    pin = case["person"].get("personal_identity_number")
                    if pin is None or pin.replace("-", "") not in taken:  # not someone stored
                        out.write(json.dumps(case, ensure_ascii=False) + "\n")
    with cases_file.open(encoding="utf-8") as lines:
        count = sum(1 for _line in lines)
    with tempfile.TemporaryDirectory(dir=STORES) as folder:
        copy = Path(folder) / path.name
        for part in path.parent.glob(f"{path.name}*"):
            if part.is_file():
                shutil.copy(part, copy.with_name(part.name))
        return {**import_figures(cases_file, count, copy), "imported": count}


def identity_numbers(path: Path) -> set[str]:
    context = signin.sign_in(sqlite_url(path), OFFICER, PASSWORD, Clock()).context
    assert context.store.key is not None
    connection = connect_sqlite(path, context.store.key)
    try:
        found = connection.execute("SELECT personal_identity_number FROM cases")
        return {pin for (pin,) in found if pin}
    finally:
        connection.close()
        context.store.dispose()


def measure_csv(size: int, repeat: int) -> dict[str, float]:
    path, _built = build(size)
    context = signin.sign_in(sqlite_url(path), OFFICER, PASSWORD, Clock()).context
    assert context.store.key is not None
    csv = median_ms(lambda: statistics_csv(stats.published(context, QUARTER, 5)), repeat)
    floor = floor_ms(path, context.store.key, repeat)
    context.store.dispose()
    return {"csv_ms": csv, "floor_ms": floor, "csv_ratio": csv / floor}


# The goals, each row: title, key, format, goal (text), whether a figure meets it.
GOALS = (
    (
        "New process → sign-in dialog shown",
        "dialog_ms",
        "{:.0f} ms",
        "≤ 500 ms",
        lambda v: v <= 500,
    ),
    (
        "Password entered → window with first rows painted (Argon2 included)",
        "signed_in_ms",
        "{:.0f} ms",
        "≤ 1 000 ms",
        lambda v: v <= 1000,
    ),
    (
        "Key press in the search field → list repainted with the new rows",
        "keystroke_ms",
        "{:.0f} ms",
        "≤ 50 ms",
        lambda v: v <= 50,
    ),
    (
        "Open a case from the list → editor painted",
        "open_ms",
        "{:.0f} ms",
        "≤ 50 ms",
        lambda v: v <= 50,
    ),
    (
        "Save → saved, list and to-do updated",
        "save_ms",
        "{:.0f} ms",
        "≤ 100 ms",
        lambda v: v <= 100,
    ),
    (
        "Översikt chosen → the overview painted (issue 23's goal; counted afresh at each look)",
        "overview_ms",
        "{:.0f} ms",
        "≤ 200 ms",
        lambda v: v <= 200,
    ),
    (
        "`import-cases` of a 100k file into the store, whole process",
        "import_per_s",
        "{:,.0f} cases/s",
        "≥ 5 000 cases/s",
        lambda v: v >= 5000,
    ),
    ("… its peak memory", "import_mb", "{:.0f} MB", "≤ 300 MB", lambda v: v <= 300),
    (
        "Window memory after 5 minutes of scripted use",
        "rss_mb",
        "{:.0f} MB",
        "≤ 250 MB, flat",
        lambda v: v <= 250,
    ),
    ("Quarterly CSV", "csv_ms", "{:.0f} ms", "≤ 1 000 ms", lambda v: v <= 1000),
    ("… against a same-result SQL floor", "csv_ratio", "{:.2f}×", "≤ 1.5×", lambda v: v <= 1.5),
)

ROWS = (
    ("Store size on disk", "store_mb", "{:.1f} MB"),
    ("Build with demo-data", "build_s", "{:.1f} s"),
    ("Export (case file)", "export_per_s", "{:,.0f} cases/s"),
    ("Sign-in (Argon2id key unwrap, open, schema check)", "sign_in_ms", "{:.0f} ms"),
    ("Window memory at start (first rows painted)", "start_rss_mb", "{:.0f} MB"),
    ("Window memory after the first minute (keys, opens, saves)", "after_start_mb", "{:.0f} MB"),
    ("Översikt the first time (QtCharts loaded, the view built)", "overview_first_ms", "{:.0f} ms"),
    ("Search, service call (median of 8 searches)", "search_ms", "{:.1f} ms"),
    ("Open a case, service call", "open_call_ms", "{:.1f} ms"),
    ("Save a case, service call", "save_call_ms", "{:.1f} ms"),
    ("Statistics: hand-written SQL floor", "floor_ms", "{:.0f} ms"),
    ("Statistics, one quarter: Excel", "xlsx_ms", "{:.0f} ms"),
    ("Statistics, one quarter: PDF (with 8-quarter charts)", "pdf_ms", "{:.0f} ms"),
    ("Backup (online API)", "backup_ms", "{:.0f} ms"),
    ("SFI provider's list of up to 10 000 rows: import", "sfi_import_s", "{:.2f} s"),
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


GROUPS: dict[str, Callable[[int, argparse.Namespace], dict[str, float]]] = {
    "window": lambda size, args: start_figures(build(size)[0], args.repeat),
    "work": lambda size, args: work_figures(build(size)[0], args.work_seconds),
    "import": lambda size, _args: measure_import(size),
    "csv": lambda size, args: measure_csv(size, args.repeat),
    "service": lambda size, args: measure(size, args.repeat),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--groups", default=",".join(GROUPS))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--work-seconds", type=float, default=300)
    parser.add_argument("--results", type=Path, default=STORES / "results.json")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--page-only", action="store_true", help="write the page, measure nothing")
    args = parser.parse_args()
    i18n.set_language("sv")
    kept = json.loads(args.results.read_text()) if args.results.exists() else {}
    for size in [] if args.page_only else [int(s) for s in args.sizes.split(",")]:
        for group in args.groups.split(","):
            print(f"measuring {group} at {size} cases…", file=sys.stderr, flush=True)
            load = os.getloadavg()[0]
            figures = GROUPS[group](size, args)
            entry = kept.setdefault(str(size), {})
            entry.update(figures)
            entry[f"load_{group}"] = max(load, os.getloadavg()[0])
            entry[f"date_{group}"] = f"{datetime.now():%Y-%m-%d}"
            args.results.parent.mkdir(parents=True, exist_ok=True)
            args.results.write_text(json.dumps(kept, indent=1), encoding="utf-8")
    page = write_page(kept, args.repeat)
    args.output.write_text(page, encoding="utf-8")
    print(page)


def _cells(kept: dict[str, dict[str, float]], sizes: list[str], key: str, form: str) -> str:
    return " | ".join(form.format(kept[s][key]) if key in kept[s] else "–" for s in sizes)


def write_page(kept: dict[str, dict[str, float]], repeat: int) -> str:
    sizes = sorted(kept, key=int)
    heads = " | ".join(f"{int(s):,} cases" for s in sizes)
    lines = [
        "# Benchmarks",
        "",
        f"Made by `bench/run.py` ({machine()}).",
        f"Stores of invented cases (`demo-data`, seed 1, as of {AS_OF}), encrypted (SQLCipher)",
        "as the app makes them, the key wrapped with Argon2id (time cost "
        f"{DEFAULT_KDF.time_cost}, {DEFAULT_KDF.memory_kib // 1024} MiB, "
        f"{DEFAULT_KDF.parallelism} lanes). Statistics are for {QUARTER.code}.",
        "",
        "## The goals, where the user feels them",
        "",
        "Each window figure is taken through the real widgets under Xvfb (bench/window_probe.py):",
        "from the key press or click (QTest) until the widget that shows the answer has been",
        "painted. Starts: medians of new processes (the first, reading the store from the disk,",
        "left out); the password is typed for 2 s, as a person types 16 characters. Keystrokes:",
        "a key at a time of eight words; opens and saves: nine each. Then five minutes of an",
        "officer's scripted use (searching, scrolling far down, sorting, opening, saving) and",
        "the process's memory after it. Growth is the 1M figure over the 100k one.",
        "",
        f"| measure | goal | {heads} | growth | met |",
        "|---|---|" + "---|" * len(sizes) + "---|---|",
    ]
    for title, key, form, goal, met in GOALS:
        values = [kept[s][key] for s in sizes if key in kept[s]]
        growth = f"{values[-1] / values[0]:.2f}×" if len(values) > 1 and values[0] else "–"
        verdict = ("yes" if all(met(v) for v in values) else "no") if values else "–"
        lines.append(
            f"| {title} | {goal} | {_cells(kept, sizes, key, form)} | {growth} | {verdict} |"
        )
    lines += [
        "",
        "## The same work as service calls, and the rest",
        "",
        f"Medians of {repeat} runs after one warm-up, in one process.",
        "",
        f"| | {heads} |",
        "|---" * (len(sizes) + 1) + "|",
    ]
    lines += [f"| {title} | {_cells(kept, sizes, key, form)} |" for title, key, form in ROWS]
    loads = "; ".join(
        f"{int(s):,}: "
        + ", ".join(f"{k[5:]} {v:.1f}" for k, v in sorted(kept[s].items()) if k.startswith("load_"))
        for s in sizes
    )
    dates = sorted({str(v) for s in sizes for k, v in kept[s].items() if k.startswith("date_")})
    lines += [
        "",
        f"Measured on {', '.join(dates)}. The machine's load (1-minute average, the higher of",
        f"before and after) per group of figures: {loads}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
