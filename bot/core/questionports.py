"""Port for questions a pupil chose to pass on to a person, until staff answer them.

:class:`NullQuestions` keeps nothing (``maatje ask`` without ``--db``): nothing can be
passed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.staffports import StaffMember


@dataclass(frozen=True)
class Question:
    """A question a pupil chose to pass on to a person."""

    id: int
    user_key: str
    chat_key: str
    first_name: str
    language: str
    text: str
    status: str
    created_at: datetime

    @property
    def ref(self) -> str:
        return f"V{self.id}"


class QuestionPort(Protocol):
    """Questions passed on to staff (with consent), until answered."""

    def ask(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Question | None:
        """Keep the question; ``None`` when nothing can be kept."""
        ...

    def get(self, question_id: int) -> Question | None: ...

    def answered(self, question_id: int, member: StaffMember, now: datetime) -> None: ...

    def unanswered(self, limit: int) -> tuple[list[Question], int]: ...


class NullQuestions:
    """Nothing is kept, so nothing can be passed on."""

    def ask(
        self, user_key: str, chat_key: str, first_name: str, language: str, text: str,
        now: datetime,
    ) -> Question | None:
        return None

    def get(self, question_id: int) -> Question | None:
        return None

    def answered(self, question_id: int, member: StaffMember, now: datetime) -> None:
        return None

    def unanswered(self, limit: int) -> tuple[list[Question], int]:
        return [], 0
