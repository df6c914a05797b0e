"""Questions passed on to staff, and what a person's next message is meant for."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.core.inputports import Expected
from bot.core.questionports import Question
from bot.core.staffports import StaffMember
from storage.known import PENDING, forget, is_absent, note_absent
from storage.models import PendingInputRow, QuestionRow

OPEN = "open"
ANSWERED = "answered"
#: "Typ je vraag" is forgotten after this; a later message is answered normally.
EXPECTATION_LIFETIME = timedelta(minutes=30)


def _question(row: QuestionRow) -> Question:
    return Question(row.id, row.user_key, row.chat_key, row.first_name, row.language, row.text,
                    row.status, row.created_at)


class QuestionRepository:
    """Implements :class:`bot.core.questionports.QuestionPort`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def ask(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Question | None:
        row = QuestionRow(user_key=user_key, chat_key=chat_key, first_name=first_name[:64],
                          language=language, text=text, status=OPEN, created_at=now)
        self.session.add(row)
        self.session.flush()
        return _question(row)

    def get(self, question_id: int) -> Question | None:
        row = self.session.get(QuestionRow, question_id)
        return _question(row) if row else None

    def answered(self, question_id: int, member: StaffMember, now: datetime) -> None:
        self.session.execute(
            update(QuestionRow)
            .where(QuestionRow.id == question_id, QuestionRow.status == OPEN)
            .values(status=ANSWERED, answered_by=member.user_key, answered_at=now)
        )

    def unanswered(self, limit: int) -> tuple[list[Question], int]:
        where = QuestionRow.status == OPEN
        total = self.session.scalar(select(func.count()).select_from(QuestionRow).where(where))
        rows = self.session.scalars(
            select(QuestionRow).where(where).order_by(QuestionRow.id).limit(limit)
        )
        return [_question(row) for row in rows], int(total or 0)


class InputRepository:
    """Implements :class:`bot.core.inputports.InputPort`: one expectation per person."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def expect(self, user_key: str, kind: str, ref: str, now: datetime, text: str = "") -> bool:
        row = None if is_absent(self.session, PENDING, user_key) else self.session.get(
            PendingInputRow, user_key)
        forget(self.session, PENDING, user_key)
        if row is None:
            self.session.add(PendingInputRow(user_key=user_key, kind=kind, ref=ref, text=text,
                                             created_at=now))
        else:
            row.kind, row.ref, row.text, row.created_at = kind, ref, text, now
        return True

    def pending(self, user_key: str, now: datetime) -> Expected | None:
        """Asked by every feature that waits for typed text, so a person with nothing
        pending costs one statement per message, not one per feature (:mod:`storage.known`)."""
        if is_absent(self.session, PENDING, user_key):
            return None
        row = self.session.get(PendingInputRow, user_key)
        if row is None:
            note_absent(self.session, PENDING, user_key)
        if row is None or row.created_at < now - EXPECTATION_LIFETIME:
            return None
        return Expected(row.kind, row.ref, row.text or "")

    def clear(self, user_key: str) -> None:
        self.session.execute(delete(PendingInputRow).where(PendingInputRow.user_key == user_key))
        note_absent(self.session, PENDING, user_key)
