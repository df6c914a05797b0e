"""Camp registrations: who is on the camp list and what is still missing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.staffports import CAMP_ITEMS, Lead, LinkedParent, ParentInvite, Registration
from storage.models import CampParentLinkRow, CampRegistrationRow, User
from storage.staff import TOKEN_BYTES, token_hash

#: A parent who never chose a language reads Dutch.
DUTCH = "nl"


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

    # --- parents --------------------------------------------------------------------

    def parent_invite(
        self, registration_id: int, now: datetime, valid_for: timedelta
    ) -> ParentInvite | None:
        """Only the token's hash is kept, so a copy of the database links nobody."""
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None:
            return None
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = now + valid_for
        self.session.add(CampParentLinkRow(
            registration_id=row.id, pupil_user_key=row.user_key, token_hash=token_hash(token),
            created_at=now, expires_at=expires,
        ))
        self.session.flush()
        return ParentInvite(_registration(row), token, expires)

    def accept_parent(
        self, token: str, user_key: str, chat_key: str, language: str | None, now: datetime
    ) -> Registration | None:
        """Use the link once: the conditional update makes two presses race safely."""
        used = self.session.execute(
            update(CampParentLinkRow)
            .where(
                CampParentLinkRow.token_hash == token_hash(token),
                CampParentLinkRow.used_at.is_(None),
                CampParentLinkRow.expires_at > now,
            )
            .values(used_at=now, parent_user_key=user_key, parent_chat_key=chat_key,
                    language=language)
            .returning(CampParentLinkRow.registration_id)
        ).scalar_one_or_none()
        if used is None:
            return None
        return self.get(used)

    def of_parent(self, user_key: str) -> list[Registration]:
        rows = self.session.scalars(
            select(CampRegistrationRow)
            .join(CampParentLinkRow, CampParentLinkRow.registration_id == CampRegistrationRow.id)
            .where(CampParentLinkRow.parent_user_key == user_key)
            .order_by(CampRegistrationRow.id)
            .distinct()
        )
        return [_registration(row) for row in rows]

    def parents_without_medical_form(self, now: datetime) -> list[LinkedParent]:
        """Each link once; the parent's current language (they may have changed it)."""
        language = func.coalesce(User.language, CampParentLinkRow.language, DUTCH)
        found = list(self.session.execute(
            select(CampParentLinkRow, CampRegistrationRow, language)
            .join(CampRegistrationRow, CampRegistrationRow.id == CampParentLinkRow.registration_id)
            .outerjoin(User, User.channel_key == CampParentLinkRow.parent_user_key)
            .where(
                CampRegistrationRow.medical.is_(False),
                CampParentLinkRow.used_at.is_not(None),
                CampParentLinkRow.reminded_at.is_(None),
            )
            .order_by(CampParentLinkRow.id)
            .with_for_update(skip_locked=True, of=CampParentLinkRow)
        ))
        parents = []
        for link, registration, lang in found:
            link.reminded_at = now
            parents.append(LinkedParent(_registration(registration), str(link.parent_user_key),
                                        str(link.parent_chat_key), str(lang)))
        return parents
