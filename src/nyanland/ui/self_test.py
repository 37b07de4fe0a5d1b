"""`nyanland self-test`: checks that this installation works on this computer, for IT after
deploying it (and for the installer's smoke test). In a temporary folder it makes an encrypted
store, an officer, a few hundred invented cases, opens the real window on them (offscreen when
there is no display), writes the statistics as CSV, Excel and PDF, and removes it all again.
Nothing of the user's own store or settings is touched."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from nyanland import i18n
from nyanland.domain.roles import Role
from nyanland.domain.timeline import Period
from nyanland.i18n import _
from nyanland.reports.statistics_pdf import statistics_pdf
from nyanland.reports.statistics_xlsx import statistics_xlsx
from nyanland.services import accounts, demo, publication, signin
from nyanland.services.cases import CaseService
from nyanland.services.context import Clock
from nyanland.services.store_setup import database_url

PASSWORD = "self-test passphrase"


def self_test() -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nyanland-self-test-") as folder:
        _run(Path(folder), started)
    return 0


def _run(folder: Path, started: float) -> None:
    from PySide6.QtCore import QEventLoop, QSettings

    from nyanland.ui.launch import make_application
    from nyanland.ui.main_window import MainWindow, Services

    def step(text: str) -> None:
        print(f"{time.perf_counter() - started:6.2f} s  {text}", flush=True)

    clock = Clock()
    url = database_url(folder / "store.sqlite3")
    admin = signin.create_store(url, "admin.test", PASSWORD, clock)
    accounts.add_account(admin, "officer.test", Role.OFFICER, PASSWORD)
    admin.store.dispose()
    officer = signin.sign_in(url, "officer.test", PASSWORD, clock).context
    step(_("encrypted store made and signed in to"))
    count = demo.add_demo_cases(officer, 300, seed=1, as_of=clock.today())
    step(_("{n} invented cases added").format(n=count))

    app = make_application(sys.argv[:1])
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Services(officer, CaseService(officer), PASSWORD), settings, _raise)
    window.show()
    deadline = time.perf_counter() + 30
    while (window.model.rowCount() == 0 or window.executor.busy) and (
        time.perf_counter() < deadline
    ):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if window.model.rowCount() == 0:
        raise SystemExit(_("self-test failed: the case list stayed empty"))
    step(
        _("window shown with {n} cases ({platform})").format(
            n=window.model.rowCount(), platform=app.platformName()
        )
    )
    window.editor.mark_clean()
    window.close()
    app.processEvents()

    language = i18n.current_language()
    i18n.set_language("sv")
    swedish = _("Case number") != "Case number"
    i18n.set_language(language)
    if not swedish:
        raise SystemExit(_("self-test failed: the Swedish catalogue is missing"))
    period = Period.parse(f"{clock.today().year - 1}")
    rows = publication.shown(officer, period, 3).rows
    (folder / "stats.xlsx").write_bytes(statistics_xlsx(rows, period.code, 3))
    pdf = statistics_pdf(
        rows, period.code, 3, publication.trends(officer, period, 3), "Self-test", clock.today()
    )
    if not pdf.startswith(b"%PDF"):
        raise SystemExit(_("self-test failed: no PDF"))
    step(_("statistics for {period} written as Excel and PDF").format(period=period.code))
    officer.store.dispose()
    print(_("self-test passed"))


def _raise(error: BaseException) -> None:
    raise error
