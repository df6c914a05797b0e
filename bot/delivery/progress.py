"""The staff member's view of a running announcement: one message, edited in place.

"Verstuurd 120 / 450" while it runs, then the report: delivered, blocked, failed. The
edits go through the same limiter as everything else (a group takes about 20 a minute);
while the staff chat must wait (its gap, or a 429) the update waits for the next tick.
The words are the broadcast feature's (``describe``, wired where the sender is built):
delivery counts, it does not know the texts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.core.broadcastports import Tally
from bot.delivery.transport import RetryLater, Sent
from storage.broadcasts import BroadcastRepository
from storage.outbox import BLOCKED, FAILED, PENDING, SENDING, SENT, OutboxItem, OutboxRepository

if TYPE_CHECKING:
    from bot.delivery.sender import OutboxSender


@dataclass(frozen=True)
class Progress:
    """Where one running announcement stands."""

    id: int
    chat_key: str
    total: int
    message_id: int | None
    counts: dict[str, int]

    @property
    def finished(self) -> bool:
        return self.counts[PENDING] == 0 and self.counts[SENDING] == 0

    @property
    def tally(self) -> Tally:
        return Tally(self.id, self.total, self.counts[SENT], self.counts[BLOCKED],
                     self.counts[FAILED], self.finished)


def running(session: Session) -> list[Progress]:
    outbox = OutboxRepository(session)
    return [
        Progress(row.id, row.chat_key, row.total, row.progress_message_id, outbox.counts(row.id))
        for row in BroadcastRepository(session).running()
    ]


class BroadcastProgress:
    """A :class:`bot.delivery.sender.Ticker`: posts and updates progress every few seconds."""

    def __init__(self, describe: Callable[[Tally], str], every: float = 3.0) -> None:
        self.describe = describe
        self.every = every
        self._last: float | None = None
        self._shown: dict[int, str] = {}

    async def tick(self, sender: OutboxSender, now: datetime) -> None:
        clock = asyncio.get_running_loop().time()
        if self._last is not None and clock - self._last < self.every:
            return
        self._last = clock
        for progress in await sender.db(running):
            await self._show(sender, progress, now)

    async def _show(self, sender: OutboxSender, progress: Progress, now: datetime) -> None:
        text = self.describe(progress.tally)
        if self._shown.get(progress.id) != text:
            if progress.chat_key in sender.limiter.busy_chats():
                return  # waiting for this chat here would hold every send: next tick
            await sender.limiter.acquire(progress.chat_key)
            if progress.message_id is None:
                result = await sender.transport.send(OutboxItem(0, progress.chat_key, text))
                if isinstance(result, Sent) and result.message_id is not None:
                    message_id = result.message_id
                    await sender.db(lambda s: BroadcastRepository(s).set_progress_message(
                        progress.id, message_id))
            else:
                result = await sender.transport.edit(progress.chat_key, progress.message_id, text)
            if isinstance(result, RetryLater):
                sender.limiter.refused(progress.chat_key, result.seconds)
                return
            self._shown[progress.id] = text
        if progress.finished:
            await sender.db(lambda s: BroadcastRepository(s).finish(progress.id, now))
            self._shown.pop(progress.id, None)
