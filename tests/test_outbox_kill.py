"""Kill the sending process (SIGKILL) in the middle of a 500-recipient broadcast.

After a restart every recipient has the message at least once, and a message arrived
twice only for a row that was in the ``sending`` state at the kill — so duplicates are
bounded by the sends in flight. On PostgreSQL a second process, waiting for the
leadership, takes over instead, and no row is sent by both.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.db import Database
from storage.outbox import SENDING, OutboxRepository
from tests.emulator import BotApiEmulator
from tests.outboxkit import fill, settled

pytestmark = pytest.mark.e2e
RECIPIENTS = 500
KILL_AFTER = 150
#: A bound, not a goal: on a loaded machine two sender processes start slowly.
SETTLE_SECONDS = 120
ROOT = Path(__file__).resolve().parent.parent


def start_sender(url: str, emulator: BotApiEmulator, token: str, tmp_path: Path,
                 name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MAATJE_TELEGRAM_TOKEN": token,
        "MAATJE_BROADCAST_RATE": "150",
        "MAATJE_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    with (tmp_path / f"{name}.log").open("wb") as log:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "outbox", "--db", url, "run",
             "--base-url", emulator.url],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
        )


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.02)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def opened(url: str, request: pytest.FixtureRequest) -> Database:
    """The test's own connection, closed even when the test fails: a connection left open
    fails a later test on the same worker with a ResourceWarning."""
    database = Database.open(url)
    request.addfinalizer(database.close)
    return database


def in_flight(database: Database) -> set[str]:
    with database.session() as session:
        return {item.chat_key for item in OutboxRepository(session).in_state(SENDING)}


def check(emulator: BotApiEmulator, token: str, chats: list[int], sending: set[str]) -> None:
    delivered = emulator.delivered_counts(token)
    assert all(delivered.get(chat, 0) >= 1 for chat in chats), "someone was skipped"
    doubled = {chat for chat, count in delivered.items() if count > 1}
    assert {f"tg:{chat}" for chat in doubled} <= sending, "a duplicate outside the sending rows"
    assert sum(delivered.values()) - len(chats) <= len(sending)
    assert max(delivered.values()) <= 2


def recipients(emulator: BotApiEmulator, token: str) -> list[int]:
    return [emulator.user(token, 20_000 + n, f"R{n}", started=True).id for n in range(RECIPIENTS)]


async def test_a_killed_sender_resumes_without_skipping_anyone(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    database = opened(sqlite_url, request)
    chats = recipients(emulator, bot_token)
    emulator.inject(bot_token, "sendMessage", delay=0.05, times=None)
    fill(database, chats, "📣 Zaterdag is er voetbal!", broadcast_id=1)
    first = start_sender(sqlite_url, emulator, bot_token, tmp_path, "first")
    try:
        await until(lambda: sum(emulator.delivered_counts(bot_token).values()) >= KILL_AFTER)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first)
    sending = in_flight(database)
    assert sum(emulator.delivered_counts(bot_token).values()) < RECIPIENTS, "killed mid-way"
    second = start_sender(sqlite_url, emulator, bot_token, tmp_path, "second")
    try:
        final = await settled(database, timeout=SETTLE_SECONDS)
    finally:
        stop(second)
    assert final["sent"] == RECIPIENTS
    check(emulator, bot_token, chats, sending)


@pytest.mark.postgres
async def test_on_postgresql_a_waiting_process_takes_over(
    emulator: BotApiEmulator, bot_token: str, postgres_url: str, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    database = opened(postgres_url, request)
    chats = recipients(emulator, bot_token)
    emulator.inject(bot_token, "sendMessage", delay=0.05, times=None)
    fill(database, chats, "📣 Zaterdag is er voetbal!", broadcast_id=1)
    leader = start_sender(postgres_url, emulator, bot_token, tmp_path, "leader")
    follower = None
    try:
        await until(lambda: sum(emulator.delivered_counts(bot_token).values()) >= 20)
        follower = start_sender(postgres_url, emulator, bot_token, tmp_path, "follower")
        await until(lambda: sum(emulator.delivered_counts(bot_token).values()) >= KILL_AFTER)
        leader.send_signal(signal.SIGKILL)
        leader.wait(timeout=10)
        sending = in_flight(database)
        final = await settled(database, timeout=SETTLE_SECONDS)
    finally:
        stop(leader)
        if follower is not None:
            stop(follower)
    assert final["sent"] == RECIPIENTS
    check(emulator, bot_token, chats, sending)
