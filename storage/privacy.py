"""Export, erasure, withdrawal and audit over every table that declares personal data.

Nothing here lists tables by name: a model added later declares its person columns
(``__personal__``, see :mod:`storage.personal`) and is exported by ``/mijngegevens``,
erased by ``/vergeet`` and by retention, emptied by a withdrawn consent and listed by
``/privacy`` at once.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, String, Table, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.core.privacyports import AgeErasure, Kept, Rows
from storage.models import AuditEntry, Base, OutboxRow, User
from storage.outbox import SENT, UNSEND, OutboxRepository
from storage.personal import ERASED, INTERNAL_PREFIX, Personal, Retention, RetentionPolicy

log = logging.getLogger(__name__)
USERS_ID = "users.id"
#: Telegram lets a bot delete its own messages for this long after sending them.
UNSEND_WITHIN = timedelta(hours=48)


class UndeclaredTable(Exception):
    """A table that does not say whether it holds personal data."""


@dataclass(frozen=True)
class PersonalTable:
    """A table, the columns in it that name a person, and how long its rows are kept."""

    table: Table
    personal: Personal
    retention: Retention | None = None


def personal_tables() -> list[PersonalTable]:
    """Tables holding personal data, dependents before the tables they refer to."""
    declared: dict[str, tuple[Personal | None, Retention | None]] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if "__personal__" not in vars(cls):
            raise UndeclaredTable(f"{cls.__name__} must declare __personal__ (see storage/personal.py)")
        declared[_table_name(mapper.local_table)] = (vars(cls)["__personal__"],
                                                     vars(cls).get("__retention__"))
    found = []
    for table in reversed(Base.metadata.sorted_tables):
        personal, retention = declared.get(table.name, (None, None))
        if personal is not None:
            found.append(PersonalTable(table, personal, retention))
    return found


def undeclared_tables() -> list[str]:
    """Names of mapped tables without a ``__personal__`` declaration (should be none)."""
    return [_table_name(m.local_table) for m in Base.registry.mappers
            if "__personal__" not in vars(m.class_)]


def internal_key(user_id: int) -> str:
    """How records that outlive a message name a person: ``u:17``, never a channel id."""
    return f"{INTERNAL_PREFIX}{user_id}"


class PersonalData:
    """:class:`bot.core.privacyports.PrivacyPort` on one message's session."""

    def __init__(self, session: Session, policy: RetentionPolicy | None = None) -> None:
        self.session = session
        self.policy = policy or RetentionPolicy()
        self.forgotten: set[str] = set()

    # --- what a person sees --------------------------------------------------------

    def catalogue(self) -> list[Kept]:
        """Every table that can hold something about a person, and for how many days."""
        return [Kept(entry.table.name, _days(entry.retention, self.policy),
                     entry.retention.column if entry.retention else None, entry.personal.consent)
                for entry in personal_tables()]

    def export(self, user_key: str) -> dict[str, Rows]:
        """Every row naming the person; what in those rows is about someone else is hidden."""
        keys = self._keys(user_key)
        found: dict[str, Rows] = {}
        for entry in personal_tables():
            condition = self._any_key(entry.table, entry.personal.keys, keys)
            if condition is None:
                continue
            rows = self.session.execute(select(entry.table).where(condition)).mappings()
            exported = [_exported(entry.personal, dict(row), keys) for row in rows]
            if exported:
                found[entry.table.name] = exported
        return found

    def references(self, user_key: str) -> list[str]:
        """How staff know this person's rows (``L12``, ``V3``): to tell them they are gone."""
        keys = self._keys(user_key)
        return [ref for entry in personal_tables() if entry.personal.ref
                for ref in self._refs(entry, keys)]

    # --- erasure -------------------------------------------------------------------

    def forget(self, user_key: str, now: datetime | None = None) -> int:
        """Erase (or anonymise) every row naming the person, in every declared table; the
        notices about them that others got in the last 48 hours are taken back."""
        self.session.flush()
        keys = self._keys(user_key)
        self._unsend(OutboxRow.subject_key.in_(keys) | OutboxRow.named_key.in_(keys), now)
        erased = sum(self._erase(entry, keys) for entry in personal_tables())
        self.forgotten.add(user_key)
        log.info("person erased: %d rows", erased)
        return erased

    def withdraw(self, user_key: str, purpose: str, now: datetime | None = None) -> list[str]:
        """Erase the person's rows in every table ``purpose`` covers, and the notices about
        them; the references (``L3``) of what was erased, for staff."""
        self.session.flush()
        keys = self._keys(user_key)
        refs: list[str] = []
        for entry in personal_tables():
            if entry.personal.consent != purpose:
                continue
            condition = self._any_key(entry.table, entry.personal.columns, keys)
            if condition is None:
                continue
            refs.extend(self._refs(entry, keys))
            self.session.execute(delete(entry.table).where(condition))
        if refs:
            about = OutboxRow.subject_key.in_(keys) & OutboxRow.ref.in_(refs)
            self._unsend(about, now)
            self.session.execute(delete(OutboxRow).where(about))
        log.info("consent withdrawn: %d references erased", len(refs))
        return refs

    def under_13(self, user_key: str, now: datetime | None = None) -> AgeErasure:
        """Erase the person's rows in every table kept only from 13 (a consent's, "Ik kom"),
        and the notices about them; what went, and which tables still name her."""
        self.session.flush()
        keys = self._keys(user_key)
        erased: list[str] = []
        refs: list[str] = []
        kept: list[str] = []
        for entry in personal_tables():
            condition = self._any_key(entry.table, entry.personal.columns, keys)
            if condition is None:
                continue
            if not entry.personal.needs_13:
                if self.session.execute(select(entry.table).where(condition).limit(1)).first():
                    kept.append(entry.table.name)
                continue
            refs.extend(self._refs(entry, keys))
            if _count(self.session.execute(delete(entry.table).where(condition))):
                erased.append(entry.table.name)
        if refs:
            about = OutboxRow.subject_key.in_(keys) & OutboxRow.ref.in_(refs)
            self._unsend(about, now)
            self.session.execute(delete(OutboxRow).where(about))
        log.info("under 13: %d tables erased", len(erased))
        return AgeErasure(tuple(erased), tuple(refs), tuple(kept))

    def audit(
        self, actor_key: str, action: str, subject_key: str | None = None, at: datetime | None = None
    ) -> None:
        """One entry per staff read; the subject is kept as an internal id."""
        when = at or datetime.now().astimezone()
        subject = self._internal(subject_key) if subject_key else None
        self.session.add(AuditEntry(at=when, actor_key=actor_key, action=action,
                                    subject_key=subject))

    # --- helpers -------------------------------------------------------------------

    def _unsend(self, about: ColumnElement[bool], now: datetime | None) -> None:
        """Queue the deletion of messages about the person sent to someone else lately."""
        when = now or datetime.now(UTC)
        sent = self.session.execute(
            select(OutboxRow.chat_key, OutboxRow.sent_message_id).where(
                about, OutboxRow.state == SENT, OutboxRow.sent_message_id.is_not(None),
                OutboxRow.updated_at >= when - UNSEND_WITHIN)
        ).all()
        outbox = OutboxRepository(self.session)
        for chat_key, message_id in sent:
            outbox.add(chat_key, "", (), when, file_kind=UNSEND, file_id=str(message_id))

    def _internal(self, user_key: str) -> str:
        if user_key.startswith(INTERNAL_PREFIX):
            return user_key
        user_id = self.session.scalar(select(User.id).where(User.channel_key == user_key))
        return internal_key(user_id) if user_id is not None else ERASED

    def _keys(self, user_key: str) -> tuple[str, ...]:
        """The person's channel key and, while they have a ``users`` row, its internal id."""
        user_id = self.session.scalar(select(User.id).where(User.channel_key == user_key))
        return (user_key,) if user_id is None else (user_key, internal_key(user_id))

    def _refs(self, entry: PersonalTable, keys: tuple[str, ...]) -> list[str]:
        condition = self._any_key(entry.table, entry.personal.columns, keys)
        if condition is None or not entry.personal.ref or "id" not in entry.table.c:
            return []
        ids = self.session.scalars(select(entry.table.c.id).where(condition).order_by(entry.table.c.id))
        return [f"{entry.personal.ref}{row_id}" for row_id in ids]

    def _erase(self, entry: PersonalTable, keys: tuple[str, ...]) -> int:
        personal, table = entry.personal, entry.table
        erased = 0
        condition = self._any_key(table, personal.columns, keys)
        if condition is not None and not personal.anonymise:
            erased += _count(self.session.execute(delete(table).where(condition)))
        elif condition is not None:
            blanked = _blank(table, (*personal.columns, *personal.names))
            erased += _count(self.session.execute(update(table).where(condition).values(blanked)))
        for column, along in personal.mentions.items():
            mention = self._any_key(table, (column,), keys)
            if mention is not None:
                statement = update(table).where(mention).values(_blank(table, (column, *along)))
                erased += _count(self.session.execute(statement))
        return erased

    def _any_key(
        self, table: Table, columns: Collection[str], keys: tuple[str, ...]
    ) -> ColumnElement[bool] | None:
        conditions = [c for name in columns if (c := self._matches_column(table, name, keys)) is not None]
        return or_(*conditions) if conditions else None

    def _matches_column(
        self, table: Table, name: str, keys: tuple[str, ...]
    ) -> ColumnElement[bool] | None:
        column = table.c[name]
        if any(fk.target_fullname == USERS_ID for fk in column.foreign_keys):
            user_id = self.session.scalar(select(User.id).where(User.channel_key == keys[0]))
            return None if user_id is None else column == user_id
        return column.in_(keys)


def _exported(personal: Personal, row: dict[str, object], keys: tuple[str, ...]) -> dict[str, object]:
    """A row as its person sees it: someone else's key, name or words are left out."""
    hidden = {c for c in personal.columns if row.get(c) not in keys}
    subject = row.get(personal.about) if personal.about else None
    if len(hidden) == len(personal.columns) or (subject is not None and subject not in keys):
        hidden.update(personal.names)
    for column, along in personal.mentions.items():
        if row.get(column) not in keys:
            hidden.update((column, *along))
    return {name: None if name in hidden else _plain(value) for name, value in row.items()}


def _blank(table: Table, columns: Collection[str]) -> dict[str, object]:
    """What anonymised columns hold afterwards: ``erased`` in text, nothing in others."""
    return {name: ERASED if isinstance(table.c[name].type, String) else None for name in columns}


def _days(retention: Retention | None, policy: RetentionPolicy) -> int | None:
    return None if retention is None else int(getattr(policy, retention.days))


def _table_name(table: object) -> str:
    return str(getattr(table, "name", table))


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _plain(value: object) -> object:
    """A JSON-ready value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value
