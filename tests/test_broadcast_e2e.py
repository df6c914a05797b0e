"""An announcement end to end: a group link, /bericht, the progress message edited into the
report, a blocked subscriber marked inactive, and the off button under the announcement."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.broadcasts import SubscriberRepository
from storage.repositories import Users
from tests.emulator import BotApiEmulator
from tests.features import brussels_now
from tests.staffworld import World, become_staff, running_world

pytestmark = pytest.mark.e2e



@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, database_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, database_url, staff_core) as running:
        yield running


def seed_subscribers(world: World, count: int) -> list[int]:
    """People who subscribed earlier (with consent, 13 or older)."""
    chats = []
    with world.database.session() as session:
        for n in range(count):
            user = world.emu.user(world.token, 3000 + n, f"S{n}", started=True)
            key = f"tg:{user.id}"
            Users(session).save(key, UserState(language="uk", onboarded=True, age_band="13+",
                                               consents=frozenset({"announcements"})), brussels_now())
            SubscriberRepository(session).subscribe(key, key, brussels_now(), "okan-woluwe")
            chats.append(user.id)
    return chats


async def test_an_announcement_reaches_subscribers_with_a_report(world: World) -> None:
    await become_staff(world)
    emu, token = world.emu, world.token
    asked = await world.command(world.ali, "/start", "groep-okan-anderlecht")
    age = await world.press(world.ali, asked, label=asked.buttons[0])
    joined = await world.press(world.ali, age, label="🧑 13 of ouder")
    assert "groep okan-anderlecht" in (joined.text or "")
    others = seed_subscribers(world, 5)
    emu.block(token, others[0])
    emu.inject(token, "sendMessage", delay=4.0, times=1, chat_id=others[1])  # a slow answer

    write = await world.command(world.sara, "/bericht")
    assert "Typ de tekst" in (write.text or "")
    audience = await world.said(world.sara, "📣 Zaterdag 14u: voetbal in het park!")
    preview = await world.press(world.sara, audience, label="📢 Iedereen")
    assert "Ontvangers: 6" in (preview.text or "")
    queued = await world.press(world.sara, preview, label="✅ Nu versturen")
    assert "gaat nu naar 6" in (queued.text or "")

    [announcement] = await emu.wait_for_bot_messages(token, world.ali.id)
    assert "voetbal in het park" in (announcement.text or "")
    assert announcement.buttons and announcement.buttons[0].startswith("🔕")

    def reported() -> bool:
        return any("is klaar" in (m.text or "") for m in emu.bot_messages(token, world.sara.id))

    await emu.wait_for(token, reported, timeout=30)
    [report] = [m for m in emu.bot_messages(token, world.sara.id) if "is klaar" in (m.text or "")]
    assert "Ontvangen: 5" in (report.text or "") and "Geblokkeerd: 1" in (report.text or "")
    assert report.history, "the progress message was edited into the report"
    assert any("verstuurd" in (old.text or "") for old in report.history)
    assert all(emu.delivered(token, chat) == 1 for chat in others[1:])

    with world.database.session() as session:
        assert not SubscriberRepository(session).subscribed(f"tg:{others[0]}")
    off = await world.press(world.ali, announcement, label=announcement.buttons[0])
    assert "geen berichten meer" in (off.text or "")
    with world.database.session() as session:
        assert not SubscriberRepository(session).subscribed(f"tg:{world.ali.id}")


def test_the_status_command_shows_a_progress_bar(tmp_path, capsys) -> None:
    from bot.cli import main
    from bot.staffcli import progress_bar

    assert progress_bar(120, 450, width=10) == "[###-------]"
    assert progress_bar(0, 0, width=4) == "[####]"
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    assert main(["broadcast", "--db", url, "status"]) == 0
    assert "No announcements yet" in capsys.readouterr().out
