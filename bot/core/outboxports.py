"""Port for messages to other chats than the one being answered, kept until delivered.

Staff notices, a pupil's reply passed on, reminders: they all go through the outbox, so a
message is never lost when Telegram is slow. :class:`NullOutbox` keeps nothing
(``maatje ask`` without ``--db``): nothing can be sent later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.messages import Button


@dataclass(frozen=True)
class Notice:
    """A message for another chat than the one being answered, delivered through the outbox.

    ``ref`` ties the sent message to what it is about (``L5`` for lead 5), so a staff reply
    to it can be passed on.
    """

    chat_key: str
    text: str
    buttons: tuple[Button, ...] = ()
    ref: str | None = None
    #: A file from the content folder sent with the text (the medical form PDF).
    attachment: str | None = None
    #: The person a message to someone else is about (the pupil in a staff notice), so
    #: their ``/vergeet`` erases it too.
    about: str | None = None
    #: Someone else the text names (the parent who opened a link, in a notice about the
    #: pupil), so their ``/vergeet`` erases it as well.
    names: str | None = None


class OutboxPort(Protocol):
    """Messages to other chats, kept until delivered."""

    def notify(self, notice: Notice, now: datetime) -> bool:
        """Queue ``notice``; ``False`` when nothing can be kept."""
        ...


class NullOutbox:
    """Nothing can be sent later when nothing is stored."""

    def notify(self, notice: Notice, now: datetime) -> bool:
        return False
