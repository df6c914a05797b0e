"""The foundation slice end to end: the real bot, python-telegram-bot's own HTTP layer, a user.

``/start``, a free-text question and an inline button, as a pupil sees them in Telegram.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AnyApp, polling
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e


async def test_start_question_and_button(
    emulator: BotApiEmulator, bot_token: str, maatje_bot: AnyApp
) -> None:
    pupil = emulator.user(bot_token, 4242, "Samir", language_code="nl")
    async with polling(maatje_bot):
        await emulator.send_command(bot_token, pupil, "/start")
        [welcome] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.send_text(bot_token, pupil, "wat moet ik meenemen naar het kamp")
        [packing] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        query = await emulator.press_button(bot_token, pupil, packing, label=packing.buttons[0])
        [followup] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.wait_for_answer(bot_token, query)

    assert "ik ben Maatje" in (welcome.text or "")
    assert "Nederlands" in welcome.buttons, "the welcome asks for a language first"
    assert "slaapzak" in (packing.text or "")
    assert packing.buttons, "the answer offers follow-up topics as buttons"
    assert followup.text and followup.text != packing.text, "the pressed topic is answered"
    assert emulator.unknown_methods(bot_token) == []
