"""Small helpers the feature modules share: one text per block language, isolated values."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from bot.core.features import Context, Step
from bot.core.messages import Button, Reply
from bot.core.render import BLOCK_SEPARATOR, Renderer
from content.bidi import fill
from content.loader import Content
from content.schema import placeholders


def per_language(render: Renderer, build: Callable[[str], str]) -> str:
    """The blocks of a reply, Dutch first, each built for its own language."""
    return BLOCK_SEPARATOR.join(build(lang) for lang in render.plan.blocks)


def lines(*parts: str | None) -> str:
    """The non-empty parts, one a line."""
    return "\n".join(part for part in parts if part)


def ui(content: Content, key: str, lang: str, **values: object) -> str:
    """A UI string with its values filled in, each isolated for right-to-left languages."""
    return fill(content.ui[key].get(lang), values, lang)


def ui_lines(content: Content, key: str, lang: str, values: Mapping[str, object | None]) -> str:
    """A multi-line UI template; a line whose value is missing (``None``) is left out.

    ``activity.item`` has a "🎒 {bring}" line: an activity with nothing to bring drops it.
    """
    kept = []
    for line in content.ui[key].get(lang).split("\n"):
        names = placeholders(line)
        if all(values.get(name) is not None for name in names):
            kept.append(fill(line, {name: values[name] for name in names}, lang))
    return "\n".join(kept)


def answer_reply(ctx: Context, intent: str, extra: Iterable[Button | None] = ()) -> Reply:
    """The static answer of ``intent`` with its follow-up buttons, as the core would send it."""
    answer = ctx.content.answer(intent)
    render = ctx.render
    buttons = [*extra, *render.intent_buttons(answer.followups), render.offer_button(intent)]
    return render.reply(render.text(answer.text), buttons)


def step(ctx: Context, intent: str, *replies: Reply) -> Step:
    return Step(tuple(replies), ctx.state, intent)


def entity(ctx: Context, name: str) -> str | None:
    """An entity of the understanding layer, under its singular or plural kind name."""
    entities = ctx.entities
    return entities.get(name) or entities.get(f"{name}s")

