"""Writing a report file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nyanland.domain.errors import KnownError
from nyanland.i18n import _


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Writes beside `path` and renames, so a full disk never leaves half a file."""
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
