"""Pacing of outgoing messages: an even rate overall, a gap per chat, pauses on flood waits.

Telegram allows about 30 messages a second to different chats and one a second to the
same chat; beyond that it answers 429 with ``retry_after``, which holds for the whole bot.
Sends are spaced evenly (no bursts), so the rate is met in every second, not on average.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

#: Extra gap per chat, so network jitter cannot bring two messages within a second.
CHAT_MARGIN = 0.1


class RateLimiter:
    """Decides when the next message may go; ``acquire`` waits until then."""

    def __init__(
        self,
        rate: float,
        chat_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.spacing = 1.0 / rate
        self.chat_gap = chat_interval + CHAT_MARGIN
        self.clock = clock
        self.sleep = sleep
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chat_ready: dict[str, float] = {}
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """A 429: nothing goes out for ``seconds`` (Telegram's flood wait is bot-wide)."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self.clock())

    def busy_chats(self) -> set[str]:
        """Chats that must not get a message yet; forgets chats that are free again."""
        now = self.clock()
        for chat in [c for c, ready in self._chat_ready.items() if ready <= now]:
            del self._chat_ready[chat]
        return set(self._chat_ready)

    async def acquire(self, chat: str) -> None:
        """Wait for a free slot overall and for ``chat``, then take both."""
        async with self._lock:
            while True:
                now = self.clock()
                ready = max(self._next_slot, self._paused_until, self._chat_ready.get(chat, 0.0))
                if ready <= now:
                    break
                await self.sleep(ready - now)
            # Keep the cadence through small sleep overshoots, but never save up a burst.
            base = self._next_slot if now - self._next_slot < self.spacing else now
            self._next_slot = base + self.spacing
            self._chat_ready[chat] = now + self.chat_gap
