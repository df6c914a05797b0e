"""Ports for the youth-worker tools: who is staff, what staff must follow up, what goes out.

The features ask these of :class:`bot.core.ports.Store`; ``storage`` implements them on the
database, and the ``Null*`` versions here keep nothing (``maatje ask`` without ``--db``):
nobody is staff there and nothing is promised to be kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.messages import Button


@dataclass(frozen=True)
class StaffMember:
    """A youth worker, known by channel id (never by username)."""

    user_key: str
    name: str


@dataclass(frozen=True)
class Notice:
    """A message for another chat than the one being answered, delivered through the outbox.

    ``ref`` ties the sent message to what it is about (``L5`` for lead 5), so a staff reply
    to it can be passed on.
    """

    chat_key: str
    text: str
    buttons: tuple[Button, ...] = ()
    ref: str | None = None


class StaffPort(Protocol):
    """Staff membership, one-time invites and the staff chat."""

    def member(self, user_key: str) -> StaffMember | None: ...

    def accept_invite(self, token: str, user_key: str, now: datetime) -> StaffMember | None:
        """Make ``user_key`` staff; ``None`` when the token is unknown, used or expired."""
        ...

    def staff_chat(self) -> str | None: ...

    def set_staff_chat(self, chat_key: str, now: datetime) -> None: ...

    def member_keys(self) -> list[str]: ...


class OutboxPort(Protocol):
    """Messages to other chats, kept until delivered."""

    def notify(self, notice: Notice, now: datetime) -> bool:
        """Queue ``notice``; ``False`` when nothing can be kept."""
        ...


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


class NullOutbox:
    """Nothing can be sent later when nothing is stored."""

    def notify(self, notice: Notice, now: datetime) -> bool:
        return False
