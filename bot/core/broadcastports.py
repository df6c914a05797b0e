"""Ports for announcements staff send to subscribers, and for who subscribed.

An :class:`Announcement` is composed by staff, then queued or scheduled; the letters are
written before queueing, so storage never calls back into a feature. The ``Null*``
versions keep nothing (``maatje ask`` without ``--db``): nobody can subscribe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.core.messages import Button


@dataclass(frozen=True)
class Announcement:
    """An announcement as staff compose it, and later as it is being sent."""

    id: int
    created_by: str
    chat_key: str
    state: str
    audience: str = ""
    text: str = ""
    file_kind: str | None = None
    file_id: str | None = None
    translations: Mapping[str, str] = field(default_factory=dict)
    scheduled_at: datetime | None = None
    total: int = 0


@dataclass(frozen=True)
class Tally:
    """How far one announcement's sending is, for the staff member's progress message."""

    id: int
    total: int
    sent: int
    blocked: int
    failed: int
    finished: bool

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


@dataclass(frozen=True)
class Letter:
    """The announcement as one recipient gets it: the text and the unsubscribe button."""

    text: str
    button: Button


@dataclass(frozen=True)
class Letters:
    """The announcement in every language a recipient may keep, written before it is
    queued: storage only picks one per recipient and never calls back into a feature."""

    by_language: Mapping[str, Letter]
    #: For someone with no language kept, or one Maatje has no texts in: the Dutch.
    default: Letter

    def to(self, language: str | None) -> Letter:
        return self.by_language.get(language or "", self.default)


class BroadcastPort(Protocol):
    """Announcements from staff to subscribers."""

    def draft(self, created_by: str, chat_key: str, now: datetime) -> Announcement | None: ...

    def get(self, broadcast_id: int) -> Announcement | None: ...

    def set_content(
        self, broadcast_id: int, text: str, file_kind: str | None, file_id: str | None
    ) -> None: ...

    def set_audience(self, broadcast_id: int, audience: str) -> None: ...

    def add_translation(self, broadcast_id: int, language: str, text: str) -> None: ...

    def count(self, audience: str) -> int:
        """How many active subscribers an audience reaches now."""
        ...

    def groups(self) -> list[str]: ...

    def queue(self, broadcast_id: int, now: datetime, letters: Letters) -> int:
        """One outbox row per recipient, now; returns how many."""
        ...

    def schedule(self, broadcast_id: int, at: datetime) -> None: ...

    def cancel(self, broadcast_id: int) -> None: ...

    def due(self, now: datetime) -> list[Announcement]:
        """Scheduled announcements whose time has come."""
        ...


class SubscriberPort(Protocol):
    """Who opted in to announcements, and their groups."""

    def subscribe(self, user_key: str, chat_key: str, now: datetime, group: str | None = None) -> bool:
        """Opt in (and join ``group``); ``False`` when nothing can be kept."""
        ...

    def unsubscribe(self, user_key: str, now: datetime) -> bool:
        """Opt out; ``True`` when the person was subscribed."""
        ...

    def subscribed(self, user_key: str) -> bool: ...

    def groups_of(self, user_key: str) -> list[str]: ...

    def join(self, user_key: str, group: str, now: datetime) -> bool:
        """Be in ``group`` (staff put them there); not consent to announcements."""
        ...

    def leave(self, user_key: str, group: str) -> bool:
        """``True`` when the person was in the group."""
        ...


class NullBroadcasts:
    """Nothing is kept, so nothing can be announced."""

    def draft(self, created_by: str, chat_key: str, now: datetime) -> Announcement | None:
        return None

    def get(self, broadcast_id: int) -> Announcement | None:
        return None

    def set_content(
        self, broadcast_id: int, text: str, file_kind: str | None, file_id: str | None
    ) -> None:
        return None

    def set_audience(self, broadcast_id: int, audience: str) -> None:
        return None

    def add_translation(self, broadcast_id: int, language: str, text: str) -> None:
        return None

    def count(self, audience: str) -> int:
        return 0

    def groups(self) -> list[str]:
        return []

    def queue(self, broadcast_id: int, now: datetime, letters: Letters) -> int:
        return 0

    def schedule(self, broadcast_id: int, at: datetime) -> None:
        return None

    def cancel(self, broadcast_id: int) -> None:
        return None

    def due(self, now: datetime) -> list[Announcement]:
        return []


class NullSubscribers:
    """Nothing is kept: nobody can subscribe."""

    def subscribe(self, user_key: str, chat_key: str, now: datetime, group: str | None = None) -> bool:
        return False

    def unsubscribe(self, user_key: str, now: datetime) -> bool:
        return False

    def subscribed(self, user_key: str) -> bool:
        return False

    def groups_of(self, user_key: str) -> list[str]:
        return []

    def join(self, user_key: str, group: str, now: datetime) -> bool:
        return False

    def leave(self, user_key: str, group: str) -> bool:
        return False
