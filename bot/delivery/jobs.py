"""Scheduled work the leader runs between sends: reminders, scheduled broadcasts.

Jobs are feature functions that take a :class:`bot.core.features.Context` like any
command does, with a system person and the store of one transaction; what they want
to say goes into the outbox. Only the deployment's leader runs them, so each runs once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from bot.core.features import Context
from bot.core.messages import Incoming
from bot.core.render import Renderer
from bot.core.state import UserState
from bot.features.staffkit import DUTCH
from content.loader import Content
from storage.store import SqlStore

if TYPE_CHECKING:
    from bot.delivery.sender import OutboxSender

log = logging.getLogger(__name__)
SYSTEM = "system:scheduler"
Job = Callable[[Context], object]


def system_context(content: Content, session: Session, now: datetime) -> Context:
    """A context for work nobody asked for in a message (a reminder is due); ``now`` in
    the configured zone, as the core gives it to features."""
    return Context(Incoming(SYSTEM), UserState(), content, Renderer(content, DUTCH),
                   now.astimezone(content.zone),
                   SqlStore(session))


class ScheduledJobs:
    """A :class:`bot.delivery.sender.Ticker` that runs the jobs every ``every`` seconds."""

    def __init__(self, content: Callable[[], Content], jobs: Sequence[Job], every: float) -> None:
        self.content = content
        self.jobs = tuple(jobs)
        self.every = every
        self._last: float | None = None

    async def tick(self, sender: OutboxSender, now: datetime) -> None:
        clock = asyncio.get_running_loop().time()
        if self._last is not None and clock - self._last < self.every:
            return
        self._last = clock
        content = self.content()

        def run(session: Session) -> None:
            for job in self.jobs:
                job(system_context(content, session, now))

        await sender.db(run)
        sender.wake()
