"""Two bot processes in webhook mode behind one address, sharing one PostgreSQL.

Pupils write at once; updates are spread over both processes. Every message is answered
exactly once, conversation state is shared through the database, and the daily job runs
once for the deployment although both processes keep asking whether it is due.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.balancer import RoundRobin
from tests.e2e.processes import BotProcess, bot_env, start_bot, until
from tests.emulator import BotApiEmulator
from tests.emulator.ptb import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
PUPILS = 12
TEXTS = ["hallo", "wat moet ik meenemen naar het kamp", "dank je"]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def test_two_webhook_processes_answer_everything_once(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path, warm: Callable[[Path], Path],
    postgres_url: str,
) -> None:
    ports = [free_port(), free_port()]
    balancer = RoundRobin(ports)
    await balancer.start()
    bots: list[BotProcess] = []
    try:
        for number, port in enumerate(ports):
            data_dir = tmp_path / f"bot{number}"
            warm(data_dir)
            env = bot_env(bot_token, emulator.url, data_dir, database_url=postgres_url,
                          jobs_check_seconds="1")
            bots.append(start_bot(env, tmp_path / f"bot{number}.log", "--webhook-url", balancer.url,
                                  "--port", str(port)))
            await until(lambda: emulator.webhook(bot_token) is not None
                        and "ready" in bots[-1].output(), 90, "the webhook set")
        await until(lambda: all(listening(port) for port in ports), 60, "both servers listening")

        pupils = [emulator.user(bot_token, 9100 + n, f"Leerling{n}") for n in range(PUPILS)]
        for text in TEXTS:
            for pupil in pupils:
                await emulator.send_text(bot_token, pupil, text)
        expected = len(TEXTS)
        await until(lambda: all(emulator.delivered(bot_token, p.id) >= expected for p in pupils),
                    120, "every message answered")
        await until(lambda: emulator.pending_updates(bot_token) == 0, 30, "every update delivered")
        await asyncio.sleep(2.0)  # both processes ask a few more times whether the job is due
    finally:
        for bot in bots:
            bot.stop()
        await balancer.stop()

    counts = {p.id: emulator.delivered(bot_token, p.id) for p in pupils}
    assert set(counts.values()) == {len(TEXTS)}, f"lost or doubled: {counts}"
    assert all(balancer.sent[port] > 0 for port in ports), "both processes took updates"
    runs = sum(bot.output().count("retention: ") for bot in bots)
    assert runs == 1, "the daily job ran once for the deployment"
    print(f"scale: {sum(counts.values())} answers for {PUPILS * len(TEXTS)} messages, "
          f"split {dict(balancer.sent)}, retention runs {runs}")
