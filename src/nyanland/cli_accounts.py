"""`nyanland users …`: the administrator's accounts and caseloads from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from nyanland.domain.roles import Role
from nyanland.i18n import _, ngettext
from nyanland.services import account_admin, accounts, caseloads, key_rotation
from nyanland.services.context import ServiceContext


def users(
    args: argparse.Namespace,
    context: ServiceContext,
    out: TextIO,
    new_password: Callable[[str], str],
) -> None:
    action = args.user_action
    if action == "list":
        _list(context, out)
    elif action == "add":
        accounts.add_account(context, args.name, Role(args.role), new_password(args.name))
        print(
            _("added the account {name} ({role})").format(name=args.name, role=args.role), file=out
        )
    elif action in ("disable", "enable"):
        rotation = accounts.set_disabled(context, args.name, action == "disable")
        message = _("disabled {name}") if action == "disable" else _("enabled {name}")
        print(message.format(name=args.name), file=out)
        rotated(rotation, out)
    elif action == "rotate-key":
        rotated(key_rotation.rotate(context), out)
    elif action == "role":
        changed = account_admin.change_role(context, args.name, Role(args.role))
        message = _("{name} is now {role}") if changed else _("{name} was {role} already")
        print(message.format(name=args.name, role=Role(args.role).label), file=out)
    elif action == "unlock":
        account_admin.unlock_account(context, args.name)
        print(_("{name} may sign in again").format(name=args.name), file=out)
    elif action == "caseloads":
        _caseloads(context, out)
    elif action == "hand-over":
        done = caseloads.hand_over(context, args.name, args.to, args.include_closed)
        print(
            ngettext(
                "handed {n} case over: {shares}", "handed {n} cases over: {shares}", done.total
            ).format(n=done.total, shares=done.summary()),
            file=out,
        )
    else:
        rotation = accounts.reset_password(context, args.name, new_password(args.name))
        print(
            _("{name} has a new password, to be changed at the next sign-in").format(
                name=args.name
            ),
            file=out,
        )
        rotated(rotation, out)


def _list(context: ServiceContext, out: TextIO) -> None:
    for account in accounts.list_accounts(context):
        state = [_("disabled")] if account.disabled else []
        if account.locked_until and account.locked_until > context.clock.now():
            state.append(_("locked"))
        last = (
            account.last_sign_in_at.strftime("%Y-%m-%d %H:%M")
            if account.last_sign_in_at
            else _("never signed in")
        )
        print("\t".join([account.username, account.role.value, last, *state]), file=out)


def _caseloads(context: ServiceContext, out: TextIO) -> None:
    """One line per officer: name, open cases, closed cases (tab-separated, for scripts)."""
    for load in caseloads.caseloads(context):
        name = load.officer if load.officer is not None else _("(nobody)")
        state = [] if load.active or load.officer is None else [_("may not be given cases")]
        print("\t".join([name, str(load.open), str(load.closed), *state]), file=out)


def rotated(rotation: key_rotation.Rotation | None, out: TextIO) -> None:
    """What became of the store's key (nothing to say on a server store)."""
    if rotation is not None and (rotation.accounts or not rotation.done):
        print(rotation.message(), file=out)
