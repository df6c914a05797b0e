"""Sports clubs that fit the question ("een goedkope boksclub in anderlecht"), cheapest first.

Each club comes as a card with its price without and with the SNS-pas / Paspartoe and its
free try-outs; its button shows the club on a map with how to register.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.features import Context, Step
from bot.core.messages import Button, Reply, Venue
from bot.core.payloads import Match
from bot.features.activities import when
from bot.features.common import entity, lines, per_language, step, ui, ui_lines
from bot.features.kit.buttons import CONTENT_ID, Picked, picked
from content.clubs import LISTED, Club, matching, query_from
from content.dates import format_amount
from content.loader import Content

INTENT = "club_join"
#: ``club:<id>``: the club on a map, with how to register.
CLUB = picked("club", Match("value", CONTENT_ID))


def compose(ctx: Context) -> Step:
    """The matching clubs, or "none fits, your youth worker helps" when a filter finds nothing."""
    clubs = ctx.content.clubs
    query = query_from(clubs, entity(ctx, "sport"), entity(ctx, "commune"), ctx.incoming.text)
    found = matching(clubs, query)[:LISTED]
    render = ctx.render
    answer = ctx.content.answer(INTENT)
    buttons = [*render.intent_buttons(answer.followups), render.offer_button(INTENT)]
    if not found:
        none = render.reply(render.ui("club.none"), [*render.intent_buttons(["contact"]),
                                                      render.offer_button(INTENT)])
        return step(ctx, INTENT, none)
    intro = render.reply(render.text(answer.text), buttons)
    about = {k: v for k, v in (("sport", query.sport), ("commune", query.commune)) if v}
    answered = step(ctx, INTENT, intro, *(card(ctx, club) for club in found))
    return replace(answered, about=about)


def card(ctx: Context, club: Club) -> Reply:
    render = ctx.render
    text = per_language(render, lambda lang: describe(ctx, club, lang))
    label = ui(ctx.content, "button.club_place", "nl", name=club.name)
    return render.reply(text, [Button(label, CLUB.build(Picked(club.id)))])


def describe(ctx: Context, club: Club, lang: str) -> str:
    """A club card in ``lang``: the club's name stays as it is, the sport is translated."""
    content = ctx.content
    initiations = club.coming_initiations(ctx.now)
    item = ui_lines(content, "club.item", lang, {
        "name": club.name,
        "sport": sport_name(content, club.sport, lang),
        "address": street(club.address, club.commune),
        "commune": club.commune,
        "age_min": club.age_min,
        "age_max": club.age_max,
        "price_year": format_amount(club.price_year, lang),
        "price_with_sns": format_amount(club.price_with_sns, lang),
    })
    dates = ", ".join(when(content, moment, lang) for moment in initiations)
    return lines(item, ui(content, "club.initiation", lang, dates=dates) if dates else None)


def street(address: str, commune: str) -> str:
    """"Kliniekstraat 5, 1070 Anderlecht" → "Kliniekstraat 5" when the commune follows anyway."""
    head, _, tail = address.partition(",")
    return head.strip() if commune.lower() in tail.lower() else address


def sport_name(content: Content, sport: str, lang: str) -> str:
    key = f"sport.{sport}"
    return content.ui[key].get(lang) if key in content.ui else sport


def club_details(ctx: Context, picked: Picked) -> Step:
    """The club on a map, how to register and what the youth worker does for you; a club
    taken out of clubs.yaml gets the clubs that fit instead."""
    club = next((c for c in ctx.content.clubs if c.id == picked.value), None)
    if club is None:
        return compose(ctx)
    render = ctx.render
    text = per_language(render, lambda lang: lines(club.how_to_register.get(lang),
                                                   club.youth_worker_help.get(lang)))
    venue = Venue(club.name, f"{club.address}, {club.commune}", club.lat, club.lon)
    buttons = render.intent_buttons(["register_interest", "contact"])
    return step(ctx, INTENT, render.reply(text, buttons, venue=venue))
