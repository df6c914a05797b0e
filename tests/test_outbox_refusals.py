"""A 429 pauses the chat it refused; several chats refused close together pause everyone.

The sender runs against a transport that answers 429 to chosen chats, on a clock the test
moves (the limiter and the outbox rows alike): the pauses are seen in that clock's time,
never in the test's. Only the test, or the sender waiting on the limiter, moves it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial

from bot.delivery.limiter import CHAT_MARGIN, FLOOD_CHATS, FLOOD_WINDOW, RateLimiter
from bot.delivery.progress import BroadcastProgress
from bot.delivery.sender import OutboxSender, Ticker
from bot.delivery.transport import Result, RetryLater, Sent
from bot.features.broadcast import progress_text
from content.loader import load_content
from storage.broadcasts import QUEUED
from storage.db import Database
from storage.models import BroadcastRow
from storage.outbox import OutboxItem, OutboxRepository
from tests.outboxkit import FAST, settled

RETRY_AFTER = 2.0
#: One send at a time, so each 429 is settled before the next row is claimed.
ONE_BY_ONE = replace(FAST, rate=28, concurrency=1, batch=1)


class Clock:
    """Seconds for the limiter and the matching UTC time for the outbox rows."""

    def __init__(self) -> None:
        self.now = 0.0
        self.start = datetime.now(UTC)

    def __call__(self) -> float:
        return self.now

    def utc(self) -> datetime:
        return self.start + timedelta(seconds=self.now)

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@dataclass(frozen=True)
class Call:
    chat: str
    text: str
    at: float
    refused: bool


class RefusingTransport:
    """Answers 429 to the first sends of the chosen chats; every other send arrives."""

    def __init__(self, clock: Clock, refuse: dict[str, int]) -> None:
        self.clock = clock
        self.refuse = dict(refuse)
        self.calls: list[Call] = []

    async def send(self, item: OutboxItem) -> Result:
        return self._answer(item.chat_key, item.text)

    async def edit(self, chat_key: str, message_id: int, text: str) -> Result:
        return self._answer(chat_key, text)

    def _answer(self, chat: str, text: str) -> Result:
        refused = self.refuse.get(chat, 0) > 0
        if refused:
            self.refuse[chat] -= 1
        self.calls.append(Call(chat, text, self.clock(), refused))
        return RetryLater(RETRY_AFTER) if refused else Sent(len(self.calls))

    def received(self, chat: str) -> list[str]:
        return [call.text for call in self.calls if call.chat == chat and not call.refused]


def queue(database: Database, clock: Clock, messages: list[tuple[str, str]]) -> None:
    with database.session() as session:
        outbox = OutboxRepository(session)
        for chat, text in messages:
            outbox.add(chat, text, (), clock.utc(), broadcast_id=1)


@asynccontextmanager
async def running(database: Database, transport: RefusingTransport, clock: Clock,
                  tickers: Sequence[Ticker] = ()) -> AsyncIterator[OutboxSender]:
    limiter = RateLimiter(ONE_BY_ONE.rate, ONE_BY_ONE.chat_interval, clock=clock, sleep=clock.sleep)
    sender = OutboxSender(database, transport, ONE_BY_ONE, clock.utc, tickers=tickers,
                          limiter=limiter)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop))
    try:
        yield sender
    finally:
        stop.set()
        await task


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


async def test_a_refused_chat_waits_while_the_others_are_sent(database_url: str) -> None:
    database = Database.open(database_url)
    clock = Clock()
    transport = RefusingTransport(clock, {"tg:1": 1})
    others = [f"tg:{n}" for n in range(2, 8)]
    queue(database, clock, [("tg:1", "één"), ("tg:1", "twee"), *[(c, "hallo") for c in others]])
    async with running(database, transport, clock) as sender:
        await until(lambda: all(transport.received(chat) for chat in others))
        refusal = transport.calls[0]
        assert (refusal.chat, refusal.refused) == ("tg:1", True)
        assert transport.received("tg:1") == [], "the refused chat waits for retry_after"
        assert all(call.at < refusal.at + RETRY_AFTER for call in transport.calls)
        clock.now += RETRY_AFTER + CHAT_MARGIN + 0.01
        sender.wake()
        await until(lambda: len(transport.received("tg:1")) == 1)
        clock.now += ONE_BY_ONE.chat_interval + CHAT_MARGIN + 0.01
        sender.wake()
        await until(lambda: len(transport.received("tg:1")) == 2)
    assert transport.received("tg:1") == ["één", "twee"], "in order, each once"
    assert all(transport.received(chat) == ["hallo"] for chat in others)
    first, second = [call.at for call in transport.calls if call.chat == "tg:1" and not call.refused]
    assert first >= refusal.at + RETRY_AFTER
    assert second - first >= ONE_BY_ONE.chat_interval
    database.close()


async def test_many_chats_refused_together_pause_every_chat(database_url: str) -> None:
    database = Database.open(database_url)
    clock = Clock()
    refused = [f"tg:{n}" for n in range(1, FLOOD_CHATS + 1)]
    others = ["tg:100", "tg:101"]
    transport = RefusingTransport(clock, {chat: 1 for chat in refused})
    queue(database, clock, [(chat, "hallo") for chat in [*refused, *others]])
    async with running(database, transport, clock) as sender:
        # The sender waits out the pause on the limiter's clock, so that clock moves.
        await until(lambda: all(transport.received(chat) for chat in others))
        clock.now += RETRY_AFTER
        sender.wake()
        await until(lambda: all(transport.received(chat) for chat in refused))
    refusals = [call.at for call in transport.calls if call.refused]
    assert len(refusals) == FLOOD_CHATS
    assert refusals[-1] - refusals[0] < FLOOD_WINDOW, "no pause before the last refusal"
    for chat in others:
        [call] = [call for call in transport.calls if call.chat == chat]
        assert call.at >= refusals[-1] + RETRY_AFTER, "everyone waited out the flood"
    assert all(transport.received(chat) == ["hallo"] for chat in [*refused, *others])
    database.close()


def test_a_chat_s_next_message_waits_for_its_refused_one(database_url: str) -> None:
    """Whatever the sender remembers (a restart), the outbox keeps each chat's order."""
    database = Database.open(database_url)
    now = datetime.now(UTC)
    with database.session() as session:
        outbox = OutboxRepository(session)
        for chat, text in [("tg:1", "één"), ("tg:1", "twee"), ("tg:2", "hallo")]:
            outbox.add(chat, text, (), now)
    with database.session() as session:
        outbox = OutboxRepository(session)
        first, other = outbox.claim(now, 10)
        assert (first.text, other.text) == ("één", "hallo")
        outbox.retry(first.id, now + timedelta(seconds=RETRY_AFTER), now, "429", 0)
        outbox.sent(other.id, 1, now)
    with database.session() as session:
        assert OutboxRepository(session).claim(now + timedelta(seconds=1), 10) == []
    with database.session() as session:
        [again] = OutboxRepository(session).claim(now + timedelta(seconds=RETRY_AFTER), 10)
        assert again.text == "één"
    database.close()


