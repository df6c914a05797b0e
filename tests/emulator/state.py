"""What the emulator remembers per bot token.

Each bot token is a separate bot with its own users, chats, messages, update
queue, webhook, commands and files, so tests that use their own token never see
each other.  Everything lives in one event loop; ``BotState.changed`` wakes every
waiter (long polls, webhook pushers, test helpers) after any change.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    BotCommand,
    Chat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    User,
)

from .flood import FloodLimits

AnyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply

#: Update types Telegram sends when ``allowed_updates`` is empty or not given.
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "inline_query", "chosen_inline_result",
        "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "chat_boost",
        "removed_chat_boost",
    }
)  # fmt: skip


@dataclass
class StoredFile:
    """A file the bot uploaded or a user sent, downloadable through getFile."""

    file_id: str
    file_unique_id: str
    data: bytes
    filename: str | None
    mime_type: str | None
    file_path: str


@dataclass
class ApiCall:
    """One Bot API request as the bot made it, and how the emulator answered."""

    method: str
    params: dict[str, Any]
    status: int
    description: str | None
    at: float


@dataclass
class Fault:
    """An injected failure for the next ``times`` calls of a method (``None``: forever)."""

    method: str
    status: int | None = None
    description: str | None = None
    retry_after: int | None = None
    delay: float = 0.0
    drop: bool = False
    deliver: bool = False
    times: int | None = 1
    chat_id: int | None = None

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        """Whether this fault applies to a call of ``method`` aimed at ``chat_id``."""
        if self.method.lower() not in {method.lower(), "*"}:
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)


@dataclass
class BotMessage:
    """A message the bot sent, as the user's chat shows it now.

    ``message`` is the current version (after edits) exactly as the Bot API returned
    it; ``reply_markup`` is the markup the bot attached, reply keyboards included
    (Telegram's Message only carries inline keyboards).
    """

    message: Message
    method: str
    reply_markup: AnyMarkup | None = None
    parse_mode: str | None = None
    history: list[Message] = field(default_factory=list)
    deleted: bool = False

    @property
    def message_id(self) -> int:
        """The message id in its chat."""
        return self.message.message_id

    @property
    def chat_id(self) -> int:
        """The chat the message is in."""
        return self.message.chat.id

    @property
    def text(self) -> str | None:
        """The text the user reads: message text, or caption for media."""
        return self.message.text if self.message.text is not None else self.message.caption

    @property
    def inline_keyboard(self) -> list[list[InlineKeyboardButton]]:
        """Rows of inline buttons under the message (empty without any)."""
        markup = self.message.reply_markup
        return [list(row) for row in markup.inline_keyboard] if markup else []

    @property
    def buttons(self) -> list[str]:
        """All inline button labels in reading order."""
        return [button.text for row in self.inline_keyboard for button in row]

    def button(self, label: str) -> InlineKeyboardButton:
        """The inline button with this label; ``KeyError`` if the user would not see it."""
        for row in self.inline_keyboard:
            for button in row:
                if button.text == label:
                    return button
        raise KeyError(f"no button {label!r} under message {self.message_id}: {self.buttons}")

    @property
    def keyboard(self) -> list[str]:
        """Labels of a reply keyboard sent with this message (empty without one)."""
        if not isinstance(self.reply_markup, ReplyKeyboardMarkup):
            return []
        return [button.text for row in self.reply_markup.keyboard for button in row]


@dataclass
class ChatState:
    """One chat as the bot sees it."""

    chat: Chat
    next_message_id: int = 1
    messages: dict[int, Message] = field(default_factory=dict)
    bot_messages: list[BotMessage] = field(default_factory=list)
    read_cursor: int = 0
    reply_keyboard: ReplyKeyboardMarkup | None = None
    blocked: str | None = None
    started: bool = False
    members: set[int] = field(default_factory=set)
    menu_button: dict[str, Any] | None = None
    delivered: int = 0
    chat_instance: str = ""

    def new_message_id(self) -> int:
        """Message ids grow by one per chat, for messages of both sides."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def bot_message(self, message_id: int) -> BotMessage | None:
        """The bot's message with this id, if the bot sent it."""
        for sent in self.bot_messages:
            if sent.message_id == message_id:
                return sent
        return None


@dataclass
class Webhook:
    """A webhook set with setWebhook, and what its pushes went like."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    pushes: int = 0


@dataclass
class CallbackRecord:
    """A callback query a user made, and the bot's answer once it came."""

    query_id: str
    user_id: int
    data: str | None
    answer: dict[str, Any] | None = None


@dataclass
class PendingUpdate:
    """An update not yet confirmed by the bot."""

    update_id: int
    kind: str
    chat_id: int | None
    payload: dict[str, Any]


@dataclass
class BotState:
    """Everything one bot token owns."""

    token: str
    bot_user: User
    privacy_mode: bool = True
    users: dict[int, User] = field(default_factory=dict)
    chats: dict[int, ChatState] = field(default_factory=dict)
    next_update_id: int = 1
    pending: list[PendingUpdate] = field(default_factory=list)
    delivered_updates: list[PendingUpdate] = field(default_factory=list)
    allowed_updates: list[str] | None = None
    webhook: Webhook | None = None
    commands: dict[tuple[str, str], list[BotCommand]] = field(default_factory=dict)
    default_menu_button: dict[str, Any] | None = None
    texts: dict[str, str] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    calls: list[ApiCall] = field(default_factory=list)
    unknown_methods: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    callback_queries: dict[str, CallbackRecord] = field(default_factory=dict)
    revoked: bool = False
    flood: FloodLimits | None = None
    poll_generation: int = 0
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        """Wake everyone waiting on this bot's state."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_changed(self, timeout: float) -> None:
        """Sleep until the next change or ``timeout`` seconds, whichever comes first."""
        event = self._changed
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await event.wait()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until ``predicate()`` holds; ``False`` if ``timeout`` ran out first."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            await self.wait_changed(remaining)
        return True

    def record(self, call: ApiCall) -> None:
        """Keep the call in the log."""
        self.calls.append(call)

    def take_fault(self, method: str, chat_id: int | str | None) -> Fault | None:
        """The first injected fault for this call, used up by one."""
        for fault in self.faults:
            if fault.matches(method, chat_id):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None

    def enqueue(self, kind: str, payload: dict[str, Any], chat_id: int | None) -> int | None:
        """Queue an update for the bot; ``None`` when the bot did not ask for this kind."""
        if not self.allowed(kind):
            return None
        update_id = self.next_update_id
        self.next_update_id += 1
        payload = {"update_id": update_id, kind: payload}
        self.pending.append(PendingUpdate(update_id, kind, chat_id, payload))
        self.notify()
        return update_id

    def confirm(self, offset: int) -> None:
        """getUpdates with ``offset`` confirms every update with a lower id."""
        done = [u for u in self.pending if u.update_id < offset]
        self.pending = [u for u in self.pending if u.update_id >= offset]
        self.delivered_updates.extend(done)

    def allowed(self, kind: str) -> bool:
        """Whether the bot asked for this kind of update."""
        wanted = self.webhook.allowed_updates if self.webhook else self.allowed_updates
        return kind in (set(wanted) if wanted else DEFAULT_UPDATE_TYPES)
