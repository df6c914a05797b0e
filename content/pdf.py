"""What every PDF Maatje prints shares: the bundled fonts, shaping, and two-language rows.

The fonts (``fonts/``, SIL Open Font License, see ``fonts/LICENSE-Noto.txt``) cover Latin,
Cyrillic, Arabic script (Arabic, Dari, Pashto) and Ge'ez (Tigrinya); each PDF embeds the
glyphs it uses. Right-to-left text is shaped by HarfBuzz (fpdf2's text shaping, with
``uharfbuzz``), which also orders it; nothing is fetched while printing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from content.bidi import is_rtl

if TYPE_CHECKING:  # fpdf2 takes ~0.2 s to import: only a command that prints pays for it
    from fpdf import FPDF

#: (family, style) -> file in the content folder's ``fonts/``. Arabic and Ge'ez have no bold
#: file (to keep the bundle small): their titles print in the regular weight.
FONTS = {
    ("sans", ""): "NotoSans-Regular.ttf",
    ("sans", "B"): "NotoSans-Bold.ttf",
    ("arabic", ""): "NotoNaskhArabic-Regular.ttf",
    ("ethiopic", ""): "NotoSansEthiopic-Regular.ttf",
}
FALLBACKS = ("arabic", "ethiopic")
#: The same text gives the same file (no clock in it).
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
#: Bidi marks and isolates the chat texts carry; HarfBuzz and fpdf2 order the text
#: themselves, and the fonts have no glyph for them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
                                   "\u202a\u202b\u202c\u202d\u202e"))
MARGIN = 12.0
GAP = 6.0


def font_folder(directory: Path) -> Path:
    """The content folder's ``fonts/``, or the bundled one when an older folder lacks them."""
    own = directory / "fonts"
    if all((own / name).is_file() for name in FONTS.values()):
        return own
    return Path(__file__).resolve().parent / "data" / "fonts"


def new_pdf(directory: Path, title: str, *, landscape: bool = False) -> FPDF:
    """An A4 document with every bundled font, fallbacks for other scripts, and shaping."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L" if landscape else "P", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(plain(title))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    folder = font_folder(directory)
    for (family, style), name in FONTS.items():
        pdf.add_font(family, style, str(folder / name))
    pdf.set_fallback_fonts(list(FALLBACKS), exact_match=False)
    pdf.set_text_shaping(True)
    pdf.add_page()
    return pdf


def plain(text: str) -> str:
    """``text`` without the invisible bidi marks (the PDF orders right-to-left text itself)."""
    return text.translate(_BIDI_CONTROLS)


def pdf_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def room(pdf: FPDF, height: float) -> None:
    """A new page when ``height`` more does not fit on this one."""
    if pdf.get_y() + height > pdf.h - MARGIN:
        pdf.add_page()


def text_height(pdf: FPDF, width: float, line: float, text: str) -> float:
    lines = pdf.multi_cell(width, line, plain(text), dry_run=True, output="LINES")
    assert isinstance(lines, list)
    return line * max(1, len(lines))


def pair(pdf: FPDF, dutch: str, other: str | None, lang: str, line: float) -> None:
    """Dutch on the left, the reader's language beside it (right-aligned when it is written
    right to left); with no other language, the Dutch across the page. The row moves to
    a new page whole."""
    from fpdf.enums import Align, XPos, YPos

    width = pdf.epw if other is None else (pdf.epw - GAP) / 2
    height = max(text_height(pdf, width, line, dutch),
                 text_height(pdf, width, line, other) if other is not None else 0.0)
    room(pdf, height)
    top, left = pdf.get_y(), pdf.l_margin
    pdf.multi_cell(width, line, plain(dutch), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if other is not None:
        pdf.set_xy(left + width + GAP, top)
        pdf.multi_cell(width, line, plain(other), align=Align.R if is_rtl(lang) else Align.L,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(left, top + height)


def table_row(pdf: FPDF, widths: list[float], cells: list[str], line: float, *,
              fill: bool = False) -> None:
    """One row of a table with a border; each cell wraps, the row moves to a new page whole."""
    from fpdf.enums import Align, XPos, YPos

    height = max(text_height(pdf, width - 2, line, cell) for width, cell in zip(widths, cells, strict=True))
    room(pdf, height + 2)
    top, x = pdf.get_y(), pdf.l_margin
    for width, cell in zip(widths, cells, strict=True):
        pdf.rect(x, top, width, height + 2, style="DF" if fill else "D")
        pdf.set_xy(x + 1, top + 1)
        pdf.multi_cell(width - 2, line, plain(cell), align=Align.L,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        x += width
    pdf.set_xy(pdf.l_margin, top + height + 2)
