"""Leads: people who want to take part, until a youth worker has followed them up.

A partial unique index allows one lead per person and topic that is not yet followed up,
so a double tap (or two processes) cannot open two.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.leadports import Lead, Opened
from bot.core.staffports import StaffMember
from storage.models import LeadRow

OPEN = "open"
CLAIMED = "claimed"
DONE = "done"


def _lead(row: LeadRow) -> Lead:
    return Lead(
        row.id, row.user_key, row.chat_key, row.first_name, row.topic, row.language, row.status,
        row.created_at, row.claimed_name,
    )


class LeadRepository:
    """Implements :class:`bot.core.leadports.LeadPort`, plus the export and the reminders."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _waiting_for(self, user_key: str, topic: str) -> LeadRow | None:
        return self.session.scalar(
            select(LeadRow).where(
                LeadRow.user_key == user_key, LeadRow.topic == topic, LeadRow.status != DONE
            )
        )

    def open(
        self, user_key: str, chat_key: str, first_name: str, topic: str, language: str,
        now: datetime,
    ) -> Opened | None:
        existing = self._waiting_for(user_key, topic)
        if existing is not None:
            return Opened(_lead(existing), created=False)
        row = LeadRow(
            user_key=user_key, chat_key=chat_key, first_name=first_name[:64], topic=topic,
            language=language, status=OPEN, created_at=now,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            raced = self._waiting_for(user_key, topic)
            return Opened(_lead(raced), created=False) if raced else None
        return Opened(_lead(row), created=True)

    def get(self, lead_id: int) -> Lead | None:
        row = self.session.get(LeadRow, lead_id)
        return _lead(row) if row else None

    def claim(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        self.session.execute(
            update(LeadRow)
            .where(LeadRow.id == lead_id, LeadRow.status == OPEN)
            .values(status=CLAIMED, claimed_by=member.user_key, claimed_name=member.name,
                    claimed_at=now)
        )
        return self._fresh(lead_id)

    def close(self, lead_id: int, member: StaffMember, now: datetime) -> Lead | None:
        row = self.session.get(LeadRow, lead_id)
        if row is None:
            return None
        if row.status != DONE:
            row.status, row.done_at = DONE, now
            if row.claimed_by is None:
                row.claimed_by, row.claimed_name, row.claimed_at = member.user_key, member.name, now
        self.session.flush()
        return _lead(row)

    def _fresh(self, lead_id: int) -> Lead | None:
        row = self.session.get(LeadRow, lead_id, populate_existing=True)
        return _lead(row) if row else None

    def waiting(
        self, topic: str | None, older_than: datetime | None, limit: int
    ) -> tuple[list[Lead], int]:
        conditions = [LeadRow.status != DONE]
        if topic:
            conditions.append(or_(LeadRow.topic == topic, LeadRow.topic.like(f"{topic}:%")))
        if older_than is not None:
            conditions.append(LeadRow.created_at <= older_than)
        total = self.session.scalar(select(func.count()).select_from(LeadRow).where(*conditions))
        rows = self.session.scalars(
            select(LeadRow).where(*conditions).order_by(LeadRow.created_at, LeadRow.id).limit(limit)
        )
        return [_lead(row) for row in rows], int(total or 0)

    # --- jobs and export ------------------------------------------------------------

    def unclaimed_before(self, moment: datetime) -> list[Lead]:
        """Open leads nobody took since ``moment`` and nobody was reminded of yet."""
        rows = list(
            self.session.scalars(
                select(LeadRow)
                .where(LeadRow.status == OPEN, LeadRow.created_at <= moment,
                       LeadRow.reminded_at.is_(None))
                .order_by(LeadRow.id)
                .with_for_update(skip_locked=True)
            )
        )
        return [_lead(row) for row in rows]

    def mark_reminded(self, lead_id: int, now: datetime) -> None:
        self.session.execute(update(LeadRow).where(LeadRow.id == lead_id).values(reminded_at=now))

    def about(self, topic: str) -> list[Lead]:
        rows = self.session.scalars(select(LeadRow).where(LeadRow.topic == topic).order_by(LeadRow.id))
        return [_lead(row) for row in rows]

    def everything(self) -> list[Lead]:
        return [_lead(row) for row in self.session.scalars(select(LeadRow).order_by(LeadRow.id))]
