"""Detect the language of a message, robustly enough for one- to three-word texts.

The Unicode script decides first (Ge'ez is Tigrinya, Arabic script with Pashto letters
is Pashto, Cyrillic with і/ї/є/ґ is Ukrainian); a statistical detector (lingua, whose
models ship inside the wheel) chooses within the script. Telegram's language code is
only a tie-breaker for short or uncertain texts, never the answer by itself.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from intents.types import LanguageGuess

UNDETERMINED = "und"

_LATIN = ("nl", "en", "fr", "so", "tr", "es", "ro", "pt", "pl")
_CYRILLIC = ("uk", "ru", "bg")
_ARABIC = ("ar", "fa")
_PASHTO_LETTERS = set("ټډړږښګڼځڅېۍ")
_UKRAINIAN_LETTERS = set("іїєґ")
_RUSSIAN_LETTERS = set("ыэё")
_BULGARIAN_HINTS = set("ъ")
_PERSIAN_LETTERS = set("پچژگک")

_LINGUA: dict[str, Language] = {
    "nl": Language.DUTCH,
    "en": Language.ENGLISH,
    "fr": Language.FRENCH,
    "so": Language.SOMALI,
    "tr": Language.TURKISH,
    "es": Language.SPANISH,
    "ro": Language.ROMANIAN,
    "pt": Language.PORTUGUESE,
    "pl": Language.POLISH,
    "uk": Language.UKRAINIAN,
    "ru": Language.RUSSIAN,
    "bg": Language.BULGARIAN,
    "ar": Language.ARABIC,
    "fa": Language.PERSIAN,
}
_CODES = {language: code for code, language in _LINGUA.items()}


def script_of(text: str) -> str:
    """The dominant script among the letters of ``text``: latin, cyrillic, arabic, ethiopic…"""
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            scripts[name.split(" ")[0].lower() if name else "unknown"] += 1
    return scripts.most_common(1)[0][0] if scripts else "none"


@dataclass
class LanguageIdentifier:
    """Script rules plus lingua within a script; built once and shared."""

    detector: LanguageDetector

    @classmethod
    def build(cls) -> LanguageIdentifier:
        languages = list(_LINGUA.values())
        detector = (
            LanguageDetectorBuilder.from_languages(*languages)
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build()
        )
        return cls(detector)

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess:
        """The language of ``text`` and a confidence; ``hint`` breaks ties on short texts."""
        script = script_of(text)
        letters = set(text.casefold())
        if script == "ethiopic":
            return LanguageGuess("ti", 0.95)
        if script == "arabic":
            if letters & _PASHTO_LETTERS:
                return LanguageGuess("ps", 0.9)
            if hint in ("ps", "fa") and not letters - _PERSIAN_LETTERS:
                return LanguageGuess(hint, 0.6)
            return self._within(text, _ARABIC, hint, floor=0.55)
        if script == "cyrillic":
            if letters & _UKRAINIAN_LETTERS:
                return LanguageGuess("uk", 0.95)
            if letters & _RUSSIAN_LETTERS:
                return LanguageGuess("ru", 0.9)
            return self._within(text, _CYRILLIC, hint, floor=0.45)
        if script == "latin":
            return self._within(text, _LATIN, hint, floor=0.0)
        return LanguageGuess(UNDETERMINED, 0.0)

    def _within(
        self, text: str, codes: Sequence[str], hint: str | None, floor: float
    ) -> LanguageGuess:
        values = {
            _CODES[value.language]: value.value
            for value in self.detector.compute_language_confidence_values(text)
            if value.language in _CODES and _CODES[value.language] in codes
        }
        total = sum(values.values())
        if total <= 0:
            return LanguageGuess(hint if hint and hint in codes else codes[0], floor)
        scores = {code: score / total for code, score in values.items()}
        words = len(text.split())
        if hint in scores and words <= 2:
            scores[hint] = scores[hint] * 1.8
            norm = sum(scores.values())
            scores = {code: score / norm for code, score in scores.items()}
        best = max(scores, key=lambda code: scores[code])
        confidence = max(floor, scores[best]) * (0.7 if words == 1 else 1.0)
        return LanguageGuess(best, round(confidence, 3))
