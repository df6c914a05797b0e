"""A 1,000-recipient announcement through the real outbox sender and rate limiter.

Run: ``.venv/bin/python benchmarks/broadcast.py [--recipients 1000] [--rate 28] [--latency 0.05]``.
The Bot API emulator runs in this process on 127.0.0.1 (``--latency`` adds a delay to every
send, like Telegram's own); the database is a fresh SQLite file (or ``--db URL``). Prints
the time, the rate, the ratio of the time to what the 30 msg/s bound allows, the busiest
second, and how many recipients got nothing or got it twice (goal: ratio within 10 % of
the bound, 0 lost, 0 duplicated).
"""

from __future__ import annotations

import argparse
import asyncio
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


async def run(recipients: int, rate: float, latency: float, url: str) -> dict[str, float]:
    database = Database.open(url)
    async with BotApiEmulator() as emulator:
        chats = [emulator.user(TOKEN, 100_000 + n, f"R{n}", started=True).id
                 for n in range(recipients)]
        if latency:
            emulator.inject(TOKEN, "sendMessage", delay=latency, times=None)
        fill(database, chats, "📣 Zaterdag 14u: voetbal in het park!", broadcast_id=1)
        config = replace(SenderConfig(), rate=rate)
        started = time.perf_counter()
        async with sending(parts(database, emulator.url, TOKEN, config)):
            final = await settled(database, timeout=recipients / rate * 3 + 30)
        seconds = time.perf_counter() - started
        delivered = emulator.delivered_counts(TOKEN)
        times = sorted(call.at for call in emulator.calls(TOKEN, "sendMessage"))
    database.close()
    bound = recipients / TELEGRAM_BOUND
    return {
        "recipients": recipients,
        "seconds": round(seconds, 2),
        "msg_per_s": round(recipients / seconds, 2),
        "ratio_to_30_bound": round(seconds / bound, 3),
        "busiest_second": busiest_second(times),
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/broadcast.sqlite3"
        result = asyncio.run(run(args.recipients, args.rate, args.latency, url))
    for key, value in result.items():
        print(f"{key:>18}: {value}")
    ok = result["lost"] == 0 and result["duplicated"] == 0 and result["busiest_second"] <= 30
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
