"""Where to find us: the place with its address, nearest stop and a map pin."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.features import Context, Step
from bot.core.messages import Reply, Venue
from bot.features.common import answer_reply, entity, lines, per_language, step, ui_lines
from content.loader import Content
from content.places import Place
from content.schema import Text
from intents.normalize import normalize

INTENT = "location"
#: At most this many places in one answer (each comes with its own map pin).
LISTED = 2


def compose(ctx: Context) -> Step:
    """The places the person named, else the youth house; each as text plus a map pin."""
    places = wanted_places(ctx)
    if not places:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    replies: list[Reply] = []
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    for number, place in enumerate(places):
        intro = answer.text if number == 0 else None
        text = per_language(render, _block(ctx.content, place, intro))
        venue = Venue(place.name, place.address, place.lat, place.lon)
        last = number == len(places) - 1
        replies.append(render.reply(text, buttons if last else [], venue=venue))
    return step(ctx, INTENT, *replies)


def _block(content: Content, place: Place, intro: Text | None) -> Callable[[str], str]:
    def build(lang: str) -> str:
        return lines(intro.get(lang) if intro else None, describe(content, place, lang))

    return build


def describe(content: Content, place: Place, lang: str) -> str:
    item = ui_lines(content, "place.item", lang,
                    {"name": place.name, "address": place.address, "stop": place.stop})
    return lines(item, place.directions.get(lang) if place.directions else None)


def wanted_places(ctx: Context) -> list[Place]:
    """Places named in the message (or an activity's place), else the organisation's home."""
    content = ctx.content
    words = f" {normalize(ctx.incoming.text)} "
    named = [p for p in content.places.values() if _named(words, p)]
    activity = entity(ctx, "activity")
    if not named and activity:
        named = [p for p in content.places.values() if _named(f" {normalize(activity)} ", p)]
    if named:
        return named[:LISTED]
    home = content.place(content.contacts.organisation.place) if content.contacts else None
    first = next(iter(content.places.values()), None)
    return [place for place in (home or first,) if place is not None]


def _named(padded_words: str, place: Place) -> bool:
    names = {normalize(place.id.replace("-", " ")), normalize(place.name)}
    return any(name and f" {name} " in padded_words for name in names)
