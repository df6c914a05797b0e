"""The database failing under Maatje: locks and a database that is not there at start."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from storage.db import Database, DatabaseUnavailable, Timeouts


@pytest.mark.postgres
def test_a_row_locked_by_another_session_is_given_up_on_instead_of_waited_for(postgres_url: str) -> None:
    import psycopg

    database = Database.open(postgres_url, Timeouts(lock=0.5))
    with database.session() as session:
        session.execute(text("INSERT INTO flood_buckets (channel_key, tokens, at) VALUES ('tg:1', 1, 0)"))
    with psycopg.connect(postgres_url) as locker:
        locker.execute("SELECT * FROM flood_buckets WHERE channel_key = 'tg:1' FOR UPDATE")
        with pytest.raises(OperationalError, match="lock"), database.session() as session:
            session.execute(text("SELECT * FROM flood_buckets WHERE channel_key = 'tg:1' FOR UPDATE"))
        locker.rollback()
    database.close()


def test_a_database_that_cannot_be_made_at_start_is_made_and_migrated_once_it_can(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="storage.db")
    volume = tmp_path / "volume"
    volume.write_text("a file where the folder should be")
    now = [0.0]
    database = Database(f"sqlite:///{volume / 'maatje.sqlite3'}", clock=lambda: now[0])
    assert not database.ready()
    with pytest.raises(DatabaseUnavailable), database.session():
        pass
    assert issubclass(DatabaseUnavailable, SQLAlchemyError), "handled wherever a lost connection is"
    volume.unlink()
    volume.mkdir()
    assert not database.ready(), "not asked again before the pause is over"
    now[0] += 1.0
    with database.session() as session:
        assert session.execute(text("SELECT count(*) FROM users")).scalar_one() == 0, "migrated"
    messages = [record.getMessage() for record in caplog.records]
    assert sum("database unavailable" in m for m in messages) == 1, "one line when it goes"
    assert sum("database back" in m for m in messages) == 1, "one line when it comes back"
    database.close()


@pytest.mark.postgres
def test_postgres_connections_carry_the_time_limits_and_notice_a_silent_peer(postgres_url: str) -> None:
    database = Database.open(postgres_url, Timeouts(connect=4, lock=2, statement=7))
    with database.session() as session:
        assert session.execute(text("SHOW lock_timeout")).scalar_one() == "2s"
        assert session.execute(text("SHOW statement_timeout")).scalar_one() == "7s"
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        parameters = raw.info.get_parameters()  # type: ignore[attr-defined]
    assert parameters["connect_timeout"] == "4"
    assert parameters["keepalives"] == "1" and int(parameters["keepalives_idle"]) > 0
    assert parameters["tcp_user_timeout"] == "7000"
    database.close()
