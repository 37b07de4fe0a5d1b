"""A fresh clone needs nothing beside it: the program, run as a user runs it, reads only its own
files, the Python it runs on, the system's and the user's (here: a temporary HOME and cwd)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import CHECKOUT

# Runs nyanland's own entry point with an audit hook that lists every file Python opens.
_WATCHED = textwrap.dedent(
    """
    import os, sys
    log = open(sys.argv[1], "a", encoding="utf-8")
    def hook(event, args):
        if event == "open" and args and isinstance(args[0], (str, bytes)):
            log.write(os.path.abspath(os.fsdecode(args[0])) + "\\n")
            log.flush()
    sys.addaudithook(hook)
    from nyanland.app import main
    sys.exit(main(sys.argv[2:]))
    """
)

# Where the system keeps what any program reads (libraries, locale and time-zone data, fonts).
SYSTEM = ("/usr", "/etc", "/lib", "/lib64", "/proc", "/sys", "/dev", "/var/lib", "/opt")


def test_the_command_line_reads_nothing_outside_the_checkout_the_system_and_home(
    tmp_path: Path,
) -> None:
    home, work, log = tmp_path / "home", tmp_path / "work", tmp_path / "opened.txt"
    home.mkdir()
    work.mkdir()
    (tmp_path / "tmp").mkdir()
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        # The system's temporary folder, here the test's own: WeasyPrint keeps the fonts it
        # loads there while it writes, and ctypes' library search (through cffi) makes files
        # there; anything else read from /tmp would still show.
        "TMPDIR": str(tmp_path / "tmp"),
        "LANG": "C.UTF-8",
        "NYANLAND_NEW_PASSWORD": "siv's own long passphrase",
        "NYANLAND_PASSWORD": "siv's own long passphrase",
        "NYANLAND_USER": "siv",
    }
    for command in (
        ["init", "--admin", "siv"],
        ["demo-data", "--cases", "30"],
        ["stats", "--period", "2025", "--format", "pdf", "--output", "report.pdf"],
        ["audit", "verify"],
    ):
        result = subprocess.run(
            [sys.executable, "-c", _WATCHED, str(log), *command],
            cwd=work,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert (work / "report.pdf").read_bytes().startswith(b"%PDF")
    allowed = [CHECKOUT, tmp_path, Path(sys.prefix), Path(sys.base_prefix), *map(Path, SYSTEM)]
    opened = {Path(line).resolve() for line in log.read_text(encoding="utf-8").splitlines()}
    outside = sorted(str(p) for p in opened if not any(p.is_relative_to(a) for a in allowed))
    assert outside == [], json.dumps(outside, indent=1)
    # It wrote its store into the user's own data folder, in the temporary HOME.
    assert (home / ".local" / "share" / "nyanland" / "nyanland.sqlite3").exists()
