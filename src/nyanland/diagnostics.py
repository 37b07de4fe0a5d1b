"""Crash reports that help fix a bug and hold no personal data."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import platformdirs

from nyanland import __version__


def crash_report(error: BaseException) -> str:
    """Where the program failed: exception type, file, line and function of each frame.

    The exception's own message and the source lines are left out: a message can quote a
    person's data (a database error quotes the values it was given)."""
    lines = [f"nyanland {__version__}", f"{type(error).__module__}.{type(error).__qualname__}"]
    tb: TracebackType | None = error.__traceback__
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append("caused by:")
        lines.append(crash_report(cause))
    return "\n".join(lines)


def write_crash_report(error: BaseException) -> Path | None:
    """Saves the report in the user's log folder; returns where, or None if it could not."""
    logging.getLogger("nyanland").error("bug: %s", crash_report(error).replace("\n", " | "))
    folder = platformdirs.user_log_path("nyanland", appauthor=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt"
        path.write_text(crash_report(error) + "\n", encoding="utf-8")
    except OSError:
        return None
    return path


LOG_LEVEL_VARIABLE = "NYANLAND_LOG_LEVEL"
_fault_file: list[object] = []  # faulthandler writes to this file for the process's life


def configure_logging(folder: Path | None = None) -> Path | None:
    """The program's log: event names, ids, counts and timings only, never personal data (no
    module logs a name, a number or a text a user typed; a test reads the log of an officer's
    day for them). Kept in the user's log folder, 1 MB × 3, the owner's alone; a hard crash
    (a segfault in a library) leaves its stack in `faults.log` beside it. Returns the log's
    path, or None when the folder cannot be written (the program runs without a log)."""
    folder = folder or platformdirs.user_log_path("nyanland", appauthor=False)
    level = os.environ.get(LOG_LEVEL_VARIABLE, "INFO").upper()
    root = logging.getLogger("nyanland")
    if any(getattr(h, "nyanland", False) for h in root.handlers):
        return Path(folder) / "nyanland.log"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = folder / "nyanland.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        path.chmod(0o600)
        faults = open(folder / "faults.log", "a", encoding="utf-8")  # noqa: SIM115 - kept open
        (folder / "faults.log").chmod(0o600)
    except OSError:
        return None
    handler.nyanland = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level if level in ("DEBUG", "INFO", "WARNING", "ERROR") else "INFO")
    _fault_file.append(faults)
    faulthandler.enable(file=faults)
    return path
