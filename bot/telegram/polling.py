"""Long polling that tells Telegram an update was received only after it was handled.

python-telegram-bot's Updater fetches a batch, queues it and at once asks for the next one,
which confirms the whole batch to Telegram: a crash then loses every update still queued.
Here the next ``getUpdates`` (the confirmation) is sent only after the batch was processed,
one update at a time, in order. After a crash Telegram sends the unhandled updates again,
and the processed-updates table keeps what was already handled from being handled twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import Conflict, NetworkError

log = logging.getLogger(__name__)
POLL_TIMEOUT = 30
MAX_BACKOFF = 30.0
OUTAGE = "maatje.outage"


@dataclass
class Outage:
    """Updates put off while the database is unreachable, for Telegram to send again.

    A danger message is answered at once even then; ``answered`` remembers such answers
    (bounded) so the same update, sent again after the outage, is not answered twice.
    """

    deferred: set[int] = field(default_factory=set)
    answered: OrderedDict[str, None] = field(default_factory=OrderedDict)
    limit: int = 1000

    def put_off(self, update_id: int) -> None:
        self.deferred.add(update_id)

    def already_answered(self, key: str) -> bool:
        return key in self.answered

    def note_answer(self, key: str) -> None:
        """An answer given while updates are put off: that update will come again."""
        if not self.deferred:
            return
        self.answered[key] = None
        while len(self.answered) > self.limit:
            self.answered.popitem(last=False)


def run_polling(application: Any) -> None:
    """Run the bot with confirm-after-handling polling until SIGINT or SIGTERM."""
    asyncio.run(_main(application))


async def _main(application: Any) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    application.bot_data[OUTAGE] = Outage()
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.delete_webhook()
        await application.start()
        try:
            await poll(application, stop)
        finally:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


async def poll(application: Any, stop: asyncio.Event, timeout: int = POLL_TIMEOUT) -> None:
    """Fetch, handle each update in order, then fetch again (which confirms); until ``stop``."""
    offset: int | None = None
    backoff = 1.0
    outage: Outage = application.bot_data.setdefault(OUTAGE, Outage())
    while not stop.is_set():
        try:
            updates = await _fetch(application, offset, timeout, stop)
        except Conflict:
            log.warning("another process is polling this bot; waiting")
            updates = []
            await _pause(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
        except NetworkError as error:
            log.warning("getUpdates failed (%s); retrying", type(error).__name__)
            updates = []
            await _pause(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
        if updates is None:
            break
        for update in updates:
            await application.process_update(update)
            if not outage.deferred:  # never confirm past an update that was put off
                offset = update.update_id + 1
        if outage.deferred:
            log.warning("%d update(s) put off until the database is back", len(outage.deferred))
            outage.deferred.clear()
            await _pause(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
        elif updates:
            backoff = 1.0
    if offset is not None:
        with contextlib.suppress(NetworkError, Conflict):
            await application.bot.get_updates(offset=offset, timeout=0)


async def _fetch(
    application: Any, offset: int | None, timeout: int, stop: asyncio.Event
) -> list[Update] | None:
    """The next batch, or ``None`` when asked to stop while waiting for it."""
    fetch = asyncio.ensure_future(application.bot.get_updates(
        offset=offset, timeout=timeout, allowed_updates=Update.ALL_TYPES,
        read_timeout=timeout + 10,
    ))
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if fetch not in done:
        fetch.cancel()
        with contextlib.suppress(asyncio.CancelledError, NetworkError, Conflict):
            await fetch
        return None
    return list(fetch.result())


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
