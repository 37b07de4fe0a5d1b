"""The register extract (registerutdrag, GDPR article 15) of one person, for the officer to
hand over: a letter like the others (services/letters.py), in Swedish, or in the person's
language and Swedish. Writing it is logged as a print of the case and kept with its letters."""

from __future__ import annotations

from nyanland.domain.letters import LetterKind
from nyanland.services import letters
from nyanland.services.context import ServiceContext


def register_extract(context: ServiceContext, case_id: int, language: str = "sv") -> bytes:
    """The PDF, tagged PDF/A-2a."""
    signer = letters.Signer(context.actor.name)
    return letters.write(context, case_id, LetterKind.EXTRACT, language, signer).pdf
