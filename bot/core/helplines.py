"""The danger answer's help lines, laid out for the reader: pure, no store, no features.

This is the one answer that must come out whatever else is broken, so it lives in the
core and needs nothing but the content. The numbers come from ``helplines.yaml``; a
Dutch reader sees the Dutch-speaking lines first, a French reader the French ones.
In Arabic, Dari and Pashto each line starts with a right-to-left mark, so a line that
begins with an emoji or a number is not laid out left to right.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.languages import LanguagePlan
from bot.core.messages import Button, Reply
from bot.core.render import BLOCK_SEPARATOR, Renderer
from content.bidi import is_rtl, isolate
from content.helplines import Helpline
from content.loader import Content

RIGHT_TO_LEFT_MARK = "\u200f"
SAFEGUARDING = "safeguarding"
ASK_KEY = "safeguarding.ask"
#: Shown when the content has no help-line file (a folder being built up): 112 always works.
LAST_RESORT = "🚑 112"


def reader_of(plan: LanguagePlan) -> str:
    """The language the person reads best: the block under the Dutch, else Dutch."""
    return plan.blocks[1] if len(plan.blocks) > 1 else plan.blocks[0]


def helpline_block(content: Content, lang: str, reader: str) -> str:
    """The help lines in ``lang``, ordered for ``reader``, one per line."""
    helplines = content.helplines
    if helplines is None:
        return LAST_RESORT
    return "\n".join(_line(content, line, lang) for line in helplines.ordered(reader))


def _line(content: Content, line: Helpline, lang: str) -> str:
    marker = ""
    if line.speaks != "all" and content.has_ui(f"helplines.speaks.{line.speaks}"):
        marker = f" ({content.ui_text(f'helplines.speaks.{line.speaks}', lang)})"
    return f"{line.emoji} {isolate(line.number, lang)}: {line.label.get(lang)}{marker}"


def right_to_left(text: str, lang: str) -> str:
    """Every line of a right-to-left block starts with a right-to-left mark."""
    if not is_rtl(lang):
        return text
    return "\n".join(
        line if line.startswith(RIGHT_TO_LEFT_MARK) else RIGHT_TO_LEFT_MARK + line
        for line in text.split("\n")
    )


def danger_text(content: Content, plan: LanguagePlan, *extra_keys: str) -> str:
    """The danger answer in every block language, with ``extra_keys`` (ui texts) under it."""
    answer = content.answer(SAFEGUARDING).text
    reader = reader_of(plan)
    blocks = []
    for lang in plan.blocks:
        body = answer.get(lang).replace("{helplines}", helpline_block(content, lang, reader))
        extras = [content.ui_text(key, lang) for key in extra_keys if content.has_ui(key)]
        blocks.append(right_to_left("\n".join([body, *extras]), lang))
    return BLOCK_SEPARATOR.join(blocks)


def chat_buttons(render: Renderer) -> list[Button]:
    """The chat services as link buttons, labelled like every other button."""
    helplines = render.content.helplines
    if helplines is None:
        return []
    chats = helplines.chats_for(reader_of(render.plan))
    return [Button(render.label_of(chat.label), url=chat.url) for chat in chats]


def danger_reply(
    render: Renderer, buttons: Iterable[Button | None] = (), *extra_keys: str
) -> Reply:
    """Help lines first, then ``extra_keys``, the given buttons and the chat links."""
    text = danger_text(render.content, render.plan, *extra_keys)
    return render.reply(text, [*buttons, *chat_buttons(render)])
