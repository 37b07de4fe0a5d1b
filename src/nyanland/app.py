"""The composition root: reads the arguments, opens the store, builds the services, then runs
a subcommand or the desktop window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from nyanland import cli, i18n
from nyanland.diagnostics import write_crash_report
from nyanland.domain.errors import KnownError
from nyanland.services.context import ServiceContext
from nyanland.services.store_setup import database_url, open_store
from nyanland.store.engine import Store


def main(argv: Sequence[str] | None = None) -> int:
    i18n.set_language(i18n.language_from_environment())
    parser = cli.build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
        parser = cli.build_parser()  # help texts in the chosen language
        args = parser.parse_args(argv)
    url = database_url(args.db, args.database_url)
    if args.command is None:
        from nyanland.ui.launch import run_desktop  # Qt is loaded only for the window

        return run_desktop(url)
    store: Store | None = None
    try:
        store = open_store(url, migrate_to_head=args.command != "restore")
        cli.run(args, ServiceContext(store=store, actor=cli.default_actor()))
        return 0
    except KnownError as error:
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
        if store is not None:
            store.dispose()
