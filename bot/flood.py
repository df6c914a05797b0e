"""Per-person flood control: one polite "rustig aan", then a short pause; others never slowed.

A token bucket per person: ``burst`` messages at once, refilled at ``burst`` per
``window_seconds``. The message that finds the bucket empty gets one "rustig aan" and
starts a pause in which that person's messages are ignored. The bucket lives in the
database (one small row per person), so several bot processes share it, and nothing is
kept in process memory. A danger message is never ignored: safeguarding does not wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.dialogue import Maatje
from bot.core.languages import plan_languages
from bot.core.messages import Incoming, Kind, Outcome, Trace
from bot.core.payloads import SOS
from bot.core.render import Renderer
from bot.core.speech import SPOKEN_LANGUAGE, heard_text
from bot.core.state import UserState

SLOW_DOWN = "flood"


class Verdict(StrEnum):
    """What to do with one message."""

    ALLOW = "allow"
    WARN = "warn"
    IGNORE = "ignore"


@dataclass(frozen=True)
class FloodPolicy:
    """How many messages a person may send in a burst, the refill rate, and the pause."""

    burst: int = 20
    window_seconds: float = 60.0
    pause_seconds: float = 60.0


@dataclass(frozen=True)
class Bucket:
    """One person's allowance; times are Unix seconds (no time-zone pitfalls in SQLite)."""

    tokens: float
    at: float
    paused_until: float | None = None


def admit(policy: FloodPolicy, bucket: Bucket | None, now: float) -> tuple[Verdict, Bucket]:
    """The verdict for a message arriving at ``now``, and the bucket after it."""
    if bucket is None:
        return Verdict.ALLOW, Bucket(policy.burst - 1.0, now)
    if bucket.paused_until is not None and now < bucket.paused_until:
        return Verdict.IGNORE, bucket
    elapsed = max(now - bucket.at, 0.0)
    refill = elapsed * policy.burst / policy.window_seconds
    tokens = min(float(policy.burst), bucket.tokens + refill)
    if tokens >= 1.0:
        return Verdict.ALLOW, Bucket(tokens - 1.0, now)
    return Verdict.WARN, Bucket(0.0, now, now + policy.pause_seconds)


def is_urgent(core: Maatje, incoming: Incoming) -> bool:
    """A danger message (typed, or heard in a voice note) or the SOS button: answered whatever the rate."""
    incoming = incoming.cleaned()
    if incoming.kind is Kind.BUTTON:
        return incoming.payload == SOS
    if incoming.kind is Kind.VOICE and incoming.voice is not None:
        heard = heard_text(incoming.voice, minimum=0.0)  # checked as typed text is, even a guess
        return heard is not None and core.understander.understand(heard, SPOKEN_LANGUAGE).safeguarding
    if incoming.kind is not Kind.TEXT or not incoming.text.strip():
        return False
    return core.understander.understand(incoming.text, incoming.language_hint).safeguarding


def slow_down(core: Maatje, incoming: Incoming, state: UserState) -> Outcome:
    """The one polite "rustig aan", in the person's language under the Dutch."""
    render = Renderer(core.content, plan_languages(None, state, incoming.language_hint))
    reply = render.reply(render.ui("flood.slow_down"))
    return Outcome((reply,), Trace(SLOW_DOWN, None, 1.0, "und"))
