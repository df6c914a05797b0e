"""A voice note end to end: the real bot downloads it through the Bot API (getFile and the
file server of the emulator), Whisper base hears it, Maatje checks, then answers.

The clips in ``tests/data/voice`` are synthetic (espeak-ng -v nl, OGG/Opus as Telegram
sends voice notes); the model is loaded once per session (fixture ``whisper``). The
adapter's own paths (an audio file, a long note, a model that fails) use a stand-in.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.core.messages import Transcript
from bot.core.speech import MAX_SECONDS
from bot.service import Conversations
from bot.telegram.application import WORKERS, build_application
from bot.telegram.polling import serve_polling
from bot.telegram.voice import VoiceQueue
from bot.voice.whisper import WhisperTranscriber
from tests.conftest import needs_whisper
from tests.e2e.conftest import polling
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e
CLIPS = Path(__file__).parent.parent / "data" / "voice"
WAIT = 60.0  # transcription takes a few seconds on a busy shared machine


@needs_whisper
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


@needs_whisper
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


class Hears:
    """A stand-in speech model: hears ``text``, or fails like a broken file; counts calls."""

    def __init__(self, text: str = "", fails: bool = False) -> None:
        self.text, self.fails, self.heard = text, fails, 0

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        self.heard += 1
        if self.fails:
            raise ValueError("not an audio file")
        assert audio == CLIP and language == "nl", "the note's own bytes, heard as Dutch"
        return Transcript(self.text, 0.9, language)


CLIP = b"OggS-a-recording"


async def test_an_audio_file_is_heard_and_a_long_note_is_not_downloaded(
    emulator: BotApiEmulator, bot_token: str, conversations: Conversations,
) -> None:
    model = Hears("Wat moet ik meenemen naar het kamp?")
    app = build_application(bot_token, conversations, base_url=emulator.url, transcriber=model)
    pupil = emulator.user(bot_token, 613, "Omar", language_code="nl")
    async with polling(app):
        await emulator.send_audio(bot_token, pupil, CLIP, duration=4)
        [check] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.send_voice(bot_token, pupil, duration=MAX_SECONDS + 15, data=CLIP)
        [long] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
    assert check.text == "🎤 Ik hoorde: «Wat moet ik meenemen naar het kamp?». Klopt dat?"
    assert "te lang" in (long.text or "")
    assert model.heard == 1 and len(emulator.calls(bot_token, "getFile")) == 1


async def test_a_note_the_model_cannot_hear_is_asked_to_be_typed(
    emulator: BotApiEmulator, bot_token: str, conversations: Conversations,
) -> None:
    app = build_application(bot_token, conversations, base_url=emulator.url,
                            transcriber=Hears(fails=True))
    pupil = emulator.user(bot_token, 614, "Sara", language_code="nl")
    async with polling(app):
        await emulator.send_voice(bot_token, pupil, data=CLIP)
        [unclear] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
    assert unclear.text == "🎤 Ik versta het niet goed. Wil je het typen?"


class Waits(Hears):
    """A stand-in that hears only once let go: the first note keeps the one worker busy."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.let_go = threading.Event()

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        self.let_go.wait(WAIT)
        return super().transcribe(audio, language)


async def test_a_note_beyond_the_full_queue_is_asked_to_be_typed_at_once(
    emulator: BotApiEmulator, bot_token: str, conversations: Conversations,
) -> None:
    model = Waits("Wanneer is het kamp?")
    app = build_application(bot_token, conversations, base_url=emulator.url, transcriber=model)
    app.bot_data[WORKERS].voice = VoiceQueue(limit=1)
    first = emulator.user(bot_token, 615, "Lina", language_code="nl")
    second = emulator.user(bot_token, 616, "Yusuf", language_code="nl")
    stop = asyncio.Event()
    running = asyncio.create_task(serve_polling(app, stop))  # chats handled side by side
    try:
        await emulator.send_voice(bot_token, first, data=CLIP)
        while not emulator.calls(bot_token, "getFile"):
            await asyncio.sleep(0.05)
        await emulator.send_voice(bot_token, second, data=CLIP)
        [busy] = await emulator.wait_for_bot_messages(bot_token, second.id)
        model.let_go.set()
        [check] = await emulator.wait_for_bot_messages(bot_token, first.id, timeout=WAIT)
    finally:
        model.let_go.set()
        stop.set()
        await running
    assert (busy.text or "").startswith("🎤 Ik luister nu naar andere berichten.")
    assert check.text == "🎤 Ik hoorde: «Wanneer is het kamp?». Klopt dat?"
    assert model.heard == 1 and len(emulator.calls(bot_token, "getFile")) == 1
