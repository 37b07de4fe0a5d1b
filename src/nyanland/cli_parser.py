"""The `nyanland` command line's arguments: every subcommand of the interchange contract, its
options and its help texts in the chosen language."""

from __future__ import annotations

import argparse
import os
from datetime import date, time
from pathlib import Path
from typing import Any

from nyanland import __version__
from nyanland.domain.disclosure import DEFAULT_THRESHOLD
from nyanland.domain.indicators import BY_ID, Comparison
from nyanland.domain.letters import LANGUAGES, LetterKind
from nyanland.domain.roles import Role
from nyanland.i18n import SUPPORTED_LANGUAGES, _

NEW_PASSWORD_VARIABLE = "NYANLAND_NEW_PASSWORD"
USER_VARIABLE = "NYANLAND_USER"
PASSWORD_VARIABLE = "NYANLAND_PASSWORD"
SERVER_PASSWORD_VARIABLE = "NYANLAND_SERVER_PASSWORD"
# Commands that sign in to no store (init creates one, restore signs in to the backup).
WITHOUT_SIGN_IN = ("init", "restore", "stats-merge")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nyanland",
        description=_("Case tool for the establishment of newly arrived people."),
    )
    parser.add_argument("--version", action="version", version=f"nyanland {__version__}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="PATH", type=Path, help=_("the SQLite store to use"))
    where.add_argument(
        "--database-url",
        metavar="URL",
        help=_("a database URL, e.g. postgresql+psycopg://host/nyanland"),
    )
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES, help=_("the language to use"))
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=os.environ.get(USER_VARIABLE),
        help=_(
            "the account to sign in with (or {variable}; the password from {password} or asked for)"
        ).format(variable=USER_VARIABLE, password=PASSWORD_VARIABLE),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    init = commands.add_parser("init", help=_("create a new, empty store and its administrator"))
    init.add_argument("--admin", required=True, metavar="NAME", help=_("the administrator's name"))

    importer = commands.add_parser("import-cases", help=_("add the cases of a case file"))
    importer.add_argument("file", type=Path, metavar="FILE.jsonl")
    importer.add_argument(
        "--dry-run", action="store_true", help=_("check the whole file and change nothing")
    )

    sfi_import = commands.add_parser(
        "import-sfi", help=_("record SFI course starts from an SFI provider's list")
    )
    sfi_import.add_argument("file", type=Path, metavar="FILE.csv")
    sfi_import.add_argument(
        "--dry-run", action="store_true", help=_("check the whole file and change nothing")
    )

    exporter = commands.add_parser("export-cases", help=_("write every case to a case file"))
    exporter.add_argument("file", type=Path, metavar="FILE.jsonl")

    demo_data = commands.add_parser("demo-data", help=_("fill the store with invented cases"))
    demo_data.add_argument("--cases", type=int, required=True, metavar="N")
    demo_data.add_argument("--seed", type=int, default=1, metavar="S")
    demo_data.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=_("the day the invented history runs up to (default: today)"),
    )

    stats = commands.add_parser("stats", help=_("anonymised statistics for a period"))
    stats.add_argument("--period", required=True, metavar="YYYY-Qn|YYYY")
    stats.add_argument("--format", choices=("csv", "xlsx", "pdf"), default="csv")
    stats.add_argument("--municipality", metavar="NAME", help=_("the name on the PDF report"))
    stats.add_argument("--output", type=Path, metavar="FILE", help=_("default: standard output"))
    stats.add_argument(
        "--threshold",
        type=int,
        default=DEFAULT_THRESHOLD,
        metavar="K",
        help=_("suppress counts below K (at least 3)"),
    )

    contribution = commands.add_parser(
        "stats-contribution",
        help=_("write this store's unsuppressed counts for a coordinator to merge"),
    )
    contribution.add_argument("--period", required=True, metavar="YYYY-Qn|YYYY")
    contribution.add_argument("--output", type=Path, required=True, metavar="FILE")
    merge = commands.add_parser(
        "stats-merge", help=_("anonymised statistics from several stores' contribution files")
    )
    merge.add_argument("files", type=Path, nargs="+", metavar="FILE")
    merge.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    merge.add_argument("--output", type=Path, metavar="FILE")
    merge.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD, metavar="K")

    targets_command = commands.add_parser("targets", help=_("the strategy's targets"))
    target_actions = targets_command.add_subparsers(dest="target_action", required=True)
    target_actions.add_parser("list", help=_("list the targets"))
    set_target = target_actions.add_parser("set", help=_("set a target"))
    set_target.add_argument("indicator", choices=sorted(BY_ID))
    set_target.add_argument("period", metavar="YYYY|YYYY-Qn")
    set_target.add_argument("comparison", choices=Comparison.codes())
    set_target.add_argument("value", type=int)
    remove_target = target_actions.add_parser("remove", help=_("remove a target"))
    remove_target.add_argument("indicator", choices=sorted(BY_ID))
    remove_target.add_argument("period", metavar="YYYY|YYYY-Qn")

    users = commands.add_parser("users", help=_("the store's accounts (administrator)"))
    user_actions = users.add_subparsers(dest="user_action", required=True)
    add_user = user_actions.add_parser("add", help=_("add an account"))
    add_user.add_argument("name", metavar="NAME")
    add_user.add_argument("--role", required=True, choices=Role.codes())
    user_actions.add_parser("list", help=_("list the accounts"))
    for action, text in (
        ("disable", _("stop an account from signing in")),
        ("enable", _("let a disabled account sign in again")),
        ("reset-password", _("give an account a new password, to be changed at sign-in")),
    ):
        user_action = user_actions.add_parser(action, help=text)
        user_action.add_argument("name", metavar="NAME")
    change_role = user_actions.add_parser("role", help=_("give an account another role"))
    change_role.add_argument("name", metavar="NAME")
    change_role.add_argument("--role", required=True, choices=Role.codes())
    unlock = user_actions.add_parser(
        "unlock", help=_("let an account locked after wrong passwords try again now")
    )
    unlock.add_argument("name", metavar="NAME")
    user_actions.add_parser(
        "caseloads", help=_("how many open and closed cases each officer holds")
    )
    hand_over = user_actions.add_parser(
        "hand-over",
        help=_("give an officer's open cases to colleagues, evenly, households together"),
    )
    hand_over.add_argument("name", metavar="NAME", help=_("the officer whose cases go"))
    hand_over.add_argument(
        "--to", action="append", required=True, metavar="NAME", help=_("a colleague (repeatable)")
    )
    hand_over.add_argument(
        "--include-closed", action="store_true", help=_("the closed cases go with the open ones")
    )
    user_actions.add_parser(
        "rotate-key",
        help=_("change the store's key now (sealed to every account; no password needed)"),
    )
    commands.add_parser("passwd", help=_("change your own password"))

    audit_command = commands.add_parser("audit", help=_("the audit log (administrator)"))
    audit_actions = audit_command.add_subparsers(dest="audit_action", required=True)
    audit_actions.add_parser("verify", help=_("check that no entry was changed or removed"))
    for action, text in (("list", _("print entries")), ("export", _("write entries as CSV"))):
        listing = audit_actions.add_parser(action, help=text)
        if action == "export":
            listing.add_argument("file", type=Path, metavar="FILE.csv")
        listing.add_argument("--by", metavar="USER", default="", help=_("only this user's"))
        listing.add_argument(
            "--person", default="", help=_("only this case number or identity number")
        )
        listing.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD")
        listing.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD")

    retention_command = commands.add_parser(
        "retention", help=_("closed cases due for deletion (administrator)")
    )
    retention_actions = retention_command.add_subparsers(dest="retention_action", required=True)
    retention_actions.add_parser("list", help=_("list the cases due for deletion"))
    retention_actions.add_parser("delete", help=_("delete every case due, for good"))
    set_years = retention_actions.add_parser("set-years", help=_("how long closed cases are kept"))
    set_years.add_argument("years", type=int, metavar="N")

    extract = commands.add_parser(
        "extract", help=_("a person's register extract (registerutdrag) as a PDF")
    )
    extract.add_argument("case_number", metavar="CASE_NUMBER")
    extract.add_argument("--output", type=Path, required=True, metavar="FILE.pdf")
    extract.add_argument(
        "--lang",
        dest="letter_lang",
        default="sv",
        metavar="L",
        help=_("the person's language, beside Swedish"),
    )
    _letter_parser(commands)

    replica = commands.add_parser(
        "replica",
        help=_("make this computer's store a copy of your caseload on the team's server"),
    )
    replica.add_argument("server", metavar="SERVER_URL")
    sync_command = commands.add_parser(
        "sync", help=_("send this laptop's changes to the team's server and fetch its changes")
    )
    sync_command.add_argument(
        "--status", action="store_true", help=_("only show the last sync and what waits")
    )

    commands.add_parser(
        "self-test",
        help=_("check that nyanland works on this computer (in a temporary folder)"),
    )

    backup_command = commands.add_parser("backup", help=_("write a consistent copy of the store"))
    backup_command.add_argument("file", type=Path, metavar="FILE")
    restore_command = commands.add_parser("restore", help=_("replace the store with a backup"))
    restore_command.add_argument("file", type=Path, metavar="FILE")
    return parser


