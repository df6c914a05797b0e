"""The medical form: what it is, who fills it in, where it goes, by when — and the PDF itself
(and, for a pupil on the camp list who may fill in her own, the digital form's button)."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features import camp_form_pupil
from bot.features.common import answer_reply, lines, per_language, step, ui
from bot.features.kit.formfile import form_document
from content.camp import MedicalForm
from content.loader import Content

INTENT = "camp_medical_form"


def compose(ctx: Context) -> Step:
    """The explanation with the form attached as a PDF, in the reader's language beside Dutch."""
    camp = ctx.content.camp
    render = ctx.render
    caption = per_language(render, lambda lang: ui(ctx.content, "camp.medical_form.caption", lang))
    document = form_document(ctx, render, caption) if camp else None
    if camp is None or document is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    form = camp.medical_form
    answer = ctx.content.answer(INTENT)
    text = per_language(render, lambda lang: explanation(ctx.content, form, lang))
    buttons = [camp_form_pupil.own_form_button(ctx, render),
               *render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    return step(ctx, INTENT, render.reply(text, buttons, document=document))


def explanation(content: Content, form: MedicalForm, lang: str) -> str:
    return lines(
        form.what.get(lang),
        form.who_fills_in.get(lang),
        form.where.get(lang),
        form.deadline_sentence(lang),
    )
