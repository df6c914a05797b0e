"""Port for what a person's next typed text is for (their question, an announcement…).

Maatje asks something, and the answer comes as free text in a later message; the
expectation is kept for a short while. :class:`NullInputs` remembers nothing between
messages (``maatje ask`` without ``--db``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Expected:
    """What Maatje asked someone to type next (their question, an announcement…)."""

    kind: str
    ref: str = ""
    #: The words of the message kept (a question not yet passed on, awaiting the yes).
    text: str = ""


#: The question of a second miss, kept until the person says yes (it is passed on as typed)
#: or no (it is deleted); never longer than an expectation lasts.
HANDOVER_DRAFT = "handover_draft"
#: How long an expectation's ``ref`` may be (``pending_inputs.ref``).
REF_LENGTH = 32


def topics_ref(intents: list[str]) -> str:
    """The topics Maatje guessed for a draft, kept in its ``ref`` (as many as fit), so the
    youth worker who gets the question sees what it seemed to be about."""
    kept = ""
    for intent in intents:
        longer = f"{kept},{intent}" if kept else intent
        if len(longer) > REF_LENGTH:
            break
        kept = longer
    return kept


def ref_topics(ref: str) -> tuple[str, ...]:
    """The topics :func:`topics_ref` kept."""
    return tuple(intent for intent in ref.split(",") if intent)


class InputPort(Protocol):
    """What the next free text of a person is for, for a short while."""

    def expect(self, user_key: str, kind: str, ref: str, now: datetime, text: str = "") -> bool:
        """Remember; ``False`` when nothing can be kept."""
        ...

    def pending(self, user_key: str, now: datetime) -> Expected | None: ...

    def clear(self, user_key: str) -> None: ...


class NullInputs:
    """Nothing is remembered between messages."""

    def expect(self, user_key: str, kind: str, ref: str, now: datetime, text: str = "") -> bool:
        return False

    def pending(self, user_key: str, now: datetime) -> Expected | None:
        return None

    def clear(self, user_key: str) -> None:
        return None
