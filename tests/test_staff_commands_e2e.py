"""Telegram's command menu: youth workers, and only they, see the staff commands.

The real bot against the emulator. The menu a phone shows is resolved over scopes and
languages as Telegram does (``commands_for``): each youth worker's private chat has a list
of its own; pupils keep everyone's list, in their language. Sara becomes staff through her
invite and gets the list; ``maatje staff remove`` takes it away again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.features import registry
from bot.features.staff import STAFF_COMMANDS
from bot.staffcli import now_in
from content.loader import load_content
from storage.staff import StaffRepository
from tests.emulator import BotApiEmulator
from tests.staffworld import CommandsOnly, World, become_staff, running_world

pytestmark = pytest.mark.e2e
#: The staff table is compared with the menus this often here (30 s in production).
EVERY = 0.2


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str) -> AsyncIterator[World]:
    core = Maatje(load_content(), CommandsOnly(), features=registry())
    async with running_world(emulator, bot_token, sqlite_url, core,
                             staff_commands_every=EVERY) as running:
        yield running


def menu(world: World, chat_id: int, language: str = "nl") -> dict[str, str]:
    """The command menu this chat shows on a phone in ``language``: command → description."""
    return {c.command: c.description for c in world.emu.commands_for(world.token, chat_id, language)}


async def test_staff_see_their_commands_pupils_only_their_own(world: World) -> None:
    emu, token, sara, ali = world.emu, world.token, world.sara, world.ali
    await emu.wait_for(token, lambda: bool(menu(world, ali.id)))
    before = menu(world, sara.id)
    assert "kamp" not in before and "start" in before, "not staff yet: everyone's menu"

    await become_staff(world)
    await emu.wait_for(token, lambda: "kamp" in menu(world, sara.id))
    staff = menu(world, sara.id, "ar")
    assert list(staff)[:len(STAFF_COMMANDS)] == list(STAFF_COMMANDS), "staff commands first"
    assert staff["kamp"] == "De kamplijst: toestemming, medische fiche, betaald"
    assert staff["opvolging"] == "Leads die nog niemand opvolgt"
    assert staff["start"] == "Begin opnieuw" and "vergeet" in staff, "and everyone's commands"
    assert "staffchat" not in staff, "that one is for the staff group"

    pupil = menu(world, ali.id, "ar")
    assert not set(STAFF_COMMANDS) & set(pupil), "a pupil sees no staff command"
    assert pupil["start"] == "ابدأ من جديد", "in his own language"
    assert not set(STAFF_COMMANDS) & set(menu(world, world.mina.id)), "nor does Mina (not staff)"
    assert "kamp" not in menu(world, world.staff_group.id), "nor the staff group"

    with world.database.session() as session:
        assert StaffRepository(session).remove("Sara", now_in(Settings())) == 1
    await emu.wait_for(token, lambda: "kamp" not in menu(world, sara.id))
    assert "start" in menu(world, sara.id), "no longer staff: everyone's menu again"
