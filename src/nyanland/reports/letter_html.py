"""The letters to a newcomer as HTML: the person's language first, then Swedish, each part
marked with its language (and direction) so the PDF tags it and a screen reader reads it.

Every text is a message of the `letters` catalogue (marked with L_); the facts put into a
text (names, numbers, dates, addresses) are isolated with FSI/PDI, so a Latin name or a
phone number inside Arabic text keeps its own order."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from html import escape, unescape

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time

from nyanland.domain.codes import HousingKind
from nyanland.domain.letters import LetterKind, LetterLanguage, Meeting
from nyanland.reports.letter_catalogues import L_, LetterCatalogue

_BABEL_LOCALE = {"en": "en_GB", "prs": "fa_AF", "kmr": "ku"}
FSI, RLI, PDI = "\u2068", "\u2067", "\u2069"
_TAGS = re.compile(r"<[^>]+>")
_DOUBLED_STOP = re.compile("\\.(\u2069</span>)\\.")


@dataclass(frozen=True)
class Sender:
    """The municipality as its letters name it (Administration → Letters), and the officer."""

    municipality: str
    unit: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""
    logo: str = ""  # a data: URI, or empty
    officer: str = ""
    officer_phone: str = ""


@dataclass(frozen=True)
class LetterFacts:
    """What a letter says of the person's case."""

    name: str
    case_number: str
    written_on: date
    address: str = ""
    sfi_start: date | None = None
    sfi_provider: str = ""
    sfi_course: str = ""
    housing_kind: HousingKind | None = None
    housing_address: str = ""
    housing_district: str = ""
    housing_landlord: str = ""
    move_in: date | None = None
    meeting: Meeting | None = None
    extract_rows: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = field(default=())


@dataclass(frozen=True)
class Part:
    """One language's version of a letter."""

    language: LetterLanguage
    texts: LetterCatalogue


class _Writer:
    def __init__(self, part: Part, facts: LetterFacts, sender: Sender) -> None:
        self.part, self.facts, self.sender = part, facts, sender
        self.locale = _BABEL_LOCALE.get(part.language.code, part.language.code)

    def t(self, msgid: str, **values: str) -> str:
        """The text in this part's language, escaped, with its values isolated."""
        text = escape(self.part.texts.text(msgid), quote=False).format(**values)
        # A value ending in a full stop (Ukrainian dates: "2026 р.") takes the sentence's.
        return _DOUBLED_STOP.sub(r".\1", text)

    def v(self, value: str) -> str:
        return f'<span class="v">{FSI}{escape(value, quote=False)}{PDI}</span>'

    def day(self, value: date) -> str:
        return self.v(babel_date(value, "long", locale=self.locale))

    def at(self, value: time) -> str:
        return self.v(babel_time(value, "HH:mm", locale=self.locale))

    def rows(self, rows: list[tuple[str, str]]) -> str:
        cells = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
        return f"<table>{cells}</table>"


def letter_html(kind: LetterKind, parts: list[Part], facts: LetterFacts, sender: Sender) -> str:
    """The whole letter: one part per language, the Swedish one last."""
    body = []
    for index, part in enumerate(parts):
        writer = _Writer(part, facts, sender)
        lang = part.language
        attributes = f'lang="{lang.code}" dir="{"rtl" if lang.right_to_left else "ltr"}"'
        classes = f"part {lang.script}" + (" following" if index else "")
        content = _BODIES[kind](writer)
        draft = _draft_note(writer)
        footer = f'<p class="draft">{draft}</p>' if draft else ""
        said = escape(unescape(_TAGS.sub("", draft)))
        if said and lang.right_to_left:  # the footer's box runs left to right
            said = f"{RLI}{said}{PDI}"
        body.append(
            f'<article class="{classes}" {attributes} data-draft="{said}">'
            f"{content}{footer}</article>"
        )
    title = escape(parts[0].texts.text(_TITLES[kind], municipality=sender.municipality))
    header = _letterhead(sender, facts)
    return (
        f'<!DOCTYPE html><html lang="{parts[0].language.code}"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<meta name="author" content="{escape(sender.municipality)}">'
        f'<meta name="generator" content="nyanland"></head>'
        f"<body>{header}{''.join(body)}</body></html>"
    )


def _letterhead(sender: Sender, facts: LetterFacts) -> str:
    logo = (
        f'<img class="logo" src="{sender.logo}" alt="{escape(sender.municipality)}">'
        if (sender.logo)
        else ""
    )
    lines = [sender.municipality, sender.unit]
    sent = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    to = "".join(f"<p>{escape(line)}</p>" for line in (facts.name, facts.address) if line)
    return (
        f'<header lang="sv"><div class="from">{logo}{sent}</div>'
        f'<div class="to">{to}<p>{facts.written_on.isoformat()} · {escape(facts.case_number)}'
        "</p></div></header>"
    )


def _greeting(w: _Writer) -> str:
    hello = w.t(L_("Hello {name},"), name=w.v(w.facts.name))
    return f"<p>{hello}</p>"


