"""Activities: dated items that show up while they are coming and vanish once they are over.

Authored activities (``activities.yaml``) carry translations; imported ones (from the
organisation's iCalendar feed, ``activities-imported.yaml``) keep only their Dutch title
and text. Nothing here knows the clock: every question takes ``now``, in the configured zone
(:mod:`content.zone`), whose days it counts in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from content.schema import Text
from content.when import DaySpan
from content.zone import local

#: An activity without an end time counts as running this long.
DEFAULT_DURATION = timedelta(hours=2)
#: How many coming activities an answer lists.
LISTED = 3
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
Audience = Literal["pupils", "parents", "buddies", "all"]


class Activity(BaseModel):
    """One dated activity.

    ``id`` is short and stable: it travels in the "add to my calendar" button.
    ``place`` is an id from ``places.yaml`` (imported activities: the feed's location text).
    ``imported`` marks activities from a calendar feed: Dutch only, no translations demanded.
    ``price`` in euros; ``None`` when unknown (imported activities), 0 when free.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    title: Text
    start: datetime
    end: datetime | None = None
    place: str | None = None
    price: Decimal | None = Field(default=None, ge=0)
    bring: Text | None = None
    audience: Audience | None = None
    group: str | None = None
    signup: bool = False
    description: Text | None = None
    imported: bool = False
    uid: str | None = None

    @field_validator("start", "end")
    @classmethod
    def _local(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        """Times in the files are wall-clock times in the configured zone unless they say
        otherwise."""
        return None if value is None else local(value, info)

    @model_validator(mode="after")
    def _ends_after_start(self) -> Activity:
        if self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self

    @property
    def ends(self) -> datetime:
        return self.end or self.start + DEFAULT_DURATION

    @property
    def free(self) -> bool:
        return self.price is not None and self.price == 0

    def texts(self) -> Iterable[tuple[str, Text]]:
        """Its user-facing texts with their key inside the activity."""
        for name in ("title", "bring", "description"):
            value = getattr(self, name)
            if value is not None:
                yield name, value


def upcoming(activities: Iterable[Activity], now: datetime) -> list[Activity]:
    """Activities that have not ended yet, soonest first."""
    return sorted((a for a in activities if a.ends > now), key=lambda a: (a.start, a.id))


def on_days(activities: Iterable[Activity], span: DaySpan, now: datetime) -> list[Activity]:
    """Coming activities that start on one of the days of ``span`` (days in ``now``'s zone)."""
    return [a for a in upcoming(activities, now) if a.start.astimezone(now.tzinfo).date() in span]


def after(activities: Sequence[Activity], day: date, now: datetime) -> list[Activity]:
    """Coming activities starting after ``day``: "nothing on Saturday, but next…"."""
    return [a for a in upcoming(activities, now) if a.start.astimezone(now.tzinfo).date() > day]


def find(activities: Iterable[Activity], activity_id: str) -> Activity | None:
    return next((a for a in activities if a.id == activity_id), None)
