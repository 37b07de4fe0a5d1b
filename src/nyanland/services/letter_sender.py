"""The municipality as its letters present it, kept by the administrator (Administration →
Letters): the unit, its contacts and logo, and, per language, the municipality's own wording
of the letters (a translation catalogue that replaces the shipped one). Also what a letter
says of a case: the facts taken from it."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import select

from nyanland.domain.errors import FieldError
from nyanland.domain.letters import LANGUAGES, Meeting, check_phone
from nyanland.domain.roles import Permission
from nyanland.i18n import _
from nyanland.reports.letter_html import LetterFacts, Sender
from nyanland.services import audit, statistics
from nyanland.services.access import require
from nyanland.services.audit import AuditAction
from nyanland.services.context import ServiceContext
from nyanland.services.records import CaseRecord
from nyanland.store.models import SettingRow

SENDER_KEY = "letters.sender"
LOGO_KEY = "letters.logo"
WORDING_KEY = "letters.wording."  # + the language's code
LOGO_MAX = 512 * 1024
TEXT_MAX = 200
DEFAULT_UNIT = "Integrationsenheten"  # the letterhead is Swedish, whatever the window speaks
_LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class SenderDetails:
    """What the administrator keeps."""

    municipality: str = ""
    unit: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""


def details(context: ServiceContext) -> SenderDetails:
    with context.store.reading() as session:
        row = session.get(SettingRow, SENDER_KEY)
    if row is None:
        return SenderDetails(municipality=statistics.municipality_name(context), unit=DEFAULT_UNIT)
    kept = json.loads(row.value)
    return SenderDetails(**{f.name: str(kept.get(f.name, "")) for f in fields(SenderDetails)})


def sender(context: ServiceContext, name_required: bool = True) -> Sender:
    """The sender as a letter prints it. The letters need the municipality's name; the
    register extract, a right the person has whatever is configured, makes do with the unit's."""
    kept = details(context)
    name = kept.municipality or statistics.municipality_name(context)
    if not name and not name_required:
        name = kept.unit or DEFAULT_UNIT
    if not name:
        raise FieldError(
            "municipality",
            _(
                "the letters need the municipality's name: the administrator gives it under "
                "Administration → Letters (or with the command letter-sender --municipality)"
            ),
        )
    return Sender(logo=logo(context), **{**asdict(kept), "municipality": name})


def save_details(context: ServiceContext, kept: SenderDetails) -> None:
    require(context, Permission.ADMINISTER)
    cleaned = {f.name: " ".join(str(getattr(kept, f.name)).split()) for f in fields(kept)}
    for name, value in cleaned.items():
        if len(value) > TEXT_MAX:
            raise FieldError(name, _("is longer than {n} characters").format(n=TEXT_MAX))
    cleaned["phone"] = check_phone(cleaned["phone"])
    if cleaned["email"] and "@" not in cleaned["email"]:
        raise FieldError("email", _("is not an e-mail address"))
    _put(context, SENDER_KEY, json.dumps(cleaned, ensure_ascii=False), "sender")


def logo(context: ServiceContext) -> str:
    """The logo as a data: URI, or empty."""
    with context.store.reading() as session:
        row = session.get(SettingRow, LOGO_KEY)
    return row.value if row is not None else ""


def set_logo(context: ServiceContext, image: bytes | None) -> None:
    """A PNG or JPEG of at most 512 KB, or None to have none."""
    require(context, Permission.ADMINISTER)
    if image is None:
        _put(context, LOGO_KEY, None, "logo")
        return
    if len(image) > LOGO_MAX:
        raise FieldError("logo", _("is larger than {n} KB").format(n=LOGO_MAX // 1024))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image)) as opened:
            kind = opened.format or ""
            opened.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise FieldError("logo", _("is not a PNG or JPEG image")) from None
    if kind not in _LOGO_TYPES:
        raise FieldError("logo", _("is not a PNG or JPEG image"))
    uri = f"data:{_LOGO_TYPES[kind]};base64,{base64.b64encode(image).decode('ascii')}"
    _put(context, LOGO_KEY, uri, "logo")


def local_wording(context: ServiceContext) -> dict[str, str]:
    """The municipality's own catalogues, by language code."""
    with context.store.reading() as session:
        rows = session.scalars(select(SettingRow).where(SettingRow.key.startswith(WORDING_KEY)))
        return {row.key.removeprefix(WORDING_KEY): row.value for row in rows}


def wording_po(context: ServiceContext, language: str) -> str:
    """The catalogue in force for `language`, as a .po file to edit in a translation tool."""
    from nyanland.reports.letter_catalogues import as_po

    _check_language(language)
    return as_po(language, local_wording(context).get(language))


def set_wording(context: ServiceContext, language: str, po: str | None) -> None:
    """The municipality's wording for `language` (a .po file, checked), or None to go back to
    the shipped one."""
    from nyanland.reports.letter_catalogues import parse_po

    require(context, Permission.ADMINISTER)
    _check_language(language)
    if po is not None:
        parse_po(language, po)
    _put(context, WORDING_KEY + language, po, f"wording {language}")


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise FieldError("lang", _("{code} is not a letter language").format(code=language))


def _put(context: ServiceContext, key: str, value: str | None, what: str) -> None:
    with context.store.writing() as session:
        row = session.get(SettingRow, key)
        if value is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
        audit.record(session, context, AuditAction.LETTER_WORDING_CHANGED, detail=what)


def facts_of(record: CaseRecord, meeting: Meeting | None, today: date) -> LetterFacts:
    """What a letter says of the case: the person, where they live, their SFI start."""
    data = record.data
    homes = sorted(data.housing, key=lambda h: h.move_in_date)
    current = [h for h in homes if h.move_out_date is None or h.move_out_date >= today]
    home = current[-1] if current else (homes[-1] if homes else None)
    starts = sorted(data.sfi, key=lambda s: s.start_date)
    sfi = starts[-1] if starts else None
    where = ", ".join(x for x in ((home.address, home.district) if home else ()) if x)
    return LetterFacts(
        name=data.person.full_name,
        case_number=record.case_number,
        written_on=today,
        address=where,
        sfi_start=sfi.start_date if sfi else None,
        sfi_provider=(sfi.provider or "") if sfi else "",
        sfi_course=sfi.course.value if sfi else "",
        housing_kind=home.kind if home else None,
        housing_address=(home.address or "") if home else "",
        housing_district=(home.district or "") if home else "",
        housing_landlord=(home.landlord or "") if home else "",
        move_in=home.move_in_date if home else None,
        meeting=meeting,
    )


@dataclass(frozen=True)
class Wording:
    language: str
    status: str  # "reviewed" or "draft"
    local: bool  # the municipality's own, not the shipped one


def wordings(context: ServiceContext) -> list[Wording]:
    """Each letter language's wording in force: reviewed or draft, shipped or the own."""
    from nyanland.reports.letter_catalogues import catalogue

    require(context, Permission.ADMINISTER)
    local = local_wording(context)
    return [
        Wording(code, catalogue(code, local.get(code)).status, code in local) for code in LANGUAGES
    ]
