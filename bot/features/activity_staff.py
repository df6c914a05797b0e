"""``/activiteit``: youth workers add, change or cancel an activity from Telegram.

Adding is a guided dialogue, one question at a time, with buttons where a choice is
likely (the next Wednesdays and Saturdays, usual hours, the known places, usual prices)
and typing for the rest. The activity lives in the database while it is written, so a
restart in the middle loses nothing. Once published, pupils see it next to the authored
activities. A change or cancellation goes, through the outbox, to everyone who showed
interest in it, in their own language (see :mod:`bot.features.activity_news`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation

from bot.core.activityports import CANCELLED, DRAFT, LIVE, StaffActivity
from bot.core.features import Context, Features, Step, Surroundings
from bot.core.messages import Button, Kind, Reply
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.core.staffports import StaffMember
from bot.features import activity_news
from bot.features.activities import describe, staff_card_activity
from bot.features.attendance import attendee_names, first_names
from bot.features.kit.buttons import CONTENT_ID, typed
from bot.features.staffkit import staff_button, staff_buttons, staff_only, staff_reply, staff_text, step
from content.dates import format_day
from content.when import resolve_days

EXPECT = "act_"
#: The questions of a new activity, in order.
ORDER = ("title", "date", "time", "place", "price", "description")
WEEKDAYS = (2, 5)  # Wednesday, Saturday: the usual activity days
DAY_BUTTONS = 4
HOURS = ("1000", "1400", "1600", "1800")
PRICES = ("0", "2", "5")
LISTED = 8
TITLE_LIMIT = 120
DESCRIPTION_LIMIT = 600
DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?")
CLOCK = re.compile(r"(\d{1,2})(?:[:.hu](\d{2}))?\s*(?:uur|u|h)?")
AMOUNT = re.compile(r"€?\s*(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:€|euro)?")
#: What a button does to the activity it names (``act:<id>:<action>``).
ACTIONS = ("menu", "edit", "pub", "stop", "done", "cancel", "cx", "nodesc")


@dataclass(frozen=True)
class ActivityButton:
    """``act:new``; ``act:<id>:<action>``; ``act:<id>:f:<field>`` (change it);
    ``act:<id>:d|t|p|e:<value>`` (a day, hour, place or price offered as a button)."""

    action: str
    id: int | None = None
    value: str | None = None


BUTTON = Codec("act", ActivityButton, (
    (Fixed("new", "action"),),
    (Number("id"), Choice("action", ACTIONS)),
    (Number("id"), Fixed("f", "action"), Choice("value", ORDER)),
    (Number("id"), Fixed("d", "action"), Match("value", r"\d{8}")),
    (Number("id"), Fixed("t", "action"), Match("value", r"\d{4}")),
    (Number("id"), Fixed("p", "action"), Match("value", CONTENT_ID)),
    (Number("id"), Fixed("e", "action"), Match("value", r"\d{1,4}")),
))


def _payload(activity_id: int, action: str, value: str | None = None) -> str:
    return BUTTON.build(ActivityButton(action, activity_id, value))


# --- entry ---------------------------------------------------------------------------


@staff_only
def start(ctx: Context, member: StaffMember) -> Step:
    """``/activiteit``: add a new one, or pick a coming one to change or cancel."""
    if ctx.incoming.in_group:
        return step(ctx, staff_reply(ctx, "staff.act.private_only"))
    coming = ctx.store.activities.live(ctx.now)[:LISTED]
    buttons = [staff_button(ctx, "staff.act.new", BUTTON.build(ActivityButton("new")))]
    buttons += [Button(staff_text(ctx, "staff.act.pick", activity=_short(a, ctx.content.zone)),
                       _payload(a.id, "menu")) for a in coming]
    key = "staff.act.menu" if coming else "staff.act.menu_empty"
    return step(ctx, staff_reply(ctx, key, buttons))


def _short(activity: StaffActivity, zone: tzinfo) -> str:
    when = activity.start.astimezone(zone).strftime("%d/%m %H.%M") if activity.start else "?"
    return f"{activity.title[:40]} · {when}"


# --- buttons ---------------------------------------------------------------------------


@staff_buttons
def on_button(ctx: Context, member: StaffMember, button: ActivityButton) -> Step:
    """``act:new`` and ``act:<id>:<action>[:<value>]``."""
    if button.id is None:
        return _new(ctx, member)
    activity = ctx.store.activities.get(button.id)
    if activity is None or activity.state == CANCELLED:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    action, value = button.action, button.value or ""
    if activity.state == DRAFT and activity.created_by != member.user_key:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    handler = _ACTIONS.get(action)
    if handler is not None:
        return handler(ctx, member, activity, value)
    name = _FIELD_BUTTONS.get(action)
    if name is not None and _asked(ctx, member, activity, name):
        return _take(ctx, member, activity, name, value)
    return step(ctx, staff_reply(ctx, "staff.act.gone"))


def _asked(ctx: Context, member: StaffMember, activity: StaffActivity, name: str) -> bool:
    """Only the question asked last may be answered: an old button changes nothing."""
    expected = ctx.store.inputs.pending(member.user_key, ctx.now)
    return expected is not None and (expected.kind, expected.ref) == (f"{EXPECT}{name}", str(activity.id))


def _new(ctx: Context, member: StaffMember) -> Step:
    activity = ctx.store.activities.draft(member.user_key, ctx.now)
    if activity is None:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    return ask(ctx, member, activity, "title")


def _menu(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    count = len(activity_news.recipients(ctx, activity.activity_id))
    buttons = [
        staff_button(ctx, "staff.act.edit", _payload(activity.id, "edit")),
        staff_button(ctx, "staff.act.cancel", _payload(activity.id, "cancel")),
    ]
    card = _preview_text(ctx, activity, "staff.act.card", count=count)
    who = "\n".join(_who_comes(ctx, activity.activity_id))
    return step(ctx, Reply(f"{card}\n{who}", buttons=_kept(buttons)))


def _who_comes(ctx: Context, activity_id: str) -> list[str]:
    """🙋 the first names of those who said "Ik kom", in the order they pressed; under it
    🚫 those who said they are absent (their "Ik kom" was withdrawn), when there are any."""
    attendance, unnamed = ctx.store.attendance, staff_text(ctx, "staff.act.unnamed")
    names = attendee_names(attendance.attendees(activity_id), unnamed)
    lines = [staff_text(ctx, "staff.act.coming", count=len(names), names=", ".join(names))
             if names else staff_text(ctx, "staff.act.coming_none")]
    absent = first_names(attendance.absentees(activity_id), unnamed)
    if absent:
        lines.append(staff_text(ctx, "staff.act.absent", count=len(absent),
                                names=", ".join(absent)))
    return lines


def _edit(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    buttons = [staff_button(ctx, f"staff.act.field.{name}", _payload(activity.id, "f", name))
               for name in ORDER]
    return step(ctx, staff_reply(ctx, "staff.act.which_field", buttons))


def _field(ctx: Context, member: StaffMember, activity: StaffActivity, value: str) -> Step:
    if value not in ORDER:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    return ask(ctx, member, activity, value)


def _publish(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    if activity.state != DRAFT or not activity.complete:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    ctx.store.activities.set_state(activity.id, LIVE, ctx.now)
    ctx.store.inputs.clear(member.user_key)
    return step(ctx, staff_reply(ctx, "staff.act.published", title=activity.title))


def _stop(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    """Throw away a draft (nobody has seen it)."""
    ctx.store.inputs.clear(member.user_key)
    if activity.state == DRAFT:
        ctx.store.activities.set_state(activity.id, CANCELLED, ctx.now)
        return step(ctx, staff_reply(ctx, "staff.act.stopped"))
    return step(ctx, staff_reply(ctx, "staff.act.kept"))


def _changed(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    """``Klaar``: tell everyone interested what changed."""
    ctx.store.inputs.clear(member.user_key)
    if activity.state != LIVE:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    sent = activity_news.changed(ctx, activity)
    return step(ctx, staff_reply(ctx, "staff.act.change_sent", count=sent))


def _ask_cancel(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    if activity.state != LIVE:
        return _stop(ctx, member, activity, _value)
    count = len(activity_news.recipients(ctx, activity.activity_id))
    buttons = [
        staff_button(ctx, "staff.act.cancel_yes", _payload(activity.id, "cx")),
        staff_button(ctx, "staff.act.cancel_no", _payload(activity.id, "menu")),
    ]
    return step(ctx, staff_reply(ctx, "staff.act.cancel_confirm", buttons, title=activity.title,
                                 count=count))


def _cancel(ctx: Context, member: StaffMember, activity: StaffActivity, _value: str) -> Step:
    if activity.state != LIVE:
        return step(ctx, staff_reply(ctx, "staff.act.gone"))
    ctx.store.activities.set_state(activity.id, CANCELLED, ctx.now)
    ctx.store.inputs.clear(member.user_key)
    sent = activity_news.cancelled(ctx, activity)
    return step(ctx, staff_reply(ctx, "staff.act.cancelled", title=activity.title, count=sent))


# --- the questions -----------------------------------------------------------------------


def ask(ctx: Context, member: StaffMember, activity: StaffActivity, name: str) -> Step:
    """One question, with its buttons; the next text is its answer too."""
    ctx.store.inputs.expect(member.user_key, f"{EXPECT}{name}", str(activity.id), ctx.now)
    buttons: list[Button | None] = []
    if name == "date":
        buttons = day_buttons(ctx, lambda day: _payload(activity.id, "d", day))
    elif name == "time":
        buttons = hour_buttons(ctx, lambda hour: _payload(activity.id, "t", hour))
    elif name == "place":
        buttons = place_buttons(ctx, lambda place: _payload(activity.id, "p", place))
    elif name == "price":
        buttons = [staff_button(ctx, "staff.act.free", _payload(activity.id, "e", "0"))]
        buttons += [Button(staff_text(ctx, "staff.act.price", price=p),
                           _payload(activity.id, "e", p)) for p in PRICES if p != "0"]
    elif name == "description":
        buttons = [staff_button(ctx, "staff.act.no_description", _payload(activity.id, "nodesc"))]
    buttons.append(staff_button(ctx, "staff.act.stop", _payload(activity.id, "stop")))
    return step(ctx, staff_reply(ctx, f"staff.act.ask.{name}", buttons))


def day_buttons(ctx: Surroundings, payload: Callable[[str], str]) -> list[Button | None]:
    """The next usual activity days, each with ``payload(<yyyymmdd>)``; also the
    staff phrasebook's day question."""
    return [Button(format_day(day, "nl"), payload(f"{day:%Y%m%d}")) for day in next_days(ctx.now)]


