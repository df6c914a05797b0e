"""News about one activity for the people interested in it: it changed, or it is cancelled.

"Interested" means: said "Ik kom" to it, or has a lead about exactly this activity
(topic ``activity:<id>``). Each person gets one message, through the outbox (so the
rate limits hold), in Dutch with their own language under it, as every answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.activityports import StaffActivity
from bot.core.features import Context
from bot.core.messages import Button
from bot.core.render import BLOCK_SEPARATOR, Renderer
from bot.core.staffports import Notice
from bot.features.activities import BUTTON_PREFIX, describe, staff_card_activity, when
from bot.features.common import ui
from bot.features.relay import plan_for
from content.activities import Activity


@dataclass(frozen=True)
class Interested:
    """Where to tell someone, and in which language."""

    chat_key: str
    language: str


def recipients(ctx: Context, activity_id: str) -> list[Interested]:
    """Everyone interested in the activity, once per chat."""
    found: dict[str, Interested] = {}
    for attendee in ctx.store.attendance.attendees(activity_id):
        found.setdefault(attendee.chat_key, Interested(attendee.chat_key, attendee.language))
    for lead in ctx.store.leads.about(f"activity:{activity_id}"):
        found.setdefault(lead.chat_key, Interested(lead.chat_key, lead.language))
    return list(found.values())


def changed(ctx: Context, activity: StaffActivity) -> int:
    """Tell everyone interested the new details; how many were told."""
    def news(shown: Activity, render: Renderer) -> tuple[str, Button | None]:
        text = BLOCK_SEPARATOR.join(
            f"{ui(ctx.content, 'activity.changed', lang)}\n{describe(ctx.content, shown, lang)}"
            for lang in render.plan.blocks
        )
        return text, render.button("button.calendar", f"{BUTTON_PREFIX}:{shown.id}")

    return _tell_interested(ctx, activity, news)


def cancelled(ctx: Context, activity: StaffActivity) -> int:
    """Tell everyone interested that it does not take place; how many were told."""
    return _tell_interested(ctx, activity,
                            lambda shown, render: (_called_off(ctx, shown, render), None))


def _tell_interested(
    ctx: Context, activity: StaffActivity,
    news: Callable[[Activity, Renderer], tuple[str, Button | None]],
) -> int:
    """One message per interested person, written in their languages by ``news``."""
    shown = staff_card_activity(activity)
    if shown is None:
        return 0
    people = recipients(ctx, shown.id)
    for person in people:
        text, button = news(shown, Renderer(ctx.content, plan_for(person.language)))
        _send(ctx, person, text, button)
    return len(people)


def _called_off(ctx: Context, activity: Activity, render: Renderer) -> str:
    return BLOCK_SEPARATOR.join(
        ui(ctx.content, "activity.cancelled", lang, title=activity.title.get(lang),
           date=when(ctx.content, activity.start, lang))
        for lang in render.plan.blocks
    )


def _send(ctx: Context, person: Interested, text: str, button: Button | None) -> None:
    buttons = (button,) if button else ()
    ctx.store.outbox.notify(Notice(person.chat_key, text, buttons), ctx.now)
