"""One sender per deployment: whoever holds the lock sends the outbox and runs the jobs.

On PostgreSQL the lock is a session advisory lock on a connection of its own: when the
holder dies, the server drops the connection and the lock with it, and another process
takes over at its next try. On SQLite (one machine) it is an exclusive ``flock`` on a
file next to the database, which the kernel releases when the holder dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from storage.db import Database, DatabaseUnavailable, postgres_connect_args

#: The advisory lock id: "MAATJE" in ASCII.
LOCK_KEY = 0x4D414154_4A45


class Lease(Protocol):
    """Held leadership."""

    def alive(self) -> bool:
        """Still held (may ask the database)."""
        ...

    def release(self) -> None: ...


class Leadership(Protocol):
    def try_acquire(self) -> Lease | None:
        """Leadership now, or ``None`` when another process holds it."""
        ...


class PostgresLeadership:
    """``pg_try_advisory_lock`` on a dedicated, unpooled connection."""

    def __init__(
        self, engine: Engine, key: int = LOCK_KEY, connect_args: dict[str, Any] | None = None
    ) -> None:
        self.engine = create_engine(engine.url, poolclass=NullPool, connect_args=connect_args or {})
        self.key = key

    def try_acquire(self) -> Lease | None:
        connection = self.engine.connect()
        try:
            held = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
            ).scalar_one()
            connection.commit()
        except SQLAlchemyError:
            connection.close()
            raise
        if not held:
            connection.close()
            return None
        return _PostgresLease(connection, self.key)


class _PostgresLease:
    def __init__(self, connection: Connection, key: int) -> None:
        self.connection = connection
        self.key = key

    def alive(self) -> bool:
        try:
            self.connection.execute(text("SELECT 1"))
            self.connection.commit()
        except SQLAlchemyError:
            return False
        return True

    def release(self) -> None:
        """Closing the unpooled connection ends the session, and the lock with it."""
        with contextlib.suppress(SQLAlchemyError):
            self.connection.close()


class FileLeadership:
    """An exclusive, non-blocking ``flock`` on a lock file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def try_acquire(self) -> Lease | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:  # the database's folder cannot be written: as if it were down
            raise DatabaseUnavailable(f"lock file: {type(error).__name__}") from error
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        return _FileLease(descriptor)


class _FileLease:
    def __init__(self, descriptor: int) -> None:
        self.descriptor: int | None = descriptor

    def alive(self) -> bool:
        return self.descriptor is not None

    def release(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


def leadership_for(database: Database, lock_dir: Path | None = None) -> Leadership:
    """The lock that fits the database: advisory on PostgreSQL, a file next to SQLite."""
    url = database.engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresLeadership(database.engine,
                                  connect_args=postgres_connect_args(database.timeouts))
    path = url.database
    if path and path != ":memory:":
        return FileLeadership(Path(f"{path}.sender.lock"))
    return FileLeadership((lock_dir or Path.cwd()) / "maatje.sender.lock")
