"""Camp registrations: who is on the camp list and what is still missing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.campports import (
    BY_PARENT,
    BY_STAFF,
    CAMP_ITEMS,
    FORM_DIGITAL,
    FORM_PAPER,
    LINK_CONFIRMED,
    LINK_LEGACY,
    LINK_OPEN,
    LINK_PENDING,
    LINK_REFUSED,
    LINK_REVOKED,
    LINK_WORKING,
    LinkedParent,
    ParentInvite,
    ParentLink,
    Registration,
)
from bot.core.leadports import Lead
from bot.core.staffports import StaffMember
from bot.core.state import UserState
from storage.models import CampParentLinkRow, CampRegistrationRow, User
from storage.repositories import Users
from storage.staff import TOKEN_BYTES, token_hash

#: A parent who never chose a language reads Dutch.
DUTCH = "nl"


def _registration(row: CampRegistrationRow) -> Registration:
    ticked = frozenset(item for item in CAMP_ITEMS if getattr(row, item))
    return Registration(row.id, row.user_key, row.chat_key, row.first_name, row.language, ticked,
                        permission_source=row.permission_source if row.permission else None,
                        permission_name=row.permission_name if row.permission else None,
                        permission_at=row.permission_at if row.permission else None,
                        medical_kind=(row.medical_kind or FORM_PAPER) if row.medical else None)


def _set_permission(row: CampRegistrationRow, source: str | None, by_key: str | None,
                    by_name: str | None, now: datetime | None) -> None:
    row.permission_source, row.permission_by = source, by_key
    row.permission_name, row.permission_at = by_name, now


class CampRepository:
    """Implements :class:`bot.core.campports.CampPort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def register(self, lead: Lead, now: datetime, child: str | None = None,
                 parent_name: str = "") -> Registration | None:
        """Once per lead, and once per person (per child, for a parent): a second camp
        lead of the same pupil finds her registration. A parent signing up ``child`` is
        linked to it at once (confirmed: they signed up their own child)."""
        name = (child or lead.first_name)[:64]
        existing = self.session.scalar(
            select(CampRegistrationRow).where(CampRegistrationRow.lead_id == lead.id))
        existing = existing or self.session.scalar(
            select(CampRegistrationRow)
            .where(CampRegistrationRow.user_key == lead.user_key,
                   CampRegistrationRow.first_name == name)
            .order_by(CampRegistrationRow.id).limit(1))
        if existing is not None:
            return _registration(existing)
        row = CampRegistrationRow(
            lead_id=lead.id, user_key=lead.user_key, chat_key=lead.chat_key,
            first_name=name, language=lead.language, permission=False, medical=False,
            paid=False, created_at=now,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            return self.register(lead, now, child, parent_name)
        if child is not None:
            self._link_own_child(row, lead, parent_name, now)
        return _registration(row)

    def _link_own_child(self, row: CampRegistrationRow, lead: Lead, parent_name: str,
                        now: datetime) -> None:
        """The parent who signed up the child is its linked parent: no link to open."""
        self.session.add(CampParentLinkRow(
            registration_id=row.id, pupil_user_key=lead.user_key,
            token_hash=token_hash(secrets.token_urlsafe(TOKEN_BYTES)), created_at=now,
            expires_at=now, used_at=now, parent_user_key=lead.user_key,
            parent_chat_key=lead.chat_key, parent_name=parent_name[:64], language=lead.language,
            status=LINK_CONFIRMED, decided_at=now,
        ))
        self.session.flush()

    def get(self, registration_id: int) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        return _registration(row) if row else None

    def toggle(self, registration_id: int, item: str, by: StaffMember | None = None,
               now: datetime | None = None) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None or item not in CAMP_ITEMS:
            return None
        ticked = not getattr(row, item)
        setattr(row, item, ticked)
        if item == "permission":
            _set_permission(row, BY_STAFF if ticked else None, by.user_key if ticked and by else None,
                            by.name if ticked and by else None, now if ticked else None)
        if item == "medical":
            row.medical_kind = FORM_PAPER if ticked else None
        self.session.flush()
        return _registration(row)

    def give_permission(self, registration_id: int, by_key: str, by_name: str,
                        now: datetime) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None:
            return None
        row.permission = True
        _set_permission(row, BY_PARENT, by_key, by_name[:64], now)
        self.session.flush()
        return _registration(row)

    def withdraw_permission(self, registration_id: int) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None or not row.permission:
            return None
        row.permission = False
        _set_permission(row, None, None, None, None)
        self.session.flush()
        return _registration(row)

    def everyone(self) -> list[Registration]:
        rows = self.session.scalars(select(CampRegistrationRow).order_by(CampRegistrationRow.id))
        return [_registration(row) for row in rows]

    def pupil_state(self, user_key: str) -> UserState | None:
        users = Users(self.session)
        return users.state(user_key) if users.get(user_key) is not None else None

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

    def digital_form(self, registration_id: int, sent: bool) -> Registration | None:
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None:
            return None
        if sent:
            row.medical, row.medical_kind = True, FORM_DIGITAL
        elif row.medical_kind == FORM_DIGITAL:
            row.medical, row.medical_kind = False, None
        self.session.flush()
        return _registration(row)

    def ask_form_again(self, registration_id: int) -> None:
        """A digital form lost with its key: missing again, and the pupil's and the
        parents' reminders go out once more (within the reminder window)."""
        self.digital_form(registration_id, sent=False)
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is not None:
            row.reminded_at = None
        for link in self.session.scalars(select(CampParentLinkRow).where(
                CampParentLinkRow.registration_id == registration_id)):
            link.reminded_at = None
        self.session.flush()

    # --- parents --------------------------------------------------------------------

    def parent_invite(
        self, registration_id: int, now: datetime, valid_for: timedelta,
        created_by: str | None = None,
    ) -> ParentInvite | None:
        """Only the token's hash is kept, so a copy of the database links nobody."""
        row = self.session.get(CampRegistrationRow, registration_id)
        if row is None:
            return None
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = now + valid_for
        self.session.add(CampParentLinkRow(
            registration_id=row.id, pupil_user_key=row.user_key, token_hash=token_hash(token),
            created_at=now, expires_at=expires, status=LINK_OPEN, created_by=created_by,
        ))
        self.session.flush()
        return ParentInvite(_registration(row), token, expires)

    def parent_link(self, token: str, now: datetime) -> ParentLink | None:
        row = self.session.scalar(select(CampParentLinkRow).where(
            CampParentLinkRow.token_hash == token_hash(token),
            CampParentLinkRow.status == LINK_OPEN,
            CampParentLinkRow.expires_at > now,
        ))
        return self._link(row) if row else None

    def accept_parent(
        self, token: str, user_key: str, chat_key: str, first_name: str, language: str | None,
        now: datetime,
    ) -> ParentLink | None:
        """Use the link once: the conditional update makes two presses race safely."""
        used = self.session.execute(
            update(CampParentLinkRow)
            .where(
                CampParentLinkRow.token_hash == token_hash(token),
                CampParentLinkRow.status == LINK_OPEN,
                CampParentLinkRow.expires_at > now,
            )
            .values(used_at=now, parent_user_key=user_key, parent_chat_key=chat_key,
                    parent_name=first_name[:64], language=language, status=LINK_PENDING)
            .returning(CampParentLinkRow.id)
        ).scalar_one_or_none()
        return None if used is None else self.link(used)

    def await_confirmation(self, link_id: int, confirmer: str) -> None:
        self.session.execute(update(CampParentLinkRow)
                             .where(CampParentLinkRow.id == link_id)
                             .values(confirmer=confirmer))

    def link(self, link_id: int) -> ParentLink | None:
        row = self.session.get(CampParentLinkRow, link_id, populate_existing=True)
        return self._link(row) if row else None

    def parent_links(self, registration_id: int) -> list[ParentLink]:
        rows = self.session.scalars(
            select(CampParentLinkRow)
            .where(CampParentLinkRow.registration_id == registration_id,
                   CampParentLinkRow.status.in_((LINK_OPEN, LINK_PENDING, *LINK_WORKING)))
            .order_by(CampParentLinkRow.id))
        return [link for row in rows if (link := self._link(row)) is not None]

    def decide_parent(self, link_id: int, status: str, now: datetime) -> ParentLink | None:
        """Confirm a waiting (or legacy) link; refuse a waiting one; revoke any in force."""
        allowed = {
            LINK_CONFIRMED: (LINK_PENDING, LINK_LEGACY),
            LINK_REFUSED: (LINK_PENDING, LINK_LEGACY),
            LINK_REVOKED: (LINK_OPEN, LINK_PENDING, *LINK_WORKING),
        }.get(status, ())
        changed = self.session.execute(
            update(CampParentLinkRow)
            .where(CampParentLinkRow.id == link_id, CampParentLinkRow.status.in_(allowed))
            .values(status=status, decided_at=now)
            .returning(CampParentLinkRow.id)
        ).scalar_one_or_none()
        return None if changed is None else self.link(changed)

    def remember_question(self, user_key: str, asked: tuple[tuple[str, str], ...]) -> None:
        self.session.execute(update(User).where(User.channel_key == user_key).values(
            asked="\n".join(f"{answer}={payload}" for answer, payload in asked)))

    def of_parent(self, user_key: str) -> list[Registration]:
        rows = self.session.scalars(
            select(CampRegistrationRow)
            .join(CampParentLinkRow, CampParentLinkRow.registration_id == CampRegistrationRow.id)
            .where(CampParentLinkRow.parent_user_key == user_key,
                   CampParentLinkRow.status.in_(LINK_WORKING))
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
                CampParentLinkRow.status.in_(LINK_WORKING),
                # a parent who signed up the child has the pupil's own reminder already
                CampParentLinkRow.parent_user_key != CampRegistrationRow.user_key,
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

    def _link(self, row: CampParentLinkRow) -> ParentLink | None:
        """The link with its registration, what is known of the pupil's age and chat, and
        the language the parent reads now (chosen after opening the link, perhaps)."""
        registration = self.session.get(CampRegistrationRow, row.registration_id)
        if registration is None:
            return None
        pupil = self.session.scalar(select(User).where(User.channel_key == row.pupil_user_key))
        parent = self.session.scalar(select(User.language).where(
            User.channel_key == row.parent_user_key)) if row.parent_user_key else None
        return ParentLink(
            row.id, _registration(registration), row.status, row.created_at, row.expires_at,
            created_by=row.created_by, parent_user_key=row.parent_user_key,
            parent_chat_key=row.parent_chat_key, parent_name=row.parent_name,
            language=parent or row.language, used_at=row.used_at, confirmer=row.confirmer,
            pupil_age=pupil.age_band if pupil else None, pupil_chat=pupil is not None,
        )
