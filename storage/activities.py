"""Activities staff add from Telegram, and who said "Ik kom" (with their reminder)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.activityports import DRAFT, LIVE, Attendee, StaffActivity
from storage.models import AbsenceRow, AttendanceRow, StaffActivityRow

#: Fields staff may change, and how long each may be (the columns' sizes).
FIELDS = {"title": 120, "start": None, "place": 200, "price": None, "description": 2000}
#: A published activity stays listed for staff (to change or cancel) this long after its start.
STILL_LISTED = timedelta(days=1)


def _activity(row: StaffActivityRow) -> StaffActivity:
    return StaffActivity(row.id, row.state, row.created_by, row.title, row.start, row.place,
                         row.price, row.description)


class ActivityRepository:
    """Implements :class:`bot.core.activityports.ActivityPort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def draft(self, created_by: str, now: datetime) -> StaffActivity | None:
        row = StaffActivityRow(state=DRAFT, created_by=created_by, title="", created_at=now,
                               updated_at=now)
        self.session.add(row)
        self.session.flush()
        return _activity(row)

    def get(self, number: int) -> StaffActivity | None:
        row = self.session.get(StaffActivityRow, number)
        return _activity(row) if row else None

    def update(self, number: int, now: datetime, **fields: object) -> StaffActivity | None:
        row = self.session.get(StaffActivityRow, number)
        if row is None:
            return None
        for name, value in fields.items():
            if name not in FIELDS:
                raise ValueError(f"not a field staff may change: {name}")
            limit = FIELDS[name]
            setattr(row, name, value[:limit] if isinstance(value, str) and limit else value)
        row.updated_at = now
        self.session.flush()
        return _activity(row)

    def set_state(self, number: int, state: str, now: datetime) -> StaffActivity | None:
        row = self.session.get(StaffActivityRow, number)
        if row is None:
            return None
        row.state, row.updated_at = state, now
        self.session.flush()
        return _activity(row)

    def live(self, now: datetime) -> list[StaffActivity]:
        rows = self.session.scalars(
            select(StaffActivityRow)
            .where(StaffActivityRow.state == LIVE, StaffActivityRow.start >= now - STILL_LISTED)
            .order_by(StaffActivityRow.start, StaffActivityRow.id)
        )
        return [_activity(row) for row in rows]


class AttendanceRepository:
    """Implements :class:`bot.core.activityports.AttendancePort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, activity_id: str, user_key: str) -> AttendanceRow | None:
        return self.session.scalar(select(AttendanceRow).where(
            AttendanceRow.activity_id == activity_id, AttendanceRow.user_key == user_key))

    def come(
        self, activity_id: str, user_key: str, chat_key: str, language: str, starts: datetime,
        now: datetime, first_name: str | None = None,
    ) -> bool:
        if self._row(activity_id, user_key) is not None:
            return True
        row = AttendanceRow(activity_id=activity_id, user_key=user_key, chat_key=chat_key,
                            first_name=_name(first_name), language=language, starts=starts, created_at=now)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return self._row(activity_id, user_key) is not None
        return True

    def withdraw(self, activity_id: str, user_key: str) -> bool:
        result = self.session.execute(delete(AttendanceRow).where(
            AttendanceRow.activity_id == activity_id, AttendanceRow.user_key == user_key))
        return bool(getattr(result, "rowcount", 0))

    def comes(self, activity_id: str, user_key: str) -> bool:
        return self._row(activity_id, user_key) is not None

    def coming_to(self, user_key: str) -> list[str]:
        return list(self.session.scalars(select(AttendanceRow.activity_id).where(
            AttendanceRow.user_key == user_key).order_by(AttendanceRow.starts)))

    def absent(self, activity_id: str, user_key: str, starts: datetime, now: datetime,
               first_name: str | None = None) -> bool:
        def kept() -> bool:
            return self.session.scalar(select(AbsenceRow.id).where(
                AbsenceRow.activity_id == activity_id, AbsenceRow.user_key == user_key)) is not None

        if kept():
            return True
        try:
            with self.session.begin_nested():
                self.session.add(AbsenceRow(activity_id=activity_id, user_key=user_key,
                                            first_name=_name(first_name), starts=starts,
                                            created_at=now))
        except IntegrityError:
            return kept()
        return True

    def absentees(self, activity_id: str) -> list[str | None]:
        return list(self.session.scalars(select(AbsenceRow.first_name).where(
            AbsenceRow.activity_id == activity_id).order_by(AbsenceRow.id)))

    def attendees(self, activity_id: str) -> list[Attendee]:
        rows = self.session.scalars(select(AttendanceRow).where(
            AttendanceRow.activity_id == activity_id).order_by(AttendanceRow.id))
        return [Attendee(r.user_key, r.chat_key, r.language, r.activity_id, r.first_name)
                for r in rows]

    def reschedule(self, activity_id: str, starts: datetime) -> None:
        self.session.execute(update(AttendanceRow).where(AttendanceRow.activity_id == activity_id)
                             .values(starts=starts, reminded_at=None))

    def due_reminders(
        self, start_from: datetime, start_to: datetime, now: datetime
    ) -> list[Attendee]:
        rows = list(self.session.scalars(
            select(AttendanceRow)
            .where(AttendanceRow.starts >= start_from, AttendanceRow.starts < start_to,
                   AttendanceRow.reminded_at.is_(None))
            .order_by(AttendanceRow.id)
            .with_for_update(skip_locked=True)
        ))
        for row in rows:
            row.reminded_at = now
        return [Attendee(r.user_key, r.chat_key, r.language, r.activity_id) for r in rows]


def _name(first_name: str | None) -> str | None:
    """A first name as kept for staff's lists: trimmed to the column, ``None`` when empty."""
    return (first_name or "").strip()[:64] or None
