"""Who to call: the organisation's number and the youth workers, with when they answer."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features.common import answer_reply, lines, per_language, step, ui, ui_lines
from content.loader import Content
from content.places import Contacts

INTENT = "contact"


def compose(ctx: Context) -> Step:
    contacts = ctx.content.contacts
    if contacts is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    text = per_language(render, lambda lang: lines(answer.text.get(lang),
                                                   people(ctx.content, contacts, lang)))
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    return step(ctx, INTENT, render.reply(text, buttons))


def people(content: Content, contacts: Contacts, lang: str) -> str:
    organisation = contacts.organisation
    return lines(
        *(ui_lines(content, "contact.item", lang, {
            "name": worker.name, "role": worker.role.get(lang), "phone": worker.phone,
            "when": worker.when.get(lang)}) for worker in contacts.youth_workers),
        ui(content, "contact.organisation", lang, name=organisation.name,
           phone=organisation.phone, when=organisation.when.get(lang)),
    )
