"""The camp's essentials as lines: shared by the camp answer and the parent's permission
request, which imports no feature (the camp answer's sign-up button imports the camp)."""

from __future__ import annotations

from bot.features.activities import place_text, when
from bot.features.common import ui
from content.camp import Camp, Fact
from content.dates import format_amount
from content.loader import Content


def essentials(content: Content, camp: Camp, lang: str) -> tuple[str | None, ...]:
    """When, where, where to meet (if set) and the price: what a pupil and a parent
    deciding both read first."""
    meeting = place_text(content, camp.meeting_point) if camp.meeting_point else None
    return (
        ui(content, "camp.dates", lang, start=when(content, camp.start, lang),
           end=when(content, camp.end, lang)),
        ui(content, "camp.place", lang, place=place_text(content, camp.place)),
        ui(content, "camp.meeting_point", lang, place=meeting) if meeting else None,
        price_line(content, camp, lang),
    )


def price_line(content: Content, camp: Camp, lang: str) -> str:
    """"💶 gratis" or "💶 25 euro", from ``price`` alone: no text types it (content/derived.py)."""
    price = (ui(content, "activity.free", lang) if camp.price == 0 else
             ui(content, "activity.price", lang, amount=format_amount(camp.price, lang)))
    return ui(content, "camp.price", lang, price=price)


def fact_line(content: Content, fact: Fact, lang: str) -> str:
    """One point of what camp is like, with its emoji (``camp.fact``)."""
    return ui(content, "camp.fact", lang, emoji=fact.emoji, text=fact.text.get(lang))
