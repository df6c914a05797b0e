"""Voice notes: the port a speech model plugs into, and what the core does with its text.

Many pupils and parents who read little send voice notes. A channel that can listen hands
the core a :class:`~bot.core.messages.VoiceNote` with what a :class:`Transcriber` heard;
the core never sees the sound. The core looks for danger in what was heard and answers it
at once; any other note goes to :mod:`bot.features.voice`, which says what it heard and
asks "Klopt dat?" (✅ / ✏️) before answering it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bot.core.messages import Transcript, VoiceNote

#: Longer notes are not listened to (a kind "too long" answer): a minute of speech costs
#: seconds of both cores, and a question fits in a minute.
MAX_SECONDS = 60
#: Below this the model was guessing (noise, mumbling): "Ik versta het niet goed".
MIN_CONFIDENCE = 0.3
#: Voice works in Dutch only for now: a pupil who chose Arabic often speaks Dutch, and the
#: other languages were misheard in every measured clip (issue 25).
SPOKEN_LANGUAGE = "nl"
#: "Clearly not Dutch": the model is at least this sure the note is spoken in another
#: language. Its guess on the synthetic Dutch clips was English at 0.39-0.49 (wrong, unsure),
#: so an unsure guess never turns a Dutch speaker away.
OTHER_LANGUAGE = 0.8
#: Guesses that may be Dutch said with an accent or in a dialect: never "Dutch only".
DUTCH_LIKE = frozenset({SPOKEN_LANGUAGE, "af"})
#: Most characters of the bot's own words in the model's prompt. A sentence of them helped
#: more than a long word list, which made Whisper hear "Markantik" (four clips, issue 25).
PROMPT_CHARS = 160
#: The prompt's frame: Whisper reads the prompt as text said just before the note.
PROMPT_START, PROMPT_END = "Vragen over ", ". Wanneer? Waar? Hoeveel?"


class Transcriber(Protocol):
    """A speech model: the sound of a voice note (OGG/Opus, as Telegram sends it) and the
    language it is spoken in, to what was heard. Slow (about a second of CPU a note):
    channels call it on a thread of its own. Raises on sound it cannot decode."""

    def transcribe(self, audio: bytes, language: str) -> Transcript: ...


def heard_text(voice: VoiceNote, minimum: float = MIN_CONFIDENCE) -> str | None:
    """What was heard, when it is worth asking about: some letters, said with at least
    ``minimum`` confidence. ``None`` for silence, noise or a guess. The danger check takes
    any letters (``minimum=0``): help lines for a guess cost little, a missed cry a lot."""
    heard = voice.transcript
    if heard is None or heard.confidence < minimum:
        return None
    text = " ".join(heard.text.split())
    return text if any(char.isalpha() for char in text) else None


def spoken_elsewhere(voice: VoiceNote) -> str | None:
    """The language a note was clearly spoken in when that is not Dutch (Whisper's own
    guess, read beside the forced Dutch transcript); ``None`` for Dutch or any doubt."""
    heard = voice.transcript
    if heard is None or heard.spoken is None or heard.spoken in DUTCH_LIKE:
        return None
    return heard.spoken if heard.spoken_confidence >= OTHER_LANGUAGE else None


def vocabulary_prompt(words: Iterable[str]) -> str:
    """The bot's own words as the model's prompt ("medische fiche", not "maybe sufficient"):
    each once, without its emoji, in a sentence, ``PROMPT_CHARS`` of them at most."""
    kept: list[str] = []
    seen: set[str] = set()
    for word in words:
        clean = _without_symbols(word)
        if clean and clean.lower() not in seen:
            seen.add(clean.lower())
            kept.append(clean)
    prompt = ""
    for word in kept:
        longer = f"{prompt}, {word}" if prompt else word
        if len(longer) > PROMPT_CHARS:
            break
        prompt = longer
    return f"{PROMPT_START}{prompt}{PROMPT_END}" if prompt else ""


def _without_symbols(label: str) -> str:
    """"🏕️ Kamp" → "Kamp": emoji and marks mean nothing to a speech model."""
    return " ".join(word for word in label.split() if any(char.isalnum() for char in word))
