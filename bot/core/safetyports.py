"""What the safeguarding feature asks of storage: the case of a pupil who asked for help.

A case keeps only what it needs: who (first name, language, chat), when, the messages
the pupil agreed to pass on, who took it and when it was closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.staffports import StaffMember

#: The pupil was shown the question; nothing was passed on yet.
OFFERED = "offered"
#: Staff were alerted; nobody took it yet.
OPEN = "open"
CLAIMED = "claimed"
CLOSED = "closed"


@dataclass(frozen=True)
class Case:
    """A safeguarding case, as staff and the pupil's conversation see it."""

    id: int
    user_key: str
    chat_key: str
    first_name: str
    language: str
    text: str
    status: str
    created_at: datetime
    alerted_at: datetime | None = None
    alerts: int = 0
    claimed_by: str | None = None
    claimed_name: str | None = None

    @property
    def ref(self) -> str:
        return f"H{self.id}"


class SafetyPort(Protocol):
    def offer(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Case | None:
        """The pupil's offered case with ``text`` added (made when there is none)."""
        ...

    def current(self, user_key: str) -> Case | None:
        """The pupil's case that is not closed, if any."""
        ...

    def get(self, case_id: int) -> Case | None: ...

    def of(self, user_key: str) -> list[Case]:
        """Every case of the pupil, oldest first (for ``/vergeet``)."""
        ...

    def alert(self, case_id: int, now: datetime) -> Case | None:
        """Offered → open: staff are being alerted now (counted)."""
        ...

    def claim(self, case_id: int, member: StaffMember, now: datetime) -> bool:
        """``True`` for the first staff member to claim an open case."""
        ...

    def close(self, case_id: int, now: datetime) -> Case | None: ...

    def decline(self, user_key: str) -> None:
        """The pupil said no: the offered case and its messages go."""
        ...

    def unclaimed(self, alerted_before: datetime, max_alerts: int) -> list[Case]:
        """Open cases last alerted before ``alerted_before`` and alerted fewer times than that."""
        ...

    def expire_offers(self, offered_before: datetime) -> int:
        """Offers nobody answered are deleted; how many."""
        ...


class NullSafety:
    """Nothing is kept: the help lines are still shown, and a yes is taken when storage is back."""

    def offer(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Case | None:
        return None

    def current(self, user_key: str) -> Case | None:
        return None

    def get(self, case_id: int) -> Case | None:
        return None

    def of(self, user_key: str) -> list[Case]:
        return []

    def alert(self, case_id: int, now: datetime) -> Case | None:
        return None

    def claim(self, case_id: int, member: StaffMember, now: datetime) -> bool:
        return False

    def close(self, case_id: int, now: datetime) -> Case | None:
        return None

    def decline(self, user_key: str) -> None:
        return None

    def unclaimed(self, alerted_before: datetime, max_alerts: int) -> list[Case]:
        return []

    def expire_offers(self, offered_before: datetime) -> int:
        return 0
