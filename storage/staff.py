"""Staff members, one-time invites and the staff chat, on the session of one message.

An invite token is shown once (in the link) and only its SHA-256 is kept, so a copy of
the database does not hand out staff rights.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.staffports import StaffMember
from storage.known import STAFF, forget, is_absent, note_absent
from storage.models import SettingRow, StaffInviteRow, StaffMemberRow

STAFF_CHAT = "staff_chat"
TOKEN_BYTES = 18


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invite:
    """A fresh invite: the token goes into the link and is not kept."""

    token: str
    name: str
    expires_at: datetime


@dataclass(frozen=True)
class StaffListing:
    """A staff member as ``maatje staff list`` shows it."""

    user_key: str
    name: str
    active: bool
    created_at: datetime


class StaffRepository:
    """Implements :class:`bot.core.staffports.StaffPort` and the CLI's staff commands."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the port -------------------------------------------------------------------

    def member(self, user_key: str) -> StaffMember | None:
        """Asked several times a message (staff menus, counting questions): a pupil's
        "not staff" is found once per message (:mod:`storage.known`)."""
        if is_absent(self.session, STAFF, user_key):
            return None
        row = self.session.scalar(
            select(StaffMemberRow).where(
                StaffMemberRow.user_key == user_key, StaffMemberRow.active.is_(True)
            )
        )
        if row is None:
            note_absent(self.session, STAFF, user_key)
        return StaffMember(row.user_key, row.name) if row else None

    def accept_invite(self, token: str, user_key: str, now: datetime) -> StaffMember | None:
        """Use the invite once: the conditional update makes two presses race safely."""
        used = self.session.execute(
            update(StaffInviteRow)
            .where(
                StaffInviteRow.token_hash == token_hash(token),
                StaffInviteRow.used_at.is_(None),
                StaffInviteRow.expires_at > now,
            )
            .values(used_at=now, used_by=user_key)
            .returning(StaffInviteRow.name)
        ).scalar_one_or_none()
        if used is None:
            return None
        forget(self.session, STAFF, user_key)
        row = self.session.scalar(select(StaffMemberRow).where(StaffMemberRow.user_key == user_key))
        if row is None:
            row = StaffMemberRow(user_key=user_key, name=used, created_at=now)
            self.session.add(row)
        row.name, row.active, row.removed_at = used, True, None
        self.session.flush()
        return StaffMember(user_key, used)

    def staff_chat(self) -> str | None:
        row = self.session.get(SettingRow, STAFF_CHAT)
        return row.value if row else None

    def set_staff_chat(self, chat_key: str, now: datetime) -> None:
        row = self.session.get(SettingRow, STAFF_CHAT)
        if row is None:
            self.session.add(SettingRow(key=STAFF_CHAT, value=chat_key, updated_at=now))
        else:
            row.value, row.updated_at = chat_key, now

    def member_keys(self) -> list[str]:
        return list(
            self.session.scalars(
                select(StaffMemberRow.user_key)
                .where(StaffMemberRow.active.is_(True))
                .order_by(StaffMemberRow.id)
            )
        )

    # --- the settings ---------------------------------------------------------------

    def ensure(self, user_key: str, name: str, now: datetime) -> None:
        """Make ``user_key`` an active staff member (``MAATJE_STAFF_IDS``), kept by name.

        The setting is the deployment's word: someone in it is staff again at the next
        start even after ``maatje staff remove``.
        """
        forget(self.session, STAFF, user_key)
        row = self.session.scalar(select(StaffMemberRow).where(StaffMemberRow.user_key == user_key))
        if row is None:
            self.session.add(StaffMemberRow(user_key=user_key, name=name, created_at=now))
        elif not row.active:
            row.active, row.removed_at = True, None
        self.session.flush()

    # --- the command line -----------------------------------------------------------

    def invite(self, name: str, now: datetime, valid_for: timedelta) -> Invite:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = now + valid_for
        self.session.add(
            StaffInviteRow(
                token_hash=token_hash(token), name=name, created_at=now, expires_at=expires
            )
        )
        return Invite(token, name, expires)

    def listing(self) -> list[StaffListing]:
        rows = self.session.scalars(select(StaffMemberRow).order_by(StaffMemberRow.id))
        return [StaffListing(r.user_key, r.name, r.active, r.created_at) for r in rows]

    def remove(self, who: str, now: datetime) -> int:
        """Take staff rights from everyone matching ``who`` (a user key or an exact name)."""
        result = self.session.execute(
            update(StaffMemberRow)
            .where(
                (StaffMemberRow.user_key == who) | (StaffMemberRow.name == who),
                StaffMemberRow.active.is_(True),
            )
            .values(active=False, removed_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
