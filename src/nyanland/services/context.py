"""What every service needs: the store, the clock and who is acting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from nyanland.domain.roles import Actor

if TYPE_CHECKING:  # a clock is wanted before the database layer is loaded
    from nyanland.store.engine import Store


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Clock:
    """Today's date and the current time (naive UTC); tests pass fixed ones."""

    today: Callable[[], date] = date.today
    now: Callable[[], datetime] = _utc_now


@dataclass(frozen=True)
class ServiceContext:
    store: Store
    actor: Actor  # who acts: the signed-in account and its role
    clock: Clock = field(default_factory=Clock)
