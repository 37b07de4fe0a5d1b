"""Store work off the GUI thread, in the shape of Anki's aqt/operations.

A `QueryOp` reads and a `CaseOp` writes; both run on the store's one serial executor, in the
order they were asked for, and their callbacks come back on the GUI thread in that order (so a
case fetched before a keystroke can never land after it). An op given a `latest` key is
dropped, unrun or unanswered, when newer work of the same key was asked for meanwhile (the
search of an older keystroke). A `CaseOp` says what it changed; the executor announces that,
and views subscribe to the announcements instead of being refreshed by hand.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
log = logging.getLogger("nyanland.ui.operations")


class Change(Enum):
    """What a write may have changed, for the views that show it."""

    CASES = "cases"  # the case list: a case created, changed, closed, deleted, imported
    REMINDERS = "reminders"  # what the to-do list counts (deadlines, tasks)
    SYNC = "sync"  # what waits to be synced, and the conflicts
    MEETINGS = "meetings"  # the calendar: a meeting booked or cancelled


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[Change] = frozenset()
    case_id: int | None = None  # the one case changed, when it is one

    def __contains__(self, kind: Change) -> bool:
        return kind in self.kinds


A_CASE = frozenset({Change.CASES, Change.REMINDERS, Change.SYNC})


def case_changed(case_id: int | None = None) -> Changes:
    """A case's content changed: the list, the to-do list and the sync status may show it."""
    return Changes(A_CASE, case_id)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay, wanted: Callable[[], bool]):
        super().__init__()
        self._work, self._relay, self._wanted = work, relay, wanted

    @Slot()
    def run(self) -> None:
        if not self._wanted():
            self._deliver(self._relay.succeeded, _OVERTAKEN)
            return
        try:
            result = self._work()
        except BaseException as error:  # handed to the GUI thread, which decides
            self._deliver(self._relay.failed, error)
        else:
            self._deliver(self._relay.succeeded, result)

    @staticmethod
    def _deliver(signal: SignalInstance, value: object) -> None:
        # RuntimeError: the window that asked was closed meanwhile; nobody wants the answer.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


_OVERTAKEN = object()


