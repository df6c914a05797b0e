"""The printable medical form as a PDF: the reader's language beside the Dutch.

Made from ``medical_form.yaml`` with the camp's hand-in place and deadline
(``camp.yaml``: the same sentences the bot sends) and the days the form is kept after the
camp (``MAATJE_RETENTION_FORMS_DAYS``). Printed on first use and kept with the loaded
content (fpdf2 takes well under a second), so an edited text is in the next PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from content.bidi import fill
from content.loader import Content
from content.pdf import new_pdf, pair, pdf_bytes, plain, room
from content.printed_form import ERASED, PrintedForm, Section
from content.schema import SOURCE_LANGUAGE, Text

if TYPE_CHECKING:  # imported when a form is printed (content/pdf.py says why)
    from fpdf import FPDF

#: Line heights (mm) of the titles, the sentences and the labels; the space to write in.
TITLE, SENTENCE, LABEL, WRITE = 8.0, 5.5, 5.0, 7.0
#: The first intro sentence (who fills it in) comes before where and by when.
WHO = "who"
Pair = tuple[str, str | None]
Both = Callable[[Text], Pair]


def file_name(content: Content, lang: str) -> str:
    """``medische-fiche.pdf`` in Dutch, ``medische-fiche-ar.pdf`` beside Arabic."""
    base = content.camp.medical_form.pdf if content.camp else "medische-fiche.pdf"
    return base if lang == SOURCE_LANGUAGE else f"{base.removesuffix('.pdf')}-{lang}.pdf"


def medical_form_pdf(content: Content, lang: str, days: int) -> bytes | None:
    """The form in ``lang`` beside Dutch (Dutch alone for ``nl``); ``None`` without the
    form's texts. Made once per content, language and number of days."""
    form = content.printed_form
    if form is None:
        return None
    key = ("medical_form", lang, str(days))
    if key not in content.printed:
        content.printed[key] = pdf_bytes(_build(content, form, lang, days))
    return content.printed[key]


def _build(content: Content, form: PrintedForm, lang: str, days: int) -> FPDF:
    both = _both(lang)
    pdf = new_pdf(content.directory, form.title.nl)
    pdf.set_font("sans", "B", 15)
    pair(pdf, *both(form.title), lang, TITLE)
    if content.contacts is not None:
        pdf.set_font("sans", "", 9)
        pair(pdf, _organisation(content), None, lang, LABEL)
    pdf.ln(2)
    pdf.set_font("sans", "", 10.5)
    for dutch, other in intro(content, form, lang, days):
        pair(pdf, dutch, other, lang, SENTENCE)
        pdf.ln(0.8)
    for section in form.sections:
        _section(pdf, section, both, lang, (both(form.box_yes), both(form.box_no)))
    pdf.ln(4)
    for label in form.signature.values():
        _field(pdf, both(label), lang)
    return pdf


def intro(content: Content, form: PrintedForm, lang: str, days: int) -> list[Pair]:
    """Who fills it in; where and by when (the bot's own sentences); what happens to it."""
    other = None if lang == SOURCE_LANGUAGE else lang
    both = _both(lang)
    said = [both(text) for key, text in form.intro.items() if key != ERASED]
    camp = content.camp
    if camp is not None:
        medical = camp.medical_form
        deadline = (medical.deadline_sentence(SOURCE_LANGUAGE),
                    medical.deadline_sentence(lang) if other else None)
        at = 1 if WHO in form.intro else 0
        said[at:at] = [both(medical.where), deadline]
    erased = form.intro[ERASED]
    said.append((fill(erased.nl, {"days": days}, SOURCE_LANGUAGE),
                 fill(erased.get(lang), {"days": days}, lang) if other else None))
    return said


def _both(lang: str) -> Both:
    """A text as (Dutch, the reader's language), without the second one for Dutch."""
    def both(text: Text) -> Pair:
        return text.nl, (None if lang == SOURCE_LANGUAGE else text.get(lang))
    return both


def _organisation(content: Content) -> str:
    assert content.contacts is not None
    organisation = content.contacts.organisation
    place = content.place(organisation.place)
    address = f"{place.name}, {place.address}" if place else ""
    return " · ".join(part for part in (organisation.name, address, organisation.phone) if part)


def _section(pdf: FPDF, section: Section, both: Both, lang: str,
             boxes: tuple[Pair, Pair]) -> None:
    pdf.ln(3)
    room(pdf, TITLE + 2 * (LABEL + WRITE))
    pdf.set_font("sans", "B", 12)
    pair(pdf, *both(section.title), lang, TITLE)
    pdf.set_font("sans", "", 10)
    for label in section.fields.values():
        _field(pdf, both(label), lang)
    for label in section.checks.values():
        _check(pdf, both(label), lang, boxes)


def _field(pdf: FPDF, label: Pair, lang: str) -> None:
    """The question, then a line across the page to write on."""
    room(pdf, LABEL * 2 + WRITE)
    pair(pdf, label[0], label[1], lang, LABEL)
    y = pdf.get_y() + WRITE
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
    pdf.set_y(y + 1.5)


def _check(pdf: FPDF, label: Pair, lang: str, boxes: tuple[Pair, Pair]) -> None:
    """The statement, then a box for ja and one for nee (each with its translation)."""
    from fpdf.enums import XPos, YPos

    room(pdf, LABEL * 3 + 2)
    pair(pdf, label[0], label[1], lang, LABEL)
    pdf.ln(1)
    x = pdf.l_margin
    for dutch, other in boxes:
        pdf.rect(x, pdf.get_y() + 0.8, 3.6, 3.6)
        pdf.set_x(x + 5)
        word = plain(f"{dutch} / {other}" if other else dutch)
        pdf.cell(pdf.get_string_width(word) + 2, LABEL, word, new_x=XPos.RIGHT, new_y=YPos.TOP)
        x = pdf.get_x() + 8
    pdf.set_xy(pdf.l_margin, pdf.get_y() + LABEL + 2)
