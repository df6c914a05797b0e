"""When a scheduled job last ran, so a daily job runs once a day for the deployment.

Only the deployment's leader runs jobs (:mod:`bot.scheduler`, :mod:`storage.leader`); this
row is what a restarted process or a new leader reads to know the job ran already. The row
is read for update and written in the job's own transaction: a leader that dies mid-job
commits nothing, so the next one runs the job at its next try.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from storage.models import JobRun

T = TypeVar("T")


def run_if_due(
    session: Session,
    name: str,
    every_seconds: float,
    now: datetime,
    work: Callable[[Session], T],
) -> T | None:
    """Run ``work`` in ``session`` unless the job ran within ``every_seconds``."""
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
