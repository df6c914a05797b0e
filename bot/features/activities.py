"""What is on: the coming activities, or those of the day asked about ("is er iets op zaterdag").

Past activities never show: every answer filters on the message's ``now``. Each activity
is sent as its own card with a button that returns it as an .ics file for the phone's
calendar. Imported activities keep their Dutch title and text; every other word of the
card is in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.activityports import StaffActivity
from bot.core.consent import AGE_BANDS
from bot.core.features import Context, Step, Surroundings
from bot.core.messages import Button, Document, Reply
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.core.render import Renderer
from bot.features.common import entity, lines, per_language, step, ui, ui_lines
from bot.features.kit.buttons import Picked, picked
from content.activities import ID_PATTERN, LISTED, Activity, after, find, on_days, upcoming
from content.dates import format_amount, format_clock, format_day
from content.ics import MIME_TYPE, activity_to_ics
from content.loader import Content
from content.schema import Text
from content.when import DaySpan, resolve_days

INTENT = "activities"
#: An activity's id (authored, imported ``ics-…`` or published by staff ``st-…``).
ACTIVITY = ID_PATTERN.removeprefix("^").removesuffix("$")
#: ``ics:<activity>``: the activity as a calendar file.
CALENDAR = picked("ics", Match("value", ACTIVITY))


@dataclass(frozen=True)
class ComeButton:
    """"Ik kom" (``kom:y:<activity>``), "Ik kom toch niet" (``kom:n:<activity>``), and the
    age asked once before the first (``kom:age:<band>:<activity>:<minute>``): see ``attendance``."""

    action: str
    activity: str
    band: str | None = None
    minute: int | None = None


COME = Codec("kom", ComeButton, (
    (Choice("action", ("y", "n")), Match("activity", ACTIVITY)),
    (Fixed("age", "action"), Choice("band", AGE_BANDS), Match("activity", ACTIVITY),
     Number("minute", base=16)),
))


def calendar_button(render: Renderer, activity: Activity) -> Button | None:
    """"📅 In mijn agenda": the activity as an .ics file."""
    return render.button("button.calendar", CALENDAR.build(Picked(activity.id)))


def come_payload(action: str, activity_id: str) -> str:
    return COME.build(ComeButton(action, activity_id))


@dataclass(frozen=True)
class Selection:
    """The activities to show and the header that introduces them."""

    header: str
    activities: tuple[Activity, ...]
    span: DaySpan | None = None


def compose(ctx: Context) -> Step:
    """The coming activities, or those on the day the person asked about."""
    selection = select(ctx)
    render = ctx.render
    header = render.reply(
        per_language(render, lambda lang: _header(ctx.content, selection, lang)),
        [*render.intent_buttons(ctx.content.answer(INTENT).followups), render.offer_button(INTENT)],
    )
    cards = [card(ctx, activity) for activity in selection.activities]
    return step(ctx, INTENT, header, *cards)


def known(ctx: Surroundings) -> tuple[Activity, ...]:
    """The authored activities and those staff published from Telegram, together."""
    added = (staff_card_activity(a) for a in ctx.store.activities.live(ctx.now))
    return (*ctx.content.activities, *(a for a in added if a is not None))


def staff_card_activity(activity: StaffActivity) -> Activity | None:
    """A staff activity as pupils see it: the worker's Dutch title and text, like an import.

    ``None`` while it is not complete (no title, day or price yet).
    """
    if not activity.complete or activity.start is None:
        return None
    return Activity(
        id=activity.activity_id, title=Text(nl=activity.title), start=activity.start,
        place=activity.place, price=activity.price,
        description=Text(nl=activity.description) if activity.description else None,
        imported=True,
    )


def select(ctx: Context) -> Selection:
    """Which activities answer this message, judged at ``ctx.now``."""
    activities = known(ctx)
    today = ctx.now.astimezone(ctx.content.zone).date()
    span = resolve_days([entity(ctx, "day"), ctx.incoming.text], today)
    if span is None:
        coming = upcoming(activities, ctx.now)[:LISTED]
        return Selection("activities.next" if coming else "activities.none", tuple(coming))
    matching = on_days(activities, span, ctx.now)
    if matching:
        key = "activities.on_day" if span.single_day else "activities.in_span"
        return Selection(key, tuple(matching), span)
    later = after(activities, span.last, ctx.now)[:LISTED]
    key = "activities.none_on_day" if span.single_day else "activities.none_in_span"
    return Selection(key if later else "activities.none", tuple(later), span)


def _header(content: Content, selection: Selection, lang: str) -> str:
    span = selection.span
    if span is None or selection.header == "activities.none":
        return ui(content, selection.header, lang)
    if span.single_day:
        return ui(content, selection.header, lang, day=format_day(span.first, lang))
    return ui(content, selection.header, lang,
              first=format_day(span.first, lang), last=format_day(span.last, lang))


def card(ctx: Context, activity: Activity) -> Reply:
    """One activity in every block language, with its "add to my calendar" button and
    "Ik kom" (or "Ik kom toch niet" for someone who already said they come)."""
    render = ctx.render
    text = per_language(render, lambda lang: describe(ctx.content, activity, lang))
    calendar = calendar_button(render, activity)
    return render.reply(text, [calendar, come_button(ctx, activity)])


def come_button(ctx: Context, activity: Activity) -> Button | None:
    """Only in a private chat and when something can be kept: it stores who comes."""
    if ctx.incoming.in_group or not ctx.store.durable:
        return None
    if ctx.store.attendance.comes(activity.id, ctx.incoming.user_key):
        return ctx.render.button("button.not_coming", come_payload("n", activity.id))
    return ctx.render.button("button.come", come_payload("y", activity.id))


def describe(content: Content, activity: Activity, lang: str) -> str:
    """An activity card in ``lang``; its own title and description may stay Dutch."""
    item = ui_lines(content, "activity.item", lang, {
        "title": activity.title.get(lang),
        "date": when(content, activity.start, lang),
        "place": place_text(content, activity.place),
        "price": price_text(content, activity, lang),
        "bring": activity.bring.get(lang) if activity.bring else None,
    })
    return lines(item, _signup(content, activity, lang),
                 activity.description.get(lang) if activity.description else None)


def when(content: Content, moment: datetime, lang: str) -> str:
    """"zaterdag 14 december om 14.00 uur" in Dutch, Babel's words in every language."""
    local = moment.astimezone(content.zone)
    return ui(content, "activity.date_time", lang, date=format_day(local, lang),
              time=format_clock(local, lang))


