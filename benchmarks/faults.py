"""How long a danger message waits for its help lines when the database fails, and what
happens to the other messages (answered once, lost, answered twice).

Run: ``.venv/bin/python benchmarks/faults.py [--cache data/cache] [--postgres URL] [--only NAME]``.
The scenarios are the fault tests' (:mod:`tests.dbfaults`): a frozen PostgreSQL connection
(a TCP proxy that stops passing bytes; it ends by passing them again, or, ``reset``, by
tearing the connections down), a row lock held by another session, PostgreSQL
refusing connections when ``maatje run`` starts, and a SQLite path whose folder is a file.
Per scenario: 3 pupils each ask 2 questions and one pupil writes a danger message and one
question while the fault lasts; then it ends. The Bot API emulator runs in this process.
PostgreSQL is only reached through the proxy or a second session; it is never reconfigured.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.dialogue import Maatje  # noqa: E402
from bot.features import registry  # noqa: E402
from content.loader import load_content  # noqa: E402
from intents.pipeline import Understander  # noqa: E402
from tests.dbfaults import (  # noqa: E402
    Figures,
    frozen_connection,
    held_row_lock,
    refused_at_start,
    unwritable_sqlite,
    warm_folder,
)
from tests.emulator import BotApiEmulator  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SCENARIOS = ["frozen", "reset", "locked", "refused", "sqlite"]


def fresh_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    """An empty PostgreSQL database of its own, and how to drop it."""
    import psycopg

    name = f"maatje_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"{admin_url.rsplit('/', 1)[0]}/{name}", drop


async def scenario(name: str, maatje: Maatje, cache: Path, admin_url: str) -> Figures:
    token = f"{uuid.uuid4().int % 10**9 + 10**9}:BENCH-{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory() as folder:
        data_dir = warm_folder(cache, Path(folder))
        async with BotApiEmulator() as emulator:
            if name == "sqlite":
                figures, _ = await unwritable_sqlite(emulator, token, data_dir)
                return figures
            url, drop = fresh_database(admin_url)
            try:
                runs: dict[str, Callable[[], Awaitable[Figures]]] = {
                    "frozen": lambda: frozen_connection(maatje, emulator, token, url, data_dir),
                    "reset": lambda: frozen_connection(maatje, emulator, token, url, data_dir,
                                                       "reset"),
                    "locked": lambda: held_row_lock(maatje, emulator, token, url, data_dir),
                }
                if name in runs:
                    return await runs[name]()
                figures, _ = await refused_at_start(emulator, token, url, data_dir)
                return figures
            finally:
                drop()


def show(figures: Figures) -> str:
    notes = f"  ({'; '.join(figures.notes)})" if figures.notes else ""
    return (f"{figures.fault:<18} help lines after {figures.help_seconds:6.2f} s"
            f" ({'first' if figures.help_first else 'NOT first'}, {figures.extra_help} extra)  "
            f"other messages: {figures.sent} sent, {figures.answered_during_fault} answered during "
            f"the fault, {figures.answered} answered in the end, {figures.lost} lost, "
            f"{figures.doubled} doubled; all answered {figures.catch_up_seconds:.1f} s after it ended{notes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=ROOT / "data" / "cache",
                        help="model cache (trained once if empty)")
    parser.add_argument("--postgres", default=ADMIN_URL, help="admin URL of a PostgreSQL server")
    parser.add_argument("--only", choices=SCENARIOS, action="append")
    args = parser.parse_args()
    understander = Understander.load(cache_dir=args.cache)
    maatje = Maatje(load_content(), understander, features=registry())
    for name in args.only or SCENARIOS:
        print(show(asyncio.run(scenario(name, maatje, args.cache, args.postgres))), flush=True)


if __name__ == "__main__":
    main()
