"""Statistics method 2 over invented years, written to docs/benchmarks-statistics.md: what the
attacker of the tests finds in method 1's and method 2's files, how many cells method 2 hides
besides, and what it costs (median time to protect a year, and a quarter).

    .venv/bin/python bench/statistics_method.py [--years 200]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the invented years and the attacker are the tests'

from tests.domain.attacker import findings  # noqa: E402
from tests.domain.invented_years import invented_year  # noqa: E402

from nyanland.domain.disclosure import Status, publish  # noqa: E402
from nyanland.domain.linked_disclosure import PeriodRows, publish_period, year_of  # noqa: E402

THRESHOLDS = (3, 5, 10)


def measure(years: int, k: int) -> dict[str, float]:
    leaks_v1_quarter = leaks_v1 = leaks_v2 = 0
    quarters_changed = hidden_v1 = hidden_more = shown = 0
    year_times: list[float] = []
    quarter_times: list[float] = []
    for seed in range(years):
        quarters, _counted = invented_year(seed)
        year = year_of("2026", quarters)
        v1_quarters = [publish(q, k) for q in quarters]
        v1_year = publish(year, k)
        published: list[PeriodRows] = []
        for quarter in quarters:  # published in turn, each against those before it
            started = time.perf_counter()
            rows = publish_period(quarter, k, published)
            quarter_times.append(time.perf_counter() - started)
            published.append(PeriodRows(quarter, tuple(rows), k))
        started = time.perf_counter()
        v2_year = publish_period(year, k, published)
        year_times.append(time.perf_counter() - started)
        v1_files = [*zip(quarters, v1_quarters, [k] * 4, strict=True), (year, v1_year, k)]
        v2_files = [*((p.raw, list(p.rows), k) for p in published), (year, v2_year, k)]
        leaks_v1_quarter += bool(findings(v1_files[:4]))
        leaks_v1 += bool(findings(v1_files))
        leaks_v2 += bool(findings(v2_files))
        quarters_changed += sum(
            list(p.rows) != v1 for p, v1 in zip(published, v1_quarters, strict=True)
        )
        hidden_v1 += sum(r.status is Status.SUPPRESSED for r in v1_year)
        hidden_more += sum(r.linked for r in v2_year)
        shown += len(v1_year)
    return {
        "v1_quarter": leaks_v1_quarter,
        "v1": leaks_v1,
        "v2": leaks_v2,
        "quarters_changed": quarters_changed,
        "hidden_v1": hidden_v1 / years,
        "hidden_more": hidden_more / years,
        "cells": shown / years,
        "year_ms": 1000 * statistics.median(year_times),
        "quarter_ms": 1000 * statistics.median(quarter_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=200)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-statistics.md")
    years = parser.parse_args().years
    lines = [
        "# Statistics method 2 over invented years",
        "",
        f"Made by `bench/statistics_method.py` over {years} invented years (8 to 150 people "
        "each, generated person by person as in the tests) on "
        f"{platform.machine()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.2f} at the start. Years in which the attacker of "
        "`tests/domain/attacker.py` recovers a hidden figure of 1 to k−1 people:",
        "",
        "| k | v1: the four quarters | v1: quarters and year | method 2 | quarters changed "
        "by method 2 | year cells hidden by v1 | hidden besides by method 2 | year: median "
        "time | quarter: median time |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for k in THRESHOLDS:
        m = measure(years, k)
        lines.append(
            f"| {k} | {m['v1_quarter']:.0f} | {m['v1']:.0f} | {m['v2']:.0f} | "
            f"{m['quarters_changed']:.0f} of {4 * years} | {m['hidden_v1']:.1f} of "
            f"{m['cells']:.0f} | {m['hidden_more']:.1f} | {m['year_ms']:.0f} ms | "
            f"{m['quarter_ms']:.1f} ms |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        "The quarters are published in turn, each protected against those before it, then "
        "the year. A quarter changed by method 2 hides more than v1 because, with the quarters "
        "before it (the open cases move with those received and those ended) or with its own "
        "shares, v1's rows would give a figure away; the first quarter only ever hides a share "
        "besides. The times are of the protection itself (the method's exact attacker run until "
        "nothing is found), in one process, not of counting the store.",
        "",
    ]
    parser.parse_args().output.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