def _paragraphs(w: _Writer, *msgids: str, **values: str) -> str:
    return "".join(f"<p>{w.t(msgid, **values)}</p>" for msgid in msgids)


def _closing(w: _Writer) -> str:
    s = w.sender
    phone = s.officer_phone or s.phone
    contact = [
        (w.t(L_("Your contact person")), w.v(s.officer) if s.officer else "–"),
        (w.t(L_("Phone")), w.v(phone) if phone else "–"),
    ]
    for label, value in (
        (L_("E-mail"), s.email),
        (L_("Visiting address"), s.address),
        (L_("Opening hours"), s.hours),
    ):
        if value:
            contact.append((w.t(label), w.v(value)))
    told = _paragraphs(
        w,
        L_("You have the right to an interpreter free of charge. Tell us which language you need."),
        L_("If anything in this letter is unclear, contact us."),
    )
    heading, regards = w.t(L_("Contact")), w.t(L_("Kind regards,"))
    signed = f"{w.v(s.officer or s.unit)}<br>{w.v(s.municipality)}"
    return f'{told}<h2>{heading}</h2>{w.rows(contact)}<p class="closing">{regards}<br>{signed}</p>'


def _draft_note(w: _Writer) -> str:
    """The notice a draft translation carries, at its end and in its pages' footer."""
    if not w.part.texts.draft:
        return ""
    return w.t(
        L_(
            "This translation is a draft: a translator has not yet checked it. "
            "The Swedish text is the one that applies."
        )
    )


def _welcome(w: _Writer) -> str:
    f, m = w.facts, w.v(w.sender.municipality)
    steps = (
        L_(
            "Swedish for immigrants (SFI): free lessons in Swedish, usually from your first months."
        ),
        L_("Mapping of your skills: together we go through your education and work experience."),
        L_("Internship and work: placements with employers, for experience of work in Sweden."),
        L_("Housing: help to find a home and to keep it."),
    )
    if f.sfi_start and f.sfi_provider:
        sfi = w.t(
            L_("Your SFI start: {date} at {provider}."),
            date=w.day(f.sfi_start),
            provider=w.v(f.sfi_provider),
        )
    elif f.sfi_start:
        sfi = w.t(L_("Your SFI start: {date}."), date=w.day(f.sfi_start))
    else:
        sfi = w.t(L_("We will contact you about your start at SFI."))
    items = "".join(f"<li>{w.t(step)}</li>" for step in steps)
    received = w.t(
        L_(
            "You have now been received in {municipality}. The integration unit supports you "
            "during your first years in Sweden."
        ),
        municipality=m,
    )
    contact = w.t(
        L_(
            "Your contact person is {officer}. You will meet regularly and plan your "
            "establishment together."
        ),
        officer=w.v(w.sender.officer or w.sender.unit),
    )
    phase = w.t(L_("What happens in the establishment phase"))
    bring = w.t(L_("Bring an identity document to every meeting."))
    title = w.t(_TITLES[LetterKind.WELCOME], municipality=m)
    return (
        f"<h1>{title}</h1>{_greeting(w)}<p>{received}</p><p>{contact}</p>"
        f"<h2>{phase}</h2><ul>{items}</ul><p>{sfi}</p><p>{bring}</p>{_closing(w)}"
    )


def _meeting(w: _Writer) -> str:
    meeting = w.facts.meeting
    assert meeting is not None
    interpreter = (
        w.t(L_("An interpreter is booked."))
        if meeting.interpreter_booked
        else w.t(L_("No interpreter is booked. Tell us if you need one."))
    )
    rows = [
        (w.t(L_("Date")), w.day(meeting.day)),
        (w.t(L_("Time")), w.at(meeting.at)),
        (w.t(L_("Place")), w.v(meeting.place)),
        (w.t(L_("Interpreter")), interpreter),
    ]
    invited = _paragraphs(
        w, L_("You are invited to a meeting with your contact person at the integration unit.")
    )
    cannot = _paragraphs(
        w, L_("If you cannot come, call us as soon as you can, so that we can find a new time.")
    )
    title = w.t(_TITLES[LetterKind.MEETING])
    return f"<h1>{title}</h1>{_greeting(w)}{invited}{w.rows(rows)}{cannot}{_closing(w)}"


def _sfi_referral(w: _Writer) -> str:
    f = w.facts
    later = w.t(L_("Not decided yet"))
    rows = [
        (w.t(L_("SFI provider")), w.v(f.sfi_provider) if f.sfi_provider else later),
        (w.t(L_("Start date")), w.day(f.sfi_start) if f.sfi_start else later),
        (w.t(L_("Course")), w.v(f.sfi_course) if f.sfi_course else later),
    ]
    referred = _paragraphs(
        w, L_("You have been referred to Swedish for immigrants (SFI). SFI is free of charge.")
    )
    school = _paragraphs(
        w, L_("The school will contact you about the time and place of your first lesson.")
    )
    title = w.t(_TITLES[LetterKind.SFI_REFERRAL])
    return f"<h1>{title}</h1>{_greeting(w)}{referred}{w.rows(rows)}{school}{_closing(w)}"


