"""Becoming a buddy or animator: the roles, the compensation and the next step."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features.common import answer_reply, lines, per_language, step, ui
from content.loader import Content
from content.volunteering import Volunteering

INTENT = "volunteer"


def compose(ctx: Context) -> Step:
    """First screen: what one can do and how to start; "➕ Meer": each role, the money."""
    volunteering = ctx.content.volunteering
    if volunteering is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    text = per_language(render, lambda lang: lines(volunteering.intro.get(lang),
                                                   volunteering.next_step.get(lang)))
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    rest = per_language(render, lambda lang: describe(ctx.content, volunteering, lang))
    return Step((render.reply(text, buttons),), ctx.state, INTENT, more=(render.reply(rest),))


def describe(content: Content, volunteering: Volunteering, lang: str) -> str:
    """Each role, what it is, and what a volunteer gets for it."""
    return lines(
        *(ui(content, "volunteer.role", lang, title=role.title.get(lang), what=role.what.get(lang))
          for role in volunteering.roles),
        volunteering.compensation.get(lang),
    )
