"""Repositories: the only place that knows how rows map to the core's plain types."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.state import UserState
from storage.models import ProcessedUpdate, User


class Users:
    """Load and save a person's :class:`UserState`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, channel_key: str) -> User | None:
        return self.session.scalar(select(User).where(User.channel_key == channel_key))

    def state(self, channel_key: str) -> UserState:
        row = self.get(channel_key)
        if row is None:
            return UserState()
        return UserState(
            language=row.language,
            role=row.role,
            onboarded=row.onboarded,
            misses=row.misses,
            consents=frozenset(filter(None, row.consents.split(","))),
            age_band=row.age_band,
        )

    def save(self, channel_key: str, state: UserState, now: datetime) -> None:
        row = self.get(channel_key) or self._first_contact(channel_key, now)
        row.language = state.language
        row.role = state.role
        row.onboarded = state.onboarded
        row.misses = state.misses
        row.consents = ",".join(sorted(state.consents))
        row.age_band = state.age_band
        row.last_seen_at = now


    def _first_contact(self, channel_key: str, now: datetime) -> User:
        """The person's new row; or, when another process created it at the same moment
        (a new person's first two messages, several webhook processes), theirs.

        The insert runs in a savepoint, so losing the race costs only the savepoint, not
        the message's transaction (which would answer without memory).
        """
        row = User(channel_key=channel_key, created_at=now, last_seen_at=now)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            found = self.get(channel_key)
            if found is None:
                raise
            return found
        return row


class ProcessedUpdates:
    """Remember handled update keys, so a redelivered update is answered once."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim(self, key: str, now: datetime) -> bool:
        """Record ``key``; ``False`` when it was already handled."""
        if self.session.get(ProcessedUpdate, key) is not None:
            return False
        try:
            with self.session.begin_nested():
                self.session.add(ProcessedUpdate(key=key, processed_at=now))
        except IntegrityError:
            return False
        return True
