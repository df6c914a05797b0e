"""Button payloads: short strings (Telegram allows 64 bytes) that come back when pressed.

A payload is never trusted: a :class:`Codec`, one per prefix, reads it into a typed value
or into ``None`` (malformed, forged, or from an older Maatje), which is answered as a stale
button and changes nothing. So a handler only ever sees a value its codec could have built.

A codec is a prefix and one or more *layouts*: the parts after the prefix, each a fixed
word or a field of the value (a choice, a number, a checked text). Building picks the
layout that reads back to the same value, so what is sent is always readable; and a
payload is read only when it is exactly what building its value gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Generic, TypeVar

from intents.types import CONTENT_LANGUAGES, INTENTS

MAX_BYTES = 64
SOS = "sos"
HANDOVER_YES = "ho:yes"
HANDOVER_NO = "ho:no"
#: Yes to the offer after a second miss: pass on the question just typed, no retyping.
HANDOVER_SEND = "ho:send"


T = TypeVar("T")
#: A value read from one part, or ``None`` when the part is not valid.
_Read = object | None


@dataclass(frozen=True)
class Fixed:
    """A fixed word (``claim`` in ``lead:5:claim``); with ``field``, it also sets that field
    of the value to the word itself."""

    word: str
    field: str | None = None


@dataclass(frozen=True)
class Choice:
    """One of a few words (a language code, an age band)."""

    field: str
    options: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Number:
    """A database id or a minute: digits only (hexadecimal with ``base=16``), at most ``digits``."""

    field: str
    base: int = 10
    digits: int = 9
    optional: bool = False


@dataclass(frozen=True)
class Match:
    """A text that matches ``pattern`` entirely (a group name, an activity id).

    ``rest``: the last part, which may itself hold ``:`` (an audience ``group:okan3a``).
    """

    field: str
    pattern: str
    rest: bool = False
    optional: bool = False


Part = Fixed | Choice | Number | Match


@dataclass(frozen=True)
class Codec(Generic[T]):
    """The payloads of one prefix: ``make`` builds the value from its fields."""

    prefix: str
    make: Callable[..., T]
    layouts: tuple[tuple[Part, ...], ...]

    def build(self, value: T) -> str:
        """The payload for ``value``; ``ValueError`` when no layout fits or it is too long."""
        for layout in self.layouts:
            written = _write(self.prefix, layout, value)
            if written is not None and self.parse(written) == value:
                if len(written.encode()) > MAX_BYTES:
                    raise ValueError(f"payload too long: {written}")
                return written
        raise ValueError(f"no {self.prefix!r} payload for {value!r}")

    def parse(self, payload: str) -> T | None:
        """The value behind ``payload``, or ``None`` when it is not one this codec builds."""
        head, _, tail = payload.partition(":")
        if head != self.prefix or len(payload.encode()) > MAX_BYTES:
            return None
        segments = tail.split(":") if ":" in payload else []
        for layout in self.layouts:
            found = _read(layout, segments)
            if found is not None:
                return self.make(**found)
        return None


def _read(layout: tuple[Part, ...], segments: list[str]) -> dict[str, object] | None:
    """The fields ``segments`` give in ``layout``, or ``None`` when they do not fit it."""
    found: dict[str, object] = {}
    for index, part in enumerate(layout):
        if index >= len(segments):
            if all(getattr(p, "optional", False) for p in layout[index:]):
                return found
            return None
        if isinstance(part, Match) and part.rest:
            raw = ":".join(segments[index:])
            if not re.fullmatch(part.pattern, raw):
                return None
            found[part.field] = raw
            return found
        value = _read_part(part, segments[index])
        if value is None:
            return None
        if not isinstance(part, Fixed) or part.field is not None:
            found[part.field or ""] = value
    return found if len(segments) == len(layout) else None


def _read_part(part: Part, raw: str) -> _Read:
    if isinstance(part, Fixed):
        return raw if raw == part.word else None
    if isinstance(part, Choice):
        return raw if raw in part.options else None
    if isinstance(part, Number):
        digits = "0123456789abcdef"[: part.base]
        if not raw or len(raw) > part.digits or any(char not in digits for char in raw):
            return None
        if raw.startswith("0") and raw != "0":
            return None  # one way to write each number: what is read is what was built
        return int(raw, part.base)
    return raw if re.fullmatch(part.pattern, raw) else None


def _write(prefix: str, layout: tuple[Part, ...], value: object) -> str | None:
    """``value`` written in ``layout``; ``None`` when it has a field the layout leaves out
    or lacks one it needs."""
    names = {f.name for f in fields(value)}  # type: ignore[arg-type]
    used = {part.field for part in layout if part.field is not None}
    if any(getattr(value, name) is not None for name in names - used):
        return None
    written = [prefix]
    for part in layout:
        if isinstance(part, Fixed):
            if part.field is not None and getattr(value, part.field) != part.word:
                return None
            written.append(part.word)
            continue
        field_value = getattr(value, part.field)
        if field_value is None:
            if not part.optional:
                return None
            break
        if isinstance(part, Number):
            written.append(format(field_value, "x" if part.base == 16 else "d"))
        else:
            written.append(str(field_value))
    return ":".join(written)


@dataclass(frozen=True)
class IntentRequest:
    """"Answer this intent", optionally in one more language."""

    intent: str
    language: str | None = None


#: An intent, and optionally one more language to answer in.
_INTENT_LAYOUT = (
    (Choice("intent", INTENTS), Choice("language", CONTENT_LANGUAGES, optional=True)),
)
INTENT = Codec("i", IntentRequest, _INTENT_LAYOUT)


def intent_payload(intent: str, language: str | None = None) -> str:
    """``i:<intent>[:<language>]``; ``ValueError`` for an intent or language Maatje lacks."""
    return INTENT.build(IntentRequest(intent, language))


def parse_intent_payload(payload: str) -> IntentRequest | None:
    """The request behind an ``i:`` payload, or ``None`` when it is not a valid one."""
    return INTENT.parse(payload)


#: "➕ Meer": the rest of an intent's answer (the same request as ``i:``).
MORE = Codec("more", IntentRequest, _INTENT_LAYOUT)
