"""The `nyanland` command line of INTERCHANGE.md: argument parsing and printing over services."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TextIO

from nyanland import cli_accounts, cli_letter
from nyanland.cli_parser import (
    NEW_PASSWORD_VARIABLE,
    PASSWORD_VARIABLE,
    SERVER_PASSWORD_VARIABLE,
    USER_VARIABLE,
)
from nyanland.cli_parser import build_parser as build_parser
from nyanland.domain.disclosure import check_threshold
from nyanland.domain.errors import KnownError, ValidationFailed
from nyanland.domain.indicators import BY_ID, Comparison, Target
from nyanland.domain.timeline import Period
from nyanland.i18n import _, format_datetime, ngettext
from nyanland.reports.files import STANDARD_STREAM, is_standard_stream, write_bytes_atomically
from nyanland.reports.labels import unit_label
from nyanland.services import (
    accounts,
    audit,
    audit_checkpoints,
    backup,
    contributions,
    demo,
    retention,
    sfi_import,
    statistics_export,
    sync,
    targets,
    transfer,
)
from nyanland.services.context import ServiceContext
from nyanland.services.statistics_export import StatisticsFormat


class UsageError(KnownError):
    """The command was given wrong arguments."""


class AuditBroken(KnownError):
    """`audit verify` found entries that do not match their seals."""


def sync_report_text(report: sync.SyncReport) -> str:
    counts = (
        (
            ngettext("sent {n} change", "sent {n} changes", report.pushed + report.merged),
            report.pushed + report.merged,
        ),
        (ngettext("received {n} change", "received {n} changes", report.pulled), report.pulled),
        (
            ngettext(
                "created {n} case on the server",
                "created {n} cases on the server",
                report.created_there,
            ),
            report.created_there,
        ),
        (
            ngettext(
                "deleted {n} case on the server",
                "deleted {n} cases on the server",
                report.deleted_there,
            ),
            report.deleted_there,
        ),
    )
    text = _("synchronised: ") + ", ".join(part.format(n=n) for part, n in counts)
    for old, new in report.renumbered:
        text += "\n" + _("case {old} is now case {new}").format(old=old, new=new)
    if report.log_broken is not None:
        text += "\n" + _("warning: {problem}; the server's audit log says so").format(
            problem=report.log_broken
        )
    return text


def sync_status_text(status: sync.SyncStatus) -> str:
    last = format_datetime(status.last_sync) if status.last_sync is not None else _("never")
    return _("last sync: {when}; changes waiting: {pending}; conflicts: {conflicts}").format(
        when=last, pending=status.pending, conflicts=status.conflicts
    )


def password(prompt: str) -> str:
    """The sign-in password: NYANLAND_PASSWORD, else asked for on the terminal."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(
            _("no password: set {variable} or run the command in a terminal").format(
                variable=PASSWORD_VARIABLE
            )
        )
    return getpass.getpass(prompt)


def user_name(args: argparse.Namespace) -> str:
    if not args.user:
        raise UsageError(
            _("sign in: give --user NAME or set {variable}").format(variable=USER_VARIABLE)
        )
    return str(args.user)


def run(args: argparse.Namespace, context: ServiceContext | None, out: TextIO = sys.stdout) -> None:
    """Carries out one subcommand; raises KnownError with a message when it cannot."""
    command = args.command
    if command == "stats-merge":
        merge_statistics(args, out)
        return
    assert context is not None, "every other command signs in first"
    if command in ("init", "restore", "replica"):
        return  # done by signing in: creating the store, or signing in to the backup
    if command == "import-cases":
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
        for warning in report.warnings(str(args.file)):
            print(_("warning: {text}").format(text=warning), file=sys.stderr)
    elif command == "import-sfi":
        result = sfi_import.import_sfi(context, args.file, dry_run=args.dry_run)
        message = (
            ngettext(
                "checked: {n} SFI start can be recorded",
                "checked: {n} SFI starts can be recorded",
                result.recorded,
            )
            if args.dry_run
            else ngettext("recorded {n} SFI start", "recorded {n} SFI starts", result.recorded)
        )
        text = message.format(n=result.recorded)
        if result.already_recorded:
            text += "; " + ngettext(
                "{n} row was recorded already",
                "{n} rows were recorded already",
                result.already_recorded,
            ).format(n=result.already_recorded)
        print(text, file=out)
    elif command == "export-cases":
        count = transfer.export_cases(context, args.file)
        text = ngettext("exported {n} case to {file}", "exported {n} cases to {file}", count)
        _done(args.file, text.format(n=count, file=args.file), out)
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
    elif command == "stats":
        destination = _statistics_destination(args)
        period = Period.parse(args.period)
        statistics_export.export_statistics(
            context,
            period,
            check_threshold(args.threshold),
            StatisticsFormat(args.format),
            destination,
            args.municipality,
        )
        _said_statistics(destination, period, out)
    elif command == "stats-contribution":
        period = Period.parse(args.period)
        contributions.write_contribution(context, period, args.output)
        _done(
            args.output,
            _("wrote this store's counts for {period} to {file}").format(
                period=period.code, file=args.output
            ),
            out,
        )
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
    elif command == "users":
        cli_accounts.users(args, context, out, new_password)
    elif command == "passwd":
        # The password just given to sign in is the current one: it is not asked again.
        rotation = accounts.change_password(
            context, args.signed_in_password, new_password(context.actor.name)
        )
        print(_("your password is changed"), file=out)
        cli_accounts.rotated(rotation, out)
    elif command == "audit":
        _audit(args, context, out)
    elif command == "retention":
        _retention(args, context, out)
    elif command == "sync":
        if not args.status:
            # The same password as here, unless it was changed on the server since.
            secret = os.environ.get(SERVER_PASSWORD_VARIABLE) or args.signed_in_password
            print(sync_report_text(sync.sync_with_server(context, secret)), file=out)
        print(sync_status_text(sync.status(context)), file=out)
        for conflict in sync.conflicts(context):
            print(f"{conflict.case_number}: {conflict.message}", file=out)
    elif command == "extract":
        write_bytes_atomically(args.output, cli_letter.extract(args, context))
        _done(args.output, _("wrote the register extract to {file}").format(file=args.output), out)
    elif command == "letter":
        cli_letter.letter(args, context, out)
    elif command == "letter-sender":
        cli_letter.sender(args, context, out)
    else:  # pragma: no cover - argparse allows only the commands above
        raise UsageError(_("unknown command {command}").format(command=command))


