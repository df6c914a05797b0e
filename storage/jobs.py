"""Scheduled jobs run once per deployment, however many bot processes there are.

A process that wants to run a job opens a transaction, takes the job's lock (a PostgreSQL
advisory transaction lock; SQLite's write lock is taken by ``BEGIN IMMEDIATE`` already),
checks when the job last ran, and does the work in that same transaction. The lock and the
"last run" row together make a second process skip it, even one that comes a minute later;
a process that dies mid-job commits nothing, so another runs the job at its next try.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import JobRun

T = TypeVar("T")


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a job name."""
    digest = hashlib.sha256(f"maatje-job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def run_once(
    database: Database,
    name: str,
    every_seconds: float,
    now: datetime,
    work: Callable[[Session], T],
) -> T | None:
    """Run ``work`` unless another process holds the job or ran it within ``every_seconds``."""
    with database.session() as session:
        if not _take_lock(session, name):
            return None
        row = session.get(JobRun, name, with_for_update=True)
        stamp = now.timestamp()
        if row is not None and stamp - row.last_run < every_seconds:
            return None
        result = work(session)
        if row is None:
            session.add(JobRun(name=name, last_run=stamp))
        else:
            row.last_run = stamp
        return result


def _take_lock(session: Session, name: str) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(select(func.pg_try_advisory_xact_lock(lock_key(name)))))
