"""Ports for staff membership: who is a youth worker, their invites and the staff chat.

The features ask these of :class:`bot.core.ports.Store`; ``storage`` implements them on the
database, and :class:`NullStaff` keeps nothing (``maatje ask`` without ``--db``): nobody is
staff there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class StaffMember:
    """A youth worker, known by channel id (never by username)."""

    user_key: str
    name: str


class StaffPort(Protocol):
    """Staff membership, one-time invites and the staff chat."""

    def member(self, user_key: str) -> StaffMember | None: ...

    def accept_invite(self, token: str, user_key: str, now: datetime) -> StaffMember | None:
        """Make ``user_key`` staff; ``None`` when the token is unknown, used or expired."""
        ...

    def staff_chat(self) -> str | None: ...

    def set_staff_chat(self, chat_key: str, now: datetime) -> None: ...

    def member_keys(self) -> list[str]: ...


class NullStaff:
    """Nobody is staff when nothing is stored."""

    def member(self, user_key: str) -> StaffMember | None:
        return None

    def accept_invite(self, token: str, user_key: str, now: datetime) -> StaffMember | None:
        return None

    def staff_chat(self) -> str | None:
        return None

    def set_staff_chat(self, chat_key: str, now: datetime) -> None:
        return None

    def member_keys(self) -> list[str]:
        return []
