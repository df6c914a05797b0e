"""Youth-worker tools end to end: the real bot (python-telegram-bot) against the emulator.

Invite → staff; interest → consent → lead → staff notice → claim → followed up;
hand-over with a relayed answer; and a pupil trying every staff command and button.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import pytest_asyncio
from telegram import Chat, User

from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.features import registry
from bot.service import Conversations, brussels_now
from bot.telegram.application import build_application
from bot.telegram.outbox_runner import attach_sender, build_sender
from content.loader import load_content
from intents.pipeline import Understander
from storage.db import Database
from storage.staff import StaffRepository
from tests.emulator import BotApiEmulator, BotMessage
from tests.emulator.ptb import polling

pytestmark = pytest.mark.e2e
REFUSED = "Dit kan alleen een jeugdwerker doen"


@pytest.fixture(scope="session")
def staff_core(understander: Understander) -> Maatje:
    return Maatje(load_content(), understander, threshold=0.45, features=registry())


@dataclass
class World:
    emu: BotApiEmulator
    token: str
    database: Database
    sara: User
    ali: User
    mina: User
    staff_group: Chat

    async def said(self, user: User, text: str, chat: Chat | None = None,
                   reply_to: BotMessage | None = None) -> BotMessage:
        await self.emu.send_text(self.token, user, text, chat=chat, reply_to=reply_to)
        return await self.next(chat.id if chat else user.id)

    async def command(self, user: User, command: str, payload: str | None = None,
                      chat: Chat | None = None) -> BotMessage:
        await self.emu.send_command(self.token, user, command, payload, chat=chat)
        return await self.next(chat.id if chat else user.id)

    async def press(self, user: User, message: BotMessage, label: str | None = None,
                    data: str | None = None, chat: Chat | None = None) -> BotMessage:
        await self.emu.press_button(self.token, user, message, data, label=label,
                                    check=data is None, chat=chat)
        return await self.next(chat.id if chat else user.id)

    async def next(self, chat_id: int) -> BotMessage:
        [message] = await self.emu.wait_for_bot_messages(self.token, chat_id)
        return message


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    database = Database.open(sqlite_url)
    conversations = Conversations(staff_core, database, UserState(onboarded=True))
    app = build_application(bot_token, conversations, emulator.url)
    settings = Settings(broadcast_rate=100)
    attach_sender(app, build_sender(database, lambda: staff_core.content, bot_token, emulator.url,
                                    settings, brussels_now))
    emulator.bot(bot_token, username="MaatjeTestBot")
    sara = emulator.user(bot_token, 501, "Sara", language_code="nl")
    ali = emulator.user(bot_token, 901, "Ali", language_code="ar")
    mina = emulator.user(bot_token, 902, "Mina", language_code="nl")
    group = emulator.group(bot_token, -100777, "Jeugdwerkers", members=[sara, mina])
    async with polling(app):
        assert app.post_init is not None and app.post_stop is not None
        await app.post_init(app)
        try:
            yield World(emulator, bot_token, database, sara, ali, mina, group)
        finally:
            await app.post_stop(app)
    assert emulator.unknown_methods(bot_token) == []
    database.close()


def invite(world: World, name: str) -> str:
    with world.database.session() as session:
        return StaffRepository(session).invite(name, brussels_now(), timedelta(hours=48)).token


async def become_staff(world: World) -> None:
    token = invite(world, "Sara")
    welcome = await world.command(world.sara, "/start", f"staff-{token}")
    assert "Welkom, Sara" in (welcome.text or "")
    assert "📋 Opvolging" in str(welcome.reply_markup)
    registered = await world.command(world.sara, "/staffchat@MaatjeTestBot", chat=world.staff_group)
    assert "staff-chat" in (registered.text or "")


async def test_invite_interest_lead_claim_reply_and_follow_up(world: World) -> None:
    await become_staff(world)
    used = await world.command(world.mina, "/start", f"staff-{invite(world, 'X')}x")
    assert "werkt niet" in (used.text or "")

    topics = await world.said(world.ali, "ik wil meedoen")
    consent = await world.press(world.ali, topics, data="int:t:sport")
    assert "Mag een jeugdwerker je een bericht sturen" in (consent.text or "")
    age = await world.press(world.ali, consent, label=consent.buttons[0])
    assert "Hoe oud ben je" in (age.text or "")
    saved = await world.press(world.ali, age, label="🧑 13 of ouder")
    assert "Bewaard" in (saved.text or "")

    notice = await world.next(world.staff_group.id)
    assert "#L1" in (notice.text or "") and "Ali" in (notice.text or "")
    assert "Arabisch" in (notice.text or "")
    claimed = await world.press(world.sara, notice, label="✋ Ik neem dit op", chat=world.staff_group)
    assert "Sara neemt #L1 op" in (claimed.text or "")

    confirm = await world.said(world.sara, "Hoi Ali, kom zaterdag naar het jeugdhuis!",
                               chat=world.staff_group, reply_to=notice)
    assert "Doorgestuurd naar Ali" in (confirm.text or "")
    relayed = await world.next(world.ali.id)
    assert "Een jeugdwerker schrijft je" in (relayed.text or "")
    assert "kom zaterdag" in (relayed.text or "") and "Sara" not in (relayed.text or "")

    done = await world.press(world.sara, notice, label="✅ Opgevolgd", chat=world.staff_group)
    assert "#L1 is opgevolgd" in (done.text or "")
    empty = await world.command(world.sara, "/opvolging")
    assert "Geen open leads" in (empty.text or "")


async def test_hand_over_and_a_relayed_answer(world: World) -> None:
    await become_staff(world)
    who = await world.said(world.mina, "kan ik met iemand praten")
    assert "jeugdwerker OKAN Anderlecht" in (who.text or ""), "who to call comes first"
    offer = await world.next(world.mina.id)
    age = await world.press(world.mina, offer, data="ho:yes")
    prompt = await world.press(world.mina, age, label="🧑 13 of ouder")
    assert "Typ je vraag" in (prompt.text or "")
    sent = await world.said(world.mina, "Mag mijn broer ook mee naar de sporthal?")
    assert "doorgestuurd" in (sent.text or "")
    notice = await world.next(world.staff_group.id)
    assert "#V1" in (notice.text or "") and "Mag mijn broer" in (notice.text or "")
    await world.said(world.sara, "Ja hoor, hij is welkom.", chat=world.staff_group,
                     reply_to=notice)
    answer = await world.next(world.mina.id)
    assert "Ja hoor, hij is welkom." in (answer.text or "")
    assert "Sara" not in (answer.text or "")


async def test_a_pupil_is_refused_every_staff_command_and_button(world: World) -> None:
    await become_staff(world)
    topics = await world.said(world.ali, "ik wil meedoen")
    consent = await world.press(world.ali, topics, data="int:t:camp")
    age = await world.press(world.ali, consent, label=consent.buttons[0])
    await world.press(world.ali, age, label="🧑 13 of ouder")
    notice = await world.next(world.staff_group.id)
    for command in ("/staff", "/opvolging", "/export", "/vragen", "/staffchat"):
        reply = await world.command(world.mina, command)
        assert REFUSED in (reply.text or ""), command
    in_group = await world.command(world.mina, "/opvolging@MaatjeTestBot", chat=world.staff_group)
    assert REFUSED in (in_group.text or "")
    for data in ("lead:1:claim", "lead:1:done", "lead:1:reply", "q:1:done"):
        reply = await world.press(world.mina, notice, data=data, chat=world.staff_group)
        assert "werkt niet" in (reply.text or ""), data
    sneaky = await world.said(world.mina, "ik antwoord zelf", chat=world.staff_group,
                              reply_to=notice)
    assert "Doorgestuurd" not in (sneaky.text or "")
    assert world.emu.delivered(world.token, world.ali.id) == 4, "Ali got only his own answers"
