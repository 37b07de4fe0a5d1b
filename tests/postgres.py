"""A real PostgreSQL server for the tests and benchmarks: a throw-away cluster of its own on
127.0.0.1, started from Debian's `postgresql` package (which `make test` installs).

PostgreSQL refuses to run as root; as root (CI's containers) the cluster belongs to the
`postgres` account that the package creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import psycopg


def _bin_folder() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    if found:
        return found[0].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError(
            "PostgreSQL's server programs are not installed: run `make test`, which installs "
            "the Debian package postgresql"
        )
    return Path(initdb).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresServer:
    """One cluster in a folder of its own, with trust authentication on 127.0.0.1 only."""

    def __init__(self) -> None:
        self._bin = _bin_folder()
        self.folder = Path(tempfile.mkdtemp(prefix="nyanland-pg-"))
        self.port = _free_port()
        self._as_root = os.geteuid() == 0
        self._run(
            [
                "initdb",
                "-D",
                str(self.folder / "data"),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            [
                "pg_ctl",
                "-D",
                str(self.folder / "data"),
                "-o",
                options,
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "start",
            ]
        )

    def _run(self, command: Sequence[str]) -> None:
        program = [str(self._bin / command[0]), *command[1:]]
        if self._as_root:
            shutil.chown(self.folder, "postgres")
            program = ["runuser", "-u", "postgres", "--", *program]
        subprocess.run(program, check=True, capture_output=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, statement: str) -> None:
        """Runs one statement outside a transaction (CREATE and DROP DATABASE need that)."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(statement)

    def create_database(self, name: str, template: str | None = None) -> str:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run(["pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
