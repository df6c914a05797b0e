"""Retention and scheduled jobs: old rows go, recent ones stay, and a job runs once per deployment."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.state import UserState
from bot.flood import Bucket
from bot.jobs import Jobs
from storage.db import Database
from storage.flood import FloodBuckets
from storage.jobs import run_once
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
    assert run_once(database, "demo", 3600, NOW, work) is not None
    assert run_once(database, "demo", 3600, NOW + timedelta(minutes=5), work) is None
    assert run_once(database, "demo", 3600, NOW + timedelta(hours=2), work) is not None
    assert len(runs) == 2


def test_two_processes_at_the_same_moment_run_the_job_once(database_url: str) -> None:
    first, second = Database.open(database_url), Database.open(database_url)
    inside, release = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow(name: str):
        def work(_session: object) -> str:
            runs.append(name)
            inside.set()
            release.wait(timeout=30)
            return name
        return work

    a = threading.Thread(target=run_once, args=(first, "retention", 86400, NOW, slow("a")))
    a.start()
    assert inside.wait(timeout=30)
    b = threading.Thread(target=run_once, args=(second, "retention", 86400, NOW, slow("b")))
    b.start()
    release.set()
    a.join(timeout=30)
    b.join(timeout=30)
    assert runs == ["a"]
    first.close()
    second.close()


def test_the_scheduled_job_erases_and_reports(database: Database) -> None:
    seed(database)
    jobs = Jobs(database, RetentionPolicy(), clock=lambda: NOW)
    counts = jobs.run_due()
    assert counts is not None and counts["users"] == 1
    assert jobs.run_due() is None, "the second try the same day does nothing"