def hour_buttons(ctx: Surroundings, payload: Callable[[str], str]) -> list[Button | None]:
    """The usual hours, each with ``payload(<hhmm>)``."""
    return [Button(staff_text(ctx, "staff.act.hour", hour=f"{hour[:2]}.{hour[2:]}"), payload(hour))
            for hour in HOURS]


def place_buttons(ctx: Surroundings, payload: Callable[[str], str]) -> list[Button | None]:
    """The known places (``places.yaml``), each with ``payload(<place id>)``."""
    return [Button(staff_text(ctx, "staff.act.place", place=place.name), payload(place.id))
            for place in ctx.content.places.values()]


def next_days(now: datetime) -> list[date]:
    """The next Wednesdays and Saturdays after today (``now`` in the configured zone)."""
    today = now.date()
    days = [today + timedelta(days=n) for n in range(1, 22)]
    return [day for day in days if day.weekday() in WEEKDAYS][:DAY_BUTTONS]


def take_input(ctx: Context) -> Step | None:
    """A staff member's typed answer to the question Maatje asked.

    Typed text is always the answer: a question ("hoeveel jongeren zijn ingeschreven?")
    cannot be told from a title or a description, and the preview shows it before
    anything is published. A step that checks its answer (day, hour, price) says what it
    expects and asks again, with its buttons.
    """
    incoming = ctx.incoming
    if incoming.kind in (Kind.COMMAND, Kind.BUTTON):
        return None
    expected = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if expected is None or not expected.kind.startswith(EXPECT):
        return None
    member = ctx.store.staff.member(incoming.user_key)
    activity = ctx.store.activities.get(int(expected.ref)) if expected.ref.isdigit() else None
    if member is None or activity is None or activity.state == CANCELLED:
        ctx.store.inputs.clear(incoming.user_key)
        return None
    name = expected.kind.removeprefix(EXPECT)
    if incoming.kind is not Kind.TEXT or not incoming.text.strip():
        return ask(ctx, member, activity, name)
    return _take(ctx, member, activity, name, incoming.text.strip(), typed=True)


