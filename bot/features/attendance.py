""""Ik kom": a pupil says they come to an activity and opts in to a reminder the day before.

The button sits on every activity card (in a private chat). Pressing it is the opt-in;
"Ik kom toch niet" withdraws it at once. The reminder is a scheduled job the deployment's
one leader runs: from ``REMINDER_HOUR`` on the day before, each person who said they come
gets one message in their language, unless the activity was cancelled (they were told
that already, see :mod:`bot.features.activity_news`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from bot.core.activityports import Attendee
from bot.core.features import Context, Features, JobContext, Step
from bot.features.activities import COME, INTENT, ComeButton, calendar_button, come_payload, describe, known
from bot.features.common import lines, per_language, ui
from bot.features.kit.buttons import typed
from bot.features.kit.gate import Ask, answer_age, require
from bot.features.kit.languages import person_language
from bot.features.kit.replies import tell
from content.activities import Activity, find

#: Reminders for tomorrow go out from this hour (in the configured zone) on, not in the night.
REMINDER_HOUR = 10


def on_button(ctx: Context, button: ComeButton) -> Step:
    """``kom:y:<id>`` (I come), ``kom:n:<id>`` (not after all),
    ``kom:age:<band>:<id>`` (the age, asked once before the first opt-in)."""
    if button.action == "age" and button.band is not None and button.minute is not None:
        aged = answer_age(ctx, button.band, button.minute)
        return aged if isinstance(aged, Step) else _come(aged, button.activity)
    if button.action == "n":
        return _withdraw(ctx, button.activity)
    return _come(ctx, button.activity)


def _come(ctx: Context, activity_id: str) -> Step:
    activity = _coming(ctx, activity_id)
    if activity is None:
        return _say(ctx, "activities.gone", with_menu=True)
    if not ctx.store.durable:
        return _say(ctx, "interest.not_saved")
    verdict = require(ctx, None,
                      lambda band, minute: COME.build(ComeButton("age", activity.id, band, minute)))
    if isinstance(verdict, Ask):
        return Step(verdict.replies, verdict.state, INTENT)
    incoming = ctx.incoming
    language = person_language(ctx)
    if not ctx.store.attendance.come(activity.id, incoming.user_key, incoming.reply_chat, language,
                                     activity.start, ctx.now, incoming.first_name):
        return _say(ctx, "interest.not_saved")
    render = ctx.render
    undo = render.button("button.not_coming", come_payload("n", activity.id))
    text = per_language(render, lambda lang: ui(ctx.content, "activity.coming", lang,
                                                title=activity.title.get(lang)))
    reply = render.reply(text, [undo])
    return Step((reply,), ctx.state, INTENT)


def attendee_names(attendees: Iterable[Attendee], unnamed: str) -> list[str]:
    """Who comes, for staff: each first name, or ``unnamed`` for who pressed before names
    were kept (or has none on Telegram)."""
    return first_names((attendee.first_name for attendee in attendees), unnamed)


def first_names(names: Iterable[str | None], unnamed: str) -> list[str]:
    """Each first name for staff's lists (who comes, who is absent), ``unnamed`` if none."""
    return [(name or "").strip() or unnamed for name in names]


def _withdraw(ctx: Context, activity_id: str) -> Step:
    ctx.store.attendance.withdraw(activity_id, ctx.incoming.user_key)
    activity = _coming(ctx, activity_id)
    render = ctx.render
    again = render.button("button.come", come_payload("y", activity_id)) if activity else None
    return Step((render.reply(render.ui("activity.not_coming"), [again]),), ctx.state, INTENT)


def _coming(ctx: Context, activity_id: str) -> Activity | None:
    activity = find(known(ctx), activity_id)
    return activity if activity is not None and activity.ends > ctx.now else None


def _say(ctx: Context, key: str, with_menu: bool = False) -> Step:
    render = ctx.render
    buttons = render.intent_buttons([INTENT]) if with_menu else []
    return Step((render.reply(render.ui(key), buttons),), ctx.state, INTENT)


# --- the reminder (a scheduled job) ------------------------------------------------------


def remind_day_before(ctx: JobContext) -> int:
    """Everyone who said they come to an activity tomorrow gets one reminder. Run by the
    deployment's leader; a row is marked when it is taken, so nobody gets two."""
    local = ctx.now.astimezone(ctx.content.zone)
    if local.hour < REMINDER_HOUR:
        return 0
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(0, 0), ctx.content.zone)
    due = ctx.store.attendance.due_reminders(tomorrow, tomorrow + timedelta(days=1), ctx.now)
    activities = {a.id: a for a in known(ctx)}
    sent = 0
    for attendee in due:
        activity = activities.get(attendee.activity_id)
        if activity is None or activity.ends <= ctx.now:
            continue  # cancelled or taken out: they heard that already
        _remind(ctx, attendee.chat_key, attendee.language, activity)
        sent += 1
    return sent


def _remind(ctx: JobContext, chat_key: str, language: str, activity: Activity) -> None:
    tell(ctx, chat_key, language,
         lambda lang: lines(ui(ctx.content, "activity.reminder", lang),
                            describe(ctx.content, activity, lang)),
         lambda render: [
             calendar_button(render, activity),
             render.button("button.not_coming", come_payload("n", activity.id)),
         ])


def features() -> Features:
    return Features(buttons={COME.prefix: typed(COME, on_button)})
