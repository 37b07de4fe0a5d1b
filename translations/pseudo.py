"""Pseudo-locales for checking layouts, made from the template (never translated by hand):

- `en_XA`: every text lengthened by about 40 % and bracketed, with accented letters, so a
  clipped or untranslated text shows at a glance (`[Ŝáṽé ~~~]`);
- `ar_XB`: every text wrapped in right-to-left marks, so the window mirrors as it will for
  Arabic and text direction problems show.

    python translations/pseudo.py translations/nyanland.pot src/nyanland/locale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ACCENTED = str.maketrans(
    "aAcCeEgGhHiIjJkKlLnNoOrRsStTuUwWyYzZ",
    "áÁçÇéÉĝĜĥĤíÍĵĴķĶĺĹñÑöÖŕŔŝŜţŢúÚŵŴýÝžŽ",
)
# Kept as they are: placeholders, accelerators' ampersands, newlines and format codes.
_KEEP = re.compile(r"(\{[^}]*\}|&&|&|\n|%\w|\[\*\])")
RLE, PDF = "\u202b", "\u202c"


def lengthen(text: str) -> str:
    parts = _KEEP.split(text)
    shown = "".join(p if _KEEP.fullmatch(p) else p.translate(ACCENTED) for p in parts)
    padding = "~" * max(1, round(len(text) * 0.4))
    return f"[{shown} {padding}]"


def right_to_left(text: str) -> str:
    return f"{RLE}{text}{PDF}"


def make(template: Path, folder: Path) -> None:
    with template.open("rb") as handle:
        source = read_po(handle)
    for code, change in (("en_XA", lengthen), ("ar_XB", right_to_left)):
        catalog = Catalog(locale="en", domain="nyanland")
        for message in source:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                string: object = tuple(change(part) for part in message.id)
            else:
                string = change(message.id)
            catalog.add(message.id, string, context=message.context)
        target = folder / code / "LC_MESSAGES" / "nyanland.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalog)


if __name__ == "__main__":
    make(Path(sys.argv[1]), Path(sys.argv[2]))
