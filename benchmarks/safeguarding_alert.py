"""How long a youth worker waits for a pupil's 🆘 alert, through the real bot and outbox.

Run: ``.venv/bin/python benchmarks/safeguarding_alert.py [--pupils 10] [--data-dir DIR]``.
The Bot API emulator runs in this process on 127.0.0.1; the database is a fresh SQLite file.
For each pupil: a danger message, then "ja" typed; the figures are the time from the "ja"
to her answer, and to the alert in the staff chat and in the youth worker's own chat
(median and worst). ``--data-dir`` holds the trained model (trained once when missing).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.dialogue import Maatje  # noqa: E402
from bot.features import registry  # noqa: E402
from content.loader import load_content  # noqa: E402
from intents.pipeline import Understander  # noqa: E402
from tests.emulator import BotApiEmulator  # noqa: E402
from tests.staffworld import become_staff, running_world  # noqa: E402

TOKEN = "1000000002:BENCHMARK"


async def run(pupils: int, data_dir: Path) -> dict[str, float]:
    core = Maatje(load_content(), Understander.load(cache_dir=data_dir / "cache"),
                  features=registry())
    answer: list[float] = []
    group: list[float] = []
    private: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        async with BotApiEmulator() as emulator, \
                running_world(emulator, TOKEN, url, core) as world:
            await become_staff(world)
            for number in range(pupils):
                pupil = emulator.user(TOKEN, 300_000 + number, f"P{number}", language_code="nl")
                await world.said(pupil, "mijn papa slaat mij")
                started = time.perf_counter()
                await world.said(pupil, "ja")
                answer.append(time.perf_counter() - started)
                in_group, in_private = await asyncio.gather(
                    _arrival(world.next(world.staff_group.id), started),
                    _arrival(world.next(world.sara.id), started))
                group.append(in_group)
                private.append(in_private)
    return {
        "pupils": pupils,
        "answer_median_s": statistics.median(answer), "answer_max_s": max(answer),
        "staff_chat_median_s": statistics.median(group), "staff_chat_max_s": max(group),
        "own_chat_median_s": statistics.median(private), "own_chat_max_s": max(private),
    }


async def _arrival(message: Awaitable[object], started: float) -> float:
    await message
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    figures = asyncio.run(run(args.pupils, args.data_dir))
    for name, value in figures.items():
        print(f"{name:22} {value:.3f}" if isinstance(value, float) else f"{name:22} {value}")


if __name__ == "__main__":
    main()
