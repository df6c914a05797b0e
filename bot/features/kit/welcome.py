"""The plain ``/start`` welcome, which onboarding, parent links and group links all give."""

from __future__ import annotations

from bot.core.features import Context, Step
from bot.core.languages import PICKER_ORDER, welcome_plan
from bot.core.menu import main_menu
from bot.core.messages import Button, Reply
from bot.core.render import Renderer
from bot.features.common import lines, per_language
from bot.features.kit.buttons import LANGUAGE, Picked
from content.loader import Content

PICKER_COLUMNS = 2


def welcome(ctx: Context) -> Step:
    """A plain ``/start``: the menu for someone returning, else the welcome and the picker.

    Deep links that are not topics (a parent link, a group link) end here too.
    """
    if ctx.state.onboarded:
        return Step((menu_reply(ctx.render, "menu.prompt"),), ctx.state.with_(misses=0), "greeting")
    render = Renderer(ctx.content, welcome_plan(ctx.state, ctx.incoming.language_hint))
    text = per_language(render, lambda lang: lines(
        ctx.content.ui_text("welcome", lang), ctx.content.ui_text("language.ask", lang)))
    reply = render.reply(text, language_buttons(ctx.content), columns=PICKER_COLUMNS)
    return Step((reply,), ctx.state.with_(misses=0), "greeting")


def language_buttons(content: Content) -> list[Button]:
    """One button per language, named in its own script (``language.name`` in that language)."""
    names = content.ui["language.name"]
    return [Button(names.get(code), LANGUAGE.build(Picked(code))) for code in PICKER_ORDER]


def menu_reply(render: Renderer, *keys: str) -> Reply:
    """UI texts (each block its own language) with the persistent main menu."""
    text = per_language(render, lambda lang: lines(*(render.content.ui_text(k, lang) for k in keys)))
    return render.reply(text, menu=main_menu(render))
