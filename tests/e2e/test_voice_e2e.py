"""A voice note end to end: the real bot downloads it through the Bot API (getFile and the
file server of the emulator), Whisper base hears it, Maatje checks, then answers.

The clips in ``tests/data/voice`` are synthetic (espeak-ng -v nl, OGG/Opus as Telegram
sends voice notes); the model is loaded once per session (fixture ``whisper``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Conversations
from bot.telegram.application import build_application
from bot.voice.whisper import WhisperTranscriber
from tests.conftest import needs_whisper
from tests.e2e.conftest import polling
from tests.emulator import BotApiEmulator

pytestmark = [pytest.mark.e2e, needs_whisper]
CLIPS = Path(__file__).parent.parent / "data" / "voice"
WAIT = 60.0  # transcription takes a few seconds on a busy shared machine


async def test_a_voice_note_is_heard_checked_and_answered(
    emulator: BotApiEmulator, bot_token: str, conversations: Conversations,
    whisper: WhisperTranscriber,
) -> None:
    app = build_application(bot_token, conversations, base_url=emulator.url, transcriber=whisper)
    pupil = emulator.user(bot_token, 611, "Amina", language_code="nl")
    clip = (CLIPS / "wanneer-is-het-kamp.ogg").read_bytes()
    async with polling(app):
        await emulator.send_voice(bot_token, pupil, duration=2, data=clip)
        [check] = await emulator.wait_for_bot_messages(bot_token, pupil.id, timeout=WAIT)
        await emulator.press_button(bot_token, pupil, check, label="✅ Ja")
        [answer] = await emulator.wait_for_bot_messages(bot_token, pupil.id, timeout=WAIT)
        await emulator.send_text(bot_token, pupil, "Wanneer is het kamp?")
        [typed] = await emulator.wait_for_bot_messages(bot_token, pupil.id, timeout=WAIT)
    heard = check.text or ""
    assert heard.startswith("🎤 Ik hoorde: «") and heard.endswith("». Klopt dat?")
    assert "kamp" in heard.lower()
    assert check.buttons == ["✅ Ja", "✏️ Nee, ik typ het"]
    assert answer.text == typed.text, "the confirmed voice note is answered as if typed"


async def test_danger_in_a_voice_note_gets_the_help_lines_without_a_question(
    emulator: BotApiEmulator, bot_token: str, conversations: Conversations,
    whisper: WhisperTranscriber,
) -> None:
    app = build_application(bot_token, conversations, base_url=emulator.url, transcriber=whisper)
    pupil = emulator.user(bot_token, 612, "Mina", language_code="nl")
    clip = (CLIPS / "mijn-papa-slaat-mij.ogg").read_bytes()
    async with polling(app):
        await emulator.send_voice(bot_token, pupil, duration=2, data=clip)
        help_lines, rest = await emulator.wait_for_bot_messages(bot_token, pupil.id, count=2,
                                                                timeout=WAIT)
    assert "112" in (help_lines.text or ""), "the help lines first"
    assert "Ik hoorde" not in (help_lines.text or "") + (rest.text or "")
