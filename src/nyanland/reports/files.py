"""The files a command names: written whole or not at all; `-` is the standard stream."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from nyanland.domain.errors import KnownError
from nyanland.i18n import _

STANDARD_STREAM = "-"


def is_standard_stream(path: Path) -> bool:
    """Whether the name given is `-`, which means standard output (or input), as Unix tools
    take it; a file really called `-` is written as `./-`."""
    return str(path) == STANDARD_STREAM


def read_input(path: Path) -> bytes:
    """The bytes of `path`, or of standard input for `-` (raises OSError as reading does)."""
    if is_standard_stream(path):
        return sys.stdin.buffer.read()
    return path.read_bytes()


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Writes beside `path` and renames, so a full disk never leaves half a file; `-` writes
    to standard output."""
    if is_standard_stream(path):
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".nyanland-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise KnownError(
            _("cannot write {file}: {reason}").format(file=path, reason=error.strerror)
        ) from None


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


# What a spreadsheet reads as the start of a formula (OWASP's "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell of an exported table as text a spreadsheet shows and never runs: a typed text
    that starts like a formula gets a leading apostrophe, as OWASP advises."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