def place_text(content: Content, ref: str | None) -> str | None:
    """A place from places.yaml as "name, address"; an imported location as it was written."""
    place = content.place(ref)
    if place is None:
        return ref
    return f"{place.name}, {place.address}"


def price_text(content: Content, activity: Activity, lang: str) -> str | None:
    """"gratis" or the price in the reader's language; ``None`` when the activity has none."""
    if activity.price is None:
        return None
    if activity.free:
        return ui(content, "activity.free", lang)
    return ui(content, "activity.price", lang, amount=format_amount(activity.price, lang))


def _signup(content: Content, activity: Activity, lang: str) -> str | None:
    if activity.imported:
        return None
    return ui(content, "activity.signup" if activity.signup else "activity.no_signup", lang)


def calendar_file(ctx: Context, picked: Picked) -> Step:
    """The pressed activity as an .ics file; an expired or unknown one gets a kind word."""
    activity = find(known(ctx), picked.value)
    render = ctx.render
    if activity is None or activity.ends <= ctx.now:
        gone = render.reply(render.ui("activities.gone"), render.intent_buttons([INTENT]))
        return step(ctx, INTENT, gone)
    document = Document(
        filename=f"{activity.id}.ics",
        data=activity_to_ics(activity, place_text(ctx.content, activity.place), ctx.now),
        mime_type=MIME_TYPE,
        caption=activity.title.nl,
    )
    caption = per_language(render, lambda lang: ui(ctx.content, "activity.calendar_caption", lang))
    return step(ctx, INTENT, render.reply(caption, document=document))
