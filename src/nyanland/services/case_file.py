"""The case file of INTERCHANGE.md (`nyanland.case/1`, JSON Lines), read strictly and written."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from nyanland.domain.case import CaseData
from nyanland.domain.codes import Code
from nyanland.domain.errors import FieldError
from nyanland.domain.identity import (
    InvalidIdentityNumber,
    format_identity_number,
    parse_identity_number,
)
from nyanland.domain.sections import (
    CLOSURE,
    HOUSING,
    JOURNAL_NOTE,
    LISTS,
    ONCE,
    PERSON,
    PLACEMENT,
    RECEPTION,
    SFI_ENROLMENT,
    SKILLS_MAPPING,
    FieldSpec,
    Section,
    ValueKind,
)
from nyanland.i18n import _

FORMAT = "nyanland.case/1"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
C = TypeVar("C", bound=Code)


@dataclass(frozen=True)
class CaseLine:
    """One case read from a line of the file."""

    data: CaseData
    household_key: str | None


class _Object:
    """One JSON object of the file, read field by field; every problem names its dotted path."""

    def __init__(self, value: Any, path: str) -> None:
        if not isinstance(value, dict):
            raise FieldError(path or "(line)", _("must be a JSON object"))
        self._value: dict[str, Any] = value
        self._path = path

    def _field(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def only(self, *allowed: str) -> None:
        for key in self._value:
            if key not in allowed:
                raise FieldError(self._field(key), _("unknown key (check the spelling)"))

    def _get(self, key: str, required: bool) -> Any:
        value = self._value.get(key)
        if value is None and required:
            raise FieldError(self._field(key), _("is required"))
        return value

    def raw(self, key: str) -> Any:
        return self._value.get(key)

    def text(self, key: str, required: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            raise FieldError(self._field(key), _("must be text"))
        if required and not value.strip():
            raise FieldError(self._field(key), _("is required"))
        return value

    def required_text(self, key: str) -> str:
        value = self.text(key, required=True)
        assert value is not None
        return value

    def digits(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not value.isdigit():
            raise FieldError(self._field(key), _("must be digits only"))
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            raise FieldError(self._field(key), _("must be a date written YYYY-MM-DD"))
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise FieldError(
                self._field(key), _("{value} is not a real date").format(value=value)
            ) from None

    def required_date(self, key: str) -> dt.date:
        value = self.date(key, required=True)
        assert value is not None
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise FieldError(self._field(key), _("must be true or false"))
        return value

    def whole(self, key: str) -> int | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(self._field(key), _("must be a whole number"))
        return value

    def number(self, key: str) -> float | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(self._field(key), _("must be a number"))
        return float(value)

    def code(self, key: str, vocabulary: type[C], required: bool = False) -> C | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or value not in vocabulary.codes():
            raise FieldError(
                self._field(key),
                _("{value} is not one of: {codes}").format(
                    value=json.dumps(value, ensure_ascii=False), codes=", ".join(vocabulary.codes())
                ),
            )
        return vocabulary(value)

    def required_code(self, key: str, vocabulary: type[C]) -> C:
        value = self.code(key, vocabulary, required=True)
        assert value is not None
        return value

    def child(self, key: str, required: bool = False) -> _Object | None:
        value = self._get(key, required)
        return None if value is None else _Object(value, self._field(key))

    def children(self, key: str) -> Iterator[_Object]:
        value = self._get(key, False)
        if value is None:
            return
        if not isinstance(value, list):
            raise FieldError(self._field(key), _("must be a list"))
        for index, item in enumerate(value):
            yield _Object(item, f"{self._field(key)}[{index}]")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FieldError(self._field(key), _("must be a list of text"))
        return tuple(value)

    def household(self, key: str) -> str | None:
        value = self._get(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise FieldError(self._field(key), _("must be text or a whole number"))
        return str(value)


def parse_case(line: str, today: date, internal: bool = False) -> CaseLine:
    """Reads one line of a case file; raises FieldError at the first problem of its shape.
    `internal`: a case as it travels in a sync, with what only a store keeps (a journal
    entry's kind, time and identity)."""
    try:
        value = json.loads(line, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise FieldError(
            "(line)",
            _("not valid JSON: {reason} (column {column})").format(
                reason=error.msg, column=error.colno
            ),
        ) from None
    except RecursionError:  # objects in lists in objects, thousands deep: no case looks so
        raise FieldError("(line)", _("nested too deeply to be a case")) from None
    root = _Object(value, "")
    root.only("format", "case_number", "household", *(s.key for s in (*ONCE, *LISTS)))
    if root.text("format", required=True) != FORMAT:
        raise FieldError("format", _("must be {format}").format(format=FORMAT))
    parts: dict[str, Any] = {}
    for section in ONCE:
        part = root.child(section.key, required=section.key in ("person", "reception"))
        parts[section.key] = None if part is None else read_section(part, section, today, internal)
    for section in LISTS:
        parts[section.key] = tuple(
            read_section(o, section, today, internal) for o in root.children(section.key)
        )
    data = CaseData(case_number=root.text("case_number"), **parts)
    return CaseLine(data, root.household("household"))


def read_section(o: _Object, section: Section, today: date, internal: bool = False) -> Any:
    """One part of a case, as its section declares it: unknown keys refused, each field read
    as its kind says, the first problem named by its dotted path."""
    fields = section.in_file_order(internal)
    o.only(*(spec.name for spec in fields))
    values = {spec.name: _read(o, spec, today) for spec in fields}
    return section.record(**values)


def _read(o: _Object, spec: FieldSpec, today: date) -> Any:
    name, kind, required = spec.name, spec.kind, spec.required
    value: Any
    if kind in (ValueKind.TEXT, ValueKind.MULTILINE):
        value = o.text(name, required)
    elif kind is ValueKind.DIGITS:
        value = o.digits(name)
    elif kind is ValueKind.IDENTITY:
        written = o.text(name)
        value = None
        if written is not None and written.strip():
            try:
                value = parse_identity_number(written, today).digits
            except InvalidIdentityNumber as error:
                raise FieldError(o._field(name), error.message) from None
    elif kind is ValueKind.DATE:
        value = o.date(name, required)
    elif kind is ValueKind.CODE:
        assert spec.code_list is not None
        if spec.file_as_number:
            value = _number_code(o, spec)
        else:
            value = o.code(name, spec.code_list, required)
    elif kind is ValueKind.FLAG:
        value = o.flag(name)
    elif kind is ValueKind.WHOLE:
        value = o.whole(name)
    elif kind is ValueKind.NUMBER:
        value = o.number(name)
    elif kind is ValueKind.MOMENT:
        written = o.text(name)
        try:
            value = None if written is None else datetime.fromisoformat(written)
        except ValueError:
            raise FieldError(o._field(name), _("is not a date and time")) from None
    else:
        value = o.strings(name)
    return spec.default if value is None and spec.default is not None else value


def _number_code(o: _Object, spec: FieldSpec) -> Code | None:
    """A code the file writes as a number (the study path: 1, 2 or 3)."""
    assert spec.code_list is not None
    value, codes = o.raw(spec.name), spec.code_list.codes()
    if value is None and not spec.required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or str(value) not in codes:
        problem = _("must be {some} or {last}").format(some=", ".join(codes[:-1]), last=codes[-1])
        raise FieldError(o._field(spec.name), problem)
    return spec.code_list(str(value))


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise FieldError(key, _("appears twice in one object"))
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise FieldError("(line)", _("{name} is not allowed in a case file").format(name=name))


def case_to_json(
    data: CaseData, case_number: str, household_key: str | None, internal: bool = False
) -> dict[str, Any]:
    """A case as one object of the file, keys in the order the interchange contract lists
    (`internal`: as it travels in a sync, see parse_case)."""
    written: dict[str, Any] = {"format": FORMAT, "case_number": case_number}
    in_file = (PERSON, RECEPTION, SFI_ENROLMENT, SKILLS_MAPPING, PLACEMENT, HOUSING, CLOSURE)
    for section in (*in_file, JOURNAL_NOTE):
        part = getattr(data, section.key)
        if section in LISTS:
            written[section.key] = [write_section(item, section, internal) for item in part]
        else:
            written[section.key] = None if part is None else write_section(part, section, internal)
        if section is PERSON:
            written["household"] = household_key
    return written


def write_section(record: Any, section: Section, internal: bool = False) -> dict[str, Any]:
    return {
        spec.name: _write(getattr(record, spec.name), spec)
        for spec in section.in_file_order(internal)
    }


def _write(value: Any, spec: FieldSpec) -> Any:
    if value is None:
        return None
    kind = spec.kind
    if kind is ValueKind.IDENTITY:
        return format_identity_number(value) if value else None
    if kind in (ValueKind.DATE, ValueKind.MOMENT):
        return value.isoformat()
    if kind is ValueKind.CODE:
        return int(value.value) if spec.file_as_number else value.value
    if kind is ValueKind.CODES:
        return list(value)
    if kind is ValueKind.NUMBER:
        return int(value) if float(value).is_integer() else value
    return value
