"""The `nyanland` command line of INTERCHANGE.md: argument parsing and printing over services."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from nyanland import __version__
from nyanland.domain.disclosure import DEFAULT_THRESHOLD, check_threshold, publish
from nyanland.domain.errors import KnownError, ValidationFailed
from nyanland.domain.indicators import BY_ID, Comparison, Target
from nyanland.domain.timeline import Period
from nyanland.i18n import SUPPORTED_LANGUAGES, _, ngettext
from nyanland.reports.files import write_bytes_atomically
from nyanland.reports.labels import unit_label
from nyanland.reports.statistics_csv import statistics_csv
from nyanland.reports.statistics_pdf import statistics_pdf
from nyanland.reports.statistics_xlsx import statistics_xlsx
from nyanland.services import (
    accounts,
    backup,
    contributions,
    demo,
    statistics,
    targets,
    transfer,
)
from nyanland.services.context import ServiceContext

NEW_PASSWORD_VARIABLE = "NYANLAND_NEW_PASSWORD"


class UsageError(KnownError):
    """The command was given wrong arguments."""


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
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    init = commands.add_parser("init", help=_("create a new, empty store and its administrator"))
    init.add_argument("--admin", required=True, metavar="NAME", help=_("the administrator's name"))

    importer = commands.add_parser("import-cases", help=_("add the cases of a case file"))
    importer.add_argument("file", type=Path, metavar="FILE.jsonl")
    importer.add_argument(
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
        "--threshold", type=int, default=DEFAULT_THRESHOLD, metavar="K",
        help=_("suppress counts below K (at least 3)"),
    )  # fmt: skip

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

    backup_command = commands.add_parser("backup", help=_("write a consistent copy of the store"))
    backup_command.add_argument("file", type=Path, metavar="FILE")
    restore_command = commands.add_parser("restore", help=_("replace the store with a backup"))
    restore_command.add_argument("file", type=Path, metavar="FILE")
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date written YYYY-MM-DD")) from None


def default_actor() -> str:
    """Who acts on the command line, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def run(args: argparse.Namespace, context: ServiceContext, out: TextIO = sys.stdout) -> None:
    """Carries out one subcommand; raises KnownError with a message when it cannot."""
    command = args.command
    if command == "init":
        accounts.initialise(context, args.admin, _new_password(args.admin))
        print(
            _("created the store {store} with the administrator {name}").format(
                store=context.store.describe(), name=args.admin
            ),
            file=out,
        )
    elif command == "import-cases":
        report = transfer.import_cases(context, args.file, dry_run=args.dry_run)
        if report.dry_run:
            message = ngettext(
                "checked {n} case: the file can be imported",
                "checked {n} cases: the file can be imported",
                report.count,
            )
        else:
            message = ngettext("imported {n} case", "imported {n} cases", report.count)
        print(message.format(n=report.count), file=out)
    elif command == "export-cases":
        count = transfer.export_cases(context, args.file)
        print(
            ngettext("exported {n} case to {file}", "exported {n} cases to {file}", count).format(
                n=count, file=args.file
            ),
            file=out,
        )
    elif command == "demo-data":
        if args.cases < 1:
            raise UsageError(_("--cases: must be at least 1"))
        count = demo.add_demo_cases(
            context, args.cases, args.seed, args.as_of or context.clock.today()
        )
        print(
            ngettext("added {n} invented case", "added {n} invented cases", count).format(n=count),
            file=out,
        )
    elif command in ("stats", "stats-merge"):
        threshold = check_threshold(args.threshold)
        if command == "stats":
            period = Period.parse(args.period)
            rows = statistics.published(context, period, threshold)
        else:
            raw = contributions.merge_contributions(args.files)
            period = Period.parse(raw.period)
            rows = publish(raw, threshold)
        if args.format == "csv" and args.output is None:
            out.write(statistics_csv(rows))
            return
        if args.output is None:
            raise UsageError(
                _("--output: needed for the {format} format").format(format=args.format)
            )
        if args.format == "csv":
            content = statistics_csv(rows).encode("utf-8")
        elif args.format == "xlsx":
            content = statistics_xlsx(
                rows, period.code, threshold, targets.targets_for(context, period)
            )
        else:
            if command == "stats-merge":
                raise UsageError(_("--format pdf: the merged report is written as csv or xlsx"))
            content = statistics_pdf(
                rows, period.code, threshold, statistics.trends(context, period, threshold),
                args.municipality or statistics.municipality_name(context), context.clock.today(),
                targets.targets_for(context, period),
            )  # fmt: skip
        write_bytes_atomically(args.output, content)
        print(_("wrote the statistics for {period} to {file}").format(
            period=period.code, file=args.output), file=out)  # fmt: skip
    elif command == "stats-contribution":
        period = Period.parse(args.period)
        contributions.write_contribution(context, period, args.output)
        print(_("wrote this store's counts for {period} to {file}").format(
            period=period.code, file=args.output), file=out)  # fmt: skip
    elif command == "targets":
        if args.target_action == "set":
            target = targets.set_target(
                context,
                Target(args.indicator, args.period, Comparison(args.comparison), args.value),
            )
            print(describe_target(target), file=out)
        elif args.target_action == "remove":
            targets.remove_target(context, args.indicator, args.period)
        else:
            for target in targets.all_targets(context):
                print(describe_target(target), file=out)
    elif command == "backup":
        written = backup.backup(context, args.file)
        print(_("wrote the backup {file}").format(file=written), file=out)
    elif command == "restore":
        saved = backup.restore(context, args.file)
        print(
            _("restored {file}; the store as it was is kept in {saved}").format(
                file=args.file, saved=saved
            ),
            file=out,
        )
    else:  # pragma: no cover - argparse allows only the commands above
        raise UsageError(_("unknown command {command}").format(command=command))


def describe_target(target: Target) -> str:
    """`work_or_studies_share 2026: at least 50 percent`."""
    unit = unit_label(BY_ID[target.indicator].unit.value)
    return f"{target.indicator} {target.period}: {target.comparison.label} {target.value} {unit}"


def _new_password(name: str) -> str:
    password = os.environ.get(NEW_PASSWORD_VARIABLE)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UsageError(
            _("no password: set {variable} or run the command in a terminal").format(
                variable=NEW_PASSWORD_VARIABLE
            )
        )
    first = getpass.getpass(_("New password for {name}: ").format(name=name))
    again = getpass.getpass(_("The same password again: "))
    if first != again:
        raise UsageError(_("the two passwords differ; nothing was changed"))
    return first


def error_text(error: KnownError) -> str:
    """A known error as printed: one line per problem."""
    if isinstance(error, ValidationFailed):
        return "\n".join(str(p) for p in error.problems)
    return str(error)
