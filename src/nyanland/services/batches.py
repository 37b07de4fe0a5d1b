"""Long lists of ids sent to the database in pieces, within SQLite's limit on bound values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
SIZE = 500


def chunks(items: Sequence[T], size: int = SIZE) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
