"""Voice at the bot's start: on when the setting says so and the model is there, else off
with one line in the log (voice notes then get today's kind "Ik kan nog niet luisteren")."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from bot.core.menu import MAIN_CHOICES
from bot.core.speech import vocabulary_prompt
from bot.voice.model import ModelUnavailable, model_folder
from bot.voice.whisper import WhisperTranscriber
from content.loader import Content

log = logging.getLogger(__name__)


def start_voice(enabled: bool, cache_dir: Path, content: Content) -> WhisperTranscriber | None:
    """The transcriber, or ``None`` (and why, once) when voice stays off."""
    if not enabled:
        log.info("voice notes: off (MAATJE_VOICE=false)")
        return None
    if importlib.util.find_spec("faster_whisper") is None:
        log.warning("voice notes: off: faster-whisper is not installed (pip install 'maatje[voice]')")
        return None
    try:
        folder = model_folder(cache_dir)
    except (ModelUnavailable, OSError) as error:
        log.warning("voice notes: off: %s", error)
        return None
    log.info("voice notes: on (Dutch, Whisper base, offline)")
    return WhisperTranscriber(folder, prompt_of(content))


def prompt_of(content: Content) -> str:
    """The bot's own Dutch words, the main topics first, then the hard words it explains:
    a speech model given them hears "medische fiche", not "maybe sufficient"."""
    labels = [content.ui[f"button.{intent}"].nl for intent in MAIN_CHOICES
              if f"button.{intent}" in content.ui]
    return vocabulary_prompt([*labels, *content.glossary])
