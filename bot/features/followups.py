"""Short follow-ups about the topic just answered: "hoeveel kost het" after the clubs.

The core remembers the topic and its entities (``UserState.topic``); these answerers say,
for the clubs, the activities and the camp, just the line that was asked (the price, the
place, the time, the ages), using the same templates as the full cards so that no new
sentence is needed. ``None`` lets the core answer the topic itself (what to bring to a
club, any follow-up about the volunteering page).
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.features import Context, Features, Step
from bot.core.messages import Button, Reply, Venue
from bot.features import activities, club_join, contact, location
from bot.features.activities import place_text, when
from bot.features.camp_facts import price_line
from bot.features.common import entity, lines, per_language, step, ui, ui_lines
from bot.features.kit.buttons import Picked
from content.activities import Activity
from content.camp import Camp
from content.clubs import LISTED, Club, matching, query_from
from content.dates import format_amount
from content.loader import Content
from intents.normalize import normalize

#: Follow-ups about someone else ("en voor mijn broertje?") are answered with who may come.
WHO = ("who", "someone_else")
#: "wat is het adres?" is answered as "waar is dat?".
SAME_AS = {"address": "place"}
CAMP_TOPICS = ("camp_info", "camp_packing")
MEDICAL_FORM = "camp_medical_form"
INTEREST = "register_interest"
#: The gazetteer's activity key of the camp.
CAMP = "kamp"


def features() -> Features:
    """The follow-up answerers of the clubs, the activities and the camp."""
    answerers = {club_join.INTENT: clubs, activities.INTENT: activity, **dict.fromkeys(
        CAMP_TOPICS, camp), MEDICAL_FORM: medical_form, INTEREST: interest,
        contact.INTENT: youth_workers}
    return Features(followups=answerers)


#: Follow-ups about where a person or a place is.
PLACE_KINDS = ("place", "address")


def youth_workers(ctx: Context, kind: str) -> Step | None:
    """"waar is het jeugdhuis?" or "وين مكانهم" right after the youth workers' contacts asks
    where to find them: the youth house's place and map pin, not the contact list again
    (three such turns of the development conversations, in Dutch, Arabic and Tigrinya)."""
    return location.compose(ctx) if kind in PLACE_KINDS else None


def interest(ctx: Context, kind: str) -> Step | None:
    """"Ik wil voetballen": its price is the clubs' price, the skating's place its place."""
    named = entity(ctx, "activity")
    if entity(ctx, "sport") and not named:
        return clubs(ctx, kind)
    if named == CAMP:
        return camp(ctx, kind)
    return activity(ctx, kind) if named else None


# --- clubs ---------------------------------------------------------------------------


def clubs(ctx: Context, kind: str) -> Step | None:
    """The asked line of each club the clubs answer showed (same sport and commune)."""
    kind = SAME_AS.get(kind, kind)
    query = query_from(ctx.content.clubs, entity(ctx, "sport"), entity(ctx, "commune"), "")
    found = matching(ctx.content.clubs, query)[:LISTED]
    fields = _club_fields(kind)
    if not found or fields is None:
        return None
    return step(ctx, club_join.INTENT, *(_club_reply(ctx, club, kind, fields) for club in found))


def _club_fields(kind: str) -> tuple[str, ...] | None:
    """The ``club.item`` placeholders that answer ``kind`` (``()``: the try-out dates)."""
    return {"price": ("price_year", "price_with_sns"), "place": ("address", "commune"),
            "who": ("age_min", "age_max"), "someone_else": ("age_min", "age_max"),
            "time": ()}.get(kind)


def _club_reply(ctx: Context, club: Club, kind: str, fields: tuple[str, ...]) -> Reply:
    def build(lang: str) -> str:
        content = ctx.content
        values = {
            "name": club.name, "sport": club_join.sport_name(content, club.sport, lang),
            "address": club_join.street(club.address, club.commune), "commune": club.commune,
            "age_min": club.age_min, "age_max": club.age_max,
            "price_year": format_amount(club.price_year, lang),
            "price_with_sns": format_amount(club.price_with_sns, lang),
        }
        shown = {key: value for key, value in values.items() if key in ("name", "sport", *fields)}
        item = ui_lines(content, "club.item", lang, shown)
        if kind != "time":
            return item
        dates = ", ".join(when(content, m, lang) for m in club.coming_initiations(ctx.now))
        detail = ui(content, "club.initiation", lang, dates=dates) if dates else None
        return lines(item, detail or ui_lines(content, "club.item", lang, values))

    label = ui(ctx.content, "button.club_place", "nl", name=club.name)
    venue = (Venue(club.name, f"{club.address}, {club.commune}", club.lat, club.lon)
             if kind == "place" else None)
    button = Button(label, club_join.CLUB.build(Picked(club.id)))
    return ctx.render.reply(per_language(ctx.render, build), [button], venue=venue)


# --- activities ------------------------------------------------------------------------


def activity(ctx: Context, kind: str) -> Step | None:
    """The asked line of each activity the answer showed (or of the one named)."""
    kind = SAME_AS.get(kind, kind)
    shown = _shown_activities(ctx)
    if not shown:
        return None
    return step(ctx, activities.INTENT, *(_activity_reply(ctx, a, kind) for a in shown))


def _shown_activities(ctx: Context) -> tuple[Activity, ...]:
    """The activities the last answer showed: the same selection, without this message's
    words (its "wanneer" must not be read as a day); narrowed to the one named, if any."""
    quiet = replace(ctx, incoming=replace(ctx.incoming, text=""))
    shown = activities.select(quiet).activities
    named = entity(ctx, "activity")
    if named:
        key = normalize(named)
        narrowed = tuple(a for a in shown
                         if key in normalize(a.title.nl) or key in a.id.replace("-", " "))
        return narrowed or shown
    return shown


def _activity_reply(ctx: Context, item: Activity, kind: str) -> Reply:
    content = ctx.content
    wanted = {"price": "price", "place": "place", "time": "date", "bring": "bring"}.get(kind)

    def build(lang: str) -> str:
        values: dict[str, object | None] = {
            "title": item.title.get(lang),
            "date": when(content, item.start, lang),
            "place": place_text(content, item.place),
            "price": activities.price_text(content, item, lang),
            "bring": item.bring.get(lang) if item.bring else None,
        }
        if wanted is None or values[wanted] is None:
            return activities.describe(content, item, lang)
        shown = {key: value for key, value in values.items() if key in ("title", wanted)}
        return ui_lines(content, "activity.item", lang, shown)

    place = content.place(item.place) if kind == "place" else None
    venue = Venue(place.name, place.address, place.lat, place.lon) if place else None
    calendar = activities.calendar_button(ctx.render, item)
    return ctx.render.reply(per_language(ctx.render, build), [calendar], venue=venue)


# --- camp ------------------------------------------------------------------------------


def camp(ctx: Context, kind: str) -> Step | None:
    """The camp's price, place, dates or ages; what to bring is the packing list."""
    kind = SAME_AS.get(kind, kind)
    found = ctx.content.camp
    if found is None:
        return None
    if kind == "bring" and ctx.topic is not None:
        return ctx.topic("camp_packing", ctx.render, ctx.state)
    if kind not in ("price", "place", "time", *WHO):
        return None
    text = per_language(ctx.render, lambda lang: lines(
        found.title.get(lang), *_camp_lines(ctx.content, found, kind, lang)))
    place = ctx.content.place(found.place) if kind == "place" else None
    venue = Venue(place.name, place.address, place.lat, place.lon) if place else None
    buttons = ctx.render.intent_buttons(["camp_info", "camp_packing"])
    return step(ctx, "camp_info", ctx.render.reply(text, buttons, venue=venue))


