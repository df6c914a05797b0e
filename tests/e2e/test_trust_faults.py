"""Telegram's failures, injected by the emulator, as a pupil would notice them (or not).

429s are waited out, timeouts and dropped connections retried, blocked or vanished chats
dropped quietly; a redelivered update is answered once, a renumbered one is new.
"""

from __future__ import annotations

import logging

import pytest

from bot.service import Conversations
from bot.telegram.application import build_application
from tests.e2e.conftest import AnyApp, polling
from tests.e2e.processes import until
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e
TOO_OLD = "Bad Request: query is too old and response timeout expired or query id is invalid"


async def ask(emulator: BotApiEmulator, token: str, user, text: str = "hallo"):
    await emulator.send_text(token, user, text)
    [reply] = await emulator.wait_for_bot_messages(token, user.id, timeout=20)
    return reply


def failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("update failed")]


async def test_429_timeouts_and_resets_still_get_one_answer(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 6001, "Ada")
    async with polling(maatje_bot):
        emulator.inject(bot_token, "sendMessage", retry_after=1)
        first = await ask(emulator, bot_token, pupil)
        emulator.inject(bot_token, "sendMessage", drop=True)
        second = await ask(emulator, bot_token, pupil)
        emulator.inject(bot_token, "sendMessage", delay=6.0, drop=True)  # past the 5 s read timeout
        third = await ask(emulator, bot_token, pupil)
    assert "Maatje" in (first.text or "") and second.text and third.text
    assert emulator.delivered(bot_token, pupil.id) == 3, "each question answered exactly once"
    statuses = [call.status for call in emulator.calls(bot_token, "sendMessage")]
    assert 429 in statuses


@pytest.mark.parametrize("status", [403, 400])
async def test_an_unreachable_chat_is_dropped_quietly_and_the_bot_goes_on(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp, caplog: pytest.LogCaptureFixture,
    status: int,
) -> None:
    caplog.set_level(logging.INFO)
    pupil = emulator.user(bot_token, 6002, "Bo")
    async with polling(maatje_bot):
        emulator.inject(bot_token, "sendMessage", status=status)
        await emulator.send_text(bot_token, pupil, "hallo")
        await until(lambda: any(c.status == status for c in emulator.calls(bot_token, "sendMessage")),
                    30, f"the {status} answer")
        after = await ask(emulator, bot_token, pupil, "wat moet ik meenemen naar het kamp")
    assert "slaapzak" in (after.text or "")
    assert failures(caplog) == [], "handled where it happened, not as a crash"
    assert sum(1 for c in emulator.calls(bot_token, "sendMessage") if c.status == status) == 1, \
        "no retries against a chat that cannot be reached"


async def test_a_button_pressed_too_late_to_acknowledge_is_still_answered(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 6003, "Cas")
    async with polling(maatje_bot):
        packing = await ask(emulator, bot_token, pupil, "wat moet ik meenemen naar het kamp")
        emulator.inject(bot_token, "answerCallbackQuery", status=400, description=TOO_OLD)
        await emulator.press_button(bot_token, pupil, packing, label=packing.buttons[0])
        [answer] = await emulator.wait_for_bot_messages(bot_token, pupil.id, timeout=20)
    assert answer.text


async def test_after_a_restart_a_redelivered_update_is_answered_once_and_renumbered_ones_are_new(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp, conversations: Conversations
) -> None:
    pupil = emulator.user(bot_token, 6004, "Dua")
    async with polling(maatje_bot):
        await ask(emulator, bot_token, pupil)
    first_id = emulator.state(bot_token).delivered_updates[-1].update_id
    await emulator.redeliver(bot_token, first_id)  # Telegram sends it again after the restart…
    emulator.restart_update_numbering(bot_token, first_id)  # …and numbers a new one the same
    await emulator.send_text(bot_token, pupil, "wat moet ik meenemen naar het kamp")
    restarted = build_application(bot_token, conversations, base_url=emulator.url)
    async with polling(restarted):
        [renumbered] = await emulator.wait_for_bot_messages(bot_token, pupil.id, timeout=20)
        last = await ask(emulator, bot_token, pupil, "hallo")
    assert "slaapzak" in (renumbered.text or ""), "a new message with an old number is answered"
    assert last.text
    assert emulator.delivered(bot_token, pupil.id) == 3, "the redelivered update is not answered again"
