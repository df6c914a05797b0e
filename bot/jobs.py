"""The bot's scheduled jobs (retention…), tried by every process and run by one.

Each process asks every ``check_seconds`` whether a job is due; :func:`storage.jobs.run_once`
makes sure only one process in the deployment runs it per period.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from storage.db import Database
from storage.jobs import run_once
from storage.personal import RetentionPolicy
from storage.retention import apply_retention

log = logging.getLogger(__name__)
RETENTION = "retention"
DAY = 24 * 3600.0


def retention_policy(settings: Settings) -> RetentionPolicy:
    """The configured retention: what the job erases and what ``/privacy`` tells."""
    return RetentionPolicy(
        followed_up_leads_days=settings.retention_followed_up_leads_days,
        unanswered_questions_days=settings.retention_unanswered_questions_days,
        inactive_users_days=settings.retention_inactive_users_days,
        safeguarding_days=settings.retention_safeguarding_days,
        forms_days=settings.retention_forms_days,
    )


@dataclass(frozen=True)
class Jobs:
    """What to run, on which database, with which clock."""

    database: Database
    retention: RetentionPolicy
    clock: Callable[[], datetime]
    check_seconds: float = 3600.0

    @classmethod
    def from_settings(cls, settings: Settings, database: Database, clock: Callable[[], datetime]) -> Jobs:
        return cls(database, retention_policy(settings), clock,
                   check_seconds=settings.jobs_check_seconds)

    def run_due(self) -> dict[str, int] | None:
        """Run the retention job if it is due; its counts, or ``None`` when it was not run."""
        now = self.clock()
        try:
            return run_once(self.database, RETENTION, DAY, now,
                            lambda session: apply_retention(session, self.retention, now))
        except SQLAlchemyError as error:
            log.error("scheduled job failed: %s", type(error).__name__)
            return None

    def install(self, application: Any) -> None:
        """Check for due jobs from python-telegram-bot's job queue (a minute after start)."""
        queue = application.job_queue
        if queue is None:
            log.warning("no job queue: scheduled jobs do not run")
            return
        first = min(60.0, self.check_seconds)
        queue.run_repeating(self._tick, interval=self.check_seconds, first=first, name="maatje-jobs")

    async def _tick(self, _context: Any) -> None:
        await asyncio.to_thread(self.run_due)
