"""One read of everything a message needs of its person, with the person's lock.

A message used to look at the same person from five places: flood control (and its lock),
the user row, the pending input, whether she is staff, whether she has an open
safeguarding case. This reads them in one statement, keyed on her flood bucket, which it
locks as flood control always did (``SELECT … FOR UPDATE``: her messages are handled one at
a time, whichever process has them). What is there lands in the session's identity map;
what is not is noted in :mod:`storage.known`, so the repositories then ask nothing.

Without a flood bucket (her first message, or two quiet days: retention removes it) there
is nothing to lock, and the message reads as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from bot.core.safetyports import CLOSED
from storage.known import CASE, PENDING, STAFF, USER, note_absent
from storage.models import (
    FloodBucket,
    PendingInputRow,
    SafeguardingCaseRow,
    StaffMemberRow,
    User,
)


@dataclass(frozen=True)
class PersonRows:
    """Her rows as read (with her flood bucket locked)."""

    bucket: FloodBucket
    user: User | None


def read_person(session: Session, channel_key: str) -> PersonRows | None:
    """Her flood bucket (locked), user row, pending input, staff membership and open case
    in one statement; ``None`` when she has no flood bucket (nothing is read then)."""
    open_case = (
        select(SafeguardingCaseRow.id)
        .where(SafeguardingCaseRow.user_key == channel_key, SafeguardingCaseRow.status != CLOSED)
        .limit(1).scalar_subquery()
    )
    query = (
        select(FloodBucket, User, PendingInputRow, StaffMemberRow.id, open_case)
        .outerjoin(User, User.channel_key == FloodBucket.channel_key)
        .outerjoin(PendingInputRow, PendingInputRow.user_key == FloodBucket.channel_key)
        .outerjoin(StaffMemberRow, and_(StaffMemberRow.user_key == FloodBucket.channel_key,
                                        StaffMemberRow.active.is_(True)))
        .where(FloodBucket.channel_key == channel_key)
        .with_for_update(of=FloodBucket)
    )
    found = session.execute(query).first()
    if found is None:
        return None
    bucket, user, pending, staff_id, case_id = found
    for kind, row in ((USER, user), (PENDING, pending), (STAFF, staff_id), (CASE, case_id)):
        if row is None:
            note_absent(session, kind, channel_key)
    return PersonRows(bucket, user)
