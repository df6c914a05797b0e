"""The one scheduler: work nobody asked for in a message, run once for the deployment.

Reminders, announcements whose time came and the daily retention all run here, between
the outbox sender's sends, and only while that sender leads the deployment
(:mod:`storage.leader`): however many bot processes there are, one runs the jobs. Work
whose period outlives a process (retention, once a day) also keeps when it last ran in the
database (:mod:`storage.jobs`), so a restart or a new leader does not run it sooner.

A feature's job gets a :class:`bot.core.features.JobContext` (the content, the clock, the
store of one transaction), not a made-up message; what it wants to say goes into the
outbox.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.core.features import Job, JobContext
from content.loader import Content
from storage.jobs import run_if_due
from storage.store import SqlStore

if TYPE_CHECKING:
    from bot.delivery.sender import OutboxSender

log = logging.getLogger(__name__)
#: Work in one transaction at ``now`` (as the sender's clock gives it).
Work = Callable[[Session, datetime], object]


@dataclass(frozen=True)
class Every:
    """Work the leader looks at every ``seconds``; with ``period``, it runs at most once
    per ``period`` seconds for the deployment (remembered as ``name`` in ``job_runs``)."""

    name: str
    seconds: float
    work: Work
    period: float | None = None


class Scheduler:
    """A :class:`bot.delivery.sender.Ticker`: at each of the leader's turns, what is due
    runs, each entry in a transaction of its own (one failing does not undo another)."""

    def __init__(self, entries: Sequence[Every]) -> None:
        self.entries = tuple(entries)
        self._last: dict[str, float] = {}

    async def tick(self, sender: OutboxSender, now: datetime) -> None:
        clock = asyncio.get_running_loop().time()
        due = [entry for entry in self.entries
               if (last := self._last.get(entry.name)) is None or clock - last >= entry.seconds]
        for entry in due:
            self._last[entry.name] = clock
            try:
                await sender.db(partial(_run, entry, now))
            except (SQLAlchemyError, OSError) as error:
                log.error("scheduled job %s failed (%s)", entry.name, type(error).__name__)
        if due:
            sender.wake()  # what the jobs queued goes out now, not at the next poll


def _run(entry: Every, now: datetime, session: Session) -> object:
    if entry.period is None:
        return entry.work(session, now)
    return run_if_due(session, entry.name, entry.period, now, lambda s: entry.work(s, now))


def job_context(content: Content, session: Session, now: datetime) -> JobContext:
    """What a feature's job gets: ``now`` in the configured zone, as a message's context
    has it, and the store of this transaction."""
    return JobContext(content, now.astimezone(content.zone), SqlStore(session))


def feature_jobs(content: Callable[[], Content], jobs: Sequence[Job]) -> Work:
    """The features' jobs as one piece of work: in one transaction, on the live content."""
    kept = tuple(jobs)

    def work(session: Session, now: datetime) -> None:
        ctx = job_context(content(), session, now)
        for job in kept:
            job(ctx)

    return work
