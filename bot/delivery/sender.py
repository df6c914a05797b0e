"""The outbox sender: claims due rows, sends them within the limits, records each outcome.

Runs in every bot process but sends only while it holds the deployment's leadership
(:mod:`storage.leader`), so the rate limit holds for the whole deployment and the
scheduled jobs (:mod:`bot.scheduler`) run once. On taking over it puts rows a dead sender
left in ``sending`` back in line: those, and only those, may reach their chat twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.delivery.limiter import FLOOD_CHATS, FLOOD_WINDOW, RateLimiter
from bot.delivery.transport import Blocked, Failed, Result, RetryLater, Sent, Transport
from storage.db import Database
from storage.leader import Leadership, Lease, leadership_for
from storage.outbox import OutboxItem, OutboxRepository

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class SenderConfig:
    """How fast and how stubbornly the sender works."""

    rate: float = 28.0
    chat_interval: float = 1.0
    max_attempts: int = 5
    #: Rows claimed at once; with ``concurrency`` this bounds the rows in ``sending``.
    batch: int = 4
    concurrency: int = 8
    idle_poll: float = 0.5
    leader_poll: float = 2.0
    lease_check: float = 2.0
    jobs_every: float = 10.0
    #: Seconds before the first retry of a failed send; doubles per attempt, up to the cap.
    backoff_base: float = 2.0
    backoff_cap: float = 300.0
    #: A 429 pauses its chat; this many chats refused within ``flood_window`` s pause all.
    flood_chats: int = FLOOD_CHATS
    flood_window: float = FLOOD_WINDOW
    #: Only chats whose key starts with this (``"tg:"``); ``None``: every chat. Another
    #: channel's rows (a web visitor's ``web:``) wait for that channel.
    channel: str | None = None


class Ticker(Protocol):
    """Periodic work the leader does between sends (jobs, progress messages)."""

    async def tick(self, sender: OutboxSender, now: datetime) -> None: ...


class OutboxSender:
    """One per process; sends only while leading.

    ``limiter`` is for tests: one on a clock the test moves (``clock`` should then follow it).
    """

    def __init__(
        self,
        database: Database,
        transport: Transport,
        config: SenderConfig,
        clock: Callable[[], datetime],
        tickers: Sequence[Ticker] = (),
        leadership: Leadership | None = None,
        on_blocked: Callable[[Session, OutboxItem, datetime], None] | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.database = database
        self.transport = transport
        self.config = config
        self.clock = clock
        self.tickers = tuple(tickers)
        self.leadership = leadership or leadership_for(database)
        self.on_blocked = on_blocked
        self.limiter = limiter or RateLimiter(
            config.rate, config.chat_interval,
            flood_chats=config.flood_chats, flood_window=config.flood_window,
        )
        self.leading = asyncio.Event()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Wait for leadership, send while leading, until ``stop`` is set."""
        while not stop.is_set():
            lease = await self._acquire(stop)
            if lease is None:
                return
            try:
                self.leading.set()
                await self._lead(stop, lease)
            except SQLAlchemyError as error:
                # The database went away mid-send: wait and lead again, or a staff alert
                # queued during the outage would never be sent once it is back.
                log.warning("sender: database unavailable (%s); trying again", type(error).__name__)
                await _wait(stop, self.config.leader_poll)
            finally:
                self.leading.clear()
                with contextlib.suppress(SQLAlchemyError):
                    await asyncio.to_thread(lease.release)

    async def _acquire(self, stop: asyncio.Event) -> Lease | None:
        while not stop.is_set():
            try:
                lease = await asyncio.to_thread(self.leadership.try_acquire)
            except SQLAlchemyError as error:
                log.warning("sender: leadership check failed (%s)", type(error).__name__)
                lease = None
            if lease is not None:
                return lease
            await _wait(stop, self.config.leader_poll)
        return None

    async def _lead(self, stop: asyncio.Event, lease: Lease) -> None:
        recovered = await self.db(lambda s: OutboxRepository(s).recover(self.clock(),
                                                                           self.config.channel))
        if recovered:
            log.warning("sender: %d message(s) were in flight at a crash; sending them again",
                        recovered)
        inflight: set[asyncio.Task[None]] = set()
        checked = asyncio.get_running_loop().time()
        try:
            while not stop.is_set():
                loop_time = asyncio.get_running_loop().time()
                if loop_time - checked >= self.config.lease_check:
                    checked = loop_time
                    if not await asyncio.to_thread(lease.alive):
                        log.warning("sender: lost leadership")
                        return
                await self._tick()
                if not await self._send_some(inflight):
                    await self._idle(stop, inflight)
        finally:
            if inflight:
                await asyncio.gather(*inflight, return_exceptions=True)

    async def _tick(self) -> None:
        for ticker in self.tickers:
            try:
                await ticker.tick(self, self.clock())
            except (SQLAlchemyError, OSError) as error:
                log.error("sender: periodic job failed (%s)", type(error).__name__)

    async def _send_some(self, inflight: set[asyncio.Task[None]]) -> bool:
        """Claim and start a few sends; ``False`` when there was nothing to do."""
        free = self.config.concurrency - len(inflight)
        paused = self.limiter.paused_for()
        if paused > 0:
            await self.limiter.sleep(min(paused, self.config.idle_poll))
            return True
        if free <= 0:
            await asyncio.sleep(0.01)
            return True
        busy = self.limiter.busy_chats()
        limit = min(free, self.config.batch)
        items = await self.db(lambda s: OutboxRepository(s).claim(self.clock(), limit, busy,
                                                                     self.config.channel))
        for item in items:
            await self.limiter.acquire(item.chat_key)
            task = asyncio.create_task(self._deliver(item))
            inflight.add(task)
            task.add_done_callback(inflight.discard)
        return bool(items)

    async def _idle(self, stop: asyncio.Event, inflight: set[asyncio.Task[None]]) -> None:
        self._wake.clear()
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        if inflight and self.limiter.busy_chats():
            timeout = min(self.config.idle_poll, self.limiter.chat_gap / 2)
        else:
            timeout = self.config.idle_poll
        _, pending = await asyncio.wait(waiters, timeout=timeout,
                                        return_when=asyncio.FIRST_COMPLETED)
        for waiter in pending:
            waiter.cancel()

    async def _deliver(self, item: OutboxItem) -> None:
        try:
            result = await self.transport.send(item)
        except Exception as error:  # a transport bug must not leave the row in "sending"
            log.error("sender: send raised %s", type(error).__name__)
            result = Failed(type(error).__name__)
        await self.settle(item, result)

    async def settle(self, item: OutboxItem, result: Result) -> None:
        """Record what happened to a claimed row."""
        now = self.clock()
        if isinstance(result, RetryLater) and self.limiter.refused(item.chat_key, result.seconds):
            log.warning("sender: several chats refused at once; all sending waits %.1f s",
                        self.limiter.paused_for())
        await self.db(lambda s: self._record(s, item, result, now))

    def _record(self, session: Session, item: OutboxItem, result: Result, now: datetime) -> None:
        outbox = OutboxRepository(session)
        if isinstance(result, Sent):
            outbox.sent(item.id, result.message_id, now)
        elif isinstance(result, RetryLater):
            outbox.retry(item.id, now + timedelta(seconds=result.seconds), now, "429", item.attempts)
        elif isinstance(result, Blocked):
            outbox.blocked(item.id, now, result.reason)
            if self.on_blocked is not None:
                self.on_blocked(session, item, now)
        else:
            attempts = item.attempts + 1
            if result.permanent or attempts >= self.config.max_attempts:
                outbox.failed(item.id, now, result.reason, attempts)
            else:
                delay = min(self.config.backoff_cap, self.config.backoff_base * 2.0 ** (attempts - 1))
                outbox.retry(item.id, now + timedelta(seconds=delay), now, result.reason, attempts)

    async def db(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in its own transaction, off the event loop."""

        def run() -> T:
            with self.database.session() as session:
                return work(session)

        return await asyncio.to_thread(run)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
