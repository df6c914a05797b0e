"""The camp link youth workers share, end to end: the real bot against the emulator.

``t.me/<bot>?start=kamp-ar`` opens the camp in Dutch and Arabic with "🏕️ Ik wil mee op
kamp"; a pupil's press, the consent and the age put him on the camp list; a parent's press
asks the child's name and age and signs the child up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.features import registry
from content.loader import load_content
from tests.emulator import BotApiEmulator, BotMessage
from tests.staffworld import CommandsOnly, World, become_staff, label, running_world

pytestmark = pytest.mark.e2e
SIGN_UP = "🏕️ Ik wil mee op kamp · أريد الذهاب إلى المخيم"  # Dutch, then the link's language


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str) -> AsyncIterator[World]:
    core = Maatje(load_content(), CommandsOnly(), features=registry(), bot_username="MaatjeTestBot")
    async with running_world(emulator, bot_token, sqlite_url, core,
                             new_user=UserState()) as running:
        yield running


def text(message: BotMessage) -> str:
    return message.text or ""


async def test_the_camp_link_opens_the_camp_and_its_sign_up(world: World) -> None:
    """A newcomer opens the link: the camp, the sign-up button, then the role question."""
    await become_staff(world)
    ali = world.ali
    camp = await world.command(ali, "/start", "kamp-ar")
    assert camp.buttons[0] == SIGN_UP, "the sign-up first, above the parents' questions"
    assert "مخيم" in text(camp) and "مجاني" in text(camp), "the camp in Arabic under the Dutch"
    role = await world.next(ali.id)
    await world.press(ali, role, data="role:pupil")
    consent = await world.press(ali, camp, label=SIGN_UP)
    age = await world.press(ali, consent, label=consent.buttons[0])
    await world.press(ali, age, label=label(age, "🧑 13 of ouder"))  # "✅ Bewaard: 🏕️ Kamp"
    await world.until(ali.id, "Je staat nu op de kamplijst")
    await world.until(world.staff_group.id, "#K1: Ali staat op de kamplijst")


async def test_a_parent_opening_the_camp_link_signs_up_her_child(world: World) -> None:
    await become_staff(world)
    noor = world.emu.user(world.token, 961, "Noor", language_code="ar")
    camp = await world.command(noor, "/start", "kamp-ar")
    role = await world.next(noor.id)
    await world.press(noor, role, data="role:parent")
    consent = await world.press(noor, camp, label=SIGN_UP)
    child = await world.press(noor, consent, label=consent.buttons[0])
    assert "Over welk kind gaat het" in text(child)
    age = await world.said(noor, "Yusuf")
    young = label(age, "🧒 Jonger dan 13")
    saved = await world.press(noor, age, label=young)
    if "Yusuf staat nu op de kamplijst" not in text(saved):
        saved = await world.until(noor.id, "Yusuf staat nu op de kamplijst")
    await world.until(world.staff_group.id, "#K1: Yusuf staat op de kamplijst (ingeschreven door de ouder")
