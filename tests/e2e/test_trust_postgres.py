"""PostgreSQL going away and coming back, under a running bot (a real process).

The database is reached through a TCP proxy the test cuts: every connection dropped, new
ones refused. Meanwhile a danger message is answered at once; an ordinary question waits
(Telegram keeps it) and is answered once the database is back, exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.processes import bot_env, start_bot, until
from tests.e2e.tcpproxy import CuttableProxy, through
from tests.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]




async def test_the_bot_survives_postgres_going_away_and_coming_back(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path, warm: Callable[[Path], Path],
    postgres_url: str,
) -> None:
    target = urlsplit(postgres_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.start()
    warm(tmp_path)
    env = bot_env(bot_token, emulator.url, tmp_path, database_url=through(postgres_url, proxy.port))
    asker = emulator.user(bot_token, 8101, "Amir")
    in_danger = emulator.user(bot_token, 8102, "Nour")
    bot = start_bot(env, tmp_path / "bot.log")

    def texts(user_id: int) -> list[str]:
        return [m.text or "" for m in emulator.bot_messages(bot_token, user_id)]

    try:
        await emulator.send_text(bot_token, asker, "hallo")
        await until(lambda: len(texts(asker.id)) == 1, 90, "the first answer")

        await proxy.cut()
        await emulator.send_text(bot_token, asker, "wat moet ik meenemen naar het kamp")
        await emulator.send_text(bot_token, in_danger, "mijn vader slaat mij")
        await until(lambda: len(texts(in_danger.id)) == 1, 60, "help lines while the database is down")
        assert "112" in texts(in_danger.id)[0]
        assert len(texts(asker.id)) == 1, "the question waits for the database"

        await proxy.restore()
        await until(lambda: len(texts(asker.id)) == 2, 90, "the question answered once it is back")
        assert "slaapzak" in texts(asker.id)[1]
        await emulator.send_text(bot_token, asker, "dank je")
        await until(lambda: len(texts(asker.id)) == 3, 60, "life goes on")
        await until(lambda: emulator.pending_updates(bot_token) == 0, 30, "updates confirmed")
    finally:
        bot.stop()
        await proxy.cut()
    helped = [t for t in texts(in_danger.id) if "112" in t]
    assert len(helped) == 1, "the danger message is not answered twice"
    assert len(texts(asker.id)) == 3, "nothing answered twice"
    assert "message put off" in bot.output()
