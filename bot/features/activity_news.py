"""News about one activity for the people interested in it: it changed, or it is cancelled.

"Interested" means: said "Ik kom" to it, or has a lead about exactly this activity
(topic ``activity:<id>``). Each person gets one message, through the outbox (so the
rate limits hold), in Dutch with their own language under it, as every answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from bot.core.activityports import StaffActivity
from bot.core.features import Context
from bot.core.messages import Button
from bot.core.render import Renderer
from bot.features.activities import calendar_button, describe, staff_card_activity, when
from bot.features.common import ui
from bot.features.kit.replies import tell
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

    def news(shown: Activity, lang: str) -> str:
        return f"{ui(ctx.content, 'activity.changed', lang)}\n{describe(ctx.content, shown, lang)}"

    def calendar(shown: Activity, render: Renderer) -> list[Button | None]:
        return [calendar_button(render, shown)]

    return _tell_interested(ctx, activity, news, calendar)


def cancelled(ctx: Context, activity: StaffActivity) -> int:
    """Tell everyone interested that it does not take place; how many were told."""

    def called_off(shown: Activity, lang: str) -> str:
        return ui(ctx.content, "activity.cancelled", lang, title=shown.title.get(lang),
                  date=when(ctx.content, shown.start, lang))

    return _tell_interested(ctx, activity, called_off)


def _no_buttons(shown: Activity, render: Renderer) -> Iterable[Button | None]:
    return ()


def _tell_interested(
    ctx: Context, activity: StaffActivity, news: Callable[[Activity, str], str],
    buttons: Callable[[Activity, Renderer], Iterable[Button | None]] = _no_buttons,
) -> int:
    """One message per interested person, each block written by ``news`` in its language."""
    shown = staff_card_activity(activity)
    if shown is None:
        return 0
    people = recipients(ctx, shown.id)
    for person in people:
        tell(ctx, person.chat_key, person.language, partial(news, shown), partial(buttons, shown))
    return len(people)
