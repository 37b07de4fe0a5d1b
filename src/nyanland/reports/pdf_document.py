"""HTML to an accessible, archivable PDF: PDF/A-2a (tagged, every glyph mapped to Unicode,
fonts embedded), its title shown by the reader, and the language of every structure element
that is written in another language than the document's.

WeasyPrint lays the text out with Pango and HarfBuzz, so Arabic, Dari and Sorani are shaped
and joined and run right to left, and Ge'ez is set from Noto Sans Ethiopic. It is loaded when a
document is written, not with every command."""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

FONTS = Path(str(files("nyanland.reports") / "fonts"))

# The families the documents use, by script; each with the Noto files shipped in the package.
_FACES = {
    "Letter": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "LetterArabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "LetterEthiopic": ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
}
# Latin and Cyrillic first; a glyph missing from one family is taken from the next.
FONT_STACK = "Letter, LetterArabic, LetterEthiopic"


def font_faces() -> str:
    """The @font-face rules for the shipped fonts."""
    rules = []
    for family, (regular, bold) in _FACES.items():
        for weight, name in (("normal", regular), ("bold", bold)):
            uri = (FONTS / name).as_uri()
            rules.append(
                f"@font-face {{ font-family: {family}; font-weight: {weight}; src: url({uri}); }}"
            )
    return "\n".join(rules)


def write_pdf(html: str, base_css: str) -> bytes:
    """The PDF of `html` (which names its language on <html lang> and its title in <title>)."""
    import weasyprint

    fonts = _font_configuration()
    stylesheet = weasyprint.CSS(string=font_faces() + "\n" + base_css, font_config=fonts)
    with _LanguagesTagged(), warnings.catch_warnings():
        # WeasyPrint 70 leaves the sRGB profile it embeds for PDF/A open until collected.
        warnings.filterwarnings("ignore", "unclosed file.*sRGB", ResourceWarning)
        pdf: bytes = weasyprint.HTML(string=html, base_url=FONTS.as_uri() + "/").write_pdf(
            stylesheets=[stylesheet],
            font_config=fonts,
            pdf_variant="pdf/a-2a",
        )
        # The profile's file sits in a reference cycle: collected here, under the filter, not
        # at some later moment in somebody else's code.
        gc.collect()
    return pdf


@cache
def _font_configuration() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


class _LanguagesTagged:
    """While a PDF is written, every structure element made for an HTML element with its own
    `lang` gets /Lang: WeasyPrint 66-70 tags the document's language only, and PDF/UA asks
    that a screen reader be told where the language changes. (It wraps WeasyPrint's own tree
    builder, which calls itself through the module, so nested elements are reached too; the
    tests read the tags back, so a WeasyPrint that changes this shows at once.)"""

    def __enter__(self) -> None:
        import pydyf
        from weasyprint.pdf import tags

        original = tags._build_box_tree
        self._module, self._original = tags, original

        def build(box: Any, *args: Any) -> Iterator[Any]:
            element = getattr(box, "element", None)
            lang = element.get("lang") if element is not None else None
            for made in original(box, *args):
                if lang and "Lang" not in made:
                    made["Lang"] = pydyf.String(lang)
                yield made

        tags._build_box_tree = build

    def __exit__(self, *exc: object) -> None:
        self._module._build_box_tree = self._original
