"""The composition root: reads the arguments, opens the store, builds the services, then runs
a subcommand or the desktop window. The window's start loads only what the sign-in dialog
needs (the commands, the services and the database layer are loaded when used)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nyanland import __version__, i18n
from nyanland.cli_parser import build_parser
from nyanland.diagnostics import configure_logging, write_crash_report
from nyanland.domain.errors import KnownError
from nyanland.services.store_setup import database_url

if TYPE_CHECKING:
    from nyanland.services.context import ServiceContext

log = logging.getLogger("nyanland")


def main(argv: Sequence[str] | None = None) -> int:
    i18n.set_language(i18n.language_from_environment())
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging()
    log.info("nyanland %s: %s", __version__, args.command or "window")
    if args.lang:
        i18n.set_language(args.lang)
        parser = build_parser()  # help texts in the chosen language
        args = parser.parse_args(argv)
    url = database_url(args.db, args.database_url)
    if args.command == "self-test":
        from nyanland.ui.self_test import self_test

        return self_test()
    if args.command is None:
        from nyanland.ui.launch import run_desktop  # Qt is loaded only for the window

        return run_desktop(url)
    from nyanland import cli
    from nyanland.services import signin

    context: ServiceContext | None = None
    try:
        context = _sign_in(args, url)
        cli.run(args, context)
        sys.stdout.flush()  # a closed pipe is found here, not at the interpreter's exit
        return 0
    except BrokenPipeError:
        # The reader went away (`nyanland … | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for a tool its pipe closed
    except KnownError as error:
        log.info("refused: %s", type(error).__name__)  # the message may quote the input
        print(cli.error_text(error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(i18n._("interrupted; nothing was changed"), file=sys.stderr)
        return 130
    except Exception as error:  # a bug: say where the report is, never what the data was
        report = write_crash_report(error)
        print(
            i18n._(
                "nyanland failed unexpectedly; a report without personal data is in {file}"
            ).format(file=report or "-"),
            file=sys.stderr,
        )
        return 70
    finally:
        if context is not None:
            signin.sign_out(context)  # an administrator's checkpoint of the audit log


def _sign_in(args: argparse.Namespace, url: str) -> ServiceContext | None:
    """The signed-in context a subcommand runs in (None for those that need no store)."""
    from nyanland import cli
    from nyanland.services import backup, signin, sync
    from nyanland.services.context import Clock

    clock = Clock()
    if args.command == "init":
        context = signin.create_store(url, args.admin, cli.new_password(args.admin), clock)
        print(
            i18n._("the store {store} is ready, with the administrator {name}").format(
                store=context.store.describe(), name=args.admin
            )
        )
        return context
    if args.command == "stats-merge":
        return None
    user = cli.user_name(args)
    secret = cli.password(i18n._("Password for {name}: ").format(name=user))
    args.signed_in_password = secret
    if args.command == "replica":
        local, server, report = sync.create_replica(args.server, url, user, secret, clock)
        server.store.dispose()
        print(
            i18n._("made {store} a copy of your caseload on the server ({n} cases)").format(
                store=local.store.describe(), n=report.pulled
            )
        )
        return local
    if args.command == "restore":
        restored = backup.restore(url, args.file, user, secret, clock)
        print(
            i18n._("restored {file}; the store as it was is kept in {saved}").format(
                file=args.file, saved=restored.saved
            )
        )
        return restored.context
    signed_in = signin.sign_in(url, user, secret, clock)
    if signed_in.must_change_password and args.command != "passwd":
        signed_in.context.store.dispose()
        raise cli.UsageError(
            i18n._(
                "the administrator set your password: choose your own first with "
                "`nyanland --user {name} passwd`"
            ).format(name=user)
        )
    return signed_in.context
