"""The packing list from ``camp.yaml`` as a checklist with emoji (also as a picture)."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features.common import answer_reply, lines, per_language, step, ui
from bot.features.packing import picture_button
from content.camp import Camp
from content.loader import Content

INTENT = "camp_packing"


def compose(ctx: Context) -> Step:
    """☐ one line per thing to bring; the static answer when there is no camp file.

    The things marked ``more`` in camp.yaml wait behind "➕ Meer" (the picture shows all)."""
    camp = ctx.content.camp
    picture = picture_button(ctx.render)
    if camp is None or not camp.packing:
        return step(ctx, INTENT, answer_reply(ctx, INTENT, [picture]))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    text = per_language(render, lambda lang: checklist(ctx.content, camp, lang))
    buttons = [picture, *render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    first = render.reply(text, buttons)
    if not any(item.more for item in camp.packing):
        return step(ctx, INTENT, first)
    rest = per_language(render, lambda lang: checklist(ctx.content, camp, lang, more=True))
    return Step((first,), ctx.state, INTENT, more=(render.reply(rest),))


def checklist(content: Content, camp: Camp, lang: str, more: bool = False) -> str:
    """The things to bring on the first screen, or with ``more`` the rest of them."""
    return lines(
        ui(content, "camp.packing.more" if more else "camp.packing.intro", lang),
        *(ui(content, "camp.packing.item", lang, emoji=item.emoji, item=item.item.get(lang))
          for item in camp.packing if item.more == more),
    )
