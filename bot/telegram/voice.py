"""A voice note or audio file, heard: downloaded through the Bot API, transcribed on the
voice thread, handed to the core as a :class:`~bot.core.messages.VoiceNote`.

The sound lives only in memory for the seconds this takes; nothing of it is written
anywhere. Notes longer than :data:`~bot.core.speech.MAX_SECONDS` are not downloaded.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

from telegram import Bot, Message

from bot.core.messages import Incoming, Transcript, VoiceNote
from bot.core.speech import MAX_SECONDS, SPOKEN_LANGUAGE, Transcriber

log = logging.getLogger(__name__)


async def listened(
    bot: Bot, message: Message, incoming: Incoming, transcriber: Transcriber,
    pool: ThreadPoolExecutor,
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
    try:
        file = await bot.get_file(sound.file_id)
        audio = bytes(await file.download_as_bytearray())
        heard = await asyncio.get_running_loop().run_in_executor(
            pool, transcriber.transcribe, audio, SPOKEN_LANGUAGE)
    except Exception as error:  # a broken file or model: asked to type it instead
        log.error("voice note not heard (%s)", type(error).__name__)
        heard = Transcript("", 0.0, SPOKEN_LANGUAGE)
    return replace(incoming, voice=VoiceNote(seconds, heard))
