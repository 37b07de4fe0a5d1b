"""What writing a letter costs where the officer waits for it, written to
docs/benchmarks-letters.md: from asking for a letter in a language to its PDF (the service's
`preview`, as the dialog calls it, on a real encrypted store), then to the pages drawn for the
preview (PDFium at the dialog's width), and the whole `letter` command as a new process. And
the statistics report, now tagged, beside ReportLab's figure it replaces.

    .venv/bin/python bench/letters.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from datetime import time as clock_time
from pathlib import Path
from typing import TypeVar

from nyanland.domain.letters import LANGUAGES, LetterKind, Meeting
from nyanland.domain.roles import Role
from nyanland.domain.timeline import Period
from nyanland.services import accounts, demo, letter_sender, letters, signin
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.publication import published, trends
from nyanland.services.records import CaseQuery

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a benchmark passphrase"
AS_OF = date(2026, 11, 22)
REPORT_CASES = 10_000
REPORTLAB_10K_MS = 263  # docs/benchmarks.md before the report was tagged (10,000 cases)


def _median_ms(work: Callable[[], T], runs: int) -> tuple[float, T]:
    times, results = [], []
    for _ in range(runs):
        started = time.perf_counter()
        results.append(work())
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), results[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from nyanland.ui.letter_dialog import page_images

    QApplication([])
    load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="nyanland-bench-letters-"))
    clock = Clock(today=lambda: AS_OF)
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    admin = signin.create_store(url, "siv.admin", PASSWORD, clock)
    letter_sender.save_details(admin, letter_sender.SenderDetails("Exempelby kommun"))
    accounts.add_account(admin, "anna.officer", Role.OFFICER, PASSWORD)
    first = signin.sign_in(url, "anna.officer", PASSWORD, clock)
    accounts.change_password(first.context, PASSWORD, PASSWORD + "!")
    officer = signin.sign_in(url, "anna.officer", PASSWORD + "!", clock).context
    demo.add_demo_cases(officer, REPORT_CASES, seed=4, as_of=AS_OF)
    service = CaseService(officer)
    case_id = service.search(CaseQuery()).rows[0].id
    record = service.get(case_id)
    spoken = ("ar", "fa", "ti", "so", "uk", "ku")
    person = replace(record.data.person, languages=spoken)
    record = service.update(case_id, replace(record.data, person=person), record.version)
    signer = letters.Signer("Anna Berg", "0123-45 67 01")
    meeting = Meeting(date(2026, 12, 8), clock_time(13, 30), "Stadshuset, rum 12", True)

    lines = []
    first_ms, _ = _median_ms(
        lambda: letters.preview(officer, record, LetterKind.WELCOME, "ar", signer), 1
    )
    for code in LANGUAGES:
        for kind in (LetterKind.WELCOME, LetterKind.MEETING, LetterKind.EXTRACT):
            ms, written = _median_ms(
                lambda kind=kind, code=code: letters.preview(
                    officer, record, kind, code, signer, meeting
                ),
                args.runs,
            )
            drawn_ms, pages = _median_ms(lambda w=written: page_images(w.pdf), args.runs)
            size = len(written.pdf) // 1024
            lines.append(
                f"| {LANGUAGES[code].english_name} | {kind.value} | {len(pages)} | "
                f"{size} KB | {ms:.0f} ms | {drawn_ms:.0f} ms | {ms + drawn_ms:.0f} ms |"
            )

    out = folder / "letter.pdf"
    env = {**os.environ, "NYANLAND_USER": "anna.officer", "NYANLAND_PASSWORD": PASSWORD + "!"}
    number = record.case_number
    command_ms, _ = _median_ms(
        lambda: subprocess.run(
            [
                sys.executable,
                "-m",
                "nyanland",
                "--database-url",
                url,
                "letter",
                number,
                "welcome",
                "--lang",
                "ar",
                "--output",
                str(out),
            ],
            check=True,
            capture_output=True,
            env=env,
        ),
        3,
    )
    from nyanland.reports.statistics_pdf import statistics_pdf

    period = Period.parse("2026-Q2")
    rows, shown = published(officer, period, 5), trends(officer, period, 5)
    report_ms, report = _median_ms(
        lambda: statistics_pdf(rows, period.code, 5, shown, "Exempelby kommun", AS_OF), args.runs
    )
    written_lines = "\n".join(lines)
    text = f"""# Letters: what the officer waits for

Made by `bench/letters.py` on {platform.node() or "this machine"} ({os.cpu_count()} cores,
load {load:.2f} at the start), {args.runs} runs each, medians. A real encrypted store of
{REPORT_CASES:,} invented cases; the person speaks Arabic, Dari, Tigrinya, Somali,
Ukrainian and Kurdish. *Laid out* is the service's preview (read the case, lay the letter out
with WeasyPrint, write the tagged PDF/A-2a); *drawn* is the dialog's pages at 560 px (PDFium);
the dialog waits for both, and for the newest request only.

The first letter of a process costs more ({first_ms:.0f} ms): WeasyPrint loads Pango and the
fonts once.

| Language | Letter | Pages | Size | Laid out | Drawn | Dialog waits |
|---|---|---|---|---|---|---|
{written_lines}

`nyanland letter … welcome --lang ar` as a new process (sign-in, Argon2 included):
**{command_ms:.0f} ms** (median of 3).

The statistics report, one quarter of {REPORT_CASES:,} cases, 8-quarter charts, tagged PDF/A-2a
with WeasyPrint: **{report_ms:.0f} ms**, {len(report) // 1024} KB (ReportLab's untagged
report took {REPORTLAB_10K_MS} ms on the same store size: {report_ms / REPORTLAB_10K_MS:.1f}×).
"""
    (ROOT / "docs" / "benchmarks-letters.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
