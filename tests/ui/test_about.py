"""Help → About: the version, the licence and where this computer keeps the store."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from nyanland import __version__
from nyanland.ui.about import app_icon
from nyanland.ui.launch import make_application
from nyanland.ui.main_window import MainWindow


def test_about_names_the_version_the_licence_and_the_store(window: MainWindow) -> None:
    window.about_action.trigger()
    box = window.files.about_box
    assert box is not None and box.isVisible()
    text = box.text()
    assert f"nyanland {__version__}" in text
    assert "EUPL-1.2" in text
    store = window.services.context.store.sqlite_path
    assert store is not None and str(store) in text
    assert str(store) + ".keys" in text
    assert not box.iconPixmap().isNull()
    box.close()


def test_the_application_has_its_icon() -> None:
    assert not app_icon().isNull()
    assert app_icon().availableSizes() or not app_icon().pixmap(64, 64).isNull()
    app = make_application([])
    assert isinstance(app, QApplication) and not app.windowIcon().isNull()
