"""The window's rows of the benchmark, each taken in new processes under Xvfb by
bench/window_probe.py through the real widgets (see there what each figure includes), and the
whole-process import of a case file.

    from window import start_figures, work_figures, import_figures
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = ROOT / "bench" / "window_probe.py"
SCREEN = "-screen 0 1400x900x24"


def _probe(args: list[str], settings: Path, limit_s: float) -> dict[str, float]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "NYANLAND_LANG": "sv",
        "XDG_CONFIG_HOME": str(settings.parent),
        "PROBE_SETTINGS": str(settings),
    }
    command = ["xvfb-run", "-a", "-s", SCREEN, sys.executable, str(PROBE), *args]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=limit_s, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the window probe failed ({done.returncode}): {done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    return figures


def start_figures(store: Path, repeat: int) -> dict[str, float]:
    """New process → sign-in dialog painted; Enter → first rows painted (medians)."""
    folder = Path(tempfile.mkdtemp())
    runs = []
    for _ in range(repeat + 1):
        runs.append(_probe(["start", str(store), repr(time.time())], folder / "p.ini", 300))
    runs = runs[1:]  # the first start reads the store from the disk, as after a reboot
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "dialog_ms": statistics.median(r["dialog_ms"] for r in runs),
        "signed_in_ms": statistics.median(r["signed_in_ms"] for r in runs),
        "start_rss_mb": statistics.median(r["rss_mb"] for r in runs),
    }


def work_figures(store: Path, seconds: float) -> dict[str, float]:
    """Keystrokes, opening and saving (medians of many), then `seconds` of scripted use and
    the window's memory after it. The saves change phone numbers in a copy of the store."""
    folder = Path(tempfile.mkdtemp(dir=store.parent))
    try:
        copy = folder / store.name
        for part in store.parent.glob(f"{store.name}*"):
            if part.is_file():
                shutil.copy(part, folder / part.name)
        figures = _probe(["work", str(copy), str(seconds)], folder / "p.ini", seconds + 900)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def import_figures(cases_file: Path, lines: int, new_store: Path) -> dict[str, float]:
    """`nyanland import-cases` of the file into the store, as a whole process: cases per
    second from the process's start to its end, and its peak memory (VmHWM)."""
    env = {
        **os.environ,
        "NYANLAND_LANG": "en",
        "NYANLAND_PASSWORD": "a benchmark passphrase",
    }
    command = [
        sys.executable,
        "-m",
        "nyanland",
        "--db",
        str(new_store),
        "--user",
        "bench.officer",
        "import-cases",
        str(cases_file),
    ]
    start = time.perf_counter()
    peak_kib = 0
    with tempfile.TemporaryFile() as said:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=said)
        # The child's own high-water mark, read while it runs: its rusage would count this
        # large process, of which it is a fork until it execs.
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/status", encoding="utf-8") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            peak_kib = max(peak_kib, int(line.split()[1]))
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.05)
        process.wait()
        elapsed = time.perf_counter() - start
        said.seek(0)
        error = said.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"import-cases failed: {error[-2000:]}")
    return {"import_per_s": lines / elapsed, "import_mb": peak_kib / 1024}
