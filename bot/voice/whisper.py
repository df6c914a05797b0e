"""faster-whisper as Maatje's :class:`~bot.core.speech.Transcriber`, settings as measured.

Measured on these machines with synthetic Dutch clips (issue 25): forcing the language
(auto-detection was wrong on every try), the bot's own words as ``initial_prompt``,
``temperature=0`` (a 28 s clip took 23–56 s with the fallback temperatures, 2 s without),
no conditioning on the previous text, int8 on the CPU. With ``temperature=0`` Whisper may
stop halfway through a long window, so the voice-activity detector (Silero, shipped inside
faster-whisper) cuts the speech into short clips, each decoded on its own.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.core.messages import Transcript

log = logging.getLogger(__name__)
SAMPLE_RATE = 16_000
#: Speech stretches longer than this are cut at a pause (see the module's docstring).
MAX_CLIP_SECONDS = 15.0
#: Whisper's beam; greedy decoding (1) repeated one clip's sentence 30 times.
BEAM = 5
#: One core for listening: the other keeps answering typed messages while a note is heard
#: (the machine has two, issue 25).
CPU_THREADS = 1


class WhisperTranscriber:
    """Whisper base from a local folder, loaded at the first voice note, once per process
    (about 2 s and 340 MiB); never a download (``local_files_only``)."""

    def __init__(self, folder: Path, prompt: str = "", threads: int = CPU_THREADS) -> None:
        self.folder = folder
        self.prompt = prompt
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()
        #: The first window's encoder output of the note being heard on this thread.
        self._first = threading.local()

    def load(self) -> None:
        """Load the model now (the first voice note would otherwise wait for it)."""
        self._loaded()

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                from faster_whisper import WhisperModel

                started = time.perf_counter()
                model = WhisperModel(str(self.folder), device="cpu", compute_type="int8",
                                     cpu_threads=self.threads, local_files_only=True)
                model.encode = self._keeping_first(model.encode)
                self._model = model
                log.info("speech model loaded in %.1f s", time.perf_counter() - started)
            return self._model

    def _keeping_first(self, encode: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """``encode`` that keeps the note's first encoder output: the language spoken is read
        from it (one decoder step) instead of encoding the sound a second time."""

        def encoded(features: Any) -> Any:
            output = encode(features)
            if getattr(self._first, "output", None) is None:
                self._first.output = output
            return output

        return encoded

    def _spoken(self, model: Any) -> tuple[str | None, float]:
        """The language Whisper hears in the note's first stretch of speech, and how sure it
        is, whatever language it was told to write: ``(None, 0.0)`` when nothing was encoded."""
        output, self._first.output = getattr(self._first, "output", None), None
        if output is None:
            return None, 0.0
        token, probability = model.model.detect_language(output)[0][0]
        return str(token).strip("<|>"), round(float(probability), 4)

    def transcribe(self, audio: bytes, language: str) -> Transcript:
        """What was said in ``audio`` (any format PyAV decodes: OGG/Opus, MP3, M4A), in
        ``language``. Confidence: the mean token probability, weighted by each clip's length."""
        from faster_whisper.audio import decode_audio
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        model = self._loaded()
        samples = decode_audio(io.BytesIO(audio), sampling_rate=SAMPLE_RATE)
        speech = get_speech_timestamps(samples, VadOptions(max_speech_duration_s=MAX_CLIP_SECONDS,
                                                           min_silence_duration_ms=500))
        if not speech:
            return Transcript("", 0.0, language)
        clips = [round(edge / SAMPLE_RATE, 2) for chunk in speech
                 for edge in (chunk["start"], chunk["end"])]
        self._first.output = None
        segments, _ = model.transcribe(
            samples, language=language, initial_prompt=self.prompt or None, temperature=0.0,
            condition_on_previous_text=False, beam_size=BEAM, clip_timestamps=clips,
            vad_filter=False)
        texts, weights, scores = [], [], []
        for segment in segments:
            texts.append(segment.text.strip())
            weights.append(max(segment.end - segment.start, 0.1))
            scores.append(math.exp(segment.avg_logprob) * (1.0 - segment.no_speech_prob))
        spoken, sure = self._spoken(model)
        if not weights:
            return Transcript("", 0.0, language, spoken, sure)
        confidence = sum(w * s for w, s in zip(weights, scores, strict=True)) / sum(weights)
        return Transcript(" ".join(t for t in texts if t), round(confidence, 4), language,
                          spoken, sure)
