"""Storage, run on SQLite and on PostgreSQL: state survives, updates are handled once."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import UserState
from bot.service import Conversations
from storage.db import Database
from storage.repositories import ProcessedUpdates, Users

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
    conversations = Conversations(core, database, UserState(onboarded=True))
    first = conversations.handle(Incoming("tg:9", Kind.TEXT, text="qwx zzv blorp"), "u1")
    second = conversations.handle(Incoming("tg:9", Kind.TEXT, text="qwx zzv blorp"), "u2")
    assert first is not None and second is not None
    if first.trace.fallback == "clarify":
        assert second.trace.fallback == "handover"
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
