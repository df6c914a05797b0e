"""Working hours such as ``"ma-vr 09:00-17:00; za 10:00-12:00"`` (MAATJE_SAFEGUARDING_HOURS).

Outside them a pupil who asked for help is told honestly when someone will read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

DAYS = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
        "mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}


@dataclass(frozen=True)
class Period:
    days: frozenset[int]
    start: time
    end: time


@dataclass(frozen=True)
class WorkingHours:
    periods: tuple[Period, ...]

    @classmethod
    def parse(cls, spec: str) -> WorkingHours:
        """``"ma-vr 09:00-17:00"``; ``ValueError`` saying what is wrong."""
        periods = tuple(_period(part.strip()) for part in spec.split(";") if part.strip())
        if not periods:
            raise ValueError("no working hours given")
        return cls(periods)

    def is_open(self, now: datetime) -> bool:
        return any(now.weekday() in p.days and p.start <= now.time() < p.end
                   for p in self.periods)

    def next_open(self, now: datetime) -> datetime:
        """The next moment the hours begin (``now`` itself when they are open)."""
        if self.is_open(now):
            return now
        starts = [
            datetime.combine(now.date() + timedelta(days=offset), p.start, tzinfo=now.tzinfo)
            for offset in range(8) for p in self.periods
            if (now.weekday() + offset) % 7 in p.days
        ]
        return min(start for start in starts if start > now)


def _period(part: str) -> Period:
    try:
        days_text, hours_text = part.split()
        start_text, end_text = hours_text.split("-")
        start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
    except ValueError as error:
        raise ValueError(f"'{part}': write it like 'ma-vr 09:00-17:00'") from error
    if start >= end:
        raise ValueError(f"'{part}': the end comes before the start")
    return Period(_days(days_text, part), start, end)


def _days(text: str, part: str) -> frozenset[int]:
    days: set[int] = set()
    for item in text.lower().split(","):
        first, _, last = item.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"'{part}': unknown day in '{item}' (use ma di wo do vr za zo)")
        a, b = DAYS[first], DAYS[last or first]
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)
