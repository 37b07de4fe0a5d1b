"""`letter` and `extract`: a letter to the person (or their register extract) as a PDF, in
their language and Swedish, recorded in the case."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace
from typing import TextIO

from nyanland.domain.errors import FieldError
from nyanland.domain.letters import LetterKind, Meeting
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.reports.files import write_bytes_atomically
from nyanland.services import letter_sender, letters
from nyanland.services.access import require
from nyanland.services.cases import CaseService
from nyanland.services.context import ServiceContext


def letter(args: argparse.Namespace, context: ServiceContext, out: TextIO) -> None:
    """Writes the letter, and says which of its parts are drafts."""
    kind = LetterKind(args.kind)
    case_id = CaseService(context).find_by_number(args.case_number)
    meeting = None
    if kind is LetterKind.MEETING and args.date and args.time:
        meeting = Meeting(args.date, args.time, args.place, args.interpreter)
    signer = letters.Signer(args.signed_by or context.actor.name, args.phone)
    written = letters.write(context, case_id, kind, args.letter_lang, signer, meeting)
    write_bytes_atomically(args.output, written.pdf)
    print(
        _("wrote the {kind} to {file}").format(kind=kind.label.lower(), file=args.output),
        file=out,
    )
    for code in written.drafts:
        print(
            _("the {lang} wording is a draft: the letter says so in its footer").format(lang=code),
            file=out,
        )


def extract(args: argparse.Namespace, context: ServiceContext) -> bytes:
    case_id = CaseService(context).find_by_number(args.case_number)
    written = letters.write(
        context, case_id, LetterKind.EXTRACT, args.letter_lang, letters.Signer(context.actor.name)
    )
    return written.pdf


def sender(args: argparse.Namespace, context: ServiceContext, out: TextIO) -> None:
    """`letter-sender`: changes what is given, then shows what the letters will say."""
    require(context, Permission.ADMINISTER)
    kept = letter_sender.details(context)
    given = {
        name: value
        for name in ("municipality", "unit", "address", "phone", "email", "hours")
        if (value := getattr(args, f"sender_{name}")) is not None
    }
    if given:
        letter_sender.save_details(context, replace(kept, **given))
    if args.logo is not None:
        try:
            image = args.logo.read_bytes()
        except OSError as error:
            raise FieldError(
                "logo", _("cannot be read ({error})").format(error=error.strerror or error)
            ) from None
        letter_sender.set_logo(context, image)
    for name, value in asdict(letter_sender.details(context)).items():
        print(f"{name}: {value}", file=out)
    has_logo = _("yes") if letter_sender.logo(context) else _("no")
    print(f"logo: {has_logo}", file=out)
