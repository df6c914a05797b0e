"""The medical form: what it is, who fills it in, where it goes, by when — and the PDF itself."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.core.messages import Document
from bot.features.common import answer_reply, lines, per_language, step, ui
from content.bidi import isolate
from content.camp import MedicalForm
from content.dates import format_day
from content.loader import Content

INTENT = "camp_medical_form"
PDF_MIME_TYPE = "application/pdf"


def compose(ctx: Context) -> Step:
    """The explanation with the form attached as a PDF document."""
    camp = ctx.content.camp
    data = ctx.content.attachment(camp.medical_form.pdf) if camp else None
    if camp is None or data is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    form = camp.medical_form
    render = ctx.render
    answer = ctx.content.answer(INTENT)
    text = per_language(render, lambda lang: explanation(ctx.content, form, lang))
    caption = per_language(render, lambda lang: ui(ctx.content, "camp.medical_form.caption", lang))
    document = Document(form.pdf, data, PDF_MIME_TYPE, caption)
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    return step(ctx, INTENT, render.reply(text, buttons, document=document))


def explanation(content: Content, form: MedicalForm, lang: str) -> str:
    deadline = format_day(form.deadline, lang)
    return lines(
        form.what.get(lang),
        form.who_fills_in.get(lang),
        form.where.get(lang),
        form.deadline_text.get(lang).format(date=isolate(deadline, lang)),
    )
