"""SIGKILL the bot in the middle of writes: nothing it said was saved is lost, the database is intact.

Many pupils press consent buttons at once; the bot (a real process on SQLite in WAL mode)
is killed after some answers went out. Every "Bewaard" a pupil saw must be in the database,
``PRAGMA integrity_check`` must say ok, and after a restart every press is processed once:
Telegram redelivers what was not confirmed, and what was handled is not handled again.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.telegram.polling import DEFAULT_CONCURRENCY
from tests.e2e.processes import bot_env, start_bot, until
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e
PUPILS = 24
#: The age button carries the minute it was shown (bot/features/age.py): "now".
PRESSES = [f"age:13+::{int(time.time() // 60):x}", "consent:announcements:yes",
           "consent:contact:yes", "consent:handover:yes"]
PURPOSES = ["announcements", "contact", "handover"]
KILL_AFTER = 30


def stored(database: Path) -> dict[str, tuple[str | None, set[str]]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT channel_key, age_band, consents FROM users").fetchall()
    return {key: (band, set(filter(None, consents.split(",")))) for key, band, consents in rows}


def integrity(database: Path) -> str:
    with sqlite3.connect(database) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


async def test_sigkill_during_writes_loses_nothing_committed(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path, warm: Callable[[Path], Path]
) -> None:
    warm(tmp_path)
    database = tmp_path / "maatje.sqlite3"
    env = bot_env(bot_token, emulator.url, tmp_path)
    pupils = [emulator.user(bot_token, 7100 + n, f"Leerling{n}") for n in range(PUPILS)]
    bot = start_bot(env, tmp_path / "bot.log")
    try:
        for pupil in pupils:
            await emulator.send_command(bot_token, pupil, "/start")
        await until(lambda: all(emulator.bot_messages(bot_token, p.id) for p in pupils), 90,
                    "welcomes")
        before = {p.id: len(emulator.bot_messages(bot_token, p.id)) for p in pupils}
        anchors = {p.id: emulator.bot_messages(bot_token, p.id)[0].message for p in pupils}

        def answered() -> dict[int, list[str]]:
            return {p.id: [m.text or "" for m in emulator.bot_messages(bot_token, p.id)[before[p.id]:]]
                    for p in pupils}

        for payload in PRESSES:
            for pupil in pupils:
                await emulator.press_button(bot_token, pupil, anchors[pupil.id], callback_data=payload,
                                            check=False)
        await until(lambda: sum(map(len, answered().values())) >= KILL_AFTER, 90, "answers")
        bot.kill()
        seen = answered()

        assert integrity(database) == "ok"
        rows = stored(database)
        checked = 0
        for pupil in pupils:
            said_saved = sum("Bewaard" in text for text in seen[pupil.id])
            band, consents = rows.get(f"tg:{pupil.id}", (None, set()))
            assert set(PURPOSES[:said_saved]) <= consents, f"pupil {pupil.id} was told it was saved"
            if seen[pupil.id]:
                assert band == "13+"
            checked += 1 + said_saved

        bot = start_bot(env, tmp_path / "bot.log")
        everyone = {f"tg:{p.id}" for p in pupils}
        await until(lambda: all(stored(database).get(k, (None, set()))[1] == set(PURPOSES)
                                for k in everyone), 120, "every press processed after the restart")
        await until(lambda: emulator.pending_updates(bot_token) == 0, 30, "updates confirmed")
    except TimeoutError:
        calls = emulator.calls(bot_token)
        print("DIAG", [(c.method, c.status, c.description) for c in calls[-40:]],
              emulator.pending_updates(bot_token))
        raise
    finally:
        bot.stop()

    assert bot.process.returncode == 0, "SIGTERM stops the bot cleanly"
    final = answered()
    assert integrity(database) == "ok"
    assert all(len(texts) <= len(PRESSES) for texts in final.values()), "no press answered twice"
    lost = len(PRESSES) * PUPILS - sum(map(len, final.values()))
    # Up to MAATJE_CONCURRENT_UPDATES presses are handled at once: each may have been stored
    # and not yet answered at the kill (its redelivery is then recognised as handled).
    assert lost <= DEFAULT_CONCURRENCY, "at most the answers in flight at the kill"
    print(f"kill test: {checked} stored facts checked after SIGKILL, {len(rows)} users rows, "
          f"{lost} answer(s) lost in flight")
