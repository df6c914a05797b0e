"""SQL statements per message: what one plain question costs the database.

Run: ``.venv/bin/python benchmarks/statements.py [--cache DIR] [--postgres URL] [--show]``
(``--cache``: a folder holding the trained models, e.g. ``/tmp/models/cache``; ``--postgres``:
an admin URL, a database of its own is made and dropped; ``--show`` prints each statement).

The message: an onboarded pupil with no pending input, on an existing user row, types a
question a composer answers. Counted as the channels send it: the console (no update key)
and Telegram (an update key, so the processed-update insert is in the count), each with
the state write. Every statement the driver is handed is one (``SAVEPOINT`` and ``BEGIN``
included), counted with SQLAlchemy's ``before_cursor_execute`` event. Goal: ≤ 6.
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import UserState
from bot.features import registry
from bot.service import Conversations
from content.loader import load_content
from intents.pipeline import Understander
from intents.topic_prior import CONVERSATION_PRIOR
from storage.db import Database
from storage.repositories import Users

#: A question the ``club_join`` composer answers without reading anything else.
QUESTION = "hoe kan ik lid worden van een voetbalclub?"
PUPIL = UserState(language="nl", role="pupil", onboarded=True, age_band="13+")
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@contextmanager
def counted(database: Database) -> Iterator[list[str]]:
    """The statements the engine sends while the block runs."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", note)


def measure(core: Maatje, url: str, show: bool) -> dict[str, int]:
    """Statements for the question through each channel, after one warm-up message each
    (the user row, the flood bucket and the update-hash key then exist, as in production)."""
    database = Database.open(url)
    moment = [NOW]  # a minute passes between messages, as it would (and the row records it)
    conversations = Conversations(core, database, clock=lambda: moment[0])
    counts: dict[str, int] = {}
    try:
        for channel, user, key in (("console", "console:bench", None),
                                   ("telegram", "tg:4242", "tg:4242:m")):
            with database.session() as session:
                Users(session).save(user, PUPIL, NOW)
            message = Incoming(user, Kind.TEXT, text=QUESTION, language_hint="nl")
            moment[0] += timedelta(minutes=1)
            conversations.handle(message, f"{key}1" if key else None)  # warm-up
            moment[0] += timedelta(minutes=1)
            with counted(database) as seen:
                outcome = conversations.handle(message, f"{key}2" if key else None)
            assert outcome is not None and outcome.trace.intent in core.features.composers, outcome
            counts[channel] = len(seen)
            if show:
                print(f"--- {channel} ({outcome.trace.intent})")
                for number, statement in enumerate(seen, 1):
                    print(f"{number:3}  {statement[:150]}")
    finally:
        database.close()
    return counts


@contextmanager
def postgres_database(admin: str) -> Iterator[str]:
    """A fresh database of its own on the server, dropped afterwards (as the tests do)."""
    import psycopg

    name = f"maatje_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, help="folder with the trained models")
    parser.add_argument("--postgres", default=POSTGRES, help="admin URL ('' to skip)")
    parser.add_argument("--show", action="store_true", help="print every statement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        understander = Understander.load(cache_dir=args.cache or Path(scratch) / "cache")
        core = Maatje(load_content(), understander, features=registry(),
                      topic_prior=CONVERSATION_PRIOR)
        results = {"sqlite": measure(core, f"sqlite:///{scratch}/maatje.sqlite3", args.show)}
        if args.postgres:
            with postgres_database(args.postgres) as url:
                results["postgresql"] = measure(core, url, args.show)
    for backend, counts in results.items():
        print(f"{backend:10}  " + "  ".join(f"{channel}: {count} statements"
                                            for channel, count in counts.items()))


if __name__ == "__main__":
    main()
