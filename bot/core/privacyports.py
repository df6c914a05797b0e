"""What the privacy features ask of storage: see, erase and audit what is kept about a person.

The core never imports SQLAlchemy; ``storage.privacy`` implements :class:`PrivacyPort` over
every table that declares personal data, ``NullPrivacy`` stands in when nothing is stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

#: One table's rows about a person, as plain JSON-ready values.
Rows = list[dict[str, object]]


class PrivacyPort(Protocol):
    """Export, erasure and the staff audit trail."""

    def export(self, user_key: str) -> dict[str, Rows]:
        """Everything stored about the person, by table (tables without rows left out)."""
        ...

    def forget(self, user_key: str) -> int:
        """Erase every row about the person; the number of rows erased or anonymised."""
        ...

    def audit(
        self, actor_key: str, action: str, subject_key: str | None = None, at: datetime | None = None
    ) -> None:
        """Record that staff member ``actor_key`` did ``action`` revealing personal data."""
        ...


class NullPrivacy:
    """Nothing is stored, so nothing to show, erase or audit."""

    def export(self, user_key: str) -> dict[str, Rows]:
        return {}

    def forget(self, user_key: str) -> int:
        return 0

    def audit(
        self, actor_key: str, action: str, subject_key: str | None = None, at: datetime | None = None
    ) -> None:
        return None
