"""The rate limiter, on a clock the test moves: even spacing, a gap per chat, 429 pauses."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from bot.delivery.limiter import CHAT_MARGIN, RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def run_sends(limiter: RateLimiter, chats: list[str]) -> list[float]:
    clock = limiter.clock

    async def go() -> list[float]:
        times = []
        for chat in chats:
            await limiter.acquire(chat)
            times.append(clock())
        return times

    return asyncio.run(go())


def test_thirty_a_second_means_no_more_than_thirty_in_any_second() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    times = run_sends(limiter, [f"c{i}" for i in range(300)])
    for i in range(len(times) - 30):
        assert times[i + 30] - times[i] >= 1.0 - 1e-9
    assert times[-1] - times[0] <= 299 / 30 + 1e-6, "and no slower than the rate"


def test_one_chat_gets_at_most_one_message_a_second() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    times = run_sends(limiter, ["same"] * 5)
    gaps = [b - a for a, b in pairwise(times)]
    assert all(gap >= 1.0 + CHAT_MARGIN - 1e-9 for gap in gaps)
    assert limiter.busy_chats() == {"same"}
    clock.now += 2
    assert limiter.busy_chats() == set()


def test_a_flood_wait_stops_every_send_until_it_is_over() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    limiter.pause(7)
    assert limiter.paused_for() == 7
    [when] = run_sends(limiter, ["other"])
    assert when >= 107
