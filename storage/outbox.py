"""The outbox: every message to a chat other than the one being answered, one row each.

Features add rows in the same transaction as the fact they announce (a lead, a question),
so a notification exists exactly when the fact does. The one sender of the deployment
claims due rows (``pending`` → ``sending``), sends them, and records the outcome. A crash
leaves at most the claimed rows in ``sending``; they are sent again after a restart, so
they are the only ones that may arrive twice.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from bot.core.messages import Button
from bot.core.outboxports import Notice
from storage.models import OutboxRow

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
BLOCKED = "blocked"
STATES = (PENDING, SENDING, SENT, FAILED, BLOCKED)
#: ``file_kind`` of a file from the content folder (``file_id`` is its name there).
ATTACHMENT = "attachment"
#: ``file_kind`` of a row that takes back a message sent earlier (``file_id`` is its id).
UNSEND = "unsend"
NOTICE_PRIORITY = 0
BROADCAST_PRIORITY = 1
#: How many due rows a claim looks at per row it may take (others may wait on their chat).
SCAN_FACTOR = 4


@dataclass(frozen=True)
class OutboxItem:
    """A claimed row, as the sender needs it."""

    id: int
    chat_key: str
    text: str
    buttons: tuple[Button, ...] = ()
    file_kind: str | None = None
    file_id: str | None = None
    broadcast_id: int | None = None
    attempts: int = 0


def encode_buttons(buttons: Sequence[Button]) -> str:
    return json.dumps([[b.label, b.payload] for b in buttons], ensure_ascii=False) if buttons else ""


def decode_buttons(raw: str) -> tuple[Button, ...]:
    return tuple(Button(label, payload) for label, payload in json.loads(raw)) if raw else ()


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        row.id, row.chat_key, row.text, decode_buttons(row.buttons), row.file_kind, row.file_id,
        row.broadcast_id, row.attempts,
    )


def _earlier_row_waits(now: datetime) -> ColumnElement[bool]:
    """A row of the same chat, before this one in the claim order, that is not due yet."""
    waiting = aliased(OutboxRow)
    return exists().where(
        waiting.chat_key == OutboxRow.chat_key,
        waiting.state == PENDING,
        waiting.next_attempt_at > now,
        or_(waiting.priority < OutboxRow.priority,
            and_(waiting.priority == OutboxRow.priority, waiting.id < OutboxRow.id)),
    )


class OutboxRepository:
    """Adding, claiming and settling outbox rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- adding ---------------------------------------------------------------------

    def notify(self, notice: Notice, now: datetime) -> bool:
        """The :class:`bot.core.outboxports.OutboxPort` method: queue one notice."""
        file_kind = ATTACHMENT if notice.attachment else None
        self.add(notice.chat_key, notice.text, notice.buttons, now, ref=notice.ref,
                 file_kind=file_kind, file_id=notice.attachment, subject_key=notice.about,
                 named_key=notice.names)
        return True

    def add(
        self,
        chat_key: str,
        text: str,
        buttons: Sequence[Button],
        now: datetime,
        *,
        ref: str | None = None,
        broadcast_id: int | None = None,
        file_kind: str | None = None,
        file_id: str | None = None,
        subject_key: str | None = None,
        named_key: str | None = None,
    ) -> None:
        priority = NOTICE_PRIORITY if broadcast_id is None else BROADCAST_PRIORITY
        self.session.add(
            OutboxRow(
                chat_key=chat_key, subject_key=subject_key, named_key=named_key,
                broadcast_id=broadcast_id, ref=ref, text=text, buttons=encode_buttons(buttons),
                file_kind=file_kind, file_id=file_id, state=PENDING, priority=priority,
                attempts=0, next_attempt_at=now, created_at=now, updated_at=now,
            )
        )

    # --- the sender -----------------------------------------------------------------

    def claim(self, now: datetime, limit: int, busy_chats: Collection[str] = (),
              channel: str | None = None) -> list[OutboxItem]:
        """Mark up to ``limit`` due rows ``sending``, at most one per chat, none for busy chats;
        with ``channel`` (``"tg:"``) only rows of chats whose key starts with it: a web
        visitor's row waits for the web chat, which shows it with her next reply.

        A row never overtakes one of its chat that comes before it and waits for a retry
        (after a 429, say), so each chat gets its messages in order, whatever the sender
        remembers. ``FOR UPDATE SKIP LOCKED`` keeps two senders from claiming the same row
        even if the one-sender lock were ever lost (PostgreSQL; SQLite runs one sender).
        """
        query = (
            select(OutboxRow)
            .where(OutboxRow.state == PENDING, OutboxRow.next_attempt_at <= now,
                   ~_earlier_row_waits(now))
            .order_by(OutboxRow.priority, OutboxRow.id)
            .limit(limit * SCAN_FACTOR)
            .with_for_update(skip_locked=True)
        )
        if busy_chats:
            query = query.where(OutboxRow.chat_key.not_in(list(busy_chats)))
        if channel:
            query = query.where(OutboxRow.chat_key.startswith(channel, autoescape=True))
        chosen: list[OutboxRow] = []
        chats: set[str] = set()
        for row in self.session.scalars(query):
            if row.chat_key in chats:
                continue
            chats.add(row.chat_key)
            row.state, row.updated_at = SENDING, now
            chosen.append(row)
            if len(chosen) == limit:
                break
        self.session.flush()
        return [_item(row) for row in chosen]

    def claim_for(self, chat_keys: Collection[str], now: datetime, limit: int) -> list[OutboxItem]:
        """Mark the due rows of these chats ``sending``, in order, all of a chat's at once:
        for the web chat, which writes them to the sockets of the visitors connected to it
        (one write per row, no rate limit to keep) and then settles each one.

        Each row is taken only if it is still ``pending`` (a conditional update): two
        claims at once (her reply's and the web sender's) never both take a row.
        """
        if not chat_keys:
            return []
        rows = list(self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.state == PENDING, OutboxRow.next_attempt_at <= now,
                   OutboxRow.chat_key.in_(list(chat_keys)))
            .order_by(OutboxRow.priority, OutboxRow.id)
            .limit(limit)))
        taken: list[OutboxItem] = []
        for row in rows:
            result = self.session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == row.id, OutboxRow.state == PENDING)
                .values(state=SENDING, updated_at=now)
                .execution_options(synchronize_session=False))
            if int(result.rowcount) == 1:  # type: ignore[attr-defined]
                taken.append(_item(row))
        return taken

    def waiting_chats(self, chat_keys: Collection[str], now: datetime) -> set[str]:
        """Which of these chats have a due row (reading only: the web sender's look, which
        then claims for those few)."""
        if not chat_keys:
            return set()
        return set(self.session.scalars(
            select(OutboxRow.chat_key).distinct()
            .where(OutboxRow.state == PENDING, OutboxRow.next_attempt_at <= now,
                   OutboxRow.chat_key.in_(list(chat_keys)))))

    def release(self, row_id: int, now: datetime) -> None:
        """A claimed row that could not be written (her page went away): back to
        ``pending``, due at once, for her next visit; not counted as a failed attempt."""
        self._settle(row_id, now, state=PENDING, next_attempt_at=now)

    def recover(self, now: datetime, channel: str | None = None) -> int:
        """Put rows a dead sender left in ``sending`` back in line; they may go out twice.
        With ``channel`` (``"tg:"``, ``"web:"``) only that channel's: another channel's
        sender may be sending its own rows right now."""
        query = (update(OutboxRow)
                 .where(OutboxRow.state == SENDING)
                 .values(state=PENDING, next_attempt_at=now, updated_at=now))
        if channel:
            query = query.where(OutboxRow.chat_key.startswith(channel, autoescape=True))
        result = self.session.execute(query)
        return int(result.rowcount)  # type: ignore[attr-defined]

    def sent(self, row_id: int, message_id: int | None, now: datetime) -> None:
        self._settle(row_id, now, state=SENT, sent_message_id=message_id, error=None)

    def retry(self, row_id: int, at: datetime, now: datetime, error: str, attempts: int) -> None:
        self._settle(row_id, now, state=PENDING, next_attempt_at=at, error=error[:60],
                     attempts=attempts)

    def failed(self, row_id: int, now: datetime, error: str, attempts: int) -> None:
        self._settle(row_id, now, state=FAILED, error=error[:60], attempts=attempts)

    def blocked(self, row_id: int, now: datetime, error: str) -> None:
        self._settle(row_id, now, state=BLOCKED, error=error[:60])

    def _settle(self, row_id: int, now: datetime, **values: object) -> None:
        self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == row_id, OutboxRow.state == SENDING)
            .values(updated_at=now, **values)
        )

    # --- reading --------------------------------------------------------------------

    def counts(self, broadcast_id: int | None = None) -> dict[str, int]:
        """Rows per state (of one broadcast, or of everything)."""
        query = select(OutboxRow.state, func.count()).group_by(OutboxRow.state)
        if broadcast_id is not None:
            query = query.where(OutboxRow.broadcast_id == broadcast_id)
        found = {str(row[0]): int(row[1]) for row in self.session.execute(query)}
        return {state: found.get(state, 0) for state in STATES}

    def take_for(self, chat_key: str, now: datetime) -> list[OutboxItem]:
        """The pending rows of one chat, in order, marked sent: for a channel that shows a
        person's notices itself, with its next reply (the console), not through the sender."""
        rows = list(self.session.scalars(
            select(OutboxRow)
            .where(OutboxRow.chat_key == chat_key, OutboxRow.state == PENDING)
            .order_by(OutboxRow.priority, OutboxRow.id)))
        for row in rows:
            row.state, row.updated_at = SENT, now
        self.session.flush()
        return [_item(row) for row in rows]

    def in_state(self, state: str) -> list[OutboxItem]:
        rows = self.session.scalars(select(OutboxRow).where(OutboxRow.state == state))
        return [_item(row) for row in rows]
