"""Answers several features give: an old button, a message to someone else."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot.core.features import Context, Step, Surroundings
from bot.core.menu import stale_reply
from bot.core.messages import Button
from bot.core.outboxports import Notice
from bot.core.render import Renderer
from bot.features.common import per_language
from bot.features.kit.languages import person_render

log = logging.getLogger(__name__)

#: What an old, forged or unknown button answered (as the core does for its own buttons).
STALE_INTENT = "out_of_scope"


def stale_button(ctx: Context) -> Step:
    """The one answer to a button Maatje cannot take (old, forged, or not the presser's):
    "this button does not work (any more)" with fresh choices, and nothing changed.

    A staff-only button pressed by anyone else gets this too, so it does not even reveal
    that the button belongs to staff.
    """
    log.info("button refused")
    return Step((stale_reply(ctx.render),), ctx.state, STALE_INTENT)


def tell(
    ctx: Surroundings, chat_key: str, language: str | None, text: Callable[[str], str],
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


def remember_asked(ctx: Context, user_key: str, buttons: Iterable[Button]) -> None:
    """After a notice that asks a question (``questions.yaml``), so that typing "ja" or
    "نعم" answers it as pressing ✅ does: the core remembers only its own last reply."""
    questions = ctx.content.questions
    if questions is None:
        return
    pending = questions.pending_in([button.payload for button in buttons if button.payload])
    if pending:
        ctx.store.camp.remember_question(user_key, pending)
