"""A parent's typed camp question end to end, through the Bot API emulator: "هل الأكل
حلال" (is the food halal?) gets the answer of the "Wat eet mijn kind op kamp?" button,
Dutch first and then Arabic, not the general camp text; "mon fils ne sait pas nager"
gets the swimming answer in the parent's wording."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from tests.emulator import BotApiEmulator
from tests.staffworld import World, running_world

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                core: Maatje) -> AsyncIterator[World]:
    parent = UserState(onboarded=True, role="parent")
    async with running_world(emulator, bot_token, sqlite_url, core, new_user=parent) as running:
        yield running


async def test_a_parent_asks_in_arabic_whether_the_food_is_halal(world: World) -> None:
    answer = await world.said(world.ali, "هل الأكل حلال؟")
    text = answer.text or ""
    assert text.startswith("Wat eet mijn kind op kamp?"), text
    assert "Halal en vegetarisch eten kan altijd" in text
    assert "الطعام الحلال والنباتي متوفر دائمًا" in text, "and in Arabic"
    assert "Van maandag" not in text, "not the general camp text"
    assert "لطفلكم" in text, "the parent's wording"


async def test_a_parent_asks_in_french_whether_a_son_who_cannot_swim_may_come(
        world: World) -> None:
    amina = world.emu.user(world.token, 961, "Amina", language_code="fr")
    answer = await world.said(amina, "mon fils ne sait pas nager, il peut venir au camp ?")
    text = answer.text or ""
    assert text.startswith("🏊 Op kamp zwemmen we in een meer. Kan uw kind niet zwemmen?"), text
    assert "Votre enfant ne sait pas nager" in text and "gilet de sauvetage" in text
