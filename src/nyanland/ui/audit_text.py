"""An audit entry's old and new values as the administrator reads them: the fields by their
labels in the window's language (`SFI 2: Betyg`, not `sfi[1].grade`), codes by their names,
dates as dates, a list's entries as short lines, nothing as "–" (the CSV export keeps the
values as they are stored, for programs)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nyanland.domain.sections import LISTS, ONCE, FieldSpec, Section, ValueKind
from nyanland.i18n import _

_SECTIONS: dict[str, Section] = {section.key: section for section in (*ONCE, *LISTS)}
_HIDDEN = {"uid", "written_at", "corrects"}  # a journal entry's bookkeeping


def _section_title(key: str) -> str:
    titles = {
        "person": _("Person"),
        "reception": _("Reception"),
        "sfi": _("SFI"),
        "skills_mapping": _("Skills mapping"),
        "placements": _("Placements"),
        "housing": _("Housing"),
        "closure": _("Closure"),
        "notes": _("Journal"),
    }
    return titles.get(key, key)


def describe_changes(changes: Mapping[str, tuple[Any, Any]]) -> str:
    return "; ".join(
        f"{field_label(path)}: {_shown(path, old)} → {_shown(path, new)}"
        for path, (old, new) in changes.items()
    )


def _parts(path: str) -> tuple[str, int | None, str | None]:
    """`sfi[1].grade` → ("sfi", 1, "grade"); `person.phone` → ("person", None, "phone")."""
    head, _dot, name = path.partition(".")
    key, _bracket, index = head.partition("[")
    return key, int(index.rstrip("]")) if index else None, name or None


def _spec(path: str) -> FieldSpec | None:
    key, _index, name = _parts(path)
    section = _SECTIONS.get(key)
    if section is None or name is None:
        return None
    return next((spec for spec in section.fields if spec.name == name), None)


def describe_detail(action: str, detail: str) -> str:
    """A change's detail names the fields changed (`notes, person.phone`): by their labels."""
    if action not in ("case_changed", "case_closed") or not detail:
        return detail
    return ", ".join(field_label(part.strip()) for part in detail.split(","))


def field_label(path: str) -> str:
    fixed = {
        "case_number": _("Case number"),
        "assigned_officer": _("Assigned officer"),
        "household": _("Household"),
    }
    if path in fixed:
        return fixed[path]
    key, index, _name = _parts(path)
    section = _SECTIONS.get(key)
    if section is None:
        return path
    title = _section_title(key) + (f" {index + 1}" if index is not None else "")
    spec = _spec(path)
    if spec is None:
        return title
    return f"{title}: {spec.label()}"


def _shown(path: str, value: Any) -> str:
    spec = _spec(path)
    if spec is not None:
        return _value(spec, value)
    key, _index, _name = _parts(path)
    section = _SECTIONS.get(key)
    if section is not None and isinstance(value, list):
        return " | ".join(_entry(section, item) for item in value) or "–"
    if section is not None and isinstance(value, dict):
        return _entry(section, value)
    return "–" if value is None else json.dumps(value, ensure_ascii=False)


def _entry(section: Section, item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    parts = [
        _value(spec, item.get(spec.name))
        for spec in section.fields
        if spec.name not in _HIDDEN and item.get(spec.name) not in (None, "", False, [])
    ]
    return ", ".join(parts) or "–"


def _value(spec: FieldSpec, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec.kind is ValueKind.CODE and spec.code_list is not None:
        try:
            return spec.code_list(str(value)).label
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
