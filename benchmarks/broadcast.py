"""A 1,000-recipient announcement through the real outbox sender and rate limiter.

Run: ``.venv/bin/python benchmarks/broadcast.py [--recipients 1000] [--rate 28] [--latency 0.05]
[--refused 0.03] [--retry-after 2]``.
The Bot API emulator runs in this process on 127.0.0.1 (``--latency`` adds a delay to every
send, like Telegram's own); the database is a fresh SQLite file (or ``--db URL``). Prints
the time, the rate, the ratio of the time to what the 30 msg/s bound allows, the busiest
second, and how many recipients got nothing or got it twice (goal: ratio within 10 % of
the bound, 0 lost, 0 duplicated).

``--refused`` answers that share of the sends with 429 ``retry_after`` (that many chats
drawn at random, the same ones every run, each refused once), as Telegram does when it
finds one chat too busy.
Goal then: at least 25 msg/s, 0 lost, 0 duplicated, and no chat's two calls less than a
second apart (``closest_calls_one_chat``).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.delivery.sender import SenderConfig  # noqa: E402
from bot.telegram.outbox_runner import sending  # noqa: E402
from storage.db import Database  # noqa: E402
from tests.emulator import BotApiEmulator  # noqa: E402
from tests.outboxkit import fill, parts, settled  # noqa: E402

TELEGRAM_BOUND = 30.0
TOKEN = "1000000001:BENCHMARK"


def busiest_second(times: list[float]) -> int:
    """The most sends that fell in any one-second window."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def closest_calls_one_chat(calls: list[tuple[str, float]]) -> float | None:
    """The shortest time between two calls to the same chat (``None``: no chat had two)."""
    last: dict[str, float] = {}
    closest: float | None = None
    for chat, moment in sorted(calls, key=lambda call: call[1]):
        if chat in last:
            gap = moment - last[chat]
            closest = gap if closest is None else min(closest, gap)
        last[chat] = moment
    return closest


def refuse_some(emulator: BotApiEmulator, chats: list[int], share: float, retry_after: int,
                latency: float) -> None:
    """Answer ``share`` of the first sends with 429: that many chats, drawn with a fixed seed.

    Each is refused once (its retry arrives). Injected before the latency fault, because
    the emulator applies the first fault that matches.
    """
    for chat in random.Random(13).sample(chats, k=round(share * len(chats))):
        emulator.inject(TOKEN, "sendMessage", 429, retry_after=retry_after, delay=latency,
                        chat_id=chat)


async def run(recipients: int, rate: float, latency: float, url: str, refused: float = 0.0,
              retry_after: int = 2) -> dict[str, float | None]:
    database = Database.open(url)
    async with BotApiEmulator() as emulator:
        chats = [emulator.user(TOKEN, 100_000 + n, f"R{n}", started=True).id
                 for n in range(recipients)]
        if refused:
            refuse_some(emulator, chats, refused, retry_after, latency)
        if latency:
            emulator.inject(TOKEN, "sendMessage", delay=latency, times=None)
        fill(database, chats, "📣 Zaterdag 14u: voetbal in het park!", broadcast_id=1)
        config = replace(SenderConfig(), rate=rate)
        started = time.perf_counter()
        async with sending(parts(database, emulator.url, TOKEN, config)):
            final = await settled(database, timeout=recipients / rate * 3 + 30)
        seconds = time.perf_counter() - started
        delivered = emulator.delivered_counts(TOKEN)
        calls = emulator.calls(TOKEN, "sendMessage")
        times = sorted(call.at for call in calls)
        closest = closest_calls_one_chat([(str(call.params.get("chat_id")), call.at)
                                          for call in calls])
    database.close()
    bound = recipients / TELEGRAM_BOUND
    return {
        "recipients": recipients,
        "seconds": round(seconds, 2),
        "msg_per_s": round(recipients / seconds, 2),
        "ratio_to_30_bound": round(seconds / bound, 3),
        "busiest_second": busiest_second(times),
        "refused_429": sum(1 for call in calls if call.status == 429),
        "closest_calls_one_chat": None if closest is None else round(closest, 3),
        "lost": sum(1 for chat in chats if delivered.get(chat, 0) == 0),
        "duplicated": sum(1 for chat in chats if delivered.get(chat, 0) > 1),
        "sent_rows": final["sent"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=SenderConfig().rate,
                        help="the sender's rate (default: Maatje's default)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per send (default 0.05)")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--refused", type=float, default=0.0,
                        help="share of the sends answered with 429 (default 0; the goal uses 0.03)")
    parser.add_argument("--retry-after", type=int, default=2,
                        help="the 429s' retry_after in seconds (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/broadcast.sqlite3"
        result = asyncio.run(run(args.recipients, args.rate, args.latency, url, args.refused,
                                 args.retry_after))
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    return 0 if meets_goal(result, refused=args.refused > 0) else 1


def meets_goal(result: dict[str, float | None], refused: bool) -> bool:
    """Nothing lost or doubled, within Telegram's limits; with 429s also at least 25 msg/s."""
    ok = result["lost"] == 0 and result["duplicated"] == 0 and (result["busiest_second"] or 0) <= 30
    closest = result["closest_calls_one_chat"]
    if closest is not None and closest < 1.0:
        ok = False
    if refused and (result["msg_per_s"] or 0) < 25:
        ok = False
    return ok


if __name__ == "__main__":
    sys.exit(main())
