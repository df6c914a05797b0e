"""Repositories: the only place that knows how rows map to the core's plain types."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.state import Prompt, UserState
from storage.known import USER, forget, is_absent, note_absent
from storage.models import ProcessedUpdate, SettingRow, User

#: The app setting holding the key of the update-key hash (made by migration 0011).
UPDATE_HASH_SETTING = "processed_updates.hash_key"


class Users:
    """Load and save a person's :class:`UserState`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, channel_key: str) -> User | None:
        if is_absent(self.session, USER, channel_key):
            return None
        row = self.session.scalar(select(User).where(User.channel_key == channel_key))
        if row is None:
            note_absent(self.session, USER, channel_key)
        return row

    def state(self, channel_key: str) -> UserState:
        return self.state_of(self.get(channel_key))

    @staticmethod
    def state_of(row: User | None) -> UserState:
        """The state kept in ``row`` (a new person's for none)."""
        if row is None:
            return UserState()
        return UserState(
            language=row.language,
            role=row.role,
            onboarded=row.onboarded,
            misses=row.misses,
            consents=frozenset(filter(None, row.consents.split(","))),
            age_band=row.age_band,
            child_name=row.child_name,
            child_band=row.child_band,
            ask_child=bool(row.ask_child),
            asked=_asked(row.asked),
            topic=row.topic,
            topic_entities=_asked(row.topic_entities),
            topic_at=row.topic_at,
            prompt=_prompt(row.prompt),
        )

    def save(self, channel_key: str, state: UserState, now: datetime,
             row: User | None = None) -> None:
        """Keep ``state``; ``row``: the person's row as this message read it."""
        row = row or self.get(channel_key) or self._first_contact(channel_key, now)
        row.language = state.language
        row.role = state.role
        row.onboarded = state.onboarded
        row.misses = state.misses
        row.consents = ",".join(sorted(state.consents))
        row.age_band = state.age_band
        row.child_name = state.child_name
        row.child_band = state.child_band
        row.ask_child = state.ask_child
        row.asked = _pairs(state.asked)
        row.topic = state.topic
        row.topic_entities = _pairs(state.topic_entities)
        row.topic_at = state.topic_at
        row.prompt = "" if state.prompt is None else json.dumps(asdict(state.prompt),
                                                                ensure_ascii=False)
        row.last_seen_at = now

    def _first_contact(self, channel_key: str, now: datetime) -> User:
        """The person's new row; or, when another process created it at the same moment
        (a new person's first two messages, several webhook processes), theirs.

        The insert runs in a savepoint, so losing the race costs only the savepoint, not
        the message's transaction (which would answer without memory).
        """
        row = User(channel_key=channel_key, created_at=now, last_seen_at=now)
        forget(self.session, USER, channel_key)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            found = self.get(channel_key)
            if found is None:
                raise
            return found
        return row


def _prompt(stored: str | None) -> Prompt | None:
    """The prompt column back as a :class:`Prompt`; unreadable means none (never a crash)."""
    try:
        data = json.loads(stored) if stored else None
        if not isinstance(data, dict):
            return None
        return Prompt(str(data["text"]), tuple(data["languages"]),
                      tuple((str(label), str(payload)) for label, payload in data["buttons"]),
                      bool(data.get("repeated")))
    except (ValueError, KeyError, TypeError):
        return None


def _pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    """``key=value`` lines, as the ``asked`` and ``topic_entities`` columns keep them."""
    return "\n".join(f"{key}={value}" for key, value in pairs)


def _asked(stored: str | None) -> tuple[tuple[str, str], ...]:
    pairs = (line.partition("=") for line in (stored or "").splitlines())
    return tuple((answer, payload) for answer, _, payload in pairs if answer and payload)


class HashKey:
    """The deployment's update-hash key, read once per process: once made (by migration
    0011) it never changes, so reading it for every message would be a statement wasted.

    Held by the conversation service (one per database), never module-wide.
    """

    def __init__(self) -> None:
        self._value: bytes | None = None

    def get(self, session: Session, now: datetime) -> bytes:
        if self._value is not None:
            return self._value
        value, made = _hash_key(session, now)
        if not made:  # one made here is kept only if this message's transaction commits
            self._value = value
        return value


class ProcessedUpdates:
    """Remember handled update keys, so a redelivered update is answered once.

    An update key names its sender (``tg:<id>:m<n>``), so only a keyed hash of it is kept:
    the table then holds nobody's id and needs no erasure.
    """

    def __init__(self, session: Session, key: HashKey | None = None) -> None:
        self.session = session
        self.key = key or HashKey()

    def claim(self, key: str, now: datetime) -> bool:
        """Record ``key``; ``False`` when it was already handled.

        One ``INSERT … ON CONFLICT DO NOTHING``: a key handled before, or being handled by
        another process at this moment, inserts no row (PostgreSQL waits for the other
        transaction and then sees its row).
        """
        values = {"key": self.hashed(key, now), "processed_at": now}
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        claimed = self.session.scalar(
            insert(ProcessedUpdate).values(values).on_conflict_do_nothing()
            .returning(ProcessedUpdate.key))
        return claimed is not None

    def hashed(self, key: str, now: datetime) -> str:
        """The stored form of ``key``: HMAC-SHA256 under this deployment's own key."""
        return hmac.new(self.key.get(self.session, now), key.encode(), hashlib.sha256).hexdigest()


def _hash_key(session: Session, now: datetime) -> tuple[bytes, bool]:
    """The key, and whether it was made just now (it was missing)."""
    row = session.get(SettingRow, UPDATE_HASH_SETTING)
    if row is not None:
        return bytes.fromhex(row.value), False
    try:  # made by migration 0011; made here if it is ever missing
        with session.begin_nested():
            row = SettingRow(key=UPDATE_HASH_SETTING, value=secrets.token_hex(32), updated_at=now)
            session.add(row)
    except IntegrityError:
        row = session.get(SettingRow, UPDATE_HASH_SETTING, populate_existing=True)
        assert row is not None
    return bytes.fromhex(row.value), True
