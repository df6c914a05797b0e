"""The outbox sender against the Bot API emulator, with Telegram's faults injected."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

import pytest

from bot.telegram.outbox_runner import sending
from storage.db import Database
from tests.emulator import BotApiEmulator
from tests.outboxkit import FAST, counts, fill, parts, settled

pytestmark = pytest.mark.e2e


def people(emulator: BotApiEmulator, token: str, count: int, first: int = 5000) -> list[int]:
    return [emulator.user(token, first + n, f"P{n}", started=True).id for n in range(count)]


async def test_every_row_reaches_its_chat_once(
    emulator: BotApiEmulator, bot_token: str, database_url: str
) -> None:
    database = Database.open(database_url)
    chats = people(emulator, bot_token, 40)
    fill(database, chats)
    async with sending(parts(database, emulator.url, bot_token)):
        final = await settled(database)
    assert final["sent"] == 40
    assert emulator.delivered_counts(bot_token) == {chat: 1 for chat in chats}
    database.close()


async def test_a_flood_wait_is_honoured_and_the_other_chats_go_on(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str
) -> None:
    database = Database.open(sqlite_url)
    chats = people(emulator, bot_token, 10)
    emulator.inject(bot_token, "sendMessage", 429, retry_after=2, times=1, chat_id=chats[0])
    fill(database, chats)
    async with sending(parts(database, emulator.url, bot_token)):
        final = await settled(database)
    assert final["sent"] == 10
    assert emulator.delivered_counts(bot_token) == {chat: 1 for chat in chats}
    calls = emulator.calls(bot_token, "sendMessage")
    refused = next(call for call in calls if call.status == 429)
    retried = [c for c in calls if c.at > refused.at and c.params == refused.params]
    assert retried and retried[0].at - refused.at >= 1.95, "the refused message waited"
    before_retry = {int(c.params["chat_id"]) for c in calls if c.at < retried[0].at and c.status == 200}
    assert before_retry == set(chats[1:]), "the other chats did not wait for the refused one"
    database.close()


async def test_blocked_people_are_not_tried_again(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str
) -> None:
    database = Database.open(sqlite_url)
    chats = people(emulator, bot_token, 5)
    emulator.block(bot_token, chats[0])
    emulator.deactivate(bot_token, chats[1])
    fill(database, chats)
    async with sending(parts(database, emulator.url, bot_token)):
        final = await settled(database)
    assert (final["sent"], final["blocked"]) == (3, 2)
    tried = [call.params.get("chat_id") for call in emulator.calls(bot_token, "sendMessage")]
    assert sorted(str(chat) for chat in tried) == sorted(str(chat) for chat in chats)
    database.close()


async def test_slow_answers_and_passing_errors_are_survived(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str
) -> None:
    database = Database.open(sqlite_url)
    chats = people(emulator, bot_token, 12)
    emulator.inject(bot_token, "sendMessage", delay=0.6, times=3)
    emulator.inject(bot_token, "sendMessage", 500, description="Internal Server Error", times=2,
                    chat_id=chats[5])
    emulator.inject(bot_token, "sendMessage", drop=True, times=1, chat_id=chats[6])
    fill(database, chats)
    async with sending(parts(database, emulator.url, bot_token)):
        final = await settled(database)
    assert final["sent"] == 12
    assert emulator.delivered_counts(bot_token) == {chat: 1 for chat in chats}
    database.close()


async def test_an_error_that_keeps_coming_is_given_up_after_a_few_tries(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str
) -> None:
    database = Database.open(sqlite_url)
    [chat] = people(emulator, bot_token, 1)
    emulator.inject(bot_token, "sendMessage", 500, description="Internal Server Error", times=None)
    fill(database, [chat])
    async with sending(parts(database, emulator.url, bot_token)):
        final = await settled(database)
    assert final["failed"] == 1
    assert len(emulator.calls(bot_token, "sendMessage")) == FAST.max_attempts
    database.close()


async def test_one_chat_never_gets_more_than_one_message_a_second(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str
) -> None:
    database = Database.open(sqlite_url)
    [chat] = people(emulator, bot_token, 1)
    others = people(emulator, bot_token, 6, first=7000)
    fill(database, [chat, chat, chat, *others])
    async with sending(parts(database, emulator.url, bot_token)):
        await settled(database)
    times = [call.at for call in emulator.calls(bot_token, "sendMessage")
             if str(call.params.get("chat_id")) == str(chat)]
    assert len(times) == 3
    assert all(b - a >= 1.0 for a, b in pairwise(times))
    database.close()


async def test_two_senders_share_the_work_by_taking_turns(
    emulator: BotApiEmulator, bot_token: str, database_url: str
) -> None:
    """Only the leader sends; when it stops mid-way the other takes over; nobody gets two."""
    database = Database.open(database_url)
    chats = people(emulator, bot_token, 30)
    slow = replace(FAST, rate=20)
    first = parts(database, emulator.url, bot_token, slow)
    second = parts(database, emulator.url, bot_token, slow)
    fill(database, chats)
    running_first = sending(first)
    leader = await running_first.__aenter__()
    await asyncio.wait_for(leader.leading.wait(), 5)
    async with sending(second) as follower:
        await until(lambda: counts(database)["sent"] >= 5)
        assert not follower.leading.is_set()
        await running_first.__aexit__(None, None, None)
        await asyncio.wait_for(follower.leading.wait(), 10)
        final = await settled(database)
    assert final["sent"] == 30
    assert emulator.delivered_counts(bot_token) == {chat: 1 for chat in chats}
    database.close()


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(condition):
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.05)
