"""A running Maatje (bot, outbox sender, database) against the emulator, for staff e2e tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.fernet import MultiFernet
from telegram import Chat, User

from bot.assembly import build_scheduler, build_sender
from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.service import Conversations
from bot.telegram.application import build_application
from bot.telegram.outbox_runner import attach_sender
from bot.telegram.staff_commands import SYNC_SECONDS
from intents.types import Candidate, LanguageGuess, Understanding
from storage.db import Database
from storage.staff import StaffRepository
from tests.emulator import BotApiEmulator, BotMessage
from tests.emulator.ptb import polling
from tests.features import brussels_now


class CommandsOnly:
    """Understanding for a test that only sends commands and presses buttons (no model
    to load): every typed text is out of scope."""

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        return Understanding(text, text.lower(), LanguageGuess("nl", 0.99),
                             (Candidate("out_of_scope", 0.9),))


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

    async def until(self, chat_id: int, words: str) -> BotMessage:
        """The next message of this chat that holds ``words``, skipping those before it
        (each wait is bounded: a missing message fails the test)."""
        while words not in ((message := await self.next(chat_id)).text or ""):
            pass
        return message


@asynccontextmanager
async def running_world(emulator: BotApiEmulator, bot_token: str, url: str,
                        core: Maatje, new_user: UserState | None = None,
                        clock: Callable[[], datetime] = brussels_now,
                        staff_commands_every: float = SYNC_SECONDS,
                        forms: MultiFernet | None = None) -> AsyncIterator[World]:
    """The bot and its sender running; Sara (staff to be), Ali, Mina and a staff group.

    ``clock`` is the time the bot and its scheduled jobs see (a test may move it);
    ``staff_commands_every``: how often staff command menus follow the staff table;
    ``forms``: the medical forms' cipher (``None``: the digital form is off, as without a key)."""
    database = Database.open(url)
    conversations = Conversations(core, database, new_user or UserState(onboarded=True),
                                  clock=clock, forms=forms)
    app = build_application(bot_token, conversations, emulator.url,
                            staff_commands_every=staff_commands_every)
    settings = Settings(broadcast_rate=100)
    content = lambda: core.content  # noqa: E731
    # The features' jobs run as deployed; retention does not, as the clock may move by days.
    scheduler = build_scheduler(settings, content, retention=False)
    attach_sender(app, build_sender(database, content, bot_token, emulator.url, settings, clock,
                                    scheduler=scheduler))
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


def label(message: BotMessage, dutch: str) -> str:
    """The button whose label starts with ``dutch`` (its translation follows it)."""
    return next(b for b in message.buttons if b.startswith(dutch))
