"""Who to call: the organisation's number and the youth workers, with when they answer."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features.common import answer_reply, lines, per_language, step, ui, ui_lines
from content.loader import Content
from content.places import Contacts

INTENT = "contact"


def compose(ctx: Context) -> Step:
    """The first youth workers and the organisation's number; the workers marked ``more``
    in contacts.yaml wait behind "➕ Meer"."""
    contacts = ctx.content.contacts
    if contacts is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    text = per_language(render, lambda lang: lines(answer.text.get(lang),
                                                   people(ctx.content, contacts, lang)))
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    first = render.reply(text, buttons)
    if not any(worker.more for worker in contacts.youth_workers):
        return step(ctx, INTENT, first)
    rest = per_language(render, lambda lang: lines(
        answer.more.get(lang) if answer.more else None,
        workers(ctx.content, contacts, lang, more=True)))
    return Step((first,), ctx.state, INTENT, more=(render.reply(rest),))


def people(content: Content, contacts: Contacts, lang: str) -> str:
    """The youth workers of the first screen, then the organisation."""
    organisation = contacts.organisation
    return lines(
        workers(content, contacts, lang),
        ui(content, "contact.organisation", lang, name=organisation.name,
           phone=organisation.phone, when=organisation.when.get(lang)),
    )


def workers(content: Content, contacts: Contacts, lang: str, more: bool = False) -> str:
    """The youth workers of the first screen, or with ``more`` the others."""
    return lines(*(ui_lines(content, "contact.item", lang, {
        "name": worker.name, "role": worker.role.get(lang), "phone": worker.phone,
        "when": worker.when.get(lang)}) for worker in contacts.youth_workers
        if worker.more == more))
