"""``maatje ask``: answer one message, or a JSON Lines batch, as a machine-readable record.

The JSON fields are a contract with tools outside the project: extend, never break.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from bot.core.messages import Incoming, Kind, Outcome
from bot.service import Conversations


def outcome_record(text: str, outcome: Outcome) -> dict[str, Any]:
    """The contract's JSON object for one answered message."""
    trace = outcome.trace
    languages: list[str] = []
    for reply in outcome.replies:
        languages.extend(lang for lang in reply.languages if lang not in languages)
    return {
        "text": text,
        "intent": trace.intent,
        "fallback": trace.fallback,
        "candidates": [{"intent": i, "score": s} for i, s in trace.candidates],
        "confidence": trace.confidence,
        "language": trace.language,
        "reply": "\n\n".join(reply.text for reply in outcome.replies),
        "reply_languages": languages,
        "buttons": [button.label for reply in outcome.replies for button in reply.buttons],
        "entities": dict(trace.entities),
        "follow_up": trace.follow_up,
        "referral": trace.referral,
    }


def ask_one(conversations: Conversations, text: str, language_code: str | None) -> dict[str, Any]:
    """Answer ``text`` as a new, already onboarded person."""
    incoming = Incoming(
        user_key=f"ask:{uuid.uuid4().hex}",
        kind=Kind.TEXT,
        text=text,
        language_hint=language_code,
    )
    outcome = conversations.handle(incoming)
    assert outcome is not None, "a fresh person's message is never a duplicate"
    return outcome_record(text, outcome)


def ask_batch(conversations: Conversations, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One record per input line, in order; a bad line gives ``{"error": ...}`` and we go on."""
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield {"error": f"not valid JSON: {error.msg}"}
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield {"error": 'each line must be an object with a "text" string'}
            continue
        code = row.get("language_code")
        yield ask_one(conversations, row["text"], code if isinstance(code, str) else None)


def write_records(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        count += 1
    return count


def human_text(record: dict[str, Any]) -> str:
    """What a person would see, for ``maatje ask`` without ``--json``."""
    buttons = "".join(f"\n  [{n}] {label}" for n, label in enumerate(record["buttons"], 1))
    return f"{record['reply']}{buttons}"
