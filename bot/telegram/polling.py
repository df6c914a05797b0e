"""Long polling that tells Telegram an update was received only after it was handled.

python-telegram-bot's Updater fetches a batch, queues it and at once asks for the next one,
which confirms the whole batch to Telegram: a crash then loses every update still queued.
Here an update is confirmed (the ``offset`` of the next ``getUpdates``) only once it and
every earlier one were handled. After a crash Telegram sends the unhandled updates again,
and the processed-updates table keeps what was already handled from being handled twice.

Several chats are handled at once (at most ``concurrency`` updates), each chat's updates
in order, so one chat waiting on the database never keeps the others waiting: it only
holds back the confirmation. Before an update waits for its turn, the application's
triage (``bot_data[TRIAGE]``) answers a danger message at once, without the database.
An update put off (database unreachable) is tried again in its turn, with back-off;
Telegram keeps what is not confirmed (for 24 hours), but hands out only the oldest 100: when
that many wait, a few of the oldest are confirmed early (kept here) to see new ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import Conflict, NetworkError

log = logging.getLogger(__name__)
POLL_TIMEOUT = 30
MAX_BACKOFF = 30.0
#: While updates are unconfirmed Telegram answers getUpdates at once: ask again after this.
BUSY_POLL = 0.5
#: How long a stop waits for the updates being handled before it gives up on them.
STOP_GRACE = 15.0
DEFAULT_CONCURRENCY = 8
#: The most updates one getUpdates hands out, and how many to confirm early when that many wait.
TELEGRAM_BATCH, RELEASE = 100, 10
OUTAGE = "maatje.outage"
TRIAGE = "maatje.triage"
CONCURRENCY = "maatje.concurrency"
Triage = Callable[[Any, Update], Awaitable[None]]


@dataclass
class Outage:
    """Updates the handler put off because the database is unreachable."""

    deferred: set[int] = field(default_factory=set)

    def put_off(self, update_id: int) -> None:
        self.deferred.add(update_id)

    def take(self, update_id: int) -> bool:
        """Whether this update was put off (and forget it: it is tried again)."""
        if update_id in self.deferred:
            self.deferred.discard(update_id)
            return True
        return False


@dataclass
class Window:
    """The updates fetched and not yet confirmed, and the offset that confirms the rest."""

    open: dict[int, bool] = field(default_factory=dict)  # update id -> handled
    offset: int | None = None

    def add(self, update_id: int) -> None:
        self.open[update_id] = False

    def finish(self, update_id: int) -> None:
        """Handled; the offset moves past every handled update with none unhandled before it."""
        if update_id not in self.open:  # confirmed early by :meth:`release`
            return
        self.open[update_id] = True
        self._advance()

    def release(self, count: int) -> int:
        """Confirm the ``count`` oldest unhandled updates before they are handled (they
        stay queued here); how many were released."""
        oldest = [update_id for update_id in sorted(self.open) if not self.open[update_id]][:count]
        for update_id in oldest:
            self.open[update_id] = True
        self._advance()
        for update_id in oldest:
            self.open.pop(update_id, None)
        return len(oldest)

    def _advance(self) -> None:
        for known in sorted(self.open):
            if not self.open[known]:
                break
            del self.open[known]
            self.offset = known + 1

    def seen(self, update_id: int, asked_from: int | None) -> bool:
        """Fetched before: still open, or confirmed while the fetch that brought it again ran."""
        if update_id in self.open:
            return True
        return asked_from is not None and self.offset is not None and asked_from <= update_id < self.offset


def run_polling(application: Any) -> None:
    """Run the bot with confirm-after-handling polling until SIGINT or SIGTERM."""
    asyncio.run(_main(application))


async def _main(application: Any) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serve_polling(application, stop)


async def serve_polling(application: Any, stop: asyncio.Event) -> None:
    """Initialise and start ``application``, poll until ``stop``, then shut it down."""
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


class _Dispatcher:
    """Starts each fetched update: triage at once, then its turn in its chat's order."""

    def __init__(self, application: Any, stop: asyncio.Event, concurrency: int) -> None:
        self.application = application
        self.stop = stop
        self.slots = asyncio.Semaphore(concurrency)
        self.window = Window()
        self.outage: Outage = application.bot_data.setdefault(OUTAGE, Outage())
        self.triage: Triage | None = application.bot_data.get(TRIAGE)
        self.tails: dict[object, asyncio.Task[None]] = {}
        self.handled = asyncio.Event()  # set (and replaced) whenever an update was handled
        self.tasks: set[asyncio.Task[None]] = set()

    def start(self, update: Update) -> None:
        self.window.add(update.update_id)
        triaged = self._spawn(self._triage(update)) if self.triage is not None else None
        chat = _chat_of(update)
        task = self._spawn(self._turn(update, self.tails.get(chat), triaged))
        self.tails[chat] = task
        task.add_done_callback(lambda done: self._forget_tail(chat, done))

    def _spawn(self, work: Awaitable[None]) -> asyncio.Task[None]:
        task: asyncio.Task[None] = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def _forget_tail(self, chat: object, task: asyncio.Task[None]) -> None:
        if self.tails.get(chat) is task:
            del self.tails[chat]

    async def _triage(self, update: Update) -> None:
        assert self.triage is not None
        try:
            await self.triage(self.application, update)
        except Exception as error:  # the update's turn answers it anyway
            log.error("triage failed: %s", type(error).__name__)

    async def _turn(
        self, update: Update, before: asyncio.Task[None] | None, triaged: asyncio.Task[None] | None
    ) -> None:
        waits = {task for task in (before, triaged) if task is not None}
        if waits:
            await asyncio.wait(waits)
        backoff = 1.0
        while not self.stop.is_set():
            async with self.slots:
                try:
                    await self.application.process_update(update)
                except Exception as error:  # as python-telegram-bot does: log, go on
                    log.error("update failed: %s", type(error).__name__)
            if not self.outage.take(update.update_id):
                self.window.finish(update.update_id)
                self._note_handled()
                return
            await self._pause_after_put_off(backoff)  # its chat waits too: order is kept
            backoff = min(backoff * 2, MAX_BACKOFF)

    def _note_handled(self) -> None:
        self.handled.set()
        self.handled = asyncio.Event()

    async def _pause_after_put_off(self, seconds: float) -> None:
        """Back off, but try again as soon as another update was handled: the database
        is probably back, and the chats put off should not each wait out their pause."""
        handled = self.handled
        waits = {asyncio.ensure_future(self.stop.wait()), asyncio.ensure_future(handled.wait())}
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        for task in waits:
            task.cancel()

    async def drain(self) -> None:
        """Let the updates being handled finish (bounded); the rest Telegram sends again."""
        if self.tasks:
            _, late = await asyncio.wait(set(self.tasks), timeout=STOP_GRACE)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)


