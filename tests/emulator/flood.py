"""Telegram's flood limits, when a test asks for them (off by default).

Telegram answers 429 with ``retry_after`` when a bot sends more than about 30
messages per second overall, more than about one per second to one chat, or
more than 20 per minute to one group.  The exact algorithm is not published; this
is a sliding-window approximation with the same published numbers, enough to
prove that a sender stays under them.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field

from .errors import ApiError, too_many_requests

SENDING = frozenset(
    {
        "sendmessage", "senddocument", "sendphoto", "sendvenue", "sendlocation",
        "copymessage", "forwardmessage",
    }
)  # fmt: skip


@dataclass
class FloodLimits:
    """Limits for one bot and the sends it made recently."""

    per_second: float = 30.0
    per_chat_per_second: float = 1.0
    group_per_minute: float = 20.0
    sends: deque[tuple[float, int]] = field(default_factory=deque)

    def check(self, method: str, chat_id: int | None) -> ApiError | None:
        """A 429 if this send would break a limit; else the send is counted."""
        if method.lower() not in SENDING or chat_id is None:
            return None
        now = time.monotonic()
        while self.sends and self.sends[0][0] < now - 60:
            self.sends.popleft()
        waits = [
            self._wait(now, 1.0, self.per_second, None),
            self._wait(now, 1.0 / self.per_chat_per_second, 1, chat_id),
        ]
        if chat_id < 0:
            waits.append(self._wait(now, 60.0, self.group_per_minute, chat_id))
        wait = max(waits)
        if wait > 0:
            return too_many_requests(max(1, math.ceil(wait)))
        self.sends.append((now, chat_id))
        return None

    def _wait(self, now: float, window: float, limit: float, chat_id: int | None) -> float:
        """Seconds until one more send fits in ``window``; 0 if it fits now."""
        recent = [t for t, c in self.sends if t > now - window and chat_id in (None, c)]
        allowed = max(int(limit), 1)
        if len(recent) < allowed:
            return 0.0
        return recent[-allowed] + window - now
