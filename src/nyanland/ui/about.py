"""Help → About nyanland: the version, the licence, and where this computer keeps the store,
its key file, backups and settings (what IT asks when helping an officer)."""

from __future__ import annotations

import platform
import sys
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSettings, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from nyanland import __version__
from nyanland.i18n import _

if TYPE_CHECKING:  # the app's icon is wanted before the services are loaded
    from nyanland.services.context import ServiceContext

ICON = Path(__file__).resolve().parent / "icons" / "nyanland.svg"
LICENCE_URL = "https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12"


def app_icon() -> QIcon:
    return QIcon(str(ICON))


def about_lines(context: ServiceContext, settings: QSettings) -> list[tuple[str, str]]:
    """(label, value) pairs, in the order shown."""
    from nyanland.services import backup
    from nyanland.services.store_setup import key_file

    store = context.store
    lines = [
        (_("Version"), __version__),
        (_("Licence"), "EUPL-1.2"),
        (_("Store"), store.describe()),
    ]
    keys = key_file(store)
    if keys is not None:
        lines += [
            (_("Key file"), str(keys)),
            (_("Automatic backups"), str(backup.automatic_folder(context))),
        ]
    parts = f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}"
    lines += [
        (_("Settings"), settings.fileName()),
        (_("Built with"), parts),
        (_("Program folder"), str(Path(sys.executable).resolve().parent)),
    ]
    return lines


def show_about(parent: QWidget, context: ServiceContext, settings: QSettings) -> QMessageBox:
    rows = "".join(
        f"<tr><td><b>{escape(label)}</b>&nbsp;&nbsp;</td><td>{escape(value)}</td></tr>"
        for label, value in about_lines(context, settings)
    )
    what = _("Case tool for the establishment of newly arrived people.")
    licence = _("Free software under the European Union Public Licence 1.2:")
    text = (
        f"<h3>nyanland {escape(__version__)}</h3>"
        f"<p>{escape(what)}</p>"
        f"<table>{rows}</table>"
        f'<p>{escape(licence)} <a href="{LICENCE_URL}">{LICENCE_URL}</a></p>'
    )
    box = QMessageBox(parent)
    box.setWindowTitle(_("About nyanland"))
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.setTextFormat(box.textFormat().RichText)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box
