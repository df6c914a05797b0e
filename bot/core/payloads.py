"""Button payloads: short strings (Telegram allows 64 bytes) that come back when pressed.

A payload is never trusted: it is parsed, checked against known intents and languages,
and anything else is treated as a stale or forged button.
"""

from __future__ import annotations

from dataclasses import dataclass

from intents.types import CONTENT_LANGUAGES, INTENTS

MAX_BYTES = 64
SOS = "sos"
HANDOVER_YES = "ho:yes"
HANDOVER_NO = "ho:no"
#: Yes to the offer after a second miss: pass on the question just typed, no retyping.
HANDOVER_SEND = "ho:send"


@dataclass(frozen=True)
class IntentRequest:
    """"Answer this intent", optionally in one more language."""

    intent: str
    language: str | None = None


def intent_payload(intent: str, language: str | None = None) -> str:
    payload = f"i:{intent}:{language}" if language else f"i:{intent}"
    if len(payload.encode()) > MAX_BYTES:
        raise ValueError(f"payload too long: {payload}")
    return payload


def parse_intent_payload(payload: str) -> IntentRequest | None:
    """The request behind an ``i:`` payload, or ``None`` when it is not a valid one."""
    parts = payload.split(":")
    if len(parts) not in (2, 3) or parts[0] != "i" or parts[1] not in INTENTS:
        return None
    language = parts[2] if len(parts) == 3 else None
    if language is not None and language not in CONTENT_LANGUAGES:
        return None
    return IntentRequest(parts[1], language)
