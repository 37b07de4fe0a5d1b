"""The layers of ARCHITECTURE.md: each imports only those below it, and Qt only in ui/."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "nyanland"

# What each layer may import from nyanland itself (besides its own package).
ALLOWED = {
    "domain": {"domain", "i18n"},
    "store": {"store", "domain", "i18n"},
    "services": {"services", "store", "domain", "reports", "i18n"},
    "reports": {"reports", "domain", "i18n"},
    "ui": {"ui", "services", "domain", "reports", "i18n", "diagnostics", "settings"},
}
FORBIDDEN_OUTSIDE = {"PySide6": {"ui"}, "sqlalchemy": {"store", "services"}, "alembic": {"store"}}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(PACKAGE).parts[0], path)
        for path in PACKAGE.rglob("*.py")
        if len(path.relative_to(PACKAGE).parts) > 1
    ]


@pytest.mark.parametrize(("layer", "path"), modules(), ids=lambda v: str(v))
def test_a_layer_imports_only_what_is_below_it(layer: str, path: Path) -> None:
    for name in imports_of(path):
        top, _, rest = name.partition(".")
        if top == "nyanland" and rest:  # the package root only holds the version
            below = rest.partition(".")[0]
            assert below in ALLOWED[layer], f"{path.name} ({layer}) imports {name}"
        elif top in FORBIDDEN_OUTSIDE:
            assert layer in FORBIDDEN_OUTSIDE[top], f"{path.name} ({layer}) imports {name}"


def test_domain_store_and_services_run_with_no_qt_installed(tmp_path: Path) -> None:
    code = (
        "import sys, importlib.abc\n"
        "class NoQt(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] == 'PySide6': raise ImportError('no Qt here')\n"
        "sys.meta_path.insert(0, NoQt())\n"
        "import nyanland.app, nyanland.cli\n"
        "import nyanland.services.cases, nyanland.services.transfer, nyanland.services.demo\n"
        "import nyanland.services.backup, nyanland.services.accounts\n"
        "from nyanland.app import main\n"
        "assert main(['--lang', 'en', '--db', sys.argv[1], 'init', '--admin', 'siv.admin']) == 0\n"
        "sys.exit(main(['--lang', 'en', '--db', sys.argv[1], '--user', 'siv.admin', 'demo-data',"
        " '--cases', '3']))\n"
    )
    password = "correct horse battery"
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "probe.sqlite3")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "NYANLAND_NEW_PASSWORD": password, "NYANLAND_PASSWORD": password},
    )
    assert result.returncode == 0, result.stderr
    assert "added 3 invented cases" in result.stdout
