"""A pupil in danger, end to end: the real bot (python-telegram-bot) against the emulator.

Danger → "ja" typed → every youth worker alerted → claim → her next message reaches the
claimer → his reply reaches her → closed; and with PostgreSQL refused, the help lines at
once and the alert once the database is back (a real bot process).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.db import Database
from storage.staff import StaffRepository
from tests.e2e.processes import bot_env, start_bot, until
from tests.e2e.tcpproxy import CuttableProxy, through
from tests.emulator import BotApiEmulator
from tests.features import brussels_now
from tests.staffworld import World, become_staff, running_world

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, staff_core) as running:
        yield running


async def test_danger_yes_alert_claim_relay_and_close(world: World) -> None:
    await become_staff(world)
    help_lines = await world.said(world.mina, "mijn papa slaat mij")
    assert "112" in (help_lines.text or ""), "the help lines first, before any database work"
    markup = str(help_lines.reply_markup)
    assert "https://www.awel.be/chat" in markup, "a chat service as a link button"
    question = await world.next(world.mina.id)
    assert "Zal ik een jeugdwerker" in (question.text or "")
    assert "✅ Ja, laat een jeugdwerker het weten" in question.buttons

    told = await world.said(world.mina, "jaa graag")
    assert "Ik laat een jeugdwerker weten" in (told.text or "")
    alert = await world.next(world.staff_group.id)
    private = await world.next(world.sara.id)
    for notice in (alert, private):
        assert "🆘" in (notice.text or "") and "#H1" in (notice.text or "")
        assert "Mina" in (notice.text or "") and "mijn papa slaat mij" in (notice.text or "")

    claimed = await world.press(world.sara, alert, label="✋ Ik neem dit op",
                                chat=world.staff_group)
    assert "Sara neemt #H1 op" in (claimed.text or "")
    case = await world.next(world.sara.id)
    assert "Jij neemt #H1 op" in (case.text or "")
    seen = await world.next(world.mina.id)
    assert "Een jeugdwerker heeft je bericht gelezen" in (seen.text or "")

    again = await world.said(world.mina, "ik durf niet naar huis")
    assert "112" in (again.text or ""), "a danger message gets the help lines, always"
    passed = await world.next(world.mina.id)
    assert "Doorgestuurd" in (passed.text or "")
    forwarded = await world.next(world.sara.id)
    assert "#H1" in (forwarded.text or "") and "ik durf niet naar huis" in (forwarded.text or "")

    await world.said(world.sara, "Blijf op school, ik kom naar je toe.", reply_to=case)
    answer = await world.next(world.mina.id)
    assert "ik kom naar je toe" in (answer.text or "") and "Sara" not in (answer.text or "")

    closed = await world.press(world.sara, case, label="✅ Afsluiten")
    assert "#H1 is afgesloten" in (closed.text or "")
    bye = await world.next(world.mina.id)
    assert "gesloten" in (bye.text or "")


@pytest.mark.postgres
async def test_postgres_refused_help_lines_at_once_and_the_alert_once_it_is_back(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path, warm: Callable[[Path], Path],
    postgres_url: str,
) -> None:
    database = Database.open(postgres_url)
    with database.session() as session:
        invite = StaffRepository(session).invite("Sara", brussels_now(), timedelta(hours=2)).token
    database.close()
    target = urlsplit(postgres_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.start()
    warm(tmp_path)
    env = bot_env(bot_token, emulator.url, tmp_path, database_url=through(postgres_url, proxy.port))
    sara = emulator.user(bot_token, 8201, "Sara")
    nour = emulator.user(bot_token, 8202, "Nour")
    bot = start_bot(env, tmp_path / "bot.log")

    def texts(user_id: int) -> list[str]:
        return [m.text or "" for m in emulator.bot_messages(bot_token, user_id)]

    try:
        await emulator.send_command(bot_token, sara, "/start", f"staff-{invite}")
        await until(lambda: any("Welkom" in t for t in texts(sara.id)), 90, "Sara is staff")
        await proxy.cut()
        await emulator.send_text(bot_token, nour, "mijn vader slaat mij")
        await until(lambda: len(texts(nour.id)) == 1, 60, "help lines while the database is down")
        assert "112" in texts(nour.id)[0]
        await proxy.restore()
        await until(lambda: len(texts(nour.id)) == 2, 90, "the question once it is back")
        question = emulator.bot_messages(bot_token, nour.id)[1]
        assert "Zal ik een jeugdwerker" in (question.text or "")
        await emulator.press_button(bot_token, nour, question, "sg:yes")
        await until(lambda: any("🆘" in t and "#H1" in t for t in texts(sara.id)), 90,
                    "the alert once the database is back")
        assert any("Ik laat een jeugdwerker weten" in t for t in texts(nour.id))
    finally:
        bot.stop()
        await proxy.cut()
    assert sum("#H1" in t and "🆘" in t for t in texts(sara.id)) == 1, "one alert, not two"



async def test_nobody_claims_so_everyone_is_alerted_again_and_she_is_told(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str, staff_core: Maatje
) -> None:
    moments = [brussels_now()]
    async with running_world(emulator, bot_token, sqlite_url, staff_core,
                             clock=lambda: moments[0]) as world:
        await become_staff(world)
        await world.said(world.mina, "ik wil niet meer leven")
        await world.next(world.mina.id)  # the question
        await world.said(world.mina, "ja")
        await world.next(world.staff_group.id)
        await world.next(world.sara.id)
        moments[0] += timedelta(minutes=16)  # the scheduled jobs run within ten seconds
        again = await world.emu.wait_for_bot_messages(world.token, world.staff_group.id,
                                                      timeout=30)
        assert "NOG NIET OPGENOMEN (1/3)" in (again[0].text or "")
        told = await world.emu.wait_for_bot_messages(world.token, world.mina.id, timeout=30)
        assert "Nog niemand heeft geantwoord" in (told[0].text or "")


async def test_a_pupil_under_13_is_alerted_the_same(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str, staff_core: Maatje
) -> None:
    child = UserState(onboarded=True, age_band="u13")
    async with running_world(emulator, bot_token, sqlite_url, staff_core, child) as world:
        await become_staff(world)
        await world.said(world.ali, "mijn oom doet mij pijn")
        await world.next(world.ali.id)
        told = await world.said(world.ali, "نعم")
        assert "Ik laat een jeugdwerker weten" in (told.text or "")
        alert = await world.next(world.staff_group.id)
        assert "#H1" in (alert.text or "") and "Ali" in (alert.text or "")


async def test_with_no_youth_worker_she_is_told_so_with_the_help_lines(world: World) -> None:
    await world.said(world.mina, "mijn papa slaat mij")
    await world.next(world.mina.id)
    told = await world.said(world.mina, "ja")
    assert "geen jeugdwerker bij Maatje" in (told.text or "") and "112" in (told.text or "")
    assert emulator_quiet(world)


def emulator_quiet(world: World) -> bool:
    """Nothing went to a staff chat: there is nobody to alert."""
    return world.emu.bot_messages(world.token, world.staff_group.id) == []