class StoreExecutor(QObject):
    """The one worker thread of a store: work runs one piece at a time, in the order given."""

    changed = Signal(object)  # Changes, announced after a CaseOp succeeded
    idle = Signal()

    def __init__(self, failed: Callable[[BaseException], object], parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # one thread for the window's life, not one per job
        self._failed = failed
        self._generations: dict[str, int] = {}
        self._pending = 0
        self._companions: list[StoreExecutor] = []

    @property
    def busy(self) -> bool:
        return self._pending > 0 or any(companion.busy for companion in self._companions)

    def beside(self) -> StoreExecutor:
        """A second worker, on a connection of its own, for a long read that must not hold up
        the window's other work (the overview's counts take seconds at a million cases); it
        writes nothing. Settling and stopping this executor wait for it too."""
        companion = StoreExecutor(self._failed, self)
        companion.idle.connect(lambda: None if self.busy else self.idle.emit())
        self._companions.append(companion)
        return companion

    def submit(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], object],
        on_failure: Callable[[BaseException], object] | None = None,
        latest: str | None = None,
        name: str = "op",
        settled: Callable[[], object] | None = None,
    ) -> None:
        """`settled` is called when the work is done, answered or dropped as overtaken."""
        generation = self._generations.get(latest, 0) + 1 if latest else 0
        if latest:
            self._generations[latest] = generation

        def wanted() -> bool:
            return latest is None or self._generations.get(latest) == generation

        relay = _Relay(self)
        started = time.perf_counter()

        def finish() -> None:
            self._pending -= 1
            relay.deleteLater()
            if settled is not None:
                settled()
            if not self.busy:
                self.idle.emit()

        def succeeded(result: object) -> None:
            try:
                if result is not _OVERTAKEN and wanted():
                    log.debug("%s done in %.1f ms", name, (time.perf_counter() - started) * 1000)
                    on_success(result)  # type: ignore[arg-type]
            finally:
                finish()

        def failed(error: BaseException) -> None:
            try:
                log.info("%s failed: %s", name, type(error).__name__)  # never the message
                (on_failure or self._failed)(error)
            finally:
                finish()

        relay.succeeded.connect(succeeded)
        relay.failed.connect(failed)
        self._pending += 1
        self._pool.start(_Job(work, relay, wanted))

    def report(self, error: BaseException) -> None:
        """Hands an error a view does not handle itself to the window's handler."""
        self._failed(error)

    def announce(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def settle(self, milliseconds: int = 30_000) -> bool:
        """Waits, handling events, until every piece of work and its callback is done."""
        deadline = time.monotonic() + milliseconds / 1000
        while self.busy and time.monotonic() < deadline:
            loop = QEventLoop()
            self.idle.connect(loop.quit)
            QTimer.singleShot(100, loop.quit)
            loop.exec()
            self.idle.disconnect(loop.quit)
        return not self.busy

    def stop(self, milliseconds: int = 30_000) -> bool:
        """For closing: lets the work under way finish (its answers are no longer wanted)."""
        companions = all(companion.stop(milliseconds) for companion in self._companions)
        return self._pool.waitForDone(milliseconds) and companions


class QueryOp(Generic[T]):
    """Reads from the store: `QueryOp(executor, work, success).run_in_background()`."""

    def __init__(
        self, executor: StoreExecutor, work: Callable[[], T], success: Callable[[T], object]
    ) -> None:
        self._executor, self._work, self._success = executor, work, success
        self._failure: Callable[[BaseException], object] | None = None
        self._latest: str | None = None
        self._progress: tuple[QWidget, str] | None = None
        self._name = getattr(work, "__qualname__", "op")

    def failure(self, handler: Callable[[BaseException], object]) -> QueryOp[T]:
        self._failure = handler
        return self

    def latest(self, key: str) -> QueryOp[T]:
        """Only the newest op of `key` is answered; older ones still waiting are skipped."""
        self._latest = key
        return self

    def with_progress(self, parent: QWidget, label: str) -> QueryOp[T]:
        """A modal progress dialog, shown only when the work takes a while."""
        self._progress = (parent, label)
        return self

    def named(self, name: str) -> QueryOp[T]:
        self._name = name
        return self

    def _succeeded(self, result: T) -> None:
        self._success(result)

    def run_in_background(self) -> None:
        progress = _progress_dialog(*self._progress) if self._progress else None
        failure = self._failure or self._executor._failed

        def succeeded(result: T) -> None:
            if progress is not None:
                progress.close()
            self._succeeded(result)

        def failed(error: BaseException) -> None:
            if progress is not None:
                progress.close()
            failure(error)

        self._executor.submit(self._work, succeeded, failed, self._latest, self._name)


class CaseOp(QueryOp[T]):
    """Writes to the store and says what it changed, which the executor then announces (before
    `success` runs, so the views are up to date when it does)."""

    def __init__(
        self,
        executor: StoreExecutor,
        work: Callable[[], T],
        success: Callable[[T], object],
        changes: Changes | Callable[[T], Changes],
    ) -> None:
        super().__init__(executor, work, success)
        self._changes = changes

    def _succeeded(self, result: T) -> None:
        changes = self._changes(result) if callable(self._changes) else self._changes
        self._executor.announce(changes)
        super()._succeeded(result)


class RunWithProgress(Protocol):
    """The views' way to run a write with a progress dialog: label, work, what to do after."""

    def __call__(
        self, label: str, work: Callable[[], T], on_success: Callable[[T], object]
    ) -> None: ...


class Runner:
    """A view's own queue on the executor, in the views' simpler shape: `run(work, success,
    failure)`, and `busy` while work it asked for is under way. With `latest`, only the newest
    of its work is answered."""

    def __init__(self, executor: StoreExecutor, latest: str | None = None) -> None:
        self._executor, self._latest = executor, latest
        self._pending = 0

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], object],
        on_failure: Callable[[BaseException], object] | None = None,
    ) -> None:
        self._pending += 1

        def settled() -> None:
            self._pending -= 1

        self._executor.submit(work, on_success, on_failure, self._latest, "view", settled)


def _progress_dialog(parent: QWidget, label: str) -> QProgressDialog:
    progress = QProgressDialog(label, "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setMinimumDuration(700)  # shown only when the work takes a while
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    return progress


def wait_off_thread(work: Callable[[], T]) -> T:
    """Runs `work` on a thread of its own and returns its result (or raises its error), while
    the GUI thread goes on handling events: for what must finish before the user goes on
    (signing in, a first start's invented cases), before any window has an executor."""
    results: list[T] = []
    errors: list[BaseException] = []
    executor = StoreExecutor(errors.append)
    executor.submit(work, results.append, errors.append, name="wait off thread")
    executor.settle(milliseconds=24 * 3600 * 1000)
    executor.deleteLater()
    if errors:
        raise errors[0]
    return results[0]
