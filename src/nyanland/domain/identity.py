"""Swedish identity numbers: personnummer and samordningsnummer, parsed, checked and normalised.

The check digit is computed by python-stdnum's Luhn implementation. The written forms are parsed
here rather than by a library because the century of a 10-digit number depends on the date it
is read (passed in as `today`, never read from the clock), and because a refusal must say which
rule failed: the date, the serial or the check digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

from nyanland.domain.codes import Sex
from nyanland.domain.errors import KnownError
from nyanland.i18n import _

# YYYYMMDD or YYMMDD, an optional - or +, then the serial (three digits) and the check digit.
# A letter in the serial marks an interim number (used by some authorities before a real one).
_WRITTEN = re.compile(
    r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+]?)(?P<serial>[0-9A-Z]\d{2})(?P<check>\d)$"
)
COORDINATION_DAY_OFFSET = 60


class InvalidIdentityNumber(KnownError):
    """The text is not a valid personnummer or samordningsnummer; the message says why."""

    def __init__(self, problem: str, shown: str) -> None:
        super().__init__(f"{problem} ({shown})")
        self.problem = problem


@dataclass(frozen=True, order=True)
class IdentityNumber:
    """A valid number in its canonical 12-digit form, `YYYYMMDDNNNC`."""

    digits: str

    @property
    def is_coordination_number(self) -> bool:
        return int(self.digits[6:8]) > COORDINATION_DAY_OFFSET

    @property
    def birth_date(self) -> date:
        day = int(self.digits[6:8])
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        return date(int(self.digits[0:4]), int(self.digits[4:6]), day)

    @property
    def registered_sex(self) -> Sex:
        """The sex the population register gave (odd second-to-last digit: male)."""
        return Sex.MALE if int(self.digits[10]) % 2 else Sex.FEMALE

    def formatted(self) -> str:
        """As people write it: `YYYYMMDD-NNNC`."""
        return format_identity_number(self.digits)

    def __str__(self) -> str:
        return self.formatted()


def format_identity_number(digits: str) -> str:
    """`YYYYMMDDNNNC` as `YYYYMMDD-NNNC`."""
    return f"{digits[:8]}-{digits[8:]}"


def parse_identity_number(text: str, today: date) -> IdentityNumber:
    """Reads any common written form (10 or 12 digits, with `-`, `+` or nothing).

    A 10-digit number belongs to the most recent century that does not put the birth in the
    future; a `+` says the person is 100 or older, one century earlier.
    """
    written = text.strip()
    match = _WRITTEN.match(written)
    if match is None:
        raise InvalidIdentityNumber(
            _("not an identity number; write it as YYYYMMDD-NNNN"), _shown(written)
        )
    serial = match["serial"]
    short_date = match["date"]
    if match["century"] is not None:
        year = int(match["century"] + short_date[:2])
    else:
        year = _year_of_short_form(
            int(short_date[:2]), int(short_date[2:4]), int(short_date[4:6]), match["sep"], today
        )
    digits = f"{year:04d}{short_date[2:]}{serial}{match['check']}"
    shown = format_identity_number(digits)
    if not serial.isdigit():
        raise InvalidIdentityNumber(
            _("interim numbers (a letter in the serial) are not accepted"), shown
        )
    month, day = int(digits[4:6]), int(digits[6:8])
    real_day = day - COORDINATION_DAY_OFFSET if day > COORDINATION_DAY_OFFSET else day
    try:
        date(year, month, real_day)
    except ValueError:
        raise InvalidIdentityNumber(_("the date in the number is impossible"), shown) from None
    if serial == "000":
        raise InvalidIdentityNumber(_("serial number 000 is never issued"), shown)
    if not luhn.is_valid(digits[2:]):
        raise InvalidIdentityNumber(_("check digit is wrong"), shown)
    return IdentityNumber(digits)


def _year_of_short_form(yy: int, month: int, day: int, separator: str, today: date) -> int:
    year = today.year - (today.year - yy) % 100
    real_day = day - COORDINATION_DAY_OFFSET if day > COORDINATION_DAY_OFFSET else day
    try:
        in_future = date(year, month, real_day) > today
    except ValueError:
        in_future = False  # the impossible date is reported by the caller
    if in_future:
        year -= 100
    if separator == "+":
        year -= 100
    return year


def _shown(written: str) -> str:
    return written if len(written) <= 20 else written[:20] + "…"