async def test_a_refused_staff_chat_holds_up_no_announcement(database_url: str) -> None:
    """The progress message's chat is refused: it waits, the announcement goes on."""
    database = Database.open(database_url)
    clock = Clock()
    recipients = [f"tg:{n}" for n in range(1, 7)]
    with database.session() as session:
        session.add(BroadcastRow(id=1, created_by="tg:staff", chat_key="tg:staff", state=QUEUED,
                                 total=len(recipients), created_at=clock.utc()))
    queue(database, clock, [(chat, "hallo") for chat in recipients])
    transport = RefusingTransport(clock, {"tg:staff": 1})
    content = load_content()
    async with running(database, transport, clock, [BroadcastProgress(
            partial(progress_text, content), every=0)]):
        await until(lambda: all(transport.received(chat) for chat in recipients))
        [refusal] = [call for call in transport.calls if call.chat == "tg:staff"]
        assert refusal.refused, "the staff chat is not tried again during its pause"
        assert all(call.at < refusal.at + RETRY_AFTER for call in transport.calls)
        await settled(database)
        clock.now += RETRY_AFTER + CHAT_MARGIN + 0.01
        await until(lambda: bool(transport.received("tg:staff")))
    [report] = transport.received("tg:staff")
    assert report == content.ui_text("staff.bc.report", "nl", id=1, sent=6, blocked=0, failed=0)
    database.close()
