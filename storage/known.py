"""What this message's session already knows a person does not have, so nobody asks twice.

Several features look at the same few rows of a person on every message (a pending input,
an active staff membership, an open safeguarding case), and for a pupil they are almost
always absent. A row that is there stays in the session's identity map; a row that is not
leaves no trace there, so each look became a statement. The absences found are noted in
the session's own ``info`` (one message, one session): nothing outlives the message.

A repository that may create such a row forgets the absence first (:func:`forget`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

ABSENT = "maatje.absent"
#: The kinds of row whose absence is remembered.
PENDING, STAFF, CASE, USER = "pending_input", "staff_member", "open_case", "user"


def _absent(session: Session) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = session.info.setdefault(ABSENT, set())
    return found


def is_absent(session: Session, kind: str, key: str) -> bool:
    """Whether this session found ``key`` has no row of ``kind`` (and none was made since)."""
    return (kind, key) in _absent(session)


def note_absent(session: Session, kind: str, key: str) -> None:
    _absent(session).add((kind, key))


def forget(session: Session, kind: str, key: str) -> None:
    """A row of ``kind`` may exist for ``key`` from now on: look again next time."""
    _absent(session).discard((kind, key))
