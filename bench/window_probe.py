"""The window's figures, taken through the real widgets in a process of their own under Xvfb
(bench/window.py starts it): what the officer waits for, from the key press or click to the
repaint that shows the answer.

    window_probe.py start STORE LAUNCHED_AT   new process → sign-in dialog → first rows painted
    window_probe.py work STORE SECONDS        keystrokes, opening, saving, then SECONDS of use

Prints one line of JSON. A paint counts when its event has been handled (the next turn of the
event loop after the widget's Paint event), so the figure includes the drawing."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

OFFICER, PASSWORD = "bench.officer", "a benchmark passphrase"
TYPING_MS = 2000
WORDS = ("amina", "hassan", "2026-0", "khalil", "19850", "moha", "ali", "sara")


class Paints(QObject):
    """Notes when a watched widget (or one inside it) was last painted."""

    def __init__(self) -> None:
        super().__init__()
        self.watched: list[QWidget] = []
        self.done_at: dict[int, float] = {}  # id(watched widget) -> last paint handled
        self.dialog_painted: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget):
            return False
        if self.dialog_painted is None and type(obj.window()).__name__ == "SignInDialog":
            QTimer.singleShot(0, self._dialog_done)
        for widget in self.watched:
            if obj is widget or widget.isAncestorOf(obj):
                QTimer.singleShot(0, partial(self._painted, id(widget)))
        return False

    def _dialog_done(self) -> None:
        if self.dialog_painted is None:
            self.dialog_painted = time.perf_counter()

    def _painted(self, key: int) -> None:
        self.done_at[key] = time.perf_counter()

    def painted_since(self, widget: QWidget, since: float) -> bool:
        return self.done_at.get(id(widget), 0.0) > since


def wait(condition: Callable[[], bool], seconds: float = 120) -> None:
    if os.environ.get("PROBE_REFS"):
        print("refs", sys.getrefcount(None), file=sys.stderr)
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the window did not answer: {STATE}")
        QApplication.processEvents()
        time.sleep(0.0005)


def rows_painted(window: object, paints: Paints, since: float) -> Callable[[], bool]:
    """The case list shows real rows (not placeholders), and has been painted since."""

    def shown() -> bool:
        model, table = window.model, window.table  # type: ignore[attr-defined]
        if model.rowCount() and model.summary(0) is None:
            return False
        return paints.painted_since(table.viewport(), since)

    return shown


def memory_mb() -> tuple[float, float]:
    with open("/proc/self/status", encoding="utf-8") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def start(store: str, launched_at: float) -> dict[str, float]:
    """As `nyanland` itself starts: the sign-in dialog, the password typed, Enter, the rows."""
    started = time.perf_counter() - (time.time() - launched_at)  # the launch, on our clock
    app = QApplication(sys.argv[:1])
    paints = Paints()
    app.installEventFilter(paints)
    figures: dict[str, float] = {}

    # Each step returns to the event loop: the dialog's exec() and the window's own loop must
    # be free to go on (a step waiting inside them would hold them).
    state: dict[str, object] = {}

    def poll(step: Callable[[], bool]) -> None:
        if not step():
            QTimer.singleShot(1, lambda: poll(step))

    def dialog_shown() -> bool:
        if paints.dialog_painted is None:
            return False
        figures["dialog_ms"] = (paints.dialog_painted - started) * 1000
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        dialog.user.setText(OFFICER)  # type: ignore[attr-defined]
        dialog.password.setText(PASSWORD)  # type: ignore[attr-defined]
        dialog.password.setFocus()  # type: ignore[attr-defined]
        # The officer typing the password (16 characters at 8 keys a second): what the app
        # does meanwhile is not waited for.
        QTimer.singleShot(TYPING_MS, lambda: press(dialog))
        return True

    def press(dialog: QWidget) -> None:
        state["pressed"] = time.perf_counter()
        QTimer.singleShot(0, lambda: poll(rows_shown))
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    def rows_shown() -> bool:
        window = _main_window(app)
        if window is None:
            return False
        viewport = window.table.viewport()  # type: ignore[attr-defined]
        if viewport not in paints.watched:
            paints.watched.append(viewport)
        pressed = float(state["pressed"])  # type: ignore[arg-type]
        if not rows_painted(window, paints, pressed)():
            return False
        figures["signed_in_ms"] = (time.perf_counter() - pressed) * 1000
        figures["rss_mb"], figures["hwm_mb"] = memory_mb()
        print(json.dumps(figures), flush=True)
        os._exit(0)

    QTimer.singleShot(0, lambda: poll(dialog_shown))
    from nyanland.app import main

    main(["--db", store])
    return figures


def _main_window(app: QApplication) -> object | None:
    for widget in app.topLevelWidgets():
        if type(widget).__name__ == "MainWindow" and widget.isVisible():
            return widget
    return None


def work(store: str, seconds: float) -> dict[str, float]:
    from PySide6.QtCore import QSettings

    from nyanland.services.cases import CaseService
    from nyanland.services.context import Clock
    from nyanland.services.signin import sign_in
    from nyanland.store.engine import sqlite_url
    from nyanland.ui.launch import make_application
    from nyanland.ui.main_window import MainWindow, Services

    app = make_application(sys.argv[:1])
    paints = Paints()
    app.installEventFilter(paints)
    context = sign_in(sqlite_url(Path(store)), OFFICER, PASSWORD, Clock()).context
    settings = QSettings(os.environ["PROBE_SETTINGS"], QSettings.Format.IniFormat)
    window = MainWindow(Services(context, CaseService(context), PASSWORD), settings, print)
    window.resize(1300, 820)
    window.show()
    viewport = window.table.viewport()
    paints.watched += [viewport, window.right, window.reminders.table.viewport()]
    wait(rows_painted(window, paints, 0.0))
    wait(lambda: not window.executor.busy)
    window.model.modelReset.connect(lambda: _count("cases"))
    window.reminders.model.modelReset.connect(lambda: _count("todo"))
    figures: dict[str, float] = {}
    figures["keystroke_ms"] = _median([_keystroke(window, paints, word) for word in WORDS])
    _clear_search(window, paints)
    rng = random.Random(1)
    figures["open_ms"] = _median([_open(window, paints, rng.randrange(40)) for _ in range(9)])
    figures["save_ms"] = _median([_save(window, paints, n) for n in range(9)])
    figures["overview_first_ms"] = _overview(window, paints)  # QtCharts loaded, the view built
    figures["overview_ms"] = _median([_overview(window, paints) for _ in range(5)])
    figures["after_start_mb"] = memory_mb()[0]
    _use(window, paints, rng, seconds)
    figures["rss_mb"], figures["hwm_mb"] = memory_mb()
    figures["used_s"] = seconds
    print(json.dumps(figures), flush=True)
    os._exit(0)


STATE: list[bool] = []
RESETS = {"cases": 0, "todo": 0}  # how often each list was shown afresh


def _count(key: str) -> None:
    RESETS[key] += 1


def _median(values: list[list[float] | float]) -> float:
    flat = sorted(v for item in values for v in (item if isinstance(item, list) else [item]))
    return flat[len(flat) // 2]


def _keystroke(window: object, paints: Paints, word: str) -> list[float]:
    """Types the word a key at a time: each key press until its rows are painted."""
    search = window.search  # type: ignore[attr-defined]
    _clear_search(window, paints)
    search.setFocus()
    timings = []
    for letter in word:
        expected = search.text() + letter
        pressed = time.perf_counter()
        QTest.keyClick(search, letter)
        shown = rows_painted(window, paints, pressed)
        wait(lambda e=expected, s=shown: window.model.query.text == e and s())  # type: ignore
        timings.append((time.perf_counter() - pressed) * 1000)
    return timings


def _clear_search(window: object, paints: Paints) -> None:
    search = window.search  # type: ignore[attr-defined]
    if not search.text():
        return
    search.selectAll()
    pressed = time.perf_counter()
    QTest.keyClick(search, Qt.Key.Key_Backspace)
    shown = rows_painted(window, paints, pressed)
    wait(lambda: window.model.query.text == "" and shown())  # type: ignore[attr-defined]
    wait(lambda: not window.executor.busy)  # type: ignore[attr-defined]


def _open(window: object, paints: Paints, row: int) -> float:
    """A click on a row near the top of the list, until its case is painted in the editor."""
    table, model = window.table, window.model  # type: ignore[attr-defined]
    table.scrollToTop()
    wait(lambda: model.summary(row) is not None and model.summary(row + 1) is not None)
    summary = model.summary(row)
    if summary.id == window.pane.selected_case:  # type: ignore[attr-defined]
        row, summary = row + 1, model.summary(row + 1)
    QApplication.processEvents()
    rect = table.visualRect(model.index(row, 1))
    pressed = time.perf_counter()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = window.editor  # type: ignore[attr-defined]
    wait(
        lambda: (
            editor.record is not None
            and editor.record.id == summary.id
            and paints.painted_since(window.right, pressed)
        )  # type: ignore[attr-defined]
    )
    elapsed = (time.perf_counter() - pressed) * 1000
    wait(lambda: not window.executor.busy)  # type: ignore[attr-defined]
    return elapsed


def _overview(window: object, paints: Paints) -> float:
    """The Översikt tab chosen → its numbers of this moment painted (counted afresh at each
    look); then back to the case list."""
    page = window.overview_page  # type: ignore[attr-defined]
    before = page.built.figures if page.built is not None else None
    if page not in paints.watched:
        paints.watched.append(page)
    start = time.perf_counter()
    window.show_overview()  # type: ignore[attr-defined]
    wait(
        lambda: (
            page.built is not None
            and page.built.figures is not None
            and page.built.figures is not before
        )  # a new count, even if the same numbers
    )
    arrived = time.perf_counter()
    wait(lambda: paints.painted_since(page, arrived))
    took = (paints.done_at[id(page)] - start) * 1000
    window.show_cases()  # type: ignore[attr-defined]
    wait(lambda: not window.executor.busy)  # type: ignore[attr-defined]
    return took


def _save(window: object, paints: Paints, number: int) -> float:
    """A changed phone number saved with Ctrl+S, until saved and both lists are repainted."""
    editor = window.editor  # type: ignore[attr-defined]
    version = editor.record.version
    phone = editor.person.input("phone")
    phone.setFocus()
    phone.selectAll()
    QTest.keyClicks(phone, f"070-{number:03d} {random.randrange(10**4):04d}")
    listed, todo = RESETS["cases"], RESETS["todo"]
    pressed = time.perf_counter()
    if QApplication.activeWindow() is window:
        QTest.keyClick(phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    else:  # no window manager made it active: Qt then passes shortcuts by; the menu's action
        window.save_action.trigger()  # type: ignore[attr-defined]

    def saved() -> bool:
        state = (
            editor.record.version == version + 1,
            not editor.dirty,
            RESETS["cases"] > listed,
            RESETS["todo"] > todo,
            paints.painted_since(window.table.viewport(), pressed),  # type: ignore
        )
        STATE[:] = state
        return all(state)

    wait(saved)
    elapsed = (time.perf_counter() - pressed) * 1000
    wait(lambda: not window.executor.busy)  # type: ignore[attr-defined]
    return elapsed


def _use(window: object, paints: Paints, rng: random.Random, seconds: float) -> None:
    """An officer's working: searching, scrolling far down the list, sorting, opening, saving."""
    end = time.perf_counter() + seconds
    table, model = window.table, window.model  # type: ignore[attr-defined]
    step = 0
    while time.perf_counter() < end:
        step += 1
        choice = step % 5
        if choice == 0:
            _keystroke(window, paints, rng.choice(WORDS)[:3])
            _clear_search(window, paints)
        elif choice == 1:
            table.scrollTo(model.index(rng.randrange(max(model.rowCount(), 1)), 0))
            wait(lambda: not window.executor.busy)  # type: ignore[attr-defined]
        elif choice == 2:
            column = rng.choice([0, 1, 3, 4])
            table.sortByColumn(column, rng.choice(list(Qt.SortOrder)))
            wait(lambda: not window.executor.busy)  # type: ignore[attr-defined]
        elif choice == 3:
            table.scrollToTop()
            _open(window, paints, rng.randrange(20))
        else:
            _save(window, paints, step)


if __name__ == "__main__":
    import faulthandler
    import logging

    if os.environ.get("PROBE_LOG"):  # each store op's name and time, to see where time goes
        logging.basicConfig(level=logging.DEBUG, format="%(relativeCreated)d %(message)s")

    faulthandler.dump_traceback_later(float(os.environ.get("PROBE_DUMP", "0")) or 10**6, exit=False)
    if sys.argv[1] == "start":
        start(sys.argv[2], float(sys.argv[3]))
    else:
        work(sys.argv[2], float(sys.argv[3]))
