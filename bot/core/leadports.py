"""Port for leads: a pupil who wants to take part, to be followed up by a youth worker.

Pupils open them (with consent), staff claim and close them. :class:`NullLeads` keeps
nothing (``maatje ask`` without ``--db``): every lead is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.staffports import StaffMember


@dataclass(frozen=True)
class Lead:
    """Someone who wants to take part, to be followed up by a youth worker."""

    id: int
    user_key: str
    chat_key: str
    first_name: str
    topic: str
    language: str
    status: str
    created_at: datetime
    claimed_name: str | None = None

    @property
    def ref(self) -> str:
        return f"L{self.id}"


@dataclass(frozen=True)
class Opened:
    """The lead for this person and topic, and whether it was just created."""

    lead: Lead
    created: bool


class LeadPort(Protocol):
    """Leads: opened by pupils (with consent), claimed and closed by staff."""

    def open(
        self, user_key: str, chat_key: str, first_name: str, topic: str, language: str,
        now: datetime,
    ) -> Opened | None:
        """The open lead for this person and topic (a new one if none); ``None``: not kept."""
        ...

    def get(self, lead_id: int) -> Lead | None: ...

    def claim(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        """Claim an open lead; returns the lead as it is now (maybe claimed by another)."""
        ...

    def close(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None: ...

    def waiting(
        self, topic: str | None, older_than: datetime | None, limit: int
    ) -> tuple[list[Lead], int]:
        """Leads not yet followed up (oldest first, at most ``limit``) and how many there are."""
        ...

    def everything(self) -> list[Lead]:
        """Every lead, for the export."""
        ...

    def unclaimed_before(self, moment: datetime) -> list[Lead]:
        """Open leads nobody took since ``moment`` and nobody was reminded of yet."""
        ...

    def mark_reminded(self, lead_id: int, now: datetime) -> None: ...

    def about(self, topic: str) -> list[Lead]:
        """Every lead with exactly this topic (``activity:st-4``), whatever its status."""
        ...


class NullLeads:
    """Nothing is kept: every lead is refused, none are listed."""

    def open(
        self, user_key: str, chat_key: str, first_name: str, topic: str, language: str,
        now: datetime,
    ) -> Opened | None:
        return None

    def get(self, lead_id: int) -> Lead | None:
        return None

    def claim(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        return None

    def close(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        return None

    def waiting(
        self, topic: str | None, older_than: datetime | None, limit: int
    ) -> tuple[list[Lead], int]:
        return [], 0

    def everything(self) -> list[Lead]:
        return []

    def unclaimed_before(self, moment: datetime) -> list[Lead]:
        return []

    def mark_reminded(self, lead_id: int, now: datetime) -> None:
        return None

    def about(self, topic: str) -> list[Lead]:
        return []
