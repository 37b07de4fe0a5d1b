"""The README's walk-through, pasted into a shell line by line as a person would, in order, on a
fresh store: each `sh` block's commands run in one terminal, passwords are typed at the
prompts, and every command must succeed. So the README cannot drift from the program."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pexpect
import pytest

from nyanland import i18n
from tests.conftest import CHECKOUT

README = CHECKOUT / "README.md"
SUPERUSER_LINE = "SUPERUSER=postgresql+psycopg://postgres@db.kommun.local/nyanland"
SERVER_LINE = "SERVER=postgresql+psycopg://db.kommun.local/nyanland"
# What a walk-through in a test cannot do: open the window (it waits for a person), build the
# installer (the installer's own test does), or install a package on this machine.
NOT_RUN = (re.compile(r"nyanland"), re.compile(r"installer/build"), re.compile(r"sudo apt .*"))
PROMPT = "README-WALK-THROUGH> "


def commands(markdown: str) -> list[str]:
    """The `sh` blocks' commands in order; a here-document stays one command with its body."""
    found: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE):
        lines = iter(block.splitlines())
        for line in lines:
            if not line.strip():
                continue
            heredoc = re.search(r"<<'?(\w+)'?", line)
            if heredoc:
                body = []
                for following in lines:
                    body.append(following)
                    if following == heredoc[1]:
                        break
                line = "\n".join([line, *body])
            if not any(pattern.fullmatch(line.strip()) for pattern in NOT_RUN):
                found.append(line)
    return found


@dataclass
class Typist:
    """Answers nyanland's password prompts as the person in the walk-through: a new password is
    made up (and typed again when asked), a sign-in gets the account's current one."""

    current: dict[str, str] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)
    last: str = ""
    made: int = 0

    def new_password(self, name: str) -> str:
        self.made += 1
        self.last = f"{name} walks through, password {self.made}"
        self.chosen[name] = self.last
        return self.last

    def succeeded(self) -> None:
        self.current.update(self.chosen)
        self.chosen.clear()


def _prompts() -> tuple[str, str, str]:
    """The prompts as the Swedish command line writes them, from the catalogue."""
    language = i18n.current_language()
    i18n.set_language("sv")
    try:
        texts = [
            i18n._(text)
            for text in (
                "New password for {name}: ",
                "The same password again: ",
                "Password for {name}: ",
            )
        ]
    finally:
        i18n.set_language(language)
    new, again, sign_in = (re.escape(t).replace(r"\{name\}", r"(\S+)") for t in texts)
    return new, again, sign_in


@pytest.mark.slow
def test_the_readme_walk_through_runs_as_written(tmp_path: Path, postgres_url: str) -> None:
    markdown = README.read_text(encoding="utf-8")
    assert SERVER_LINE in markdown, "the team-mode part names the server as this test expects"
    assert SUPERUSER_LINE in markdown
    (tmp_path / ".venv").symlink_to(CHECKOUT / ".venv")
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("NYANLAND_")
    }
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        environment.pop(variable, None)
    environment.update(
        LANG="C.UTF-8", HOME=str(tmp_path / "home"), TERM="dumb", QT_QPA_PLATFORM="offscreen"
    )
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile"],
        cwd=str(tmp_path),
        env=environment,
        encoding="utf-8",
        timeout=240,
        dimensions=(50, 400),
    )
    shell.sendline(f"PS1='{PROMPT}'; PS2=''")
    shell.expect_exact("PS2=''")
    shell.expect_exact(PROMPT)
    new, again, sign_in = _prompts()
    typist = Typist()
    transcript: list[str] = []
    for command in commands(markdown):
        line = command.replace(SERVER_LINE, f"SERVER={postgres_url.replace('postgres@', '')}")
        line = line.replace(SUPERUSER_LINE, f"SUPERUSER={postgres_url}")
        shell.sendline(line)
        while True:
            seen = shell.expect([new, again, sign_in, re.escape(PROMPT)])
            transcript.append(str(shell.before) + str(shell.after))
            if seen == 0:
                shell.sendline(typist.new_password(shell.match.group(1)))
            elif seen == 1:
                shell.sendline(typist.last)
            elif seen == 2:
                name = shell.match.group(1)
                shell.sendline(typist.chosen.get(name) or typist.current[name])
            else:
                break
        shell.sendline("echo status=$?")
        shell.expect(r"status=(\d+)")
        status = int(shell.match.group(1))
        shell.expect_exact(PROMPT)
        assert status == 0, f"{command}\n{''.join(transcript[-3:])}"
        typist.succeeded()
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
    # What the walk-through says it makes is there.
    for made in (
        "all.jsonl",
        "utdrag.pdf",
        "stats.csv",
        "stats.xlsx",
        "report.pdf",
        "all.xlsx",
        "log.csv",
        "copy.nyanland",
        "laptop.sqlite3",
    ):
        assert (tmp_path / made).stat().st_size > 0, made
    assert (tmp_path / "stats.csv").read_text(encoding="utf-8").startswith("indicator,period")
    assert (tmp_path / "try-nyanland" / "nyanland" / "nyanland.sqlite3").exists()


def test_the_walk_through_is_found_and_leaves_out_only_what_it_must() -> None:
    found = commands(README.read_text(encoding="utf-8"))
    assert found[0] == 'export PATH="$PWD/.venv/bin:$PATH"'
    assert "nyanland init --admin siv" in found
    assert any(command.startswith("cat > new-cases.jsonl <<'EOF'\n") for command in found)
    assert "nyanland" not in found and "installer/build" not in found
