"""Crash reports that help fix a bug and hold no personal data."""

from __future__ import annotations

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
    folder = platformdirs.user_log_path("nyanland", appauthor=False)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%S}.txt"
        path.write_text(crash_report(error) + "\n", encoding="utf-8")
    except OSError:
        return None
    return path
