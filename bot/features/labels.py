"""Button labels made from authored texts (a parent's question), like the renderer's labels."""

from __future__ import annotations

from bot.core.messages import Button
from bot.core.render import Renderer
from content.schema import Text

#: Telegram shows about this many characters of a button; longer labels are cut.
MAX_LABEL = 60


def text_button(render: Renderer, text: Text, payload: str) -> Button:
    """Dutch first, then the person's language, as every other button."""
    label = text.nl
    second = render.plan.blocks[1] if len(render.plan.blocks) > 1 else None
    if second and text.has(second):
        label = f"{label} · {text.get(second)}"
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rstrip() + "…"
    return Button(label, payload)
