"""Three-way merge of a case: what I changed, what someone else changed, from what we both saw.

Used when a save meets a newer version (two officers on one server) and when an offline laptop
syncs. A field changed on one side only takes that side's value; the same change on both sides
is no conflict; a field changed differently on both sides is a conflict for the officer to
resolve, never decided silently. Lists (SFI courses, placements, housing, journal notes) merge
by entry: entries added on either side are kept and entries removed on one side go, so two
people adding journal notes both keep theirs; when both sides replaced the same entry, the list
is a conflict as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from enum import Enum
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Side(Enum):
    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True)
class Conflict:
    """One field (dotted path, e.g. `person.phone`, or a whole list, e.g. `notes`) changed
    differently on both sides."""

    path: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class Merge(Generic[T]):
    """The merged value (conflicting fields hold their value), and the conflicts."""

    merged: T
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def resolve(self, choices: Mapping[str, Side]) -> T:
        """The merged value with each conflict decided; every conflict needs a choice."""
        value = self.merged
        for conflict in self.conflicts:
            side = choices[conflict.path]
            value = set_path(
                value, conflict.path, conflict.mine if side is Side.MINE else conflict.theirs
            )
        return value


def merge(base: T, mine: T, theirs: T) -> Merge[T]:
    conflicts: list[Conflict] = []
    merged = _merge("", base, mine, theirs, conflicts)
    return Merge(merged, tuple(conflicts))


def _merge(path: str, base: Any, mine: Any, theirs: Any, conflicts: list[Conflict]) -> Any:
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if _same_dataclass(base, mine, theirs):
        changes = {
            item.name: _merge(
                f"{path}.{item.name}" if path else item.name,
                getattr(base, item.name),
                getattr(mine, item.name),
                getattr(theirs, item.name),
                conflicts,
            )
            for item in fields(base)
        }
        return replace(base, **changes)
    if isinstance(base, tuple) and isinstance(mine, tuple) and isinstance(theirs, tuple):
        merged = _merge_entries(base, mine, theirs)
        if merged is not None:
            return merged
    conflicts.append(Conflict(path, base, mine, theirs))
    return theirs


def _same_dataclass(*values: Any) -> bool:
    return all(is_dataclass(v) and not isinstance(v, type) for v in values) and (
        len({type(v) for v in values}) == 1
    )


def _merge_entries(
    base: tuple[Any, ...], mine: tuple[Any, ...], theirs: tuple[Any, ...]
) -> tuple[Any, ...] | None:
    """A list merged entry by entry, or None when both sides replaced the same entry. Lists
    are counted as multisets: a second note equal to one already there ("ringt, inget svar"
    twice in a day) is an entry of its own, added or removed as one."""
    removed_mine = _without(base, mine)
    removed_theirs = _without(base, theirs)
    added_mine = _without(mine, base)
    added_theirs = _without(theirs, base)
    both_removed = _without(removed_mine, _without(removed_mine, removed_theirs))
    if both_removed and added_mine and added_theirs and added_mine != added_theirs:
        return None
    kept = _without(theirs, removed_mine)
    # An entry both added is one (the same course or note, synced both ways), not two.
    return (*kept, *_without(added_mine, added_theirs))


def _without(entries: Sequence[Any], taken: Sequence[Any]) -> list[Any]:
    """`entries` less one occurrence of each of `taken`, in order (a multiset difference;
    entries are compared by equality, as dataclasses of a case's lists are)."""
    left = list(taken)
    kept = []
    for entry in entries:
        if entry in left:
            left.remove(entry)
        else:
            kept.append(entry)
    return kept


def set_path(value: T, path: str, new: Any) -> T:
    """A copy of the dataclass `value` with the field at the dotted `path` set to `new`."""
    head, _, rest = path.partition(".")
    if not rest:
        return replace(value, **{head: new})  # type: ignore[type-var]
    return replace(value, **{head: set_path(getattr(value, head), rest, new)})  # type: ignore[type-var]
