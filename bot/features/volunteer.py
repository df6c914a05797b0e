"""Becoming a buddy or animator: the roles, the compensation and the next step."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.features.common import answer_reply, lines, per_language, step, ui
from content.loader import Content
from content.volunteering import Volunteering

INTENT = "volunteer"


def compose(ctx: Context) -> Step:
    volunteering = ctx.content.volunteering
    if volunteering is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    text = per_language(render, lambda lang: describe(ctx.content, volunteering, lang))
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    return step(ctx, INTENT, render.reply(text, buttons))


def describe(content: Content, volunteering: Volunteering, lang: str) -> str:
    return lines(
        volunteering.intro.get(lang),
        *(ui(content, "volunteer.role", lang, title=role.title.get(lang), what=role.what.get(lang))
          for role in volunteering.roles),
        volunteering.compensation.get(lang),
        volunteering.next_step.get(lang),
    )
