"""Answers several features give: an old button, the plain welcome, a message to someone else."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot.core.features import Context, Step
from bot.core.languages import PICKER_ORDER, welcome_plan
from bot.core.menu import main_menu, stale_reply
from bot.core.messages import Button, Reply
from bot.core.render import Renderer
from bot.core.staffports import Notice
from bot.features.common import lines, per_language
from bot.features.kit.languages import person_render
from content.loader import Content

log = logging.getLogger(__name__)

#: What an old, forged or unknown button answered (as the core does for its own buttons).
STALE_INTENT = "out_of_scope"
#: ``lang:<code>``: a language picked in the picker.
LANGUAGE_PREFIX = "lang"
PICKER_COLUMNS = 2


def stale_button(ctx: Context) -> Step:
    """The one answer to a button Maatje cannot take (old, forged, or not the presser's):
    "this button does not work (any more)" with fresh choices, and nothing changed.

    A staff-only button pressed by anyone else gets this too, so it does not even reveal
    that the button belongs to staff.
    """
    log.info("button refused")
    return Step((stale_reply(ctx.render),), ctx.state, STALE_INTENT)


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
    return [Button(names.get(code), f"{LANGUAGE_PREFIX}:{code}") for code in PICKER_ORDER]


def menu_reply(render: Renderer, *keys: str) -> Reply:
    """UI texts (each block its own language) with the persistent main menu."""
    text = per_language(render, lambda lang: lines(*(render.content.ui_text(k, lang) for k in keys)))
    return render.reply(text, menu=main_menu(render))


def tell(
    ctx: Context, chat_key: str, language: str | None, text: Callable[[str], str],
    buttons: Callable[[Renderer], Iterable[Button | None]] = lambda render: (), *,
    attachment: str | None = None, about: str | None = None,
) -> bool:
    """Queue a message for someone Maatje is not answering now, in Dutch and their language.

    ``text(lang)`` writes one block; ``buttons`` are labelled for the person. The outbox
    sends it (paced, retried) once this message's transaction commits; ``about`` is the
    person it names, so their ``/vergeet`` erases it. ``False`` when nothing can be kept.
    """
    render = person_render(ctx.content, language)
    kept = tuple(button for button in buttons(render) if button is not None)
    notice = Notice(chat_key, per_language(render, text), kept, attachment=attachment, about=about)
    return ctx.store.outbox.notify(notice, ctx.now)
