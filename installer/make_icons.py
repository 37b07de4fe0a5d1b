"""Renders the application icon (src/nyanland/ui/icons/nyanland.svg, the one source) into the
files the installers need, under resources/icons/: PNGs for the Linux icon theme, a .ico for
Windows and a .icns for macOS. Run after changing the SVG; the results are committed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "nyanland" / "ui" / "icons" / "nyanland.svg"
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> None:
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(SOURCE))
    pngs: dict[int, Path] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = OUT / "hicolor" / f"{size}x{size}" / "apps" / "nyanland.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(str(target))
        pngs[size] = target
    largest = Image.open(pngs[256])
    largest.save(OUT / "nyanland.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    Image.open(pngs[512]).save(OUT / "nyanland.icns")
    del app


if __name__ == "__main__":
    main()
