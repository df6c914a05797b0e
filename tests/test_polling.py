"""Confirm-after-handling polling with several chats at once, against a fake Telegram.

What a pupil would notice: one chat that is stuck does not keep the other chats waiting,
each chat's messages are handled in order, a danger check runs before a message waits for
its turn, and nothing is confirmed to Telegram (so nothing can be lost in a crash) before
it and every earlier update were handled.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from telegram import Chat, Message, Update, User

from bot.telegram.polling import OUTAGE, TRIAGE, Outage, poll
from tests.e2e.processes import until

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def update(update_id: int, chat_id: int) -> Update:
    user = User(chat_id, f"P{chat_id}", False)
    return Update(update_id, message=Message(update_id, NOW, Chat(chat_id, Chat.PRIVATE),
                                             from_user=user, text="hallo"))


class FakeTelegram:
    """getUpdates as Telegram answers it: everything from ``offset`` on, unconfirmed."""

    def __init__(self, updates: list[Update]) -> None:
        self.updates = updates
        self.offsets: list[int] = []

    async def get_updates(self, offset: int | None = None, timeout: int = 0, **_: Any) -> list[Update]:
        if offset is not None:
            self.offsets.append(offset)
            self.updates = [u for u in self.updates if u.update_id >= offset]
        if not self.updates:
            await asyncio.sleep(0.02)
        return list(self.updates[:100])  # Telegram's most per call


class FakeApplication:
    """Records what was handled; chat 1's first update waits until ``release`` is set."""

    def __init__(self, updates: list[Update], put_off_once: set[int] | None = None) -> None:
        self.bot = FakeTelegram(updates)
        self.bot_data: dict[str, Any] = {OUTAGE: Outage()}
        self.release = asyncio.Event()
        self.started: list[int] = []
        self.handled: list[int] = []
        self.put_off_once = put_off_once or set()
        self.attempts: dict[int, int] = {}

    async def process_update(self, item: Update) -> None:
        self.started.append(item.update_id)
        self.attempts[item.update_id] = self.attempts.get(item.update_id, 0) + 1
        if item.update_id == 1:
            await self.release.wait()
        if item.update_id in self.put_off_once and self.attempts[item.update_id] == 1:
            self.bot_data[OUTAGE].put_off(item.update_id)
            return
        self.handled.append(item.update_id)


async def run_until_handled(app: FakeApplication, count: int, during: Any = None) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(poll(app, stop, timeout=1, concurrency=4))
    try:
        if during is not None:
            await during()
        await until(lambda: len(app.handled) == count, 30, "every update handled")
        await until(lambda: app.bot.updates == [], 30, "every update confirmed")
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_a_stuck_chat_holds_back_the_confirmation_but_not_the_other_chats() -> None:
    app = FakeApplication([update(1, 100), update(2, 200), update(3, 100), update(4, 200)])

    async def while_chat_100_is_stuck() -> None:
        await until(lambda: {2, 4} <= set(app.handled), 30, "the other chat answered")
        assert 3 not in app.started, "chat 100's next message waits for its first"
        assert all(offset <= 1 for offset in app.bot.offsets), "nothing confirmed past the stuck one"
        app.release.set()

    await run_until_handled(app, 4, while_chat_100_is_stuck)
    assert [u for u in app.handled if u in (1, 3)] == [1, 3], "in order within the chat"
    assert sorted(app.handled) == [1, 2, 3, 4], "each handled once"
    assert app.bot.offsets[-1] == 5


async def test_danger_is_looked_at_before_the_message_waits_for_its_turn() -> None:
    app = FakeApplication([update(1, 100), update(2, 100)])
    triaged: list[int] = []

    async def triage(_app: Any, item: Update) -> None:
        triaged.append(item.update_id)

    app.bot_data[TRIAGE] = triage

    async def while_stuck() -> None:
        await until(lambda: triaged == [1, 2], 30, "both looked at for danger")
        assert app.handled == [], "while the chat's first message is still stuck"
        app.release.set()

    await run_until_handled(app, 2, while_stuck)
    assert app.handled == [1, 2]


async def test_an_update_put_off_is_tried_again_in_its_turn_and_only_then_confirmed() -> None:
    app = FakeApplication([update(2, 100), update(3, 100), update(4, 200)], put_off_once={2})
    await run_until_handled(app, 3)
    assert app.attempts[2] == 2, "tried again"
    assert app.handled.index(2) < app.handled.index(3), "the chat's next message waited for it"
    assert sorted(app.handled) == [2, 3, 4], "each handled once"
    assert app.bot.offsets[-1] == 5


async def test_with_100_updates_waiting_a_new_message_is_still_seen() -> None:
    app = FakeApplication([update(n, 100) for n in range(1, 106)])  # all behind the stuck first

    async def while_100_wait() -> None:
        await until(lambda: 1 in app.started, 30, "the first one stuck")
        app.bot.updates.append(update(200, 200))  # someone else writes (it could be danger)
        await until(lambda: 200 in app.handled, 30, "the new message seen and handled")
        app.release.set()

    await run_until_handled(app, 106, while_100_wait)
    assert sorted(app.handled) == [*range(1, 106), 200], "each handled once, none lost"
    assert [n for n in app.handled if n < 200] == list(range(1, 106)), "in order within the chat"
