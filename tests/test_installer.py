"""The installer's smoke test: installer/build makes the bundle and the .deb, and the bundle
runs on a PATH with no Python: it starts its window offscreen (`self-test`), creates a store,
imports a case file and exports statistics. Built once per run, in a temporary folder."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nyanland import __version__
from tests.test_cli import case_line

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [str(ROOT / "installer" / "build")],
        env={**os.environ, "DIST": str(dist), "BUILD": str(work), "DEB_COMPRESSION": "gzip"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    yield dist


def bundled(program: Path, *args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The bundle's program with no Python anywhere on the PATH and nothing inherited."""
    environment = {
        "PATH": "",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "NYANLAND_LANG": "en",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        **env,
    }
    return subprocess.run(
        [str(program), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_the_bundle_starts_creates_a_store_imports_and_exports_with_no_python(
    built: Path, tmp_path: Path
) -> None:
    program = built / "nyanland" / "nyanland"
    assert bundled(program, "--version", home=tmp_path).stdout.strip() == f"nyanland {__version__}"

    checked = bundled(program, "self-test", home=tmp_path)  # the window, offscreen
    assert checked.returncode == 0, checked.stderr
    assert "window shown with 300 cases" in checked.stdout
    assert "self-test passed" in checked.stdout

    admin = {
        "NYANLAND_USER": "siv",
        "NYANLAND_PASSWORD": PASSWORD,
        "NYANLAND_NEW_PASSWORD": PASSWORD,
    }
    assert bundled(program, "init", "--admin", "siv", home=tmp_path, **admin).returncode == 0
    store = tmp_path / "data" / "nyanland" / "nyanland.sqlite3"
    assert store.exists() and not store.read_bytes().startswith(b"SQLite format 3")  # encrypted
    bundled(program, "users", "add", "anna", "--role", "officer", home=tmp_path, **admin)
    anna = {
        "NYANLAND_USER": "anna",
        "NYANLAND_PASSWORD": PASSWORD,
        "NYANLAND_NEW_PASSWORD": PASSWORD + "!",
    }
    assert bundled(program, "passwd", home=tmp_path, **anna).returncode == 0
    anna["NYANLAND_PASSWORD"] = PASSWORD + "!"
    cases = tmp_path / "cases.jsonl"
    cases.write_text(case_line("811218-9876") + "\n", encoding="utf-8")
    imported = bundled(program, "import-cases", str(cases), home=tmp_path, **anna)
    assert (imported.returncode, imported.stdout.strip()) == (0, "imported 1 case"), imported.stderr
    out = tmp_path / "stats.pdf"
    exported = bundled(
        program,
        "stats",
        "--period",
        "2026-Q1",
        "--format",
        "pdf",
        "--output",
        str(out),
        home=tmp_path,
        **anna,
    )
    assert exported.returncode == 0, exported.stderr
    assert out.read_bytes().startswith(b"%PDF")
    csv = bundled(program, "stats", "--period", "2026-Q1", home=tmp_path, **anna)
    assert csv.stdout.startswith("indicator,")


@pytest.mark.slow
def test_the_debian_package_holds_the_bundle_a_menu_entry_and_icons(
    built: Path, tmp_path: Path
) -> None:
    package = built / f"nyanland_{__version__}_amd64.deb"
    info = subprocess.run(
        ["dpkg-deb", "--info", str(package)], capture_output=True, text=True, check=True
    ).stdout
    assert "Package: nyanland" in info and "Architecture: amd64" in info
    assert "libxcb-cursor0" in info  # what Qt needs, installed with it
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "--extract", str(package), str(root)], check=True)
    entry = (root / "usr/share/applications/nyanland.desktop").read_text(encoding="utf-8")
    assert "Categories=Office;" in entry and "Exec=nyanland" in entry and "Icon=nyanland" in entry
    for size in (16, 48, 256):
        assert (root / f"usr/share/icons/hicolor/{size}x{size}/apps/nyanland.png").is_file()
    assert os.readlink(root / "usr/bin/nyanland") == "/opt/nyanland/nyanland"
    result = bundled(root / "opt/nyanland/nyanland", "--version", home=tmp_path)
    assert result.stdout.strip() == f"nyanland {__version__}"
    # What Debian's tools ask of a package: a manual page, a changelog, AppStream metadata.
    manual = gzip.decompress((root / "usr/share/man/man1/nyanland.1.gz").read_bytes())
    assert b".TH NYANLAND 1" in manual
    assert gzip.decompress((root / "usr/share/doc/nyanland/changelog.gz").read_bytes()).startswith(
        f"nyanland ({__version__})".encode()
    )
    metainfo = root / "usr/share/metainfo/se.nyanland.nyanland.metainfo.xml"
    checked = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", str(metainfo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    # Nothing of the build machine: no RUNPATH into its Python, no bytecode caches of data
    # folders, no ReportLab (the PDFs are WeasyPrint's), and the Noto fonts with their licence.
    libraries = list((root / "opt/nyanland/_internal").rglob("*.so*"))
    runpaths = subprocess.run(
        ["patchelf", "--print-rpath", *map(str, libraries)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert sys.base_prefix not in runpaths
    assert not list(root.rglob("__pycache__")) and not list(root.rglob("reportlab"))
    fonts = root / "opt/nyanland/_internal/nyanland/reports/fonts"
    assert (fonts / "NotoSansEthiopic-Regular.ttf").exists() and (
        fonts / "LICENSE-Noto-OFL.txt"
    ).exists()


def test_the_windows_and_macos_settings_stay_in_step_with_the_linux_build() -> None:
    """They cannot be built here: at least their version, folder and icons must agree."""
    script = (ROOT / "installer" / "windows" / "nyanland.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in script
    assert '#define BundleDir "..\\..\\dist\\nyanland"' in script  # what the spec's COLLECT makes
    assert "PrivilegesRequiredOverridesAllowed=dialog commandline" in script  # user or machine
    uninstall = script.split("[UninstallDelete]", 1)[1]
    assert "{localappdata}" not in uninstall and "{userappdata}" not in uninstall  # the store
    spec = (ROOT / "installer" / "nyanland.spec").read_text(encoding="utf-8")
    assert 'name="nyanland"' in spec and 'name="nyanland.app"' in spec
    for icon in ("nyanland.ico", "nyanland.icns"):
        assert (ROOT / "resources" / "icons" / icon).stat().st_size > 1000