def _take(ctx: Context, member: StaffMember, activity: StaffActivity, name: str, raw: str,
          typed: bool = False) -> Step:
    """Check one answer (typed or a button's value) and store it, or ask again."""
    fields = parse_field(ctx, activity, name, raw, typed)
    if fields is None:
        again = ask(ctx, member, activity, name)
        return Step((staff_reply(ctx, f"staff.act.invalid.{name}"), *again.replies), again.state,
                    again.intent)
    updated = ctx.store.activities.update(activity.id, ctx.now, **fields) or activity
    if "start" in fields and updated.start is not None and updated.state == LIVE:
        ctx.store.attendance.reschedule(updated.activity_id, updated.start)
    return _advance(ctx, member, updated, name)


def parse_field(ctx: Context, activity: StaffActivity, name: str, raw: str,
                typed: bool) -> dict[str, object] | None:
    """The column values an answer sets, or ``None`` when it cannot be used."""
    zone = ctx.content.zone
    if name == "title":
        return {"title": raw[:TITLE_LIMIT]} if raw else None
    if name == "description":
        return {"description": raw[:DESCRIPTION_LIMIT] if typed else None}
    if name == "place":
        place = ctx.content.place(raw) if not typed else None
        return {"place": place.id if place else raw[:200]} if raw else None
    if name == "price":
        price = parse_price(raw, staff_text(ctx, "staff.act.free_word"))
        return None if price is None else {"price": price}
    if name == "date":
        day = parse_day(raw, ctx.now) if typed else button_day(raw)
        if day is None or day < ctx.now.date():
            return None
        clock = activity.start.astimezone(zone).time() if activity.start else time(0, 0)
        return {"start": datetime.combine(day, clock, zone)}
    hour = parse_clock(raw if typed else f"{raw[:2]}.{raw[2:]}")
    if hour is None:
        return None
    day = activity.start.astimezone(zone).date() if activity.start else ctx.now.date()
    return {"start": datetime.combine(day, hour, zone)}


