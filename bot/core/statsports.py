"""Port for counting what Maatje answers, and the weekly figures staff see.

Only counts are kept, never who asked. :class:`NullStats` counts nothing (``maatje ask``
without ``--db``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class WeeklyStats:
    """Counts for the last weeks (oldest first), for the staff's chart: no personal data."""

    weeks: tuple[date, ...]
    questions: tuple[int, ...]
    leads_opened: tuple[int, ...]
    leads_followed_up: tuple[int, ...]
    unanswered: tuple[int, ...]
    topics: tuple[tuple[str, int], ...]


class StatsPort(Protocol):
    """Counting what Maatje answers, and the weekly figures staff see."""

    def count(self, topic: str, now: datetime) -> None: ...

    def weekly(self, now: datetime, weeks: int) -> WeeklyStats: ...


class NullStats:
    """Nothing counted, nothing to show."""

    def count(self, topic: str, now: datetime) -> None:
        return None

    def weekly(self, now: datetime, weeks: int) -> WeeklyStats:
        return WeeklyStats((), (), (), (), (), ())
