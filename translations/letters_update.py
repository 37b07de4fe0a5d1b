"""Merges the letters' template (translations/letters/letters.pot) into each language's
catalogue, keeping its translations and its review status, and copies the catalogues into
the package. `make extract-messages` runs the merge; `make catalogs` the copy.

    python translations/letters_update.py merge translations/letters
    python translations/letters_update.py install translations/letters src/nyanland/locale

Babel drops headers it does not know, so the `X-Review-Status` line (reviewed or draft) is
read before and written back after. A new language starts as a draft with no translations."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LANGUAGES = ("sv", "en", "ar", "prs", "ti", "so", "uk", "kmr", "ckb")
STATUS = re.compile(r'^"X-Review-Status: *([a-z]+) *\\n"$', re.MULTILINE)


def merged(template: Catalog, language: str, old_text: str | None) -> str:
    old = read_po(io.StringIO(old_text)) if old_text else None
    status = STATUS.search(old_text).group(1) if old_text and STATUS.search(old_text) else "draft"
    out = Catalog(
        domain="letters",
        project="nyanland letters",
        version="1",
        fuzzy=False,
        header_comment=(
            f"# The wording of nyanland's letters to newcomers: {language}.\n"
            "# Licensed as nyanland is (EUPL-1.2). X-Review-Status says whether a translator\n"
            "# has checked it (reviewed) or not (draft); a draft letter says so in its footer."
        ),
    )
    out.language_team = language
    for message in template:
        if not message.id:
            continue
        kept = old.get(message.id) if old is not None else None
        out.add(message.id, kept.string if kept is not None else "")
    buffer = io.BytesIO()
    write_po(buffer, out, width=100, sort_output=True)
    text = buffer.getvalue().decode("utf-8")
    lines = f'"Language: {language}\\n"\n"X-Review-Status: {status}\\n"\n'
    at = text.index('"Generated-By:')
    return text[:at] + lines + text[at:]


def merge(folder: Path) -> None:
    template = read_po(io.StringIO((folder / "letters.pot").read_text(encoding="utf-8")))
    for language in LANGUAGES:
        path = folder / f"{language}.po"
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(merged(template, language, old), encoding="utf-8")


def install(folder: Path, locale: Path) -> None:
    for language in LANGUAGES:
        target = locale / language / "LC_MESSAGES" / "letters.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / f"{language}.po", target)


if __name__ == "__main__":
    if sys.argv[1:2] == ["merge"]:
        merge(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["install"]:
        install(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
