"""Ports for activities staff add from Telegram, and for pupils who say "Ik kom".

Authored activities live in ``content/data``; the ones a youth worker adds with
``/activiteit`` live in the database and are merged with them when Maatje answers.
``Null*`` versions keep nothing (``maatje ask`` without ``--db``): no staff activities,
and nobody can say they come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

#: States of a staff activity: being written, visible to pupils, called off.
DRAFT = "draft"
LIVE = "live"
CANCELLED = "cancelled"
#: Ids of staff activities start with this, so they never clash with authored ids.
ID_PREFIX = "st-"


@dataclass(frozen=True)
class StaffActivity:
    """An activity a youth worker added (or is adding); texts are the worker's own Dutch."""

    id: int
    state: str
    created_by: str
    title: str = ""
    start: datetime | None = None
    place: str | None = None
    price: Decimal | None = None
    description: str | None = None

    @property
    def activity_id(self) -> str:
        """The id pupils' buttons carry (``st-12``), next to authored ids."""
        return f"{ID_PREFIX}{self.id}"

    @property
    def complete(self) -> bool:
        return bool(self.title) and self.start is not None and self.price is not None


def staff_number(activity_id: str) -> int | None:
    """``"st-12"`` → 12; ``None`` for an authored id or anything forged."""
    number = activity_id.removeprefix(ID_PREFIX)
    if not activity_id.startswith(ID_PREFIX) or not number.isdigit() or len(number) > 9:
        return None
    return int(number)


class ActivityPort(Protocol):
    """Activities staff add, change and cancel."""

    def draft(self, created_by: str, now: datetime) -> StaffActivity | None:
        """A new, empty activity being written; ``None`` when nothing can be kept."""
        ...

    def get(self, number: int) -> StaffActivity | None: ...

    def update(self, number: int, now: datetime, **fields: object) -> StaffActivity | None:
        """Change title, start, place, price or description."""
        ...

    def set_state(self, number: int, state: str, now: datetime) -> StaffActivity | None: ...

    def live(self, now: datetime) -> list[StaffActivity]:
        """Published activities that have not started more than a day ago, soonest first."""
        ...


class NullActivities:
    """Nothing kept: no staff activities."""

    def draft(self, created_by: str, now: datetime) -> StaffActivity | None:
        return None

    def get(self, number: int) -> StaffActivity | None:
        return None

    def update(self, number: int, now: datetime, **fields: object) -> StaffActivity | None:
        return None

    def set_state(self, number: int, state: str, now: datetime) -> StaffActivity | None:
        return None

    def live(self, now: datetime) -> list[StaffActivity]:
        return []


@dataclass(frozen=True)
class Attendee:
    """Someone who said "Ik kom" to an activity; reminded in their language."""

    user_key: str
    chat_key: str
    language: str
    activity_id: str
    #: As Telegram gave it when they pressed; ``None`` for those who pressed before it was kept.
    first_name: str | None = None


class AttendancePort(Protocol):
    """Who said they come to which activity (opt-in for a reminder the day before)."""

    def come(
        self, activity_id: str, user_key: str, chat_key: str, language: str, starts: datetime,
        now: datetime, first_name: str | None = None,
    ) -> bool:
        """Record it (once); ``False`` when nothing can be kept."""
        ...

    def withdraw(self, activity_id: str, user_key: str) -> bool:
        """``True`` when the person had said they come."""
        ...

    def comes(self, activity_id: str, user_key: str) -> bool: ...

    def coming_to(self, user_key: str) -> list[str]:
        """The activities the person said "Ik kom" to (ids), for an absence about one."""
        ...

    def absent(self, activity_id: str, user_key: str, starts: datetime, now: datetime,
               first_name: str | None = None) -> bool:
        """Record that the person will not be there (once; no reason is ever kept);
        ``False`` when nothing can be kept."""
        ...

    def absentees(self, activity_id: str) -> list[str | None]:
        """The first names of who said they will not be there, in the order they said it
        (``None`` for a row kept before names were)."""
        ...

    def attendees(self, activity_id: str) -> list[Attendee]: ...

    def reschedule(self, activity_id: str, starts: datetime) -> None:
        """The activity moved: its reminder is due again at the new time."""
        ...

    def due_reminders(
        self, start_from: datetime, start_to: datetime, now: datetime
    ) -> list[Attendee]:
        """People not yet reminded of an activity starting in this window; marks them."""
        ...


class NullAttendance:
    """Nothing kept: nobody can say they come."""

    def come(
        self, activity_id: str, user_key: str, chat_key: str, language: str, starts: datetime,
        now: datetime, first_name: str | None = None,
    ) -> bool:
        return False

    def withdraw(self, activity_id: str, user_key: str) -> bool:
        return False

    def comes(self, activity_id: str, user_key: str) -> bool:
        return False

    def coming_to(self, user_key: str) -> list[str]:
        return []

    def absent(self, activity_id: str, user_key: str, starts: datetime, now: datetime,
               first_name: str | None = None) -> bool:
        return False

    def absentees(self, activity_id: str) -> list[str | None]:
        return []

    def attendees(self, activity_id: str) -> list[Attendee]:
        return []

    def reschedule(self, activity_id: str, starts: datetime) -> None:
        return None

    def due_reminders(
        self, start_from: datetime, start_to: datetime, now: datetime
    ) -> list[Attendee]:
        return []