_CONTRACTS: dict[HousingKind, str] = {
    HousingKind.FIRST_HAND: L_("First-hand contract: you rent the home yourself."),
    HousingKind.SECOND_HAND: L_(
        "Second-hand contract: you rent from the one who holds the contract."
    ),
    HousingKind.TEMPORARY: L_("Temporary housing, for a limited time."),
    HousingKind.EVACUATION: L_("Emergency housing, until a home is found."),
    HousingKind.OWN: L_("A home you have arranged yourself."),
}


def _housing(w: _Writer) -> str:
    f = w.facts
    later = w.t(L_("Not decided yet"))
    address = ", ".join(x for x in (f.housing_address, f.housing_district) if x)
    rows = [
        (w.t(L_("Address")), w.v(address) if address else later),
        (w.t(L_("Move-in date")), w.day(f.move_in) if f.move_in else later),
        (w.t(L_("Contract")), w.t(_CONTRACTS[f.housing_kind]) if f.housing_kind else later),
    ]
    if f.housing_landlord:
        rows.append((w.t(L_("Landlord")), w.v(f.housing_landlord)))
    arranged = _paragraphs(w, L_("The municipality has arranged housing for you."))
    advice = _paragraphs(
        w,
        L_("Read the contract carefully before you sign it. Ask us if anything is unclear."),
        L_("Report faults in the home to the landlord."),
    )
    title = w.t(_TITLES[LetterKind.HOUSING])
    return f"<h1>{title}</h1>{_greeting(w)}{arranged}{w.rows(rows)}{advice}{_closing(w)}"


def _extract(w: _Writer) -> str:
    f = w.facts
    sections = []
    nothing = w.t(L_("Nothing recorded."))
    for title, rows in f.extract_rows:
        heading = w.t(title)
        if not rows:
            sections.append(f"<h2>{heading}</h2><p>{nothing}</p>")
            continue
        table = w.rows([(escape(k, quote=False), w.v(v)) for k, v in rows])
        sections.append(f'<h2>{heading}</h2><div lang="sv" dir="ltr">{table}</div>')
    intro = w.t(
        L_(
            "This is everything the integration unit of {municipality} keeps about you in its "
            "case system, case {number}, on {date}. The General Data Protection Regulation "
            "(article 15) gives you the right to see it."
        ),
        municipality=w.v(w.sender.municipality),
        number=w.v(f.case_number),
        date=w.day(f.written_on),
    )
    rights = w.t(
        L_(
            "If something is wrong, you have the right to have it corrected. Tell your "
            "contact person."
        )
    )
    note = w.t(L_("The recorded values are shown in Swedish, as they are kept."))
    title = w.t(_TITLES[LetterKind.EXTRACT])
    return f"<h1>{title}</h1><p>{intro}</p><p>{rights}</p><p>{note}</p>{''.join(sections)}"


_TITLES = {
    LetterKind.WELCOME: L_("Welcome to {municipality}"),
    LetterKind.MEETING: L_("Invitation to a meeting"),
    LetterKind.SFI_REFERRAL: L_("Referral to Swedish for immigrants (SFI)"),
    LetterKind.HOUSING: L_("Your housing"),
    LetterKind.EXTRACT: L_("Register extract"),
}
_BODIES: dict[LetterKind, Callable[[_Writer], str]] = {
    LetterKind.WELCOME: _welcome,
    LetterKind.MEETING: _meeting,
    LetterKind.SFI_REFERRAL: _sfi_referral,
    LetterKind.HOUSING: _housing,
    LetterKind.EXTRACT: _extract,
}


LETTER_CSS = """
@page { size: A4; margin: 16mm 20mm 20mm 20mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-family: Letter;
    font-size: 8pt; color: #555; }
  @bottom-left { content: string(draft); font-family: Letter, LetterArabic, LetterEthiopic;
    font-size: 7.5pt; color: #7a1f1f; width: 140mm; } }
article { string-set: draft attr(data-draft); }
body { font-family: Letter, LetterArabic, LetterEthiopic; font-size: 10pt; line-height: 1.4;
  color: #1a1a1a; }
p { margin: 0 0 2.2mm 0; }
ul { margin: 1mm 0 2.5mm 0; }
header { display: flex; justify-content: space-between; margin-bottom: 8mm; font-size: 9pt; }
header p { margin: 0; }
header .to { text-align: right; }
.logo { max-height: 16mm; max-width: 50mm; display: block; margin-bottom: 2mm; }
.arabic { font-family: LetterArabic, Letter; font-size: 10.5pt; line-height: 1.5; }
.ethiopic { font-family: LetterEthiopic, Letter; }
article.following { break-before: page; }
h1 { font-size: 16pt; margin: 0 0 4mm 0; color: #12355b; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; color: #12355b; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm 0; }
th, td { text-align: start; vertical-align: top; padding: 0.8mm 2mm;
  border-bottom: 0.3pt solid #bbb; }
th { width: 38%; font-weight: bold; }
.closing { margin-top: 4mm; }
.draft { margin-top: 5mm; padding: 1.5mm 3mm; border: 0.6pt solid #a33; color: #7a1f1f;
  font-size: 9pt; }
"""