def button_day(raw: str) -> date | None:
    """The day a :func:`day_buttons` payload carries (``20261212``)."""
    try:
        return datetime.strptime(raw, "%Y%m%d").date()
    except ValueError:
        return None


def parse_day(text: str, now: datetime) -> date | None:
    """``24/12``, ``24-12-2026``, or a day word: ``zaterdag``, ``morgen`` (from ``now``'s day)."""
    today = now.date()
    match = DAY.fullmatch(text.strip())
    if match is None:
        span = resolve_days([text], today)
        return span.first if span is not None and span.single_day else None
    year = int(match.group(3)) if match.group(3) else today.year
    year = year + 2000 if year < 100 else year
    try:
        day = date(year, int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    if match.group(3) is None and day < today:
        day = day.replace(year=today.year + 1)
    return day


def parse_clock(text: str) -> time | None:
    """``14.30``, ``14:30``, ``14u``, ``14 uur``."""
    match = CLOCK.fullmatch(text.strip().lower())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_price(text: str, free_word: str) -> Decimal | None:
    """``0``, ``gratis``, ``3,50``, ``€ 5``."""
    cleaned = text.strip().lower()
    if cleaned == free_word.lower():
        return Decimal(0)
    match = AMOUNT.fullmatch(cleaned)
    if match is None:
        return None
    try:
        return Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:
        return None


def _advance(ctx: Context, member: StaffMember, activity: StaffActivity, answered: str) -> Step:
    """A new activity goes on to its next question; a published one back to its preview."""
    if activity.state == DRAFT:
        following = ORDER[ORDER.index(answered) + 1:]
        if following:
            return ask(ctx, member, activity, following[0])
        ctx.store.inputs.clear(member.user_key)
        return _draft_preview(ctx, activity)
    ctx.store.inputs.clear(member.user_key)
    count = len(activity_news.recipients(ctx, activity.activity_id))
    buttons = [
        staff_button(ctx, "staff.act.done", _payload(activity.id, "done")),
        staff_button(ctx, "staff.act.edit_more", _payload(activity.id, "edit")),
    ]
    text = _preview_text(ctx, activity, "staff.act.changed_preview", count=count)
    return step(ctx, Reply(text, buttons=_kept(buttons)))


def _draft_preview(ctx: Context, activity: StaffActivity) -> Step:
    buttons = [
        staff_button(ctx, "staff.act.publish", _payload(activity.id, "pub")),
        staff_button(ctx, "staff.act.edit", _payload(activity.id, "edit")),
        staff_button(ctx, "staff.act.stop", _payload(activity.id, "stop")),
    ]
    return step(ctx, Reply(_preview_text(ctx, activity, "staff.act.preview"), buttons=_kept(buttons)))


def _preview_text(ctx: Context, activity: StaffActivity, key: str, **fields: object) -> str:
    shown = staff_card_activity(activity)
    card = describe(ctx.content, shown, "nl") if shown else activity.title
    return staff_text(ctx, key, card=card, **fields)


def _kept(buttons: list[Button | None]) -> tuple[Button, ...]:
    return tuple(b for b in buttons if b is not None)


_ACTIONS = {
    "menu": _menu, "edit": _edit, "f": _field, "pub": _publish, "stop": _stop, "done": _changed,
    "cancel": _ask_cancel, "cx": _cancel,
}
#: Buttons that answer a question: the action and the question it answers.
_FIELD_BUTTONS = {"d": "date", "t": "time", "p": "place", "e": "price", "nodesc": "description"}


def features() -> Features:
    return Features(
        commands={"activiteit": start},
        buttons={BUTTON.prefix: typed(BUTTON, on_button)},
        interceptors=(take_input,),
    )
