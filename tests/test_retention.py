"""Retention and scheduled jobs: old rows go, recent ones stay, and a daily job runs once a day
however often the deployment restarts (only its leader runs jobs: bot.scheduler)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.assembly import build_scheduler
from bot.config import Settings
from bot.core.state import UserState
from bot.flood import Bucket
from bot.scheduler import Scheduler
from content.loader import load_content
from storage.db import Database
from storage.flood import FloodBuckets
from storage.jobs import run_if_due
from storage.personal import RetentionPolicy
from storage.privacy import PersonalData
from storage.repositories import ProcessedUpdates, Users
from storage.retention import apply_retention

NOW = datetime(2026, 12, 12, 3, 0, tzinfo=UTC)
ACTIVE, GONE = "tg:1001", "tg:1002"


@pytest.fixture
def database(database_url: str):
    database = Database.open(database_url)
    yield database
    database.close()


def seed(database: Database) -> None:
    long_ago = NOW - timedelta(days=400)
    with database.session() as session:
        users = Users(session)
        users.save(ACTIVE, UserState(language="ar", consents=frozenset({"contact"})), NOW)
        users.save(GONE, UserState(language="uk", consents=frozenset({"contact"})), long_ago)
        FloodBuckets(session).save(GONE, Bucket(3.0, long_ago.timestamp()))
        FloodBuckets(session).save(ACTIVE, Bucket(3.0, NOW.timestamp()))
        PersonalData(session).audit("tg:staff", "lead.view", GONE, at=long_ago)
        ProcessedUpdates(session).claim("tg:1:old", NOW - timedelta(days=8))
        ProcessedUpdates(session).claim("tg:1:new", NOW - timedelta(hours=1))


def test_inactive_people_and_old_rows_are_erased(database: Database, caplog) -> None:
    seed(database)
    caplog.set_level(logging.INFO)
    with database.session() as session:
        counts = apply_retention(session, RetentionPolicy(), NOW)
    assert counts["users"] == 1 and counts["processed_updates"] == 1
    with database.session() as session:
        assert PersonalData(session).export(GONE) == {}
        kept = PersonalData(session).export(ACTIVE)
        assert kept["users"][0]["language"] == "ar" and "flood_buckets" in kept
        assert not ProcessedUpdates(session).claim("tg:1:new", NOW), "recent update ids stay"
        assert ProcessedUpdates(session).claim("tg:1:old", NOW), "old update ids go"
    logged = caplog.text
    assert "retention:" in logged and "users=1" in logged
    assert GONE not in logged and ACTIVE not in logged, "counts only"


def test_a_job_runs_once_per_period(database: Database) -> None:
    runs: list[int] = []
    work = lambda _session: runs.append(1) or True  # noqa: E731
    for moment, ran in ((NOW, True), (NOW + timedelta(minutes=5), False),
                        (NOW + timedelta(hours=2), True)):
        with database.session() as session:
            assert (run_if_due(session, "demo", 3600, moment, work) is not None) is ran
    assert len(runs) == 2


class Leader:
    """What a scheduler needs of the outbox sender that leads: a transaction, a wake-up."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def db(self, work: Callable[[object], object]) -> object:
        with self.database.session() as session:
            return work(session)

    def wake(self) -> None:
        return None


def tick(scheduler: Scheduler, database: Database, now: datetime) -> None:
    asyncio.run(scheduler.tick(Leader(database), now))  # type: ignore[arg-type]


def test_the_scheduled_job_erases_once_a_day_whoever_leads(database: Database, caplog) -> None:
    seed(database)
    caplog.set_level(logging.INFO)
    content = lambda: load_content()  # noqa: E731
    tick(build_scheduler(Settings(), content), database, NOW)
    assert caplog.text.count("retention: ") == 1 and "users=1" in caplog.text
    tick(build_scheduler(Settings(), content), database, NOW + timedelta(hours=3))
    assert caplog.text.count("retention: ") == 1, "a new leader the same day does not run it again"
    tick(build_scheduler(Settings(), content), database, NOW + timedelta(days=1, minutes=1))
    assert caplog.text.count("retention: ") == 2, "the next day it runs"
