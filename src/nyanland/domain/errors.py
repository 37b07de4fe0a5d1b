"""Errors that come from the user or the environment, shown as a message rather than a crash."""

from __future__ import annotations

from collections.abc import Sequence


class KnownError(Exception):
    """An expected failure with a message fit for the user; never a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FieldError(KnownError):
    """A value that breaks a rule; `field` is its dotted path, e.g. `sfi[0].course`."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem

    def within(self, prefix: str) -> FieldError:
        """The same problem, its field placed under `prefix`."""
        joined = f"{prefix}{self.field}" if self.field.startswith("[") else f"{prefix}.{self.field}"
        return FieldError(joined, self.problem)


class ValidationFailed(KnownError):
    """One or more fields break rules; `problems` lists every one, in the order found."""

    def __init__(self, problems: Sequence[FieldError]) -> None:
        if not problems:
            raise ValueError("ValidationFailed needs at least one problem")
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


class NotFound(KnownError):
    """The thing asked for is not in the store (any more)."""


class StaleVersion(KnownError):
    """Someone saved the record after it was read; saving now would overwrite their change."""
