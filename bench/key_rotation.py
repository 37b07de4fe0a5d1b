"""What changing the store's key costs (*Byt krypteringsnyckel*, and every disabling, password
change and reset), at 10 000 and 100 000 invented cases, written to docs/benchmarks-keys.md:
the median of 5 rotations through the service, with the file's size.

    .venv/bin/python bench/key_rotation.py [--cases 10000 100000]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from nyanland.services import demo, key_rotation, signin
from nyanland.services.context import Clock

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a benchmark passphrase"
AS_OF = date(2026, 11, 22)


def measure(cases: int, folder: Path) -> tuple[float, float, float]:
    path = folder / f"rotation-{cases}.sqlite3"
    context = signin.create_store(f"sqlite:///{path}", "admin", PASSWORD, Clock())
    demo.add_demo_cases(context, cases, seed=1, as_of=AS_OF)
    rounds = []
    for _round in range(5):
        started = time.perf_counter()
        rotation = key_rotation.rotate(context)
        rounds.append(time.perf_counter() - started)
        assert rotation.done
    size_mb = path.stat().st_size / 1_000_000
    signin.sign_out(context)
    median = statistics.median(rounds)
    return size_mb, median, size_mb / median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    load = os.getloadavg()[0]
    lines = [
        "# Benchmarks: changing the store's key",
        "",
        "Made by `bench/key_rotation.py` on "
        f"{platform.machine()} with {os.cpu_count()} cores (load {load:.1f} at the start). "
        "A rotation: the new key sealed to every account (HPKE), the key file written, the "
        "store rekeyed by SQLCipher (every page read and written once, in one transaction of "
        "a rollback journal), the key file written again, an audit entry. Median of 5.",
        "",
        "| cases | store | rotation | rewritten per second |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as work:
        for cases in args.cases:
            size_mb, seconds, rate = measure(cases, Path(work))
            lines.append(f"| {cases:,} | {size_mb:.0f} MB | {seconds:.2f} s | {rate:.0f} MB/s |")
            print(lines[-1], flush=True)
    lines += [
        "",
        "The window's confirmation estimates the time from the file's size at 50 MB/s.",
        "",
    ]
    (ROOT / "docs" / "benchmarks-keys.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
