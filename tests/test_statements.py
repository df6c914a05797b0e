"""A plain question costs the database a handful of statements, not one per feature.

A count, not a time: the same message sends the same statements on every machine. The
benchmark (``benchmarks/statements.py``) prints them; this keeps the number from creeping
back up as features are added (each asking for the same rows again).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import UserState
from bot.service import Conversations
from storage.db import Database
from storage.repositories import Users

PUPIL = UserState(language="nl", role="pupil", onboarded=True, age_band="13+")
QUESTION = "hoe kan ik lid worden van een voetbalclub?"
#: The processed-update insert, her row (with bucket, pending input, staff, case), her
#: bucket, the day's count and her state; and SQLite's ``BEGIN IMMEDIATE``.
GOAL = 6


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split())[:90])

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", note)


def test_a_plain_question_costs_at_most_six_statements(core: Maatje, database_url: str) -> None:
    database = Database.open(database_url)
    moment = [datetime(2026, 12, 3, 14, 0, tzinfo=UTC)]
    conversations = Conversations(core, database, clock=lambda: moment[0])
    try:
        with database.session() as session:
            Users(session).save("tg:77", PUPIL, moment[0])
        message = Incoming("tg:77", Kind.TEXT, text=QUESTION)
        conversations.handle(message, "tg:77:m1")
        moment[0] += timedelta(minutes=1)
        with statements(database) as seen:
            outcome = conversations.handle(message, "tg:77:m2")
        assert outcome is not None and outcome.trace.intent == "club_join"
        assert len(seen) <= GOAL, "\n".join(seen)
        assert conversations.handle(message, "tg:77:m2") is None, "a redelivery is still skipped"
    finally:
        database.close()
