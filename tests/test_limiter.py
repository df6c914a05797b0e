"""The rate limiter, on a clock the test moves: even spacing, a gap per chat, 429 pauses
(of the refused chat, or of everything when several chats are refused at once)."""

from __future__ import annotations

import asyncio
from itertools import pairwise

from bot.delivery.limiter import CHAT_MARGIN, FLOOD_CHATS, FLOOD_WINDOW, RateLimiter


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


def test_a_refused_chat_waits_and_the_others_do_not() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    assert not limiter.refused("refused", 2)
    assert limiter.paused_for() == 0
    assert "refused" in limiter.busy_chats()
    [other] = run_sends(limiter, ["other"])
    assert other < 101
    [again] = run_sends(limiter, ["refused"])
    assert again >= 102


def test_several_chats_refused_within_the_window_pause_everything() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    for n in range(FLOOD_CHATS - 1):
        assert not limiter.refused(f"c{n}", 2)
        clock.now += FLOOD_WINDOW / FLOOD_CHATS
    assert limiter.refused("last", 2)
    assert limiter.paused_for() == 2
    [when] = run_sends(limiter, ["other"])
    assert when >= 100 + FLOOD_WINDOW * (FLOOD_CHATS - 1) / FLOOD_CHATS + 2


def test_refusals_spread_out_never_pause_everything() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    for n in range(50):
        assert not limiter.refused(f"c{n}", 2)
        clock.now += FLOOD_WINDOW / (FLOOD_CHATS - 1)
    assert limiter.paused_for() == 0


def test_one_chat_refused_again_and_again_is_still_one_chat() -> None:
    clock = FakeClock()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    for _ in range(FLOOD_CHATS * 2):
        assert not limiter.refused("same", 0.1)
        clock.now += 0.01
    assert limiter.paused_for() == 0
