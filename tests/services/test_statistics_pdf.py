"""The PDF report shows every figure of the CSV, in fonts it carries itself."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from nyanland import i18n
from nyanland.domain.indicators import CATALOGUE
from nyanland.domain.timeline import Period
from nyanland.reports.labels import category_label
from nyanland.reports.statistics_pdf import statistics_pdf
from nyanland.services import demo, publication
from nyanland.services.context import ServiceContext
from nyanland.services.publication import published, trends
from tests.conftest import Team
from tests.reports.pdf_checks import structure
from tests.test_cli import nyanland, signed_in

PERIOD = Period.parse("2026-Q2")


def test_the_report_holds_every_figure_and_embeds_its_fonts(context: ServiceContext) -> None:
    demo.add_demo_cases(context, 1500, seed=6, as_of=date(2026, 11, 1))
    rows = published(context, PERIOD, 5)
    i18n.set_language("sv")
    pdf = statistics_pdf(
        rows, PERIOD.code, 5, trends(context, PERIOD, 5), "Exempelby kommun", date(2026, 7, 2)
    )
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Exempelby kommun" in text and "2026-Q2" in text
    assert "Mottagna nyanlända" in text and "Kön" in text and "Anhöriginvandring" not in text
    titles = [i18n._(indicator.title) for indicator in CATALOGUE]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)  # one section per indicator, in catalogue order
    for index, indicator in enumerate(CATALOGUE):
        end = positions[index + 1] if index + 1 < len(positions) else len(text)
        section = text[positions[index] : end]
        flat = " ".join(section.split())
        for row in (r for r in rows if r.indicator == indicator.id):
            value = ".." if row.value is None else str(row.value)
            shown = f"{category_label(row.breakdown, row.category)} {value}"
            assert shown in flat, (indicator.id, shown)
    assert "Metod" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            fonts.add(("/FontFile2" in descriptor["/FontDescriptor"], descriptor["/BaseFont"]))
    assert fonts and all(embedded for embedded, _name in fonts), fonts


def test_the_report_is_tagged_and_its_charts_say_their_values(context: ServiceContext) -> None:
    demo.add_demo_cases(context, 600, seed=2, as_of=date(2026, 11, 1))
    i18n.set_language("sv")
    shown = trends(context, PERIOD, 5)
    pdf = statistics_pdf(
        published(context, PERIOD, 5), PERIOD.code, 5, shown, "Exempelby kommun", date(2026, 7, 2)
    )
    found = structure(pdf)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= found["tags"]
    assert found["lang"] == "sv" and found["marked"] and found["pdfa"] == ("2", "A")
    assert found["title"] == "Integrationsstatistik 2026-Q2" and found["unembedded"] == []
    received = [p for p in shown["received"]]
    said = ", ".join(f"{p.period} {'..' if p.value is None else p.value}" for p in received)
    assert any(alt.endswith(said) for alt in found["alternatives"]), found["alternatives"][:2]


def test_the_cli_writes_a_pdf(team: Team, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    if team.admin.store.server_logins:  # on a server only an administrator counts
        publication.for_file(team.admin, Period.parse("2026-Q2"), 5)
    result = nyanland(
        "--database-url",
        team.url,
        "stats",
        "--period",
        "2026-Q2",
        "--format",
        "pdf",
        "--output",
        out,
        env=signed_in("kim.coordinator"),
    )
    assert result.returncode == 0, result.stderr
    assert PdfReader(out).pages[0].extract_text().count("Integration statistics") == 1
