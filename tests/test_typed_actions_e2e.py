"""Typed words that would change something ask first, end to end through the real bot and
the Bot API emulator: "verwijder mijn gegevens" shows the two /vergeet buttons; "nee"
typed keeps everything; the yes button erases."""

from __future__ import annotations

import pytest

from tests.staffworld import World

pytestmark = pytest.mark.e2e


async def test_forget_me_typed_asks_first_and_the_button_erases(world: World) -> None:
    mina = world.mina
    asked = await world.said(mina, "verwijder mijn gegevens")
    assert "Wil je dat Maatje alles over jou wist?" in (asked.text or "")
    assert any(label.startswith("🗑️ Ja, wis alles") for label in asked.buttons)
    kept = await world.said(mina, "nee")
    assert "er is niets gewist" in (kept.text or "")
    again = await world.said(mina, "delete my data")
    label = next(b for b in again.buttons if b.startswith("🗑️ Ja, wis alles"))
    await world.emu.press_button(world.token, mina, again, label=label)
    [done] = await world.emu.wait_for_bot_messages(world.token, mina.id, count=1)
    assert "Alles over jou is gewist" in (done.text or "")
