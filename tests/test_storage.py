"""Storage, run on SQLite and on PostgreSQL: state survives, updates are handled once."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import UserState
from bot.flood import Bucket
from bot.service import Conversations
from storage.db import Database
from storage.flood import FloodBuckets
from storage.models import User
from storage.repositories import ProcessedUpdates, Users
from tests.features import Fixed

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)


def test_user_state_round_trips(database_url: str) -> None:
    database = Database.open(database_url)
    state = UserState(language="ar", role="parent", onboarded=True, misses=1,
                      consents=frozenset({"announcements"}))
    with database.session() as session:
        Users(session).save("tg:7", state, NOW)
    with database.session() as session:
        assert Users(session).state("tg:7") == state
    database.close()


def test_an_update_is_claimed_once(database_url: str) -> None:
    database = Database.open(database_url)
    with database.session() as session:
        assert ProcessedUpdates(session).claim("tg:1:100", NOW)
    with database.session() as session:
        assert not ProcessedUpdates(session).claim("tg:1:100", NOW)
        assert ProcessedUpdates(session).claim("tg:1:101", NOW)
    database.close()


def test_migrations_run_twice_without_harm(database_url: str) -> None:
    Database.open(database_url).close()
    Database.open(database_url).close()


def test_conversation_remembers_misses_between_messages(core: Maatje, database_url: str) -> None:
    database = Database.open(database_url)
    unsure = replace(core, understander=Fixed("camp_packing", score=0.1))
    conversations = Conversations(unsure, database, UserState(onboarded=True))
    first = conversations.handle(Incoming("tg:9", Kind.TEXT, text="qwx zzv blorp"), "u1")
    second = conversations.handle(Incoming("tg:9", Kind.TEXT, text="qwx zzv blorp"), "u2")
    assert first is not None and second is not None
    assert first.trace.fallback == "clarify", "an unclear message is asked about first"
    assert second.trace.fallback == "handover", "the miss of the first message was remembered"
    assert conversations.handle(Incoming("tg:9", Kind.TEXT, text="hallo"), "u2") is None
    database.close()


def test_safeguarding_answers_when_the_database_is_down(core: Maatje, tmp_path) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'gone' / 'x.sqlite3'}")
    database.close()
    (tmp_path / "gone" / "x.sqlite3").unlink()
    (tmp_path / "gone").rmdir()
    (tmp_path / "gone").write_text("not a folder")  # the database can no longer be opened
    conversations = Conversations(core, database, UserState(onboarded=True))
    outcome = conversations.handle(Incoming("tg:5", Kind.TEXT, text="mijn vader slaat mij"), "k")
    assert outcome is not None
    assert outcome.trace.intent == "safeguarding"
    assert "112" in outcome.replies[0].text


def _wait_until_blocked(database: Database, started: threading.Event) -> None:
    """Until the second session waits for the first one's new rows (bounded poll).

    PostgreSQL shows the wait in ``pg_stat_activity``; SQLite queues the second writer
    at ``BEGIN IMMEDIATE``, which cannot be observed: there the thread has only to start.
    """
    assert started.wait(10)
    if not database.url.startswith("postgresql"):
        return
    for _ in range(400):
        with database.engine.connect() as connection:
            waiting = connection.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()").scalar()
        if waiting:
            return
        time.sleep(0.025)
    raise AssertionError("the second session never waited for the first")


def test_two_first_messages_at_once_are_both_answered_with_memory(
    core: Maatje, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Two webhook processes get a new person's first two messages at the same moment:
    one creates the person; the other must find them, not fail on the duplicate."""
    database = Database.open(database_url)
    later = NOW + timedelta(seconds=1)
    conversations = Conversations(core, database, UserState(), clock=lambda: later)
    started, outcomes = threading.Event(), []

    def second_process() -> None:
        started.set()
        outcomes.append(conversations.handle(Incoming("tg:42", Kind.TEXT, text="hallo"), "tg:42:2"))

    other = threading.Thread(target=second_process)
    with caplog.at_level(logging.ERROR, logger="bot.service"), database.session() as first:
        FloodBuckets(first).save("tg:42", Bucket(5.0, NOW.timestamp()))
        Users(first).save("tg:42", UserState(language="ar", onboarded=True), NOW)
        first.flush()
        other.start()
        _wait_until_blocked(database, started)
    other.join(30)
    assert not other.is_alive()
    assert outcomes and outcomes[0] is not None and outcomes[0].replies
    assert "database unavailable" not in caplog.text
    with database.session() as session:
        rows = session.scalars(select(User).where(User.channel_key == "tg:42")).all()
        assert len(rows) == 1
        assert rows[0].language == "ar", "the second message kept what the first one learnt"
        assert rows[0].last_seen_at.replace(tzinfo=UTC) == later, "the second message was saved"
    database.close()


def test_the_same_new_person_saved_by_two_sessions_is_one_person(database_url: str) -> None:
    database = Database.open(database_url)
    started = threading.Event()
    errors: list[BaseException] = []

    def second_session() -> None:
        started.set()
        try:
            with database.session() as session:
                Users(session).save("tg:43", UserState(language="fr"), NOW)
                FloodBuckets(session).save("tg:43", Bucket(4.0, NOW.timestamp()))
                session.flush()
        except BaseException as error:  # reported below
            errors.append(error)

    other = threading.Thread(target=second_session)
    with database.session() as first:
        Users(first).save("tg:43", UserState(language="ar"), NOW)
        FloodBuckets(first).save("tg:43", Bucket(5.0, NOW.timestamp()))
        first.flush()
        other.start()
        _wait_until_blocked(database, started)
    other.join(30)
    assert not other.is_alive() and not errors, errors
    with database.session() as session:
        assert Users(session).state("tg:43").language == "fr", "the later save wins"
        assert FloodBuckets(session).get("tg:43") == Bucket(4.0, NOW.timestamp())
    database.close()
