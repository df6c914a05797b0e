"""Export, erasure and audit over every table that declares personal data (``__personal__``).

Nothing here lists tables by name: a model added later declares its person columns and
is exported by ``/mijngegevens``, erased by ``/vergeet`` and by retention at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, Table, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.core.privacyports import Rows
from storage.models import AuditEntry, Base, User
from storage.personal import ERASED, Personal

log = logging.getLogger(__name__)
USERS_ID = "users.id"


class UndeclaredTable(Exception):
    """A table that does not say whether it holds personal data."""


@dataclass(frozen=True)
class PersonalTable:
    """A table and the columns in it that name a person."""

    table: Table
    personal: Personal


def personal_tables() -> list[PersonalTable]:
    """Tables holding personal data, dependents before the tables they refer to."""
    declared: dict[str, Personal | None] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if "__personal__" not in vars(cls):
            raise UndeclaredTable(f"{cls.__name__} must declare __personal__ (see storage/personal.py)")
        declared[_table_name(mapper.local_table)] = vars(cls)["__personal__"]
    ordered = reversed(Base.metadata.sorted_tables)
    return [PersonalTable(t, p) for t in ordered if (p := declared.get(t.name)) is not None]


def undeclared_tables() -> list[str]:
    """Names of mapped tables without a ``__personal__`` declaration (should be none)."""
    return [_table_name(m.local_table) for m in Base.registry.mappers
            if "__personal__" not in vars(m.class_)]


class PersonalData:
    """:class:`bot.core.privacyports.PrivacyPort` on one message's session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.forgotten: set[str] = set()

    def export(self, user_key: str) -> dict[str, Rows]:
        found: dict[str, Rows] = {}
        for entry in personal_tables():
            condition = self._matches(entry, user_key)
            if condition is None:
                continue
            rows = self.session.execute(select(entry.table).where(condition)).mappings()
            exported = [{name: _plain(value) for name, value in row.items()} for row in rows]
            if exported:
                found[entry.table.name] = exported
        return found

    def forget(self, user_key: str) -> int:
        self.session.flush()
        erased = 0
        for entry in personal_tables():
            erased += self._erase(entry, user_key)
        self.forgotten.add(user_key)
        log.info("person erased: %d rows", erased)
        return erased

    def audit(
        self, actor_key: str, action: str, subject_key: str | None = None, at: datetime | None = None
    ) -> None:
        when = at or datetime.now().astimezone()
        self.session.add(AuditEntry(at=when, actor_key=actor_key, action=action,
                                    subject_key=subject_key))

    def _erase(self, entry: PersonalTable, user_key: str) -> int:
        if not entry.personal.anonymise:
            condition = self._matches(entry, user_key)
            if condition is None:
                return 0
            return _count(self.session.execute(delete(entry.table).where(condition)))
        erased = 0
        for name in entry.personal.columns:
            condition = self._matches_column(entry.table, name, user_key)
            if condition is not None:
                statement = update(entry.table).where(condition).values({name: ERASED})
                erased += _count(self.session.execute(statement))
        return erased

    def _matches(self, entry: PersonalTable, user_key: str) -> ColumnElement[bool] | None:
        conditions = [
            condition
            for name in entry.personal.columns
            if (condition := self._matches_column(entry.table, name, user_key)) is not None
        ]
        return or_(*conditions) if conditions else None

    def _matches_column(self, table: Table, name: str, user_key: str) -> ColumnElement[bool] | None:
        column = table.c[name]
        if any(fk.target_fullname == USERS_ID for fk in column.foreign_keys):
            user_id = self.session.scalar(select(User.id).where(User.channel_key == user_key))
            return None if user_id is None else column == user_id
        return column == user_key


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
