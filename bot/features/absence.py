"""Absence: "mijn dochter is ziek en kan morgen niet komen", "ik kan zaterdag niet komen".

The absence is recorded against one activity (or the camp), chosen in this order: the camp
when the message names it; else, among the activities of the day the message names (or of
the next seven days), the first the person said "🙋 Ik kom" to, then the first they asked
about (the remembered topic, within seven days); else the only activity on the day named.
Otherwise Maatje asks which, with buttons (typed answers work, see ``questions.yaml``).

Only "afwezig" is kept, never the reason: an illness is health data Maatje does not need,
so nothing of the message itself is stored. The person's "Ik kom" is withdrawn (no
reminder), and the youth worker who made the activity is told; for an authored activity or
the camp, the staff chat (or every staff member). Like "Ik kom" it is kept only from 13
(the gate), in a private chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.core.activityports import staff_number
from bot.core.consent import AGE_BANDS, PARENT, is_under_13
from bot.core.features import Context, Features, Step
from bot.core.messages import Button
from bot.core.outboxports import Notice
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.features.activities import ACTIVITY, known
from bot.features.common import entity, per_language, step, ui
from bot.features.kit.buttons import typed
from bot.features.kit.gate import Ask, answer_age, private_chat, require
from bot.features.labels import text_button
from bot.features.staffkit import name_for_staff, notify_staff, staff_text
from content.activities import Activity, find, on_days, upcoming
from content.camp import Camp
from content.dates import format_day
from content.schema import Text
from content.when import DaySpan, resolve_days

INTENT = "absence"
#: Activities this far ahead can be meant by "ik kan niet komen"; a topic asked about this
#: long ago still counts as the activity the person meant.
WINDOW = timedelta(days=7)
#: At most this many activities are offered when Maatje asks which one (plus the camp).
OFFERED = 2
#: The topics whose remembered day or activity name an activity the person asked about.
ASKED_TOPICS = frozenset({"activities", "register_interest"})
#: The ``activity`` entity the understanding layer gives for the camp.
CAMP_WORD = "kamp"
#: Button actions: the activity shown first or second, the camp, none, the age answer.
FIRST, SECOND, CAMP, NONE, AGE = "1", "2", "k", "no", "age"


@dataclass(frozen=True)
class AbsenceButton:
    """``afw:1|2|k:<id>`` (absent from this one), ``afw:no`` (none of these), and the age
    asked once before the first (``afw:age:<band>:<id>:<minute>``)."""

    action: str
    target: str | None = None
    band: str | None = None
    minute: int | None = None


ABSENCE = Codec("afw", AbsenceButton, (
    (Choice("action", (FIRST, SECOND, CAMP)), Match("target", ACTIVITY)),
    (Fixed(NONE, "action"),),
    (Fixed(AGE, "action"), Choice("band", AGE_BANDS), Match("target", ACTIVITY),
     Number("minute", base=16)),
))


@dataclass(frozen=True)
class Target:
    """What the absence is about: an activity or the camp, with who made it (staff)."""

    id: str
    title: Text
    starts: datetime
    created_by: str | None = None


def compose(ctx: Context) -> Step:
    """The absence of a typed message: recorded, or "which activity?"."""
    if ctx.incoming.in_group:
        return step(ctx, INTENT, private_chat(ctx))
    if not ctx.store.durable:
        return _say(ctx, "absence.not_kept")
    target = _meant(ctx)
    if target is not None:
        return _record(ctx, target)
    return _ask_which(ctx)


def on_button(ctx: Context, button: AbsenceButton) -> Step:
    """An answer to "Voor welke activiteit?" or to the age question before it."""
    if button.action == NONE:
        return _say(ctx, "absence.none_chosen")
    if button.action == AGE and button.band is not None and button.minute is not None:
        aged = answer_age(ctx, button.band, button.minute)
        if isinstance(aged, Step):
            return aged
        ctx = aged
    target = _by_id(ctx, button.target or "")
    if target is None:
        return _say(ctx, "activities.gone")
    return _record(ctx, target)


# --- which activity ----------------------------------------------------------------------


def _meant(ctx: Context) -> Target | None:
    """The activity the message is about, when it can be told without asking."""
    camp = _camp(ctx)
    if camp is not None and entity(ctx, "activity") == CAMP_WORD:
        return camp
    span = resolve_days([entity(ctx, "day"), ctx.incoming.text], _today(ctx))
    activities = known(ctx)
    candidates = on_days(activities, span, ctx.now) if span else _soon(ctx, activities)
    coming = set(ctx.store.attendance.coming_to(ctx.incoming.user_key))
    said = [a for a in candidates if a.id in coming]
    asked = _asked_about(ctx, candidates)
    only = candidates if span is not None and len(candidates) == 1 else []
    chosen = next(iter([*said, *asked, *only]), None)
    return _activity_target(ctx, chosen) if chosen is not None else None


def _soon(ctx: Context, activities: tuple[Activity, ...]) -> list[Activity]:
    return [a for a in upcoming(activities, ctx.now) if a.start <= ctx.now + WINDOW]


def _asked_about(ctx: Context, candidates: list[Activity]) -> list[Activity]:
    """Those of ``candidates`` the remembered topic (asked within seven days) was about:
    its day, or an activity named in it; asking about "the activities" names none."""
    state = ctx.state
    if state.topic not in ASKED_TOPICS or state.topic_at is None or ctx.now - state.topic_at > WINDOW:
        return []
    remembered = dict(state.topic_entities)
    day, name = remembered.get("day"), remembered.get("activity")
    if day is None and name is None:
        return []
    zone = ctx.content.zone
    span = resolve_days([day], state.topic_at.astimezone(zone).date()) if day else None
    return [a for a in candidates if _matches(a, span, name, zone)]


def _matches(activity: Activity, span: DaySpan | None, name: str | None, zone: tzinfo) -> bool:
    on_day = span is None or activity.start.astimezone(zone).date() in span
    named = name is None or name.casefold() in activity.title.nl.casefold()
    return on_day and named


def _ask_which(ctx: Context) -> Step:
    """"Voor welke activiteit?" with the next activities and the camp, or: none to offer."""
    render = ctx.render
    soon = _soon(ctx, known(ctx))[:OFFERED]
    buttons: list[Button | None] = [
        text_button(render, Text(nl=_option(ctx, number, activity)),
                    ABSENCE.build(AbsenceButton(action, activity.id)))
        for number, (action, activity) in enumerate(zip((FIRST, SECOND), soon, strict=False), 1)
    ]
    camp = _camp(ctx)
    if camp is not None:
        buttons.append(render.button("button.absence.camp",
                                     ABSENCE.build(AbsenceButton(CAMP, camp.id))))
    if not buttons:
        return _say(ctx, "absence.none_known")
    buttons.append(render.button("button.absence.none", ABSENCE.build(AbsenceButton(NONE))))
    return step(ctx, INTENT, render.reply(render.ui("absence.which"), buttons))


def _option(ctx: Context, number: int, activity: Activity) -> str:
    day = format_day(activity.start.astimezone(ctx.content.zone).date(), "nl")
    return ui(ctx.content, "absence.option", "nl", number=number, title=activity.title.nl, day=day)


def _by_id(ctx: Context, target_id: str) -> Target | None:
    camp = _camp(ctx)
    if camp is not None and camp.id == target_id:
        return camp
    activity = find(known(ctx), target_id)
    if activity is None or activity.ends <= ctx.now:
        return None
    return _activity_target(ctx, activity)


def _camp(ctx: Context) -> Target | None:
    """The camp, while it has not ended."""
    camp: Camp | None = ctx.content.camp
    if camp is None or camp.end <= ctx.now:
        return None
    return Target(camp.id, camp.title, camp.start)


def _activity_target(ctx: Context, activity: Activity) -> Target:
    number = staff_number(activity.id)
    made = ctx.store.activities.get(number) if number is not None else None
    return Target(activity.id, activity.title, activity.start, made.created_by if made else None)


def _today(ctx: Context) -> date:
    return ctx.now.astimezone(ctx.content.zone).date()


# --- recording it ------------------------------------------------------------------------


def _record(ctx: Context, target: Target) -> Step:
    """Keep "afwezig" (13+ only, as for "Ik kom"), withdraw the "Ik kom", tell staff.

    Under 13 nothing is kept and nobody is told (a notice is kept too): the child is asked
    to let a parent tell the youth worker, who can act for them."""
    if is_under_13(ctx.state):
        return _say(ctx, "absence.under13")
    verdict = require(ctx, None, lambda band, minute: ABSENCE.build(
        AbsenceButton(AGE, target.id, band, minute)))
    if isinstance(verdict, Ask):
        return Step(verdict.replies, verdict.state, INTENT)
    user_key = ctx.incoming.user_key
    if not ctx.store.attendance.absent(target.id, user_key, target.starts, ctx.now,
                                       name_for_staff(ctx) or None):
        return _say(ctx, "absence.not_kept")
    ctx.store.attendance.withdraw(target.id, user_key)
    _tell_staff(ctx, target)
    render = ctx.render
    key = "absence.recorded.parent" if ctx.state.role == PARENT else "absence.recorded"
    text = per_language(render, lambda lang: ui(ctx.content, key, lang, title=target.title.get(lang)))
    return Step((render.reply(text, render.intent_buttons(["activities"])),), verdict.state, INTENT)


def _tell_staff(ctx: Context, target: Target) -> None:
    """The youth worker who made the activity; else the staff chat or every staff member."""
    camp = ctx.content.camp
    title = (staff_text(ctx, "staff.absence.camp") if camp is not None and camp.id == target.id
             else target.title.nl)
    day = format_day(target.starts.astimezone(ctx.content.zone).date(), "nl")
    text = staff_text(ctx, "staff.absence.notice", name=name_for_staff(ctx) or "?", title=title,
                      day=day)
    about = ctx.incoming.user_key
    maker = ctx.store.staff.member(target.created_by) if target.created_by else None
    if maker is not None:
        ctx.store.outbox.notify(Notice(maker.user_key, text, about=about), ctx.now)
        return
    notify_staff(ctx, text, about=about)


def _say(ctx: Context, key: str) -> Step:
    render = ctx.render
    return step(ctx, INTENT, render.reply(render.ui(key), render.intent_buttons(["contact"])))


def features() -> Features:
    return Features(composers={INTENT: compose},
                    buttons={ABSENCE.prefix: typed(ABSENCE, on_button)})
