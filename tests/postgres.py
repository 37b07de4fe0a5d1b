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
        # The superuser of the tests comes in without a password; every other role (the
        # accounts of a team server, each a login of its own) gives its SCRAM password.
        (self.folder / "data" / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
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
        """A new database; the logins a team of an earlier test made (a test that stopped
        halfway) are gone first, as no two tests of a process share the server at once."""
        self.drop_database(name)
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """The database, and the logins its team made (roles are the whole server's)."""
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            logins = connection.execute(
                "SELECT rolname FROM pg_roles WHERE NOT rolsuper AND rolname NOT LIKE 'pg\\_%' "
                "AND rolname NOT LIKE 'nyanland\\_%'"
            ).fetchall()
            for (login,) in logins:
                connection.execute(f'DROP ROLE IF EXISTS "{login}"')

    def stop(self) -> None:
        try:
            self._run(["pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
