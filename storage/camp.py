"""Camp registrations: who is on the camp list and what is still missing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.staffports import CAMP_ITEMS, Lead, Registration
from storage.models import CampRegistrationRow


def _registration(row: CampRegistrationRow) -> Registration:
    ticked = frozenset(item for item in CAMP_ITEMS if getattr(row, item))
    return Registration(row.id, row.user_key, row.chat_key, row.first_name, row.language, ticked)


class CampRepository:
    """Implements :class:`bot.core.staffports.CampPort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def register(self, lead: Lead, now: datetime) -> Registration | None:
        existing = self.session.scalar(
            select(CampRegistrationRow).where(CampRegistrationRow.lead_id == lead.id))
        if existing is not None:
            return _registration(existing)
        row = CampRegistrationRow(
            lead_id=lead.id, user_key=lead.user_key, chat_key=lead.chat_key,
            first_name=lead.first_name, language=lead.language, permission=False, medical=False,
            paid=False, created_at=now,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return self.register(lead, now)
        return _registration(row)

    def get(self, registration_id: int) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        return _registration(row) if row else None

    def toggle(self, registration_id: int, item: str) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None or item not in CAMP_ITEMS:
            return None
        setattr(row, item, not getattr(row, item))
        self.session.flush()
        return _registration(row)

    def everyone(self) -> list[Registration]:
        rows = self.session.scalars(select(CampRegistrationRow).order_by(CampRegistrationRow.id))
        return [_registration(row) for row in rows]

    def without_medical_form(self, now: datetime) -> list[Registration]:
        rows = list(self.session.scalars(
            select(CampRegistrationRow)
            .where(CampRegistrationRow.medical.is_(False), CampRegistrationRow.reminded_at.is_(None))
            .order_by(CampRegistrationRow.id)
            .with_for_update(skip_locked=True)
        ))
        for row in rows:
            row.reminded_at = now
        return [_registration(row) for row in rows]
