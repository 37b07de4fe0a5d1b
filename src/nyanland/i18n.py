"""Translation of user-visible text, and dates and numbers formatted for the chosen language."""

from __future__ import annotations

import configparser
import gettext
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

SUPPORTED_LANGUAGES: tuple[str, ...] = ("sv", "en")
# For checking layouts only (made by translations/pseudo.py): long and bracketed texts, and
# right-to-left ones; chosen with NYANLAND_LANG, never offered in the menu.
PSEUDO_LANGUAGES: tuple[str, ...] = ("en_XA", "ar_XB")
DEFAULT_LANGUAGE = "sv"
DOMAIN = "nyanland"
_LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class _Active:
    """The language in force for this process (one user, one language at a time)."""

    language: str = DEFAULT_LANGUAGE
    catalogue: gettext.NullTranslations = gettext.NullTranslations()
    listeners: list[Callable[[str], None]] = []  # noqa: RUF012 - process-wide by design


def _load(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, _LOCALE_DIR, languages=[language], fallback=True)


def set_language(language: str) -> None:
    """Switches every later _() to `language` and tells the listeners (open windows)."""
    if language not in SUPPORTED_LANGUAGES + PSEUDO_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _Active.language = language
    _Active.catalogue = _load(language)
    for listener in list(_Active.listeners):
        listener(language)


def add_language_listener(listener: Callable[[str], None]) -> None:
    _Active.listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _Active.listeners:
        _Active.listeners.remove(listener)


def current_language() -> str:
    return _Active.language


def saved_language() -> str | None:
    """The language chosen in the window (its settings file, which Qt writes as INI in the
    user's configuration folder), so the command line speaks as the window does."""
    folder = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(Path(folder) / "nyanland" / "nyanland.conf", encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    value = parser.get("General", "language", fallback=None)
    return value if value in SUPPORTED_LANGUAGES else None


def language_from_environment() -> str:
    """NYANLAND_LANG, else the language chosen in the window, else the language the system's
    locale asks for when nyanland speaks it; Swedish otherwise.

    The locale is read as POSIX does: the first of LC_ALL, LC_MESSAGES and LANG that is set
    decides. `C`, `C.UTF-8` and `POSIX` (a default Debian's) ask for no language, so they give
    Swedish, and so does a language nyanland does not have (Python's `locale.getlocale()` would
    turn `C.UTF-8` into `en_US`)."""
    explicit = os.environ.get("NYANLAND_LANG")
    if explicit in SUPPORTED_LANGUAGES + PSEUDO_LANGUAGES:
        return explicit
    saved = saved_language()
    if saved is not None:
        return saved
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


class _ThisThread(threading.local):
    """A document written in another language than the window's, on this thread only."""

    language: str | None = None
    catalogue: gettext.NullTranslations | None = None


_this_thread = _ThisThread()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within it, _() and the formats on this thread speak `language` (a letter's Swedish part
    while the window speaks English); the window and other threads are not told."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    before = _this_thread.language, _this_thread.catalogue
    _this_thread.language, _this_thread.catalogue = language, _load(language)
    try:
        yield
    finally:
        _this_thread.language, _this_thread.catalogue = before


def _catalogue() -> gettext.NullTranslations:
    return _this_thread.catalogue or _Active.catalogue


def _(message: str) -> str:
    """Translates `message` into the current language."""
    return _catalogue().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translates a message whose form depends on the count `n`."""
    return _catalogue().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translates `message` in `context` (the same English word may be two Swedish ones)."""
    return _catalogue().pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it now."""
    return message


def NP_(context: str, message: str) -> str:
    """Marks `message` in `context` for the catalogue without translating it now."""
    return message


def _babel_locale() -> Locale:
    language = _this_thread.language or _Active.language
    return Locale.parse({"sv": "sv_SE"}.get(language, "en_GB"))


def format_date(value: date, form: str = "long") -> str:
    """A date as people write it in the current language: `5 mars 2026`, `5 March 2026`."""
    return babel_dates.format_date(value, format=form, locale=_babel_locale())


def format_datetime(value: datetime) -> str:
    """A date and time as the language writes it, to the minute."""
    return babel_dates.format_datetime(value, "short", locale=_babel_locale())


def format_number(value: int | float | Decimal) -> str:
    """A number with the current language's separators: `1 234,5` in Swedish."""
    return babel_numbers.format_decimal(value, locale=_babel_locale())


def format_percent(value: int | float | Decimal) -> str:
    """A whole percentage (value in percent, not a fraction): `45 %` in Swedish."""
    return babel_numbers.format_percent(Decimal(str(value)) / 100, locale=_babel_locale())
