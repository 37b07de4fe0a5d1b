"""The wording of the letters, one translation catalogue per language (the `letters` domain,
translations/letters/*.po, compiled into the package), each with a review status.

A catalogue's header says whether a translator has reviewed it (`X-Review-Status: reviewed`)
or not (`draft`); a draft letter says so in its footer. The administrator may replace a
language's catalogue with the municipality's own wording (a .po file, edited in any
translation tool): it is kept in the store and used instead of the shipped one, and every
message it leaves out, or gets wrong, is taken from the shipped one."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from nyanland.domain.errors import FieldError
from nyanland.domain.letters import LANGUAGES
from nyanland.i18n import _

DOMAIN = "letters"
STATUS_HEADER = "X-Review-Status"
REVIEWED, DRAFT = "reviewed", "draft"
_FIELD = re.compile(r"\{([a-z_]+)\}")


def L_(text: str) -> str:  # the marker translations/letters.pot is extracted by
    """Marks a letter's text; it is looked up in the letter's catalogue when written."""
    return text


@dataclass(frozen=True)
class LetterCatalogue:
    language: str
    messages: Mapping[str, str]
    status: str  # REVIEWED or DRAFT
    local: bool  # the municipality's own wording (from the store)

    def text(self, msgid: str, **values: str) -> str:
        translated = self.messages.get(msgid) or msgid
        return translated.format(**values) if values else translated

    @property
    def draft(self) -> bool:
        return self.status != REVIEWED


@cache
def shipped(language: str) -> LetterCatalogue:
    """The shipped catalogue, read once per process."""
    text = shipped_po(language)
    return LetterCatalogue(language, _messages(_read(text)), status_of(text), local=False)


def catalogue(language: str, local_po: str | None) -> LetterCatalogue:
    """The catalogue a letter in `language` is written with: the municipality's wording
    (`local_po`, as the store keeps it) over the shipped one."""
    base = shipped(language)
    if not local_po:
        return base
    local = parse_po(language, local_po)
    merged = {**base.messages, **_messages(local)}
    return LetterCatalogue(language, merged, status_of(local_po), local=True)


def parse_po(language: str, text: str) -> Catalog:
    """The catalogue in `text`, checked: it is for `language`, its messages are the letters'
    and each keeps the {fields} of its original (FieldError naming the problem otherwise)."""
    try:
        catalog = _read(text)
    except (PoFileError, ValueError, UnicodeError) as error:
        raise FieldError(
            "catalogue", _("is not a readable .po file ({error})").format(error=str(error)[:120])
        ) from None
    said = catalog.locale_identifier if catalog.locale is not None else _language_header(text)
    if said and said.replace("-", "_").split("_")[0] != language:
        raise FieldError(
            "catalogue",
            _("is for the language {said}, not {language}").format(said=said, language=language),
        )
    known = set(shipped("sv").messages)
    for message in catalog:
        msgid = message.id
        if not msgid or not isinstance(msgid, str) or not message.string:
            continue
        if msgid not in known:
            raise FieldError(
                "catalogue", _("has a text no letter uses: {text}").format(text=msgid[:60])
            )
        if set(_FIELD.findall(str(message.string))) != set(_FIELD.findall(msgid)):
            raise FieldError(
                "catalogue",
                _("the translation of “{text}” must keep the fields {fields}").format(
                    text=msgid[:60],
                    fields=" ".join(sorted(f"{{{name}}}" for name in set(_FIELD.findall(msgid))))
                    or "–",
                ),
            )
    if status_of(text) not in (REVIEWED, DRAFT):
        raise FieldError("catalogue", _("its X-Review-Status must be reviewed or draft"))
    return catalog


def as_po(language: str, local_po: str | None) -> str:
    """The catalogue in force for `language` as a .po file to edit (every message present)."""
    current = catalogue(language, local_po)
    template = _read(shipped_po(language))
    out = Catalog(locale=None, domain=DOMAIN, project="nyanland letters", fuzzy=False)
    out.language_team = LANGUAGES[language].english_name
    for message in template:
        if message.id and isinstance(message.id, str):
            out.add(
                message.id,
                current.messages.get(message.id, ""),
                auto_comments=[*message.auto_comments],
            )
    buffer = io.BytesIO()
    write_po(buffer, out, width=100, omit_header=False)
    header = f'"Language: {language}\\n"\n"{STATUS_HEADER}: {current.status}\\n"\n'
    return _with_header_lines(buffer.getvalue().decode("utf-8"), header)


def _with_header_lines(po: str, lines: str) -> str:
    marker = '"Generated-By:'
    at = po.index(marker)
    return po[:at] + lines + po[at:]


def _language_header(text: str) -> str | None:
    match = re.search(r'^"Language: ([A-Za-z_-]+)\\n"', text, re.MULTILINE)
    return match.group(1) if match else None


def status_of(po: str) -> str:
    """The catalogue's review status, as its header says (Babel keeps no unknown header)."""
    match = re.search(rf'^"{STATUS_HEADER}: *([a-z]+) *\\n"', po, re.MULTILINE | re.IGNORECASE)
    return match.group(1).lower() if match else DRAFT


def _messages(catalog: Catalog) -> dict[str, str]:
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def _read(text: str) -> Catalog:
    return read_po(io.StringIO(text), abort_invalid=True)


@cache
def shipped_po(language: str) -> str:
    """The shipped catalogue's text (translations/letters/LANG.po, copied into the package)."""
    if language not in LANGUAGES:
        raise KeyError(language)
    path = files("nyanland") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    return path.read_text(encoding="utf-8")
