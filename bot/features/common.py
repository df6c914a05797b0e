"""Small helpers the feature modules share: one text per block language, isolated values."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.core.features import Context, Step
from bot.core.messages import Button, Reply
from bot.core.render import BLOCK_SEPARATOR, Renderer
from content.bidi import isolate
from content.loader import Content


def per_language(render: Renderer, build: Callable[[str], str]) -> str:
    """The blocks of a reply, Dutch first, each built for its own language."""
    return BLOCK_SEPARATOR.join(build(lang) for lang in render.plan.blocks)


def lines(*parts: str | None) -> str:
    """The non-empty parts, one a line."""
    return "\n".join(part for part in parts if part)


def ui(content: Content, key: str, lang: str, **values: str) -> str:
    """A UI string with its values isolated for right-to-left languages."""
    return content.ui_text(key, lang, **{name: isolate(value, lang) for name, value in values.items()})


def answer_reply(ctx: Context, intent: str, extra: Iterable[Button | None] = ()) -> Reply:
    """The static answer of ``intent`` with its follow-up buttons, as the core would send it."""
    answer = ctx.content.answer(intent)
    render = ctx.render
    buttons = [*extra, *render.intent_buttons(answer.followups), render.offer_button(intent)]
    return render.reply(render.text(answer.text), buttons)


def step(ctx: Context, intent: str, *replies: Reply) -> Step:
    return Step(tuple(replies), ctx.state, intent)


def stale_button(ctx: Context) -> Reply:
    """A forged, unknown or expired button: refused kindly, with the main choices to go on."""
    from bot.core.dialogue import MAIN_CHOICES

    render = ctx.render
    return render.reply(render.ui("button.stale"), render.intent_buttons(MAIN_CHOICES))
