""""Ik kom": a pupil says they come to an activity and opts in to a reminder the day before.

The button sits on every activity card (in a private chat). Pressing it is the opt-in;
"Ik kom toch niet" withdraws it at once. The reminder is a scheduled job the deployment's
one leader runs: from ``REMINDER_HOUR`` on the day before, each person who said they come
gets one message in their language, unless the activity was cancelled (they were told
that already, see :mod:`bot.features.activity_news`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from bot.core.activityports import Attendee
from bot.core.consent import AGE_BANDS, is_under_13, needs_age
from bot.core.features import Context, Features, Step
from bot.core.languages import base_language
from bot.core.render import BLOCK_SEPARATOR, Renderer
from bot.core.staffports import Notice
from bot.features import age
from bot.features.activities import BUTTON_PREFIX, COME_PREFIX, INTENT, describe, known
from bot.features.common import ui
from bot.features.interest import ask_age
from bot.features.relay import plan_for
from bot.features.staffkit import stale_button
from content.activities import BRUSSELS, ID_PATTERN, Activity, find

#: Reminders for tomorrow go out from this hour (Brussels) on, not in the night.
REMINDER_HOUR = 10


def on_button(ctx: Context, payload: str) -> Step:
    """``kom:y:<id>`` (I come), ``kom:n:<id>`` (not after all),
    ``kom:age:<band>:<id>`` (the age, asked once before the first opt-in)."""
    parts = payload.split(":")
    if len(parts) > 1 and parts[1] == "age":
        fresh = (age.unstamped(ctx, payload) or "").split(":")
        if len(fresh) != 4 or fresh[2] not in AGE_BANDS or not _valid_id(fresh[3]):
            return stale_button(ctx)
        aged = age.take(ctx, fresh[2])
        return aged if isinstance(aged, Step) else _come(aged, fresh[3])
    if len(parts) != 3 or parts[1] not in ("y", "n") or not _valid_id(parts[2]):
        return stale_button(ctx)
    if parts[1] == "n":
        return _withdraw(ctx, parts[2])
    return _come(ctx, parts[2])


def _valid_id(activity_id: str) -> bool:
    return re.fullmatch(ID_PATTERN, activity_id) is not None


def _come(ctx: Context, activity_id: str) -> Step:
    activity = _coming(ctx, activity_id)
    if activity is None:
        return _say(ctx, "activities.gone", with_menu=True)
    if ctx.incoming.in_group or not ctx.store.durable:
        return _say(ctx, "interest.not_saved")
    if is_under_13(ctx.state):
        return _say(ctx, "consent.under13")
    if needs_age(ctx.state):
        return ask_age(ctx, f"{COME_PREFIX}:age:{{band}}:{activity.id}")
    incoming = ctx.incoming
    language = ctx.state.language or base_language(incoming.language_hint) or "nl"
    if not ctx.store.attendance.come(activity.id, incoming.user_key, incoming.reply_chat, language,
                                     activity.start, ctx.now, incoming.first_name):
        return _say(ctx, "interest.not_saved")
    render = ctx.render
    undo = render.button("button.not_coming", f"{COME_PREFIX}:n:{activity.id}")
    text = BLOCK_SEPARATOR.join(ui(ctx.content, "activity.coming", lang, title=activity.title.get(lang))
                                for lang in render.plan.blocks)
    reply = render.reply(text, [undo])
    return Step((reply,), ctx.state, INTENT)


def attendee_names(attendees: Iterable[Attendee], unnamed: str) -> list[str]:
    """Who comes, for staff: each first name, or ``unnamed`` for who pressed before names
    were kept (or has none on Telegram)."""
    return [(attendee.first_name or "").strip() or unnamed for attendee in attendees]


def _withdraw(ctx: Context, activity_id: str) -> Step:
    ctx.store.attendance.withdraw(activity_id, ctx.incoming.user_key)
    activity = _coming(ctx, activity_id)
    render = ctx.render
    again = render.button("button.come", f"{COME_PREFIX}:y:{activity_id}") if activity else None
    return Step((render.reply(render.ui("activity.not_coming"), [again]),), ctx.state, INTENT)


def _coming(ctx: Context, activity_id: str) -> Activity | None:
    activity = find(known(ctx), activity_id)
    return activity if activity is not None and activity.ends > ctx.now else None


def _say(ctx: Context, key: str, with_menu: bool = False) -> Step:
    render = ctx.render
    buttons = render.intent_buttons([INTENT]) if with_menu else []
    return Step((render.reply(render.ui(key), buttons),), ctx.state, INTENT)


# --- the reminder (a scheduled job) ------------------------------------------------------


def remind_day_before(ctx: Context) -> int:
    """Everyone who said they come to an activity tomorrow gets one reminder. Run by the
    deployment's leader; a row is marked when it is taken, so nobody gets two."""
    local = ctx.now.astimezone(BRUSSELS)
    if local.hour < REMINDER_HOUR:
        return 0
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0, 0), BRUSSELS)
    due = ctx.store.attendance.due_reminders(tomorrow, tomorrow + timedelta(days=1), ctx.now)
    activities = {a.id: a for a in known(ctx)}
    sent = 0
    for attendee in due:
        activity = activities.get(attendee.activity_id)
        if activity is None or activity.ends <= ctx.now:
            continue  # cancelled or taken out: they heard that already
        render = Renderer(ctx.content, plan_for(attendee.language))
        text = BLOCK_SEPARATOR.join(
            f"{ui(ctx.content, 'activity.reminder', lang)}\n{describe(ctx.content, activity, lang)}"
            for lang in render.plan.blocks
        )
        buttons = tuple(b for b in (
            render.button("button.calendar", f"{BUTTON_PREFIX}:{activity.id}"),
            render.button("button.not_coming", f"{COME_PREFIX}:n:{activity.id}"),
        ) if b is not None)
        ctx.store.outbox.notify(Notice(attendee.chat_key, text, buttons), ctx.now)
        sent += 1
    return sent


def features() -> Features:
    return Features(buttons={COME_PREFIX: on_button})
