"""The camp sheet: every pupil on the camp list with their medical essentials, as a PDF.

The camp leaders print it before they leave, since there is no network at the camp:
allergies, medication, diet, health, swimming (can, cannot, not known), the tetanus
vaccine's year (or "weet niet"), the emergency contact and the doctor, from the digital form
(decrypted here, for this print only), "papier" when staff ticked a paper form, or
"ontbreekt". Staff get it with the "🖨️ Kampblad" button under ``/kamp`` or ``/kampblad``,
operators with ``maatje camp sheet -o FILE.pdf``; every print is audited, one entry per
pupil, as a read of their form. Nobody else gets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.campports import FORM_DIGITAL, FORM_PAPER, CampPort, Registration
from bot.core.features import Context, Features, Step
from bot.core.formports import BUTTON_MARK, FormPort
from bot.core.messages import Document, Reply
from bot.core.payloads import Choice, Codec
from bot.core.staffports import StaffMember
from bot.features.kit.buttons import typed
from bot.features.staffkit import audit_reads, staff_buttons, staff_only, staff_reply, staff_text, step
from content.loader import Content
from content.pdf import new_pdf, pdf_bytes, table_row

COMMAND = "kampblad"
#: The audit's name for a print: each pupil on it counts as a read of their form.
AUDIT = "camp.sheet"
PRINT = "pdf"
PAPER, MISSING = FORM_PAPER, "missing"
#: The form's answers on the sheet, in its columns' order (``bot.features.kit.buttons``).
COLUMNS = ("allergy", "medication", "diet", "health", "swim", "tetanus", "emergency", "doctor")
#: Columns whose head has a key of its own (``staff.camp.sheet.column.<step>``), put in
#: their place among the heads of ``staff.camp.sheet.columns``.
OWN_HEADS = ("swim", "tetanus")
#: Before the answers: the number, the name, how the form came in.
LEADING = 3
WIDTHS = [11.0, 22.0, 20.0, 38.0, 30.0, 22.0, 30.0, 22.0, 18.0, 32.0, 28.0]
PDF_MIME_TYPE = "application/pdf"


@dataclass(frozen=True)
class SheetButton:
    """``blad:pdf``: print the camp sheet."""

    action: str


BUTTON = Codec("blad", SheetButton, ((Choice("action", (PRINT,)),),))


@dataclass(frozen=True)
class SheetLine:
    """One pupil: how the form came in, and the answers (empty unless digital)."""

    registration: Registration
    kind: str
    answers: dict[str, str]


def sheet_lines(camp: CampPort, forms: FormPort) -> list[SheetLine]:
    """Everyone on the camp list, with their digital form's answers where there is one."""
    found = []
    for registration in camp.everyone():
        kind = registration.medical_kind if "medical" in registration.ticked else None
        form = forms.get(registration.id) if kind == FORM_DIGITAL else None
        if form is not None:
            found.append(SheetLine(registration, FORM_DIGITAL, dict(form.answers)))
        else:
            found.append(SheetLine(registration, PAPER if kind == PAPER else MISSING, {}))
    return found


def sheet_pdf(content: Content, lines: list[SheetLine], now: datetime) -> bytes:
    """The sheet, landscape A4, a row a pupil (Dutch column heads; answers as typed)."""
    camp = content.camp
    title = staff_text_of(content, "staff.camp.sheet.title",
                          camp=camp.title.nl if camp else "")
    pdf = new_pdf(content.directory, title, landscape=True)
    pdf.set_font("sans", "B", 14)
    pdf.cell(pdf.epw, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("sans", "", 8)
    pdf.cell(pdf.epw, 5, staff_text_of(content, "staff.camp.sheet.footer",
                                       date=now.astimezone(content.zone).strftime("%d/%m/%Y %H:%M")),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("sans", "B", 9)
    pdf.set_fill_color(230, 230, 230)
    table_row(pdf, WIDTHS, heads(content), 4.5, fill=True)
    pdf.set_font("sans", "", 9)
    for line in lines:
        table_row(pdf, WIDTHS, cells(content, line), 4.5)
    return pdf_bytes(pdf)


def heads(content: Content) -> list[str]:
    """The column heads, in the order of the cells."""
    found = staff_text_of(content, "staff.camp.sheet.columns").split(";")
    for name in OWN_HEADS:
        found.insert(LEADING + COLUMNS.index(name),
                     staff_text_of(content, f"staff.camp.sheet.column.{name}"))
    return found


def cells(content: Content, line: SheetLine) -> list[str]:
    registration = line.registration
    head = [f"#{registration.ref}", registration.first_name or "?",
            staff_text_of(content, f"staff.camp.sheet.kind.{line.kind}")]
    if line.kind != FORM_DIGITAL:
        empty = staff_text_of(content, "staff.camp.sheet.paper" if line.kind == PAPER
                              else "staff.camp.sheet.kind.missing")
        return [*head, empty, *([""] * (len(COLUMNS) - 1))]
    return [*head, *(_value(content, step, line.answers.get(step)) for step in COLUMNS)]


def _value(content: Content, step: str, value: str | None) -> str:
    """A typed answer as typed; a pressed one in words (``staff.camp.sheet.<step>.<answer>``
    where the question has its own, as swimming does: "kan zwemmen")."""
    if value is None:
        return "?"
    if value.startswith(BUTTON_MARK):
        answer = value[len(BUTTON_MARK):]
        for key in (f"staff.camp.sheet.{step}.{answer}", f"staff.camp.sheet.value.{answer}"):
            if content.has_ui(key):
                return staff_text_of(content, key)
        return answer
    return value


def staff_text_of(content: Content, key: str, **fields: object) -> str:
    return content.ui_text(key, "nl", **fields)


def audit_subjects(lines: list[SheetLine]) -> list[str]:
    return [line.registration.user_key for line in lines]


# --- in the chat, for staff -----------------------------------------------------------------


@staff_only
def command(ctx: Context, member: StaffMember) -> Step:
    """``/kampblad``: the sheet as a PDF, to this staff member only (audited)."""
    return send(ctx, member)


@staff_buttons
def on_button(ctx: Context, member: StaffMember, button: SheetButton) -> Step:
    """The "🖨️ Kampblad" button under ``/kamp``."""
    return send(ctx, member)


def send(ctx: Context, member: StaffMember) -> Step:
    lines = sheet_lines(ctx.store.camp, ctx.store.forms)
    if not lines:
        return step(ctx, staff_reply(ctx, "staff.camp.sheet.none"))
    audit_reads(ctx, member, AUDIT, audit_subjects(lines))
    data = sheet_pdf(ctx.content, lines, ctx.now)
    caption = staff_text(ctx, "staff.camp.sheet.caption", count=len(lines))
    name = f"kampblad-{ctx.now.astimezone(ctx.content.zone):%Y-%m-%d}.pdf"
    camp = ctx.content.camp
    title = staff_text(ctx, "staff.camp.sheet.title", camp=camp.title.nl if camp else "")
    return step(ctx, Reply(caption, document=Document(name, data, PDF_MIME_TYPE, title)))


def button_payload() -> str:
    return BUTTON.build(SheetButton(PRINT))


def features() -> Features:
    return Features(commands={COMMAND: command}, buttons={BUTTON.prefix: typed(BUTTON, on_button)})
