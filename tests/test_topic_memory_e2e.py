"""Topic memory end to end, through the real bot and the Bot API emulator: a pupil asks
about the football club, then "hoeveel kost het"; about the skating, then "waar is dat";
and a follow-up with nothing before it gets "Waarover gaat je vraag?" with topic buttons."""

from __future__ import annotations

import pytest

from tests.emulator import BotMessage
from tests.staffworld import World

pytestmark = pytest.mark.e2e


async def messages(world: World, chat_id: int, count: int) -> list[BotMessage]:
    return list(await world.emu.wait_for_bot_messages(world.token, chat_id, count=count))


async def test_the_price_of_the_club_and_the_place_of_the_activity(world: World) -> None:
    mina = world.mina
    await world.emu.send_text(world.token, mina, "ik zoek een voetbalclub")
    intro, club = await messages(world, mina.id, 2)
    assert "FC Molenbeek" in (club.text or "")

    price = await world.said(mina, "hoeveel kost het")
    assert "FC Molenbeek" in (price.text or "") and "250" in (price.text or "")
    assert "Boxing" not in (price.text or "")

    await world.emu.send_text(world.token, mina, "wanneer is het schaatsen")
    _header, *cards = await messages(world, mina.id, 4)
    assert any("Poseidon" in (card.text or "") for card in cards)

    await world.emu.send_text(world.token, mina, "en waar is dat?")
    place, pin = await messages(world, mina.id, 2)
    assert "Schaatsbaan Poseidon" in (place.text or "")
    assert "De Kade" not in (place.text or ""), "not the youth house"
    venue = pin.message.venue
    assert venue is not None and venue.title == "Schaatsbaan Poseidon"
    assert intro.text


async def test_a_follow_up_with_nothing_before_it_asks_what_it_is_about(world: World) -> None:
    ali = world.ali
    which = await world.said(ali, "كم الثمن؟")
    assert "Waarover gaat je vraag?" in (which.text or "")
    assert "عن ماذا سؤالك؟" in (which.text or ""), "under it, his phone's language"
    label = next(b for b in which.buttons if b.startswith("⚽"))
    await world.emu.press_button(world.token, ali, which, label=label)
    intro, *clubs = await world.emu.wait_for_bot_messages(world.token, ali.id, count=2)
    assert "Sportclub" in (intro.text or "") or clubs
