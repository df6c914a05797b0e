"""Which days a person means: "zaterdag", "morgen", "dit weekend", "السبت", "next week".

The understanding layer may already report a ``day`` entity; whatever it reports (or,
failing that, the message itself) is read here into a span of dates relative to *now*.
Weekday names, "today", "tomorrow", "this week" and "next week" come from Babel's
calendar data for all twelve languages; the few words it lacks (the weekend) live in
``content/vocab/days.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from rapidfuzz import fuzz

from content.dates import WEEKDAY_NAMES
from intents.normalize import normalize
from intents.types import CONTENT_LANGUAGES

VOCAB_FILE = Path(__file__).resolve().parent / "vocab" / "days.yaml"
#: A typed weekday counts when it is this similar (0–100) to a real one: "zatredag".
TYPO_SIMILARITY = 84
TYPO_MIN_LENGTH = 5
SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class DaySpan:
    """The days from ``first`` to ``last`` (both included)."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    @property
    def single_day(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class _Meaning:
    """What a phrase refers to: a weekday (0 = Monday), a day offset, a week or the weekend."""

    kind: str
    value: int = 0


def resolve_days(expressions: Iterable[str | None], today: date) -> DaySpan | None:
    """The span meant by the first expression that names one, or ``None``."""
    for expression in expressions:
        if expression:
            meaning = find_meaning(normalize(expression))
            if meaning is not None:
                return _span(meaning, today)
    return None


def find_meaning(normalized: str) -> _Meaning | None:
    """The longest known phrase in a normalised text; then a misspelt weekday."""
    padded = f" {normalized} "
    for phrase, meaning in phrase_table():
        if f" {phrase} " in padded:
            return meaning
    return _typo_weekday(normalized.split())


def _typo_weekday(words: list[str]) -> _Meaning | None:
    for word in words:
        if len(word) < TYPO_MIN_LENGTH or not word.isascii():
            continue
        for name, weekday in latin_weekdays():
            if word.startswith(name) or fuzz.ratio(word, name) >= TYPO_SIMILARITY:
                return _Meaning("weekday", weekday)
    return None


def _span(meaning: _Meaning, today: date) -> DaySpan:
    if meaning.kind == "weekday":
        day = today + timedelta(days=(meaning.value - today.weekday()) % 7)
        return DaySpan(day, day)
    if meaning.kind == "offset":
        day = today + timedelta(days=meaning.value)
        return DaySpan(day, day)
    if meaning.kind == "weekend":
        sunday = today + timedelta(days=SUNDAY - today.weekday())
        return DaySpan(max(today, sunday - timedelta(days=1)), sunday)
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=meaning.value)
    return DaySpan(max(today, monday), monday + timedelta(days=6))


@cache
def phrase_table() -> tuple[tuple[str, _Meaning], ...]:
    """Every known phrase (normalised), longest first so "dit weekend" beats "weekend"."""
    table: dict[str, _Meaning] = {}
    for phrase, meaning in _vocabulary_phrases():
        table.setdefault(phrase, meaning)
    for phrase, meaning in _babel_phrases():
        table.setdefault(phrase, meaning)
    return tuple(sorted(table.items(), key=lambda item: len(item[0]), reverse=True))


@cache
def latin_weekdays() -> tuple[tuple[str, int], ...]:
    """Weekday names in Latin script, for typo matching ("zatredag" → zaterdag)."""
    return tuple(
        (phrase, meaning.value)
        for phrase, meaning in phrase_table()
        if meaning.kind == "weekday" and phrase.isascii() and len(phrase) >= TYPO_MIN_LENGTH
    )


def _babel_phrases() -> Iterator[tuple[str, _Meaning]]:
    for lang in CONTENT_LANGUAGES:
        locale = Locale.parse(lang)
        for weekday, name in _weekday_names(lang, locale):
            yield normalize(name), _Meaning("weekday", weekday)
        fields = _date_fields(locale)
        for offset, word in fields.get("day", {}).items():
            if int(offset) >= 0:
                yield normalize(str(word)), _Meaning("offset", int(offset))
        for offset, words in fields.get("week", {}).items():
            if int(offset) >= 0:
                yield normalize(str(words)), _Meaning("week", int(offset))


def _weekday_names(lang: str, locale: Locale) -> Iterator[tuple[int, str]]:
    """Babel's weekday names, or the ones dates are written with where Babel's are wrong
    (its Pashto Saturday "اونۍ" is "week": "په دې اونۍ" is not Saturday)."""
    contexts = ("stand-alone",) if lang in WEEKDAY_NAMES else ("format", "stand-alone")
    for context in contexts:
        for weekday, name in locale.days[context]["wide"].items():
            yield int(weekday), str(name)
    yield from enumerate(WEEKDAY_NAMES.get(lang, ()))


def _date_fields(locale: Locale) -> dict[str, dict[Any, Any]]:
    """Babel's relative day and week words ("morgen", "volgende week").

    Babel has no public accessor for them; without them only weekday names are known.
    """
    try:
        fields = locale._data["date_fields"]
        return {key: dict(fields[key]["relative"]) for key in ("day", "week")}
    except (KeyError, AttributeError):
        return {}


def _vocabulary_phrases() -> Iterator[tuple[str, _Meaning]]:
    data = yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8")) or {}
    meanings = {"weekend": _Meaning("weekend"), "today": _Meaning("offset", 0),
                "tomorrow": _Meaning("offset", 1)}
    for key, meaning in meanings.items():
        for phrase in data.get(key, []):
            if normalize(str(phrase)):
                yield normalize(str(phrase)), meaning
