"""Helpers for outbox tests: fill the outbox, run a sender against the emulator, wait."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

from bot.assembly import SenderParts
from bot.core.messages import Button
from bot.delivery.sender import OutboxSender, SenderConfig
from bot.telegram.transport import TelegramTransport, sender_bot
from storage.db import Database
from storage.leader import Leadership
from storage.outbox import OutboxRepository

#: Fast enough for tests; the limits themselves are tested on a fake clock.
FAST = SenderConfig(rate=200, idle_poll=0.05, leader_poll=0.2, lease_check=0.5,
                    backoff_base=0.05, max_attempts=3, jobs_every=0.2)


def utc_now() -> datetime:
    return datetime.now(UTC)


def fill(database: Database, chat_ids: Iterable[int], text: str = "Hallo",
         broadcast_id: int | None = None, buttons: tuple[Button, ...] = ()) -> None:
    with database.session() as session:
        outbox = OutboxRepository(session)
        for chat_id in chat_ids:
            outbox.add(f"tg:{chat_id}", text, buttons, utc_now(), broadcast_id=broadcast_id)


def counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return OutboxRepository(session).counts()


async def settled(database: Database, timeout: float = 30.0) -> dict[str, int]:
    """Wait until nothing is pending or sending; the final counts per state."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = await asyncio.to_thread(counts, database)
        if found["pending"] == 0 and found["sending"] == 0:
            return found
        if loop.time() > deadline:
            raise TimeoutError(f"outbox not settled: {found}")
        await asyncio.sleep(0.05)


def parts(database: Database, base_url: str, token: str, config: SenderConfig = FAST,
          leadership: Leadership | None = None) -> SenderParts:
    bot = sender_bot(token, base_url, config.concurrency)
    sender = OutboxSender(database, TelegramTransport(bot), config, utc_now,
                          leadership=leadership)
    return SenderParts(sender, bot)
