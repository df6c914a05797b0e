"""Safeguarding cases (implements :class:`bot.core.safetyports.SafetyPort`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.core.safetyports import CLAIMED, CLOSED, OFFERED, OPEN, Case
from bot.core.staffports import StaffMember
from storage.known import CASE, forget, is_absent, note_absent
from storage.models import SafeguardingCaseRow as Row

#: Messages a pupil passes on are kept whole, up to this length in all.
TEXT_LIMIT = 8_000


def _case(row: Row) -> Case:
    return Case(row.id, row.user_key, row.chat_key, row.first_name, row.language, row.text,
                row.status, row.created_at, row.alerted_at, row.alerts, row.claimed_by,
                row.claimed_name)


class SafetyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _current_row(self, user_key: str) -> Row | None:
        """Her case that is not closed; looked at for every text she types (a claimed
        case forwards it), so "none" is found once per message (:mod:`storage.known`)."""
        if is_absent(self.session, CASE, user_key):
            return None
        row = self.session.scalar(
            select(Row).where(Row.user_key == user_key, Row.status != CLOSED)
            .order_by(Row.id.desc()).limit(1)
        )
        if row is None:
            note_absent(self.session, CASE, user_key)
        return row

    def offer(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Case | None:
        row = self._current_row(user_key)
        if row is None:
            row = Row(user_key=user_key, chat_key=chat_key, first_name=first_name[:64],
                      language=language, text="", status=OFFERED, created_at=now, alerts=0)
            self.session.add(row)
            forget(self.session, CASE, user_key)
        row.text = "\n".join(part for part in (row.text, text.strip()) if part)[:TEXT_LIMIT]
        self.session.flush()
        return _case(row)

    def current(self, user_key: str) -> Case | None:
        row = self._current_row(user_key)
        return _case(row) if row else None

    def get(self, case_id: int) -> Case | None:
        row = self.session.get(Row, case_id)
        return _case(row) if row else None

    def of(self, user_key: str) -> list[Case]:
        rows = self.session.scalars(select(Row).where(Row.user_key == user_key).order_by(Row.id))
        return [_case(row) for row in rows]

    def alert(self, case_id: int, now: datetime) -> Case | None:
        row = self.session.get(Row, case_id, with_for_update=True)
        if row is None or row.status == CLOSED:
            return None
        if row.status == OFFERED:
            row.status = OPEN
        row.alerted_at = now
        row.alerts += 1
        self.session.flush()
        return _case(row)

    def claim(self, case_id: int, member: StaffMember, now: datetime) -> bool:
        """One UPDATE with the status in its WHERE: two staff pressing at once, one wins."""
        result = self.session.execute(
            update(Row).where(Row.id == case_id, Row.status == OPEN)
            .values(status=CLAIMED, claimed_by=member.user_key, claimed_name=member.name[:64],
                    claimed_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    def close(self, case_id: int, now: datetime) -> Case | None:
        row = self.session.get(Row, case_id)
        if row is None or row.status == CLOSED:
            return None
        row.status, row.closed_at = CLOSED, now
        self.session.flush()
        return _case(row)

    def decline(self, user_key: str) -> None:
        self.session.execute(delete(Row).where(Row.user_key == user_key, Row.status == OFFERED))

    def unclaimed(self, alerted_before: datetime, max_alerts: int) -> list[Case]:
        rows = self.session.scalars(
            select(Row).where(Row.status == OPEN, Row.alerted_at <= alerted_before,
                              Row.alerts < max_alerts)
            .order_by(Row.id).with_for_update(skip_locked=True)
        )
        return [_case(row) for row in rows]

    def expire_offers(self, offered_before: datetime) -> int:
        result = self.session.execute(
            delete(Row).where(Row.status == OFFERED, Row.created_at < offered_before)
        )
        return int(getattr(result, "rowcount", 0) or 0)
