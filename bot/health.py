"""``maatje health``: is the running bot alive? For Docker's HEALTHCHECK and compose.

Long polling opens no port to probe, so ``maatje run`` writes a heartbeat file in the data
folder every half minute from its event loop; ``maatje health`` (a separate process) reads
its age. A loop that hangs stops beating, and the container turns unhealthy within two
minutes. ``--database`` also asks the database for ``SELECT 1``; it is left out of the
container's check because the bot keeps answering danger while the database is down, and
should not be restarted for that.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from bot import failures
from bot.config import Settings

log = logging.getLogger(__name__)
HEARTBEAT_FILE = "heartbeat"
#: Seconds between two beats, and the age from which the bot counts as stuck.
INTERVAL, STALE_AFTER = 30.0, 120.0


def heartbeat_path(settings: Settings) -> Path:
    return settings.data_dir / HEARTBEAT_FILE


def beat(path: Path, now: float | None = None) -> None:
    """Write the time now (atomically: a reader never sees half a number)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f".{path.name}.tmp")
    fresh.write_text(f"{time.time() if now is None else now:.0f}\n", encoding="ascii")
    os.replace(fresh, path)


def install(application: Any, settings: Settings) -> None:
    """Beat from python-telegram-bot's job queue, the same loop that answers messages."""
    queue = application.job_queue
    if queue is None:
        log.warning("no job queue: maatje health cannot see this process")
        return
    path = heartbeat_path(settings)

    async def _beat(_context: Any) -> None:
        try:
            await asyncio.to_thread(beat, path)
        except OSError as error:
            log.warning("cannot write the heartbeat %s (%s)", path, error.strerror)

    queue.run_repeating(_beat, interval=INTERVAL, first=0.0, name="maatje-heartbeat")


def command(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when the bot beat lately (and, with ``--database``, the database answers)."""
    problems = [problem for problem in (_heartbeat_problem(settings), _database_problem(args, settings))
                if problem]
    for problem in problems:
        print(f"maatje: unhealthy: {problem}", file=sys.stderr)
    if not problems:
        print("healthy")
    return 1 if problems else 0


def _heartbeat_problem(settings: Settings, now: float | None = None) -> str | None:
    path = heartbeat_path(settings)
    try:
        age = (time.time() if now is None else now) - float(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return f"no heartbeat in {path}: maatje run is not running (or not with this data folder)"
    if age > STALE_AFTER:
        return f"the last heartbeat is {age:.0f} s old: maatje run is stuck or stopped"
    return None


def _database_problem(args: argparse.Namespace, settings: Settings) -> str | None:
    if not args.database:
        return None
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import make_engine

    engine = make_engine(settings.resolved_database_url(), settings.database_timeouts())
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        explained = failures.explain(error)
        return explained.message if explained else type(error).__name__
    finally:
        engine.dispose()
    return None
