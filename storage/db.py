"""Engine and session set-up for SQLite (default) and PostgreSQL, and migrations at start.

A database that is down at start does not stop the bot: :meth:`Database.waiting` keeps
trying (with back-off) and, meanwhile, every session raises :class:`DatabaseUnavailable`,
which the callers already handle as any other database failure.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Idle seconds before TCP asks a silent PostgreSQL connection whether it is still there,
#: seconds between the questions, and how many unanswered ones mean it is gone.
KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_COUNT = 10, 5, 3
#: Pause between tries to reach a database that was down at start (tried only when needed).
FIRST_RETRY, MAX_RETRY = 1.0, 5.0


class DatabaseUnavailable(SQLAlchemyError):
    """The database has not been reached (and migrated) since the start; tried again later.

    A :class:`SQLAlchemyError`, so every caller that survives a lost connection also
    survives a database that was never there.
    """


@dataclass(frozen=True)
class Timeouts:
    """How long PostgreSQL may keep a message waiting before Maatje gives up on it.

    A message that gives up is put off and tried again; a danger message never waits for
    any of this (it is answered without the database first).
    """

    connect: float = 5.0
    lock: float = 3.0
    statement: float = 10.0


def postgres_connect_args(timeouts: Timeouts) -> dict[str, Any]:
    """libpq options: server-side lock and statement limits, and TCP that notices a
    server or network that went silent (keepalives when idle, ``tcp_user_timeout`` when
    sent data is not acknowledged), so no connection waits for ever."""
    lock_ms, statement_ms = round(timeouts.lock * 1000), round(timeouts.statement * 1000)
    return {
        "connect_timeout": max(1, math.ceil(timeouts.connect)),
        "options": f"-c lock_timeout={lock_ms} -c statement_timeout={statement_ms}",
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE,
        "keepalives_interval": KEEPALIVE_INTERVAL,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": statement_ms,
    }


def make_engine(url: str, timeouts: Timeouts | None = None) -> Engine:
    """An engine tuned for the backend: WAL and immediate write locks on SQLite, time
    limits on PostgreSQL. Connects only when first used."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _tune_sqlite(engine)
        return engine
    timeouts = timeouts or Timeouts()
    # A server that went away must not hang a message: fail fast, reconnect on the next one.
    return create_engine(url, pool_pre_ping=True, pool_timeout=timeouts.statement,
                         connect_args=postgres_connect_args(timeouts))


def _ensure_sqlite_folder(url: str) -> None:
    path = url.split("///", 1)[-1]
    if url.startswith("sqlite") and path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _tune_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers; BEGIN IMMEDIATE so writers queue instead of failing."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (run at every start; cheap when current).

    Without the statement limit: a migration of a large table may take longer than a message.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class _Readiness:
    """Whether the database was reached and migrated; if not, when to try again."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.ready = False
        self.down_since: float | None = None
        self.next_try = 0.0
        self.pause = FIRST_RETRY
        self.lock = threading.Lock()

    def failed(self, error: BaseException) -> None:
        if self.down_since is None:
            self.down_since = self.clock()
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()
            log.error("database unavailable (%s: %s); danger is answered, other messages "
                      "wait until it is back: check MAATJE_DATABASE_URL and that the server runs",
                      type(error).__name__, reason[0][:160] if reason else "")
        self.next_try = self.clock() + self.pause
        self.pause = min(self.pause * 2, MAX_RETRY)

    def succeeded(self) -> None:
        if self.down_since is not None:
            log.warning("database back after %.0f s; migrated, answering everything again",
                        self.clock() - self.down_since)
        self.ready, self.down_since = True, None


class Database:
    """One engine and its session factory; sessions are opened per update, never shared."""

    def __init__(
        self, url: str, timeouts: Timeouts | None = None,
        clock: Callable[[], float] = time.monotonic,
        prepare: Callable[[Session], None] | None = None,
    ) -> None:
        self.url = url
        #: Run once the schema is current (rows the settings ask for, e.g. staff members).
        self._prepare = prepare
        self.timeouts = timeouts or Timeouts()
        self.engine = make_engine(url, self.timeouts)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readiness = _Readiness(clock)

    @classmethod
    def open(cls, url: str, timeouts: Timeouts | None = None,
             prepare: Callable[[Session], None] | None = None) -> Database:
        """Connect and migrate now; errors are raised (for commands run by hand)."""
        database = cls(url, timeouts, prepare=prepare)
        _ensure_sqlite_folder(url)
        database._migrate()
        database._readiness.ready = True
        return database

    @classmethod
    def waiting(cls, url: str, timeouts: Timeouts | None = None,
                prepare: Callable[[Session], None] | None = None) -> Database:
        """Connect and migrate now if the database is there, else later: for the bot,
        which must answer danger even while the database is down."""
        database = cls(url, timeouts, prepare=prepare)
        database.ready()
        return database

    def _migrate(self) -> None:
        """The schema to the newest migration, then what the settings ask for."""
        migrate(self.engine)
        if self._prepare is not None:
            with self._sessions.begin() as session:
                self._prepare(session)

    def ready(self) -> bool:
        """Reached and migrated; if not yet, try again when the back-off allows."""
        readiness = self._readiness
        if readiness.ready:
            return True
        with readiness.lock:
            if readiness.ready or readiness.clock() < readiness.next_try:
                return readiness.ready
            try:
                _ensure_sqlite_folder(self.url)
                self._migrate()
            except (SQLAlchemyError, OSError) as error:
                readiness.failed(error)
                return False
            readiness.succeeded()
            return True

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        if not self.ready():
            raise DatabaseUnavailable("not reached since the start; trying again")
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