def medical_form(ctx: Context, kind: str) -> Step | None:
    """"Tot wanneer?", "waar geef ik het af?", "wie vult het in?" after the medical form:
    its deadline, where it goes, who fills it in (not the camp's dates or place)."""
    found = ctx.content.camp
    kind = SAME_AS.get(kind, kind)
    if found is None or kind not in ("place", "time", *WHO):
        return None
    form = found.medical_form

    def sentence(lang: str) -> str:
        if kind == "time":
            return form.deadline_sentence(lang)
        return (form.where if kind == "place" else form.who_fills_in).get(lang)

    buttons = ctx.render.intent_buttons([MEDICAL_FORM, "camp_info"])
    return step(ctx, MEDICAL_FORM, ctx.render.reply(per_language(ctx.render, sentence), buttons))


def _camp_lines(content: Content, found: Camp, kind: str, lang: str) -> tuple[str | None, ...]:
    if kind == "price":
        return (price_line(content, found, lang),)
    if kind == "place":
        meeting = place_text(content, found.meeting_point) if found.meeting_point else None
        return (ui(content, "camp.place", lang, place=place_text(content, found.place)),
                ui(content, "camp.meeting_point", lang, place=meeting) if meeting else None)
    if kind == "time":
        return (ui(content, "camp.dates", lang, start=when(content, found.start, lang),
                   end=when(content, found.end, lang)),)
    return (ui(content, "camp.ages", lang, age_min=found.age_min, age_max=found.age_max),
            found.who.get(lang))
