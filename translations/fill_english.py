"""Fills each untranslated message of the English catalogue with its source text.

The source strings are English, so en.po starts as a copy of them; keeping it a full
catalogue lets the English wording be polished without touching code, and lets the
completeness test treat every language alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main(path: Path) -> None:
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or all(strings):
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalogue, omit_header=False, sort_output=True, width=100)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
