"""Activities from the staff side, end to end: the real bot and outbox sender against the
emulator. Sara adds an activity with buttons and typing; Ali sees it and says "Ik kom";
Sara cancels it and Ali is told, in Dutch and Arabic. Mina (not staff) is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from tests.emulator import BotApiEmulator, BotMessage
from tests.staffworld import World, become_staff, running_world

pytestmark = pytest.mark.e2e
TITLE = "Pizza bakken"



@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, staff_core) as running:
        yield running


async def add_activity(world: World) -> str:
    """Sara adds the activity on the first day offered; returns that day's weekday name."""
    menu = await world.command(world.sara, "/activiteit")
    title = await world.press(world.sara, menu, label="➕ Nieuwe activiteit")
    assert "Hoe heet de activiteit" in (title.text or "")
    days = await world.said(world.sara, TITLE)
    first_day = days.buttons[0]
    hours = await world.press(world.sara, days, label=first_day)
    places = await world.said(world.sara, "15.30")
    prices = await world.press(world.sara, places, label=places.buttons[0])
    explain = await world.press(world.sara, prices, label="🆓 Gratis")
    preview = await world.said(world.sara, "We bakken samen pizza.")
    assert TITLE in (preview.text or "") and "15.30 uur" in (preview.text or "")
    online = await world.press(world.sara, preview, label="✅ Zet online")
    assert "staat online" in (online.text or "")
    assert hours and explain
    return first_day.split()[0]


async def card_with(world: World, chat_id: int, text: str) -> BotMessage:
    """The next message in the chat that shows ``text`` (an answer may come in parts)."""
    for _ in range(8):
        message = await world.next(chat_id)
        if text in (message.text or ""):
            return message
    raise AssertionError(f"no message with {text!r}")


async def test_staff_add_pupil_comes_staff_cancel_pupil_is_told(world: World) -> None:
    await become_staff(world)
    weekday = await add_activity(world)

    await world.emu.send_text(world.token, world.ali, f"is er iets op {weekday}")
    card = await card_with(world, world.ali.id, TITLE)
    come = next(label for label in card.buttons if label.startswith("🙋 Ik kom"))
    age = await world.press(world.ali, card, label=come)
    coming = await world.press(world.ali, age, label="🧑 13 of ouder")
    assert "Fijn, je komt naar Pizza bakken" in (coming.text or "")

    listed = await world.command(world.sara, "/activiteit")
    chosen = next(label for label in listed.buttons if TITLE in label)
    details = await world.press(world.sara, listed, label=chosen)
    assert "Interesse: 1 personen" in (details.text or "")
    confirm = await world.press(world.sara, details, label="❌ Afzeggen")
    cancelled = await world.press(world.sara, confirm, label="❌ Ja, afzeggen")
    assert "gaat niet door. 1 personen" in (cancelled.text or "")

    told = await world.next(world.ali.id)
    assert f"deze activiteit gaat niet door: {TITLE}" in (told.text or "")
    assert "هذا النشاط لن يُقام" in (told.text or ""), "under it, his phone's language"
    await world.emu.send_text(world.token, world.ali, f"is er iets op {weekday}")
    answer = await world.next(world.ali.id)
    assert TITLE not in (answer.text or "")


async def test_a_pupil_is_refused_activiteit_and_its_buttons(world: World) -> None:
    await become_staff(world)
    await add_activity(world)
    refused = await world.command(world.mina, "/activiteit")
    assert "Dit kan alleen een jeugdwerker doen" in (refused.text or "")
    for data in ("act:new", "act:1:menu", "act:1:cancel", "act:1:cx", "act:1:edit",
                 "act:1:f:date", "act:1:d:20300101", "act:1:done", "act:1:pub"):
        reply = await world.press(world.mina, refused, data=data)
        assert "werkt niet" in (reply.text or ""), data
    listed = await world.command(world.sara, "/activiteit")
    assert any(TITLE in label for label in listed.buttons), "nothing changed for Mina's presses"
    assert world.emu.delivered(world.token, world.ali.id) == 0
