"""Database work off the GUI thread: a function runs in the pool, its result comes back as a
callback on the GUI thread (the shape of Anki's QueryOp/CollectionOp)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # handed to the GUI thread, which decides
            self._deliver(self._relay.failed, error)
        else:
            self._deliver(self._relay.succeeded, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        # RuntimeError: the window that asked was closed meanwhile; nobody wants the answer.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class TaskRunner(QObject):
    """Runs one piece of work at a time per runner; `busy` is True while one is under way."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], Any],
        on_failure: Callable[[BaseException], Any],
    ) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def done() -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            self.finished.emit()

        def succeeded(result: Any) -> None:
            try:
                on_success(result)
            finally:
                done()

        def failed(error: BaseException) -> None:
            try:
                on_failure(error)
            finally:
                done()

        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self._pool.start(_Job(work, relay))

    def wait_for_all(self, milliseconds: int = 30_000) -> bool:
        return self._pool.waitForDone(milliseconds)