def _letter_parser(commands: Any) -> None:
    letter = commands.add_parser(
        "letter",
        help=_("write a letter to the person, in their language and Swedish, as a PDF"),
    )
    letter.add_argument("case_number", metavar="CASE_NUMBER")
    letter.add_argument("kind", choices=[kind.value for kind in LetterKind], metavar="KIND")
    letter.add_argument(
        "--lang",
        dest="letter_lang",
        required=True,
        metavar="L",
        help=_("one of the person's letter languages: {codes}").format(codes=", ".join(LANGUAGES)),
    )
    letter.add_argument("--output", type=Path, required=True, metavar="FILE.pdf")
    letter.add_argument("--signed-by", metavar="NAME", help=_("your name as the letter gives it"))
    letter.add_argument("--phone", default="", help=_("your phone (else the unit's)"))
    meeting = letter.add_argument_group(_("a meeting invitation"))
    meeting.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD")
    meeting.add_argument("--time", type=_clock_time, metavar="HH:MM")
    meeting.add_argument("--place", default="")
    meeting.add_argument(
        "--interpreter",
        action=argparse.BooleanOptionalAction,
        default=False,
        help=_("an interpreter is booked"),
    )

    sender = commands.add_parser(
        "letter-sender",
        help=_("the municipality as its letters name it: name, unit, contacts (administrator)"),
    )
    for name, said in (
        ("municipality", _("the municipality's name")),
        ("unit", _("the unit that writes, e.g. Integrationsenheten")),
        ("address", _("the visiting address")),
        ("phone", _("the unit's phone")),
        ("email", _("the unit's e-mail address")),
        ("hours", _("the opening hours")),
    ):
        sender.add_argument(f"--{name}", dest=f"sender_{name}", help=said)
    sender.add_argument("--logo", type=Path, metavar="FILE.png", help=_("a PNG or JPEG logo"))


def _clock_time(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a time written HH:MM")) from None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date written YYYY-MM-DD")) from None
