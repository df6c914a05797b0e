"""What the privacy features ask of storage: see, erase and audit what is kept about a person.

The core never imports SQLAlchemy; ``storage.privacy`` implements :class:`PrivacyPort` over
every table that declares personal data, ``NullPrivacy`` stands in when nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

#: One table's rows about a person, as plain JSON-ready values.
Rows = list[dict[str, object]]


@dataclass(frozen=True)
class Kept:
    """A table that can hold something about a person: ``privacy.kept.<table>`` in the
    content says what and why; ``days`` is how long (``None``: until ``/vergeet``)."""

    table: str
    days: int | None = None
    #: What ``days`` counts from (the retention column: ``done_at``, ``last_seen_at``…).
    after: str | None = None
    consent: str | None = None


@dataclass(frozen=True)
class AgeErasure:
    """What saying "under 13" erased (tables, and the references staff know), and which
    tables still hold something about her (a safeguarding case, the camp list)."""

    erased: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


class PrivacyPort(Protocol):
    """Export, erasure, withdrawal and the staff audit trail."""

    def catalogue(self) -> list[Kept]:
        """Every table that can hold something about a person (for ``/privacy``)."""
        ...

    def export(self, user_key: str) -> dict[str, Rows]:
        """Everything stored about the person, by table (tables without rows left out)."""
        ...

    def references(self, user_key: str) -> list[str]:
        """How staff know the person's rows (``L12``), to tell them these are gone."""
        ...

    def forget(self, user_key: str, now: datetime | None = None) -> int:
        """Erase every row about the person; the number of rows erased or anonymised.
        Messages about them sent to others in the last 48 hours are taken back."""
        ...

    def withdraw(self, user_key: str, purpose: str, now: datetime | None = None) -> list[str]:
        """Erase what consent for ``purpose`` covered; the references of what went."""
        ...

    def under_13(self, user_key: str, now: datetime | None = None) -> AgeErasure:
        """Erase what may only be kept about someone 13 or older (see ``Personal.from_13``)."""
        ...

    def audit(
        self, actor_key: str, action: str, subject_key: str | None = None, at: datetime | None = None
    ) -> None:
        """Record that staff member ``actor_key`` did ``action`` revealing personal data."""
        ...


class NullPrivacy:
    """Nothing is stored, so nothing to show, erase or audit."""

    def catalogue(self) -> list[Kept]:
        return []

    def export(self, user_key: str) -> dict[str, Rows]:
        return {}

    def references(self, user_key: str) -> list[str]:
        return []

    def forget(self, user_key: str, now: datetime | None = None) -> int:
        return 0

    def withdraw(self, user_key: str, purpose: str, now: datetime | None = None) -> list[str]:
        return []

    def under_13(self, user_key: str, now: datetime | None = None) -> AgeErasure:
        return AgeErasure()

    def audit(
        self, actor_key: str, action: str, subject_key: str | None = None, at: datetime | None = None
    ) -> None:
        return None
