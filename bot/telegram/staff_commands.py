"""Telegram's command menu for youth workers: the staff commands in their private chat only.

Telegram shows a chat the list of its most specific scope, so each youth worker's private
chat gets a list of its own (``BotCommandScopeChat``); pupils and parents keep the list for
all private chats. Staff change outside this process (an invite opened in another worker,
``maatje staff remove`` on the server), so the lists are brought in line with the staff
table at start and then every :data:`SYNC_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, BotCommandScopeChat
from telegram.error import TelegramError

from bot.features.staff import staff_command_menu
from bot.service import Conversations
from storage.db import Database
from storage.staff import StaffRepository

log = logging.getLogger(__name__)
#: How often the staff table is compared with the menus published.
SYNC_SECONDS = 30.0
#: How long a sync waits for the staff table.
READ_SECONDS = 10.0
TELEGRAM_KEY = "tg:"
Menu = tuple[tuple[str, str], ...]


def staff_chats(database: Database) -> dict[int, bool]:
    """Every Telegram user who is or was staff: chat id → staff now."""
    with database.session() as session:
        listing = StaffRepository(session).listing()
    return {int(row.user_key.removeprefix(TELEGRAM_KEY)): row.active for row in listing
            if row.user_key.startswith(TELEGRAM_KEY) and row.user_key[3:].isdigit()}


class StaffCommands:
    """What was published per chat (``None``: the staff list taken away), so an unchanged
    chat costs no call. Kept per Application: a restarted bot publishes once again."""

    def __init__(self) -> None:
        self.published: dict[int, Menu | None] = {}

    async def sync(self, bot: Bot, conversations: Conversations) -> None:
        """Give staff their list and take it from former staff; a refused chat is tried
        again at the next sync."""
        if conversations.database is None:
            return
        try:  # bounded: a frozen database must not hold up the bot's shutdown
            chats = await asyncio.wait_for(
                asyncio.to_thread(staff_chats, conversations.database), READ_SECONDS)
        except (TimeoutError, SQLAlchemyError) as error:
            log.info("staff command menus not synced (%s); trying again", type(error).__name__)
            return
        core = conversations.live_core()
        menu: Menu = tuple(staff_command_menu(core.content, core.features.commands))
        for chat_id, active in chats.items():
            wanted = menu if active else None
            if chat_id in self.published and self.published[chat_id] == wanted:
                continue
            try:
                await self._publish(bot, chat_id, wanted)
            except TelegramError as error:
                log.info("staff command menu not changed (%s)", type(error).__name__)
                continue
            self.published[chat_id] = wanted

    @staticmethod
    async def _publish(bot: Bot, chat_id: int, menu: Menu | None) -> None:
        scope = BotCommandScopeChat(chat_id)
        if menu is None:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(list(menu), scope=scope)


def install(application: Any, conversations: Conversations, every: float = SYNC_SECONDS) -> None:
    """Sync now (the bot is initialised) and then every ``every`` seconds."""
    commands = StaffCommands()

    async def tick(_context: Any) -> None:
        await commands.sync(application.bot, conversations)

    queue = application.job_queue
    if queue is None:
        log.warning("no job queue: youth workers get no staff commands in Telegram's menu")
        return
    queue.run_repeating(tick, interval=every, first=0.0, name="maatje-staff-commands")
