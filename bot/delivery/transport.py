"""What the sender needs from a channel, and the outcomes a send can have."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from storage.outbox import OutboxItem


@dataclass(frozen=True)
class Sent:
    """Delivered; the channel's id of the new message."""

    message_id: int | None


@dataclass(frozen=True)
class RetryLater:
    """Flood control (429): wait ``seconds`` before this chat gets anything again.

    Whether Telegram meant the chat or the whole bot, the limiter decides from how many
    chats are refused at once (:meth:`bot.delivery.limiter.RateLimiter.refused`).
    """

    seconds: float


@dataclass(frozen=True)
class Blocked:
    """The person blocked the bot or left (403): never try this chat again."""

    reason: str


@dataclass(frozen=True)
class Failed:
    """Anything else; ``permanent`` when trying again cannot help (a bad request)."""

    reason: str
    permanent: bool = False


Result = Sent | RetryLater | Blocked | Failed


class Transport(Protocol):
    """Sends outbox rows and edits the sender's own progress messages."""

    async def send(self, item: OutboxItem) -> Result: ...

    async def edit(self, chat_key: str, message_id: int, text: str) -> Result: ...
