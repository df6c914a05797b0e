"""Logs never carry a name, a message text or a phone number, across a whole conversation.

The real bot runs against the emulator with every logger captured (our own at DEBUG, the
libraries at INFO); then the captured lines are searched for what the person sent.
"""

from __future__ import annotations

import logging
import re

import pytest

from tests.e2e.conftest import AnyApp, polling
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e

FIRST, LAST, USERNAME = "Fatimazahra", "Benalioui", "fatima_b_2011"
PHONE = "+32 470 12 34 56"
TEXTS = [
    "hallo ik ben Fatimazahra",
    "mijn nummer is 0470123456 bel me",
    "wat moet ik meenemen naar het kamp in Ardennenbos",
    "mijn stiefvader slaat mij thuis in Kuregem",
    "qwxzy blorptastic vraagje",
]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


async def test_logs_carry_no_names_texts_or_phone_numbers(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for ours in ("bot", "storage", "intents", "content"):
        caplog.set_level(logging.DEBUG, logger=ours)
    pupil = emulator.user(bot_token, 5151, FIRST, last_name=LAST, username=USERNAME,
                          language_code="ar")
    async with polling(maatje_bot):
        await emulator.send_command(bot_token, pupil, "/start")
        await emulator.wait_for_bot_messages(bot_token, pupil.id)  # welcome and language picker
        for text in TEXTS:
            await emulator.send_text(bot_token, pupil, text)
            await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.send_contact(bot_token, pupil, PHONE, FIRST)
        await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.send_command(bot_token, pupil, "/mijngegevens")
        await emulator.wait_for_bot_messages(bot_token, pupil.id)

    lines = [record.getMessage() for record in caplog.records
             if not record.name.startswith("tests.")]
    assert any("answered intent=" in line for line in lines), "the conversation was logged"
    logged = "\n".join(lines)
    for secret in (FIRST, LAST, USERNAME, *TEXTS, *(w for t in TEXTS for w in t.split() if len(w) > 6)):
        assert secret.lower() not in logged.lower(), f"{secret!r} leaked into the logs"
    for line in lines:
        assert _digits(PHONE) not in _digits(line) and "470123456" not in _digits(line)
    assert str(pupil.id) not in logged, "not even the Telegram id"
