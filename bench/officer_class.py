"""What the officer-only class costs (issue 17): sealing a store's values once, at the first
officer's or administrator's sign-in after the update; then opening a case, saving one, the
to-do list and a case-file export with the class and without it (the same store, the same
process: "without" reads the sealed fields as stored, which is what every read cost before),
written to docs/benchmarks-officer-class.md.

It works on copies of bench/run.py's stores (bench/.stores), as they were before the class: a
store that has it already is reported as such and its one-time figure left out.

    .venv/bin/python bench/officer_class.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from nyanland.services import officer_key, reminders, signin
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock, ServiceContext
from nyanland.services.records import CaseQuery
from nyanland.store.engine import connect_sqlite, sqlite_url
from nyanland.store.keyring import keyring_path
from nyanland.store.sealed_columns import Sealing, open_text, seal_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from run import OFFICER, PASSWORD, STORES  # noqa: E402

REPEAT = 15


def _ms(action: Callable[[], object], repeat: int = REPEAT) -> float:
    action()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def _sealed_values(path: Path, key: bytes) -> int:
    connection = connect_sqlite(path, key)
    try:
        row = connection.execute(
            "SELECT detail FROM audit_events WHERE action = 'officer_key_made'"
        ).fetchone()
        return int(row[0]) if row else 0
    finally:
        connection.close()


def _calls(context: ServiceContext) -> dict[str, float]:
    cases = CaseService(context)
    ids = [row.id for row in cases.search(CaseQuery(limit=20)).rows]
    record = cases.get(ids[0])
    version = [record.version]

    def save() -> None:
        person = replace(record.data.person, phone=f"070-{version[0]:07d}")
        changed = replace(record.data, person=person)
        version[0] = cases.update(record.id, changed, version[0]).version

    return {
        "open": statistics.median(_ms(lambda i=i: cases.get(i)) for i in ids[:7]),
        "save": _ms(save),
        "todo": _ms(lambda: reminders.reminders(context), 5),
    }


def _per_value_us() -> tuple[float, float]:
    """Sealing and opening one journal-sized value (400 characters), in microseconds."""
    cipher = AESGCM(bytes(32))
    text = "x" * 400
    sealed = seal_text(cipher, text, "journal_notes.text")
    count = 20_000
    started = time.perf_counter()
    for _ in range(count):
        seal_text(cipher, text, "journal_notes.text")
    middle = time.perf_counter()
    for _ in range(count):
        open_text(cipher, sealed, "journal_notes.text")
    done = time.perf_counter()
    return (middle - started) / count * 1e6, (done - middle) / count * 1e6


def measure(size: int, work: Path) -> dict[str, float]:
    source = STORES / f"demo-{size}.sqlite3"
    path = work / source.name
    for suffix in ("", ".keys"):
        shutil.copyfile(source.with_name(source.name + suffix), path.with_name(path.name + suffix))
    os.chmod(keyring_path(path), 0o600)
    url = sqlite_url(path)
    started = time.perf_counter()
    first = signin.sign_in(url, OFFICER, PASSWORD, Clock()).context
    first_s = time.perf_counter() - started
    assert first.store.key is not None and officer_key.class_made(first.store)
    sealed = _sealed_values(path, first.store.key)
    first.store.dispose()
    again = statistics.median(
        _timed(lambda: signin.sign_in(url, OFFICER, PASSWORD, Clock()).context.store.dispose())
        for _ in range(3)
    )
    context = signin.sign_in(url, OFFICER, PASSWORD, Clock()).context
    sealing = context.store.sealing
    assert sealing is not None and sealing.key is not None
    with_class = _calls(context)
    context.store.use_sealing(None)
    without = _calls(context)
    context.store.use_sealing(Sealing(sealing.key))
    context.store.dispose()
    figures = {"seal_s": first_s - again, "sealed": float(sealed)}
    for name in with_class:
        figures[f"{name}_with"] = with_class[name]
        figures[f"{name}_without"] = without[name]
    return figures


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


ROWS = (
    ("Open a case (service call)", "open", "{:.1f} ms"),
    ("Save a case, its phone changed (service call)", "save", "{:.1f} ms"),
    ("The whole to-do list (task titles opened)", "todo", "{:.0f} ms"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    load = os.getloadavg()[0]
    results = {}
    with tempfile.TemporaryDirectory(dir=STORES) as work:
        for size in args.sizes:
            results[size] = measure(size, Path(work))
            print(size, results[size], flush=True)
    sizes = " | ".join(f"{size:,} cases" for size in args.sizes)
    lines = [
        "# Benchmarks: the officer-only class",
        "",
        f"Made by `bench/officer_class.py` on {platform.machine()} with {os.cpu_count()} cores "
        f"(load {load:.1f} at the start), on copies of bench/run.py's stores. Medians of "
        f"{REPEAT} (the to-do list 5), after one warm-up. *Without* is the same "
        "store and process reading the sealed fields as stored, which is what each call cost "
        "before the class.",
        "",
        f"| | {sizes} |",
        "|---|" + "---|" * len(args.sizes),
        "| Sealing every value once, at the first officer's sign-in after the update | "
        + " | ".join(
            f"{results[s]['seal_s']:.1f} s ({results[s]['sealed']:,.0f} values)" for s in args.sizes
        )
        + " |",
    ]
    for label, key, form in ROWS:
        cells = []
        for size in args.sizes:
            with_, without = results[size][f"{key}_with"], results[size][f"{key}_without"]
            cells.append(
                f"{form.format(with_)} (without: {form.format(without)}, {with_ / without:.2f}×)"
            )
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    seal_us, open_us = _per_value_us()
    lines += [
        "",
        f"One value of 400 characters: sealed in {seal_us:.1f} µs, opened in {open_us:.1f} µs "
        "(AES-256-GCM from `cryptography`, base64).",
        "",
    ]
    (ROOT / "docs" / "benchmarks-officer-class.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
