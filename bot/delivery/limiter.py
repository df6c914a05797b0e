"""Pacing of outgoing messages: an even rate overall, a gap per chat, pauses on flood waits.

Telegram allows about 30 messages a second to different chats and one a second to the
same chat; beyond that it answers 429 with ``retry_after``. Sends are spaced evenly (no
bursts), so the rate is met in every second, not on average.

A 429 does not say whether it is about one chat or the whole bot. So a refused chat
waits out ``retry_after`` on its own and the other chats go on; only when
:data:`FLOOD_CHATS` different chats are refused within :data:`FLOOD_WINDOW` seconds does
everything wait. Why 5 within 1 s: when the whole bot is refused, every send is, so at
28 msg/s five refusals come within a fifth of a second (five wasted calls); when
Telegram refuses single chats now and then (3 % of the sends, 0.84 a second), five
within one second happen in about one broadcast of 1,000 in six, where "3 within 5 s"
would stop the whole bot every few seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

#: Extra gap per chat, so network jitter cannot bring two messages within a second.
CHAT_MARGIN = 0.1
#: This many different chats refused within the window: the 429 is about the whole bot.
FLOOD_CHATS = 5
#: Seconds; stretched at slow rates to the time ``2 × FLOOD_CHATS`` sends take.
FLOOD_WINDOW = 1.0


class RateLimiter:
    """Decides when the next message may go; ``acquire`` waits until then."""

    def __init__(
        self,
        rate: float,
        chat_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        flood_chats: int = FLOOD_CHATS,
        flood_window: float = FLOOD_WINDOW,
    ) -> None:
        self.spacing = 1.0 / rate
        self.chat_gap = chat_interval + CHAT_MARGIN
        self.clock = clock
        self.sleep = sleep
        self.flood_chats = flood_chats
        self.flood_window = max(flood_window, 2 * flood_chats * self.spacing)
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._chat_ready: dict[str, float] = {}
        #: Recently refused chats: when, and the ``retry_after`` they were given.
        self._refusals: dict[str, tuple[float, float]] = {}
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Nothing goes out for ``seconds`` (a flood wait for the whole bot)."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    def refused(self, chat: str, seconds: float) -> bool:
        """A 429 for ``chat``: it waits ``seconds``; ``True`` when everything waits.

        The chat waits a margin longer than its refused message, so that message is due
        again before the chat may have any other: the order within a chat holds.
        """
        now = self.clock()
        self._chat_ready[chat] = max(self._chat_ready.get(chat, 0.0),
                                     now + seconds + CHAT_MARGIN)
        self._refusals = {c: seen for c, seen in self._refusals.items()
                          if now - seen[0] < self.flood_window}
        self._refusals[chat] = (now, seconds)
        if len(self._refusals) < self.flood_chats:
            return False
        self.pause(max(wait for _, wait in self._refusals.values()))
        self._refusals.clear()
        return True

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
