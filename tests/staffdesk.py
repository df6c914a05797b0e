"""A test harness for the youth-worker tools: people talking to Maatje over one database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography.fernet import MultiFernet

from bot.core.dialogue import Maatje
from bot.core.messages import Attachment, Incoming, Kind, Outcome
from bot.core.state import UserState
from bot.service import Conversations
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.staff import StaffRepository


@dataclass
class Desk:
    """Sends messages as people, at a clock the test moves."""

    core: Maatje
    database: Database
    now: datetime
    updates: int = 0
    #: New people have said they are 13 or older (the age question has its own tests).
    new_user: UserState = field(default_factory=lambda: UserState(onboarded=True, age_band="13+"))
    #: The medical forms' cipher (``None``: the digital form is off, as without a key).
    forms: MultiFernet | None = None

    @property
    def conversations(self) -> Conversations:
        return Conversations(self.core, self.database, self.new_user, clock=lambda: self.now,
                             forms=self.forms)

    def send(self, incoming: Incoming) -> Outcome:
        self.updates += 1
        outcome = self.conversations.handle(incoming, f"test:{self.updates}")
        assert outcome is not None
        return outcome

    def say(self, who: str, text: str, *, chat: str | None = None, first_name: str = "Ali",
            reply_to: str | None = None, hint: str | None = None) -> Outcome:
        kind = Kind.COMMAND if text.startswith("/") else Kind.TEXT
        return self.send(Incoming(who, kind, text=text, first_name=first_name,
                                  chat_key=chat or who, in_group=chat is not None,
                                  reply_to_text=reply_to, language_hint=hint))

    def attach(self, who: str, kind: Kind, file_id: str, caption: str = "") -> Outcome:
        file_kind = "photo" if kind is Kind.PHOTO else "document"
        return self.send(Incoming(who, kind, text=caption, chat_key=who,
                                  attachment=Attachment(file_kind, file_id)))

    def press(self, who: str, payload: str, *, chat: str | None = None) -> Outcome:
        return self.send(Incoming(who, Kind.BUTTON, payload=payload, first_name="Ali",
                                  chat_key=chat or who, in_group=chat is not None))

    def later(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def invite(self, name: str = "Sara", hours: float = 48) -> str:
        with self.database.session() as session:
            return StaffRepository(session).invite(name, self.now, timedelta(hours=hours)).token

    def make_staff(self, who: str, name: str = "Sara") -> None:
        token = self.invite(name)
        text = self.say(who, f"/start staff-{token}").replies[0].text
        assert name in text

    def outbox(self, state: str = "pending") -> list:  # type: ignore[type-arg]
        with self.database.session() as session:
            return OutboxRepository(session).in_state(state)


def texts(outcome: Outcome) -> str:
    return "\n".join(reply.text for reply in outcome.replies)


def payloads(outcome: Outcome) -> list[str]:
    return [button.payload for reply in outcome.replies for button in reply.buttons]


def staffed(core: Maatje, database: Database, now: datetime, staff: str, chat: str) -> Desk:
    """A desk where ``staff`` ("Sara") is a youth worker and ``chat`` the staff chat: how the
    staff-side tests begin, so a change to making staff shows up in one place."""
    desk = Desk(core, database, now)
    desk.make_staff(staff, "Sara")
    desk.say(staff, "/staffchat", chat=chat)
    return desk
