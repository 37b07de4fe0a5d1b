"""File dialogs that start where a user keeps documents (not in the program's folder) and then
in the folder last used, which the settings remember."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_LAST_FOLDER = "files/last_folder"


def _start(name: str = "") -> str:
    folder = QSettings().value(_LAST_FOLDER)
    if not isinstance(folder, str) or not Path(folder).is_dir():
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
    return str(Path(folder) / name) if name else folder


def _remember(chosen: str) -> Path | None:
    if not chosen:
        return None
    path = Path(chosen)
    QSettings().setValue(_LAST_FOLDER, str(path.parent))
    return path


def save_file_name(parent: QWidget, title: str, suggested: str, filters: str = "") -> Path | None:
    """Where to write a file, or None when the user chose not to."""
    name, _filter = QFileDialog.getSaveFileName(parent, title, _start(suggested), filters)
    return _remember(name)


def open_file_name(parent: QWidget, title: str, filters: str = "") -> Path | None:
    """Which file to read, or None."""
    name, _filter = QFileDialog.getOpenFileName(parent, title, _start(), filters)
    return _remember(name)
