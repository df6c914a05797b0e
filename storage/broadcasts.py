"""Subscribers, their groups, and announcements: from a staff draft to one outbox row each.

An audience is a short code: ``all``, ``role:pupil``, ``group:okan-anderlecht`` or
``lang:ar``. Role and language come from the person's settings (the ``users`` table)
at the moment of sending, so a changed language is honoured.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.broadcastports import Announcement, Letters
from bot.core.consent import ANNOUNCEMENTS
from storage.models import (
    BroadcastRow,
    BroadcastTextRow,
    SubscriberGroupRow,
    SubscriberRow,
    User,
)
from storage.outbox import OutboxRepository

DRAFT = "draft"
SCHEDULED = "scheduled"
QUEUED = "queued"
DONE = "done"
CANCELLED = "cancelled"
#: Rows added per flush while queueing a large audience.
CHUNK = 500


class SubscriberRepository:
    """Implements :class:`bot.core.broadcastports.SubscriberPort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, user_key: str) -> SubscriberRow | None:
        return self.session.scalar(select(SubscriberRow).where(SubscriberRow.user_key == user_key))

    def subscribe(self, user_key: str, chat_key: str, now: datetime, group: str | None = None) -> bool:
        row = self._row(user_key)
        if row is None:
            row = SubscriberRow(user_key=user_key, chat_key=chat_key, created_at=now)
            self.session.add(row)
        row.chat_key, row.active, row.updated_at = chat_key, True, now
        if group:
            self.join(user_key, group, now)
        self.session.flush()
        return True

    def join(self, user_key: str, group: str, now: datetime) -> bool:
        if group not in self.groups_of(user_key):
            try:
                with self.session.begin_nested():
                    self.session.add(SubscriberGroupRow(user_key=user_key, slug=group, created_at=now))
            except IntegrityError:
                pass  # joined twice at once: once is enough
        return True

    def leave(self, user_key: str, group: str) -> bool:
        result = self.session.execute(delete(SubscriberGroupRow).where(
            SubscriberGroupRow.user_key == user_key, SubscriberGroupRow.slug == group))
        return bool(getattr(result, "rowcount", 0))

    def unsubscribe(self, user_key: str, now: datetime) -> bool:
        row = self._row(user_key)
        if row is None or not row.active:
            return False
        row.active, row.updated_at = False, now
        return True

    def subscribed(self, user_key: str) -> bool:
        row = self._row(user_key)
        return bool(row and row.active)

    def groups_of(self, user_key: str) -> list[str]:
        return list(
            self.session.scalars(
                select(SubscriberGroupRow.slug)
                .where(SubscriberGroupRow.user_key == user_key)
                .order_by(SubscriberGroupRow.slug)
            )
        )

    def deactivate_chat(self, chat_key: str, now: datetime) -> None:
        """The chat blocked Maatje (403): no more announcements to it."""
        self.session.execute(
            update(SubscriberRow).where(SubscriberRow.chat_key == chat_key)
            .values(active=False, updated_at=now)
        )


def audience_query(audience: str) -> Select[str, str | None]:
    """Active subscribers in ``audience`` whose consent still stands: chat and language.

    The consent is checked at sending time, so a "no" given later (``/toestemming``)
    is honoured even if the subscription row was not touched.
    """
    query = (
        select(SubscriberRow.chat_key, User.language)
        .select_from(SubscriberRow)
        .join(User, User.channel_key == SubscriberRow.user_key)
        .where(SubscriberRow.active.is_(True), User.consents.contains(ANNOUNCEMENTS))
    )
    kind, _, value = audience.partition(":")
    if kind == "role":
        query = query.where(User.role == value)
    elif kind == "lang":
        query = query.where(User.language == value)
    elif kind == "group":
        query = query.where(
            SubscriberRow.user_key.in_(
                select(SubscriberGroupRow.user_key).where(SubscriberGroupRow.slug == value)
            )
        )
    elif kind != "all":
        query = query.where(SubscriberRow.id.is_(None))  # an unknown audience reaches nobody
    return query.order_by(SubscriberRow.id)


class BroadcastRepository:
    """Implements :class:`bot.core.broadcastports.BroadcastPort`, plus the sender's progress."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def draft(self, created_by: str, chat_key: str, now: datetime) -> Announcement | None:
        row = BroadcastRow(created_by=created_by, chat_key=chat_key, state=DRAFT, created_at=now,
                           audience="", text="", total=0)
        self.session.add(row)
        self.session.flush()
        return self._announcement(row)

    def _announcement(self, row: BroadcastRow) -> Announcement:
        texts = self.session.scalars(
            select(BroadcastTextRow).where(BroadcastTextRow.broadcast_id == row.id)
        )
        return Announcement(
            row.id, row.created_by, row.chat_key, row.state, row.audience, row.text, row.file_kind,
            row.file_id, {t.language: t.text for t in texts}, row.scheduled_at, row.total,
        )

    def get(self, broadcast_id: int) -> Announcement | None:
        row = self.session.get(BroadcastRow, broadcast_id)
        return self._announcement(row) if row else None

    def _editable(self, broadcast_id: int) -> BroadcastRow | None:
        row = self.session.get(BroadcastRow, broadcast_id)
        return row if row is not None and row.state in (DRAFT, SCHEDULED) else None

    def set_content(
        self, broadcast_id: int, text: str, file_kind: str | None, file_id: str | None
    ) -> None:
        row = self._editable(broadcast_id)
        if row is not None:
            row.text, row.file_kind, row.file_id = text, file_kind, file_id

    def set_audience(self, broadcast_id: int, audience: str) -> None:
        row = self._editable(broadcast_id)
        if row is not None:
            row.audience = audience

    def add_translation(self, broadcast_id: int, language: str, text: str) -> None:
        if self._editable(broadcast_id) is None:
            return
        existing = self.session.scalar(
            select(BroadcastTextRow).where(BroadcastTextRow.broadcast_id == broadcast_id,
                                           BroadcastTextRow.language == language)
        )
        if existing is None:
            self.session.add(BroadcastTextRow(broadcast_id=broadcast_id, language=language, text=text))
        else:
            existing.text = text

    def count(self, audience: str) -> int:
        found = self.session.scalar(select(func.count()).select_from(audience_query(audience).subquery()))
        return int(found or 0)

    def groups(self) -> list[str]:
        return list(self.session.scalars(
            select(SubscriberGroupRow.slug).distinct().order_by(SubscriberGroupRow.slug)
        ))

    def queue(self, broadcast_id: int, now: datetime, letters: Letters) -> int:
        """Claim the draft (only once, even on a double tap) and add one outbox row each."""
        claimed = self.session.execute(
            update(BroadcastRow)
            .where(BroadcastRow.id == broadcast_id, BroadcastRow.state.in_((DRAFT, SCHEDULED)))
            .values(state=QUEUED, started_at=now)
        ).rowcount  # type: ignore[attr-defined]
        if not claimed:
            return 0
        row = self.session.get(BroadcastRow, broadcast_id, populate_existing=True)
        assert row is not None
        outbox = OutboxRepository(self.session)
        total = 0
        for chat_key, language in self._recipients(row.audience):
            letter = letters.to(language)
            outbox.add(chat_key, letter.text, (letter.button,), now, broadcast_id=row.id,
                       file_kind=row.file_kind, file_id=row.file_id)
            total += 1
            if total % CHUNK == 0:
                self.session.flush()
        row.total = total
        if total == 0:
            row.state, row.finished_at = DONE, now
        return total

    def _recipients(self, audience: str) -> Iterator[tuple[str, str | None]]:
        seen: set[str] = set()
        for found in self.session.execute(audience_query(audience)).all():
            chat_key, language = found[0], found[1]
            if chat_key not in seen:
                seen.add(chat_key)
                yield chat_key, language

    def schedule(self, broadcast_id: int, at: datetime) -> None:
        row = self._editable(broadcast_id)
        if row is not None:
            row.state, row.scheduled_at = SCHEDULED, at

    def cancel(self, broadcast_id: int) -> None:
        row = self._editable(broadcast_id)
        if row is not None:
            row.state = CANCELLED

    def due(self, now: datetime) -> list[Announcement]:
        rows = self.session.scalars(
            select(BroadcastRow)
            .where(BroadcastRow.state == SCHEDULED, BroadcastRow.scheduled_at <= now)
            .order_by(BroadcastRow.id)
        )
        return [self._announcement(row) for row in rows]

    # --- progress, for the sender and ``maatje broadcast status`` --------------------

    def running(self) -> list[BroadcastRow]:
        return list(self.session.scalars(
            select(BroadcastRow).where(BroadcastRow.state == QUEUED).order_by(BroadcastRow.id)
        ))

    def recent(self, limit: int) -> list[BroadcastRow]:
        return list(self.session.scalars(
            select(BroadcastRow).where(BroadcastRow.state != DRAFT)
            .order_by(BroadcastRow.id.desc()).limit(limit)
        ))

    def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        self.session.execute(
            update(BroadcastRow).where(BroadcastRow.id == broadcast_id)
            .values(progress_message_id=message_id)
        )

    def finish(self, broadcast_id: int, now: datetime) -> None:
        self.session.execute(
            update(BroadcastRow).where(BroadcastRow.id == broadcast_id, BroadcastRow.state == QUEUED)
            .values(state=DONE, finished_at=now)
        )