def _done(path: Path, text: str, out: TextIO) -> None:
    """Says what was written: on standard error when the data itself went to standard output
    (`-`), so a pipe receives the data alone."""
    print(text, file=sys.stderr if is_standard_stream(path) else out)


def describe_target(target: Target) -> str:
    """`work_or_studies_share 2026: at least 50 percent`."""
    unit = unit_label(BY_ID[target.indicator].unit.value)
    return f"{target.indicator} {target.period}: {target.comparison.label} {target.value} {unit}"


def merge_statistics(args: argparse.Namespace, out: TextIO) -> None:
    """`stats-merge`: works on the contribution files alone, with no store and no sign-in."""
    destination = _statistics_destination(args)
    period = statistics_export.export_merged(
        args.files, check_threshold(args.threshold), StatisticsFormat(args.format), destination
    )
    _said_statistics(destination, period, out)


def _statistics_destination(args: argparse.Namespace) -> Path:
    """CSV goes to standard output when no file is named; the binary formats need one."""
    if args.output is not None:
        return Path(args.output)
    if args.format != "csv":
        raise UsageError(_("--output: needed for the {format} format").format(format=args.format))
    return Path(STANDARD_STREAM)


def _said_statistics(destination: Path, period: Period, out: TextIO) -> None:
    if not is_standard_stream(destination):
        print(
            _("wrote the statistics for {period} to {file}").format(
                period=period.code, file=destination
            ),
            file=out,
        )


def _audit(args: argparse.Namespace, context: ServiceContext, out: TextIO) -> None:
    if args.audit_action == "verify":
        result = audit.verify(context)
        found = audit_checkpoints.findings(result.broken, result.checkpoints)
        known = "\n".join(audit_checkpoints.limits(result.checkpoints))
        if found:
            raise AuditBroken(
                _("the audit log has been tampered with: {findings}").format(
                    findings="; ".join(found)
                )
                + "\n"
                + known
            )
        print(
            ngettext(
                "the audit log is intact ({n} entry)",
                "the audit log is intact ({n} entries)",
                result.entries,
            ).format(n=result.entries),
            file=out,
        )
        print(known, file=out)
        return
    query = audit.AuditQuery(args.by, args.person, args.since, args.until)
    if args.audit_action == "export":
        count = audit.export_csv(context, query, args.file)
        _done(
            args.file,
            ngettext("wrote {n} entry to {file}", "wrote {n} entries to {file}", count).format(
                n=count, file=args.file
            ),
            out,
        )
        return
    for event in audit.events(context, query):
        fields = [
            event.occurred_at.isoformat(timespec="seconds"),
            event.actor,
            event.action,
            event.case_number or "",
            event.detail,
        ]
        print("\t".join(fields), file=out)


def _retention(args: argparse.Namespace, context: ServiceContext, out: TextIO) -> None:
    action = args.retention_action
    if action == "set-years":
        retention.set_retention_years(context, args.years)
        print(_("closed cases are kept for {n} years").format(n=args.years), file=out)
        return
    due = retention.due(context)
    if action == "list":
        for case in due:
            print(f"{case.case_number}\t{case.closure_date.isoformat()}", file=out)
        print(
            ngettext(
                "{n} closed case is due for deletion",
                "{n} closed cases are due for deletion",
                len(due),
            ).format(n=len(due)),
            file=out,
        )
        return
    count = retention.delete_due(context, [case.id for case in due])
    print(
        ngettext("deleted {n} case for good", "deleted {n} cases for good", count).format(n=count),
        file=out,
    )


def new_password(name: str) -> str:
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
