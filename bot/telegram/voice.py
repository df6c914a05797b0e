"""A voice note or audio file, heard: downloaded through the Bot API, transcribed on the
voice thread, handed to the core as a :class:`~bot.core.messages.VoiceNote`.

The sound lives only in memory for the seconds this takes; nothing of it is written
anywhere. Notes longer than :data:`~bot.core.speech.MAX_SECONDS` are not downloaded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

from telegram import Bot, Message

from bot.core.messages import Incoming, Transcript, VoiceNote
from bot.core.speech import MAX_SECONDS, SPOKEN_LANGUAGE, Transcriber

log = logging.getLogger(__name__)


#: Notes being heard or waiting, at most: one is heard at a time (a minute of speech takes
#: several seconds of a core), so a fourth would wait long; it is asked to be typed instead.
QUEUE_LIMIT = 3


class VoiceQueue:
    """One worker thread hears the notes in turn; at most ``limit`` are taken at once.

    Only the event loop takes and gives back places, so a plain count needs no lock."""

    def __init__(self, limit: int = QUEUE_LIMIT) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="maatje-voice")
        self.limit = limit
        self.taken = 0

    async def hear(self, transcriber: Transcriber, sound: Callable[[], Awaitable[bytes]]
                   ) -> Transcript | None:
        """What ``transcriber`` hears in the downloaded ``sound``; ``None`` when the queue
        is full (nothing is downloaded then)."""
        if self.taken >= self.limit:
            log.warning("voice note not heard: %d notes already wait", self.taken)
            return None
        self.taken += 1
        try:
            audio = await sound()
            return await asyncio.get_running_loop().run_in_executor(
                self.pool, transcriber.transcribe, audio, SPOKEN_LANGUAGE)
        finally:
            self.taken -= 1

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


async def listened(
    bot: Bot, message: Message, incoming: Incoming, transcriber: Transcriber, queue: VoiceQueue,
) -> Incoming:
    """``incoming`` with what its voice note said. A note that cannot be fetched or decoded
    is "not heard" (the core asks to type it): never an error the person sees."""
    sound = message.voice or message.audio
    if sound is None:
        return incoming
    duration = sound.duration or 0
    seconds = duration.total_seconds() if isinstance(duration, timedelta) else float(duration)
    if seconds > MAX_SECONDS:
        return replace(incoming, voice=VoiceNote(seconds))

    async def download() -> bytes:
        file = await bot.get_file(sound.file_id)
        return bytes(await file.download_as_bytearray())

    try:
        heard = await queue.hear(transcriber, download)
    except Exception as error:  # a broken file or model: asked to type it instead
        log.error("voice note not heard (%s)", type(error).__name__)
        heard = Transcript("", 0.0, SPOKEN_LANGUAGE)
    if heard is None:
        return replace(incoming, voice=VoiceNote(seconds, busy=True))
    return replace(incoming, voice=VoiceNote(seconds, heard))