def _chat_of(update: Update) -> object:
    """What orders updates: the chat, else the person, else nothing (the update alone)."""
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return ("update", update.update_id)


async def poll(
    application: Any, stop: asyncio.Event, timeout: int = POLL_TIMEOUT,
    concurrency: int | None = None,
) -> None:
    """Fetch and start updates until ``stop``; each fetch confirms what was handled."""
    limit = concurrency or application.bot_data.get(CONCURRENCY, DEFAULT_CONCURRENCY)
    dispatcher = _Dispatcher(application, stop, limit)
    window = dispatcher.window
    backoff = 1.0
    while not stop.is_set():
        asked_from = window.offset
        busy = bool(window.open)
        try:
            updates = await _fetch(application, asked_from, 0 if busy else timeout, stop)
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
        new = [update for update in updates if not window.seen(update.update_id, asked_from)]
        for update in new:
            dispatcher.start(update)
        if not new and len(updates) >= TELEGRAM_BATCH:
            _release_to_see_new(window)
        if updates:
            backoff = 1.0
        if not new and (busy or window.open):
            await _pause(stop, BUSY_POLL)
    await dispatcher.drain()
    if window.offset is not None:
        with contextlib.suppress(NetworkError, Conflict):
            await application.bot.get_updates(offset=window.offset, timeout=0)


def _release_to_see_new(window: Window) -> None:
    """Telegram sends only the oldest 100 unconfirmed updates: with 100 waiting (the
    database down for long), a new danger message would stay unseen. Confirm a few of the
    oldest early; they stay queued in this process (a restart now would lose them)."""
    released = window.release(RELEASE)
    if released:
        log.warning("%d updates wait for the database; %d confirmed early to see new ones "
                    "(kept in memory until they are handled)", TELEGRAM_BATCH, released)


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
