"""What changed between two versions of a case, field by field: what the audit log keeps of a
save (old and new values) and what a merge reports."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from nyanland.domain.case import CaseData


def changed_values(before: CaseData, after: CaseData) -> dict[str, tuple[Any, Any]]:
    """Each changed field with its old and new value, by dotted path (`person.phone`,
    `sfi[1].grade`, `placements` when the list itself grew or shrank)."""
    changed: dict[str, tuple[Any, Any]] = {}
    _compare("", before, after, changed)
    return changed


def _compare(path: str, old: Any, new: Any, changed: dict[str, tuple[Any, Any]]) -> None:
    if old == new:
        return
    if is_dataclass(old) and is_dataclass(new) and type(old) is type(new):
        for item in fields(old):
            name = f"{path}.{item.name}" if path else item.name
            _compare(name, getattr(old, item.name), getattr(new, item.name), changed)
    elif isinstance(old, tuple) and isinstance(new, tuple) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            _compare(f"{path}[{index}]", a, b, changed)
    else:
        changed[path] = (_value(old), _value(new))


def _value(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _value(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    if isinstance(value, (date, Enum)):
        return str(value.value if isinstance(value, Enum) else value.isoformat())
    return value
