"""Button labels made from authored texts (a parent's question), like the renderer's labels."""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.render import Renderer
from content.schema import LABEL_JOIN, MAX_LABEL, Text


def text_button(render: Renderer, text: Text, payload: str) -> Button:
    """Dutch first, then the person's language, as every other button; when both do not
    fit, the person's own language alone (a cut label lost the translation a parent
    reads), and only a label too long even then is cut."""
    label = text.nl
    second = render.plan.blocks[1] if len(render.plan.blocks) > 1 else None
    if second and text.has(second):
        both = f"{label}{LABEL_JOIN}{text.get(second)}"
        label = both if len(both) <= MAX_LABEL else text.get(second)
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rstrip() + "…"
    return Button(label, payload)
