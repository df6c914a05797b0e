"""``RemoteEmulator``: the user-side API of an emulator running in another process.

Start one with ``python -m tests.emulator --port N``; then
``async with RemoteEmulator("http://127.0.0.1:N") as emu:`` offers the same
methods as ``BotApiEmulator`` (all of them ``async`` here), except ``wait_for``
with a Python predicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any

import aiohttp
from telegram import BotCommand, Chat, Message, MessageEntity, ReplyKeyboardMarkup, User

from .rpc import decode, encode
from .state import ApiCall, BotMessage, Fault, StoredFile, Webhook
from .users import ChatRef, EmulatorError, MessageRef


class RemoteEmulator:
    """Drive a separate emulator process as users, over its control API."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    def base_url(self) -> str:
        """Value for python-telegram-bot's ``base_url``."""
        return f"{self.url}/bot"

    def base_file_url(self) -> str:
        """Value for python-telegram-bot's ``base_file_url``."""
        return f"{self.url}/file/bot"

    async def __aenter__(self) -> RemoteEmulator:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run one user-side method in the emulator process."""
        if self._session is None:
            raise RuntimeError("use 'async with RemoteEmulator(url) as emu'")
        body = {"method": method, "args": encode(list(args)), "kwargs": encode(kwargs)}
        async with self._session.post(f"{self.url}/_emulator/rpc", json=body) as response:
            answer = await response.json()
        if not answer["ok"]:
            if answer.get("kind") == "TimeoutError":
                raise TimeoutError(answer["error"])
            raise EmulatorError(f"{answer.get('kind', 'error')}: {answer['error']}")
        return decode(answer["result"])

    # Setup ------------------------------------------------------------------

    async def bot(self, token: str, **options: Any) -> User:
        """See ``UserSide.bot``."""
        result: User = await self.call("bot", token, **options)
        return result

    async def user(self, token: str, id: int | None = None, first_name: str = "Test", **options: Any) -> User:
        """See ``UserSide.user``."""
        result: User = await self.call("user", token, id, first_name, **options)
        return result

    async def group(self, token: str, id: int | None = None, title: str = "Groep", **options: Any) -> Chat:
        """See ``UserSide.group``."""
        result: Chat = await self.call("group", token, id, title, **options)
        return result

    async def block(self, token: str, chat_id: int) -> None:
        """See ``UserSide.block``."""
        await self.call("block", token, chat_id)

    async def unblock(self, token: str, chat_id: int) -> None:
        """See ``UserSide.unblock``."""
        await self.call("unblock", token, chat_id)

    async def deactivate(self, token: str, user_id: int) -> None:
        """See ``UserSide.deactivate``."""
        await self.call("deactivate", token, user_id)

    async def inject(self, token: str, method: str, status: int | None = None, **options: Any) -> Fault:
        """See ``UserSide.inject``."""
        result: Fault = await self.call("inject", token, method, status, **options)
        return result

    async def clear_faults(self, token: str) -> None:
        """See ``UserSide.clear_faults``."""
        await self.call("clear_faults", token)

    # Acting as users --------------------------------------------------------

    async def send_text(
        self,
        token: str,
        user: User,
        text: str,
        *,
        chat: ChatRef = None,
        reply_to: MessageRef | None = None,
        entities: Sequence[MessageEntity] | None = None,
    ) -> Message:
        """See ``UserSide.send_text``."""
        result: Message = await self.call(
            "send_text", token, user, text, chat=chat, reply_to=reply_to, entities=entities
        )
        return result

    async def send_command(
        self, token: str, user: User, command: str, payload: str | None = None, *, chat: ChatRef = None
    ) -> Message:
        """See ``UserSide.send_command``."""
        result: Message = await self.call("send_command", token, user, command, payload, chat=chat)
        return result

    async def press_button(
        self, token: str, user: User, message: MessageRef, callback_data: str | None = None, **options: Any
    ) -> str:
        """See ``UserSide.press_button``."""
        result: str = await self.call("press_button", token, user, message, callback_data, **options)
        return result

    async def press_reply_button(self, token: str, user: User, label: str, **options: Any) -> Message:
        """See ``UserSide.press_reply_button``."""
        result: Message = await self.call("press_reply_button", token, user, label, **options)
        return result

    async def send(self, kind: str, token: str, user: User, *args: Any, **options: Any) -> Message:
        """Any other user action by name: ``send("send_voice", token, user, duration=2)``."""
        result: Message = await self.call(kind, token, user, *args, **options)
        return result

    # Observing --------------------------------------------------------------

    async def bot_messages(self, token: str, chat_id: int) -> list[BotMessage]:
        """See ``UserSide.bot_messages``."""
        result: list[BotMessage] = await self.call("bot_messages", token, chat_id)
        return result

    async def wait_for_bot_messages(
        self, token: str, chat_id: int, count: int = 1, timeout: float = 10.0
    ) -> list[BotMessage]:
        """See ``UserSide.wait_for_bot_messages``."""
        result: list[BotMessage] = await self.call("wait_for_bot_messages", token, chat_id, count, timeout)
        return result

    async def wait_for_answer(self, token: str, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """See ``UserSide.wait_for_answer``."""
        result: dict[str, Any] = await self.call("wait_for_answer", token, query_id, timeout)
        return result

    async def calls(self, token: str, method: str | None = None) -> list[ApiCall]:
        """See ``UserSide.calls``."""
        result: list[ApiCall] = await self.call("calls", token, method)
        return result

    async def unknown_methods(self, token: str | None = None) -> list[str]:
        """See ``UserSide.unknown_methods``."""
        result: list[str] = await self.call("unknown_methods", token)
        return result

    async def delivered(self, token: str, chat_id: int) -> int:
        """See ``UserSide.delivered``."""
        result: int = await self.call("delivered", token, chat_id)
        return result

    async def delivered_counts(self, token: str) -> dict[int, int]:
        """See ``UserSide.delivered_counts``."""
        result: dict[int, int] = await self.call("delivered_counts", token)
        return result

    async def reply_keyboard(self, token: str, chat_id: int) -> ReplyKeyboardMarkup | None:
        """See ``UserSide.reply_keyboard``."""
        result: ReplyKeyboardMarkup | None = await self.call("reply_keyboard", token, chat_id)
        return result

    async def commands_for(
        self, token: str, chat_id: int, language_code: str | None = None
    ) -> list[BotCommand]:
        """See ``UserSide.commands_for``."""
        result: list[BotCommand] = await self.call("commands_for", token, chat_id, language_code)
        return result

    async def file(self, token: str, file_id: str) -> StoredFile:
        """See ``UserSide.file``."""
        result: StoredFile = await self.call("file", token, file_id)
        return result

    async def pending_updates(self, token: str) -> int:
        """See ``UserSide.pending_updates``."""
        result: int = await self.call("pending_updates", token)
        return result

    async def webhook(self, token: str) -> Webhook | None:
        """See ``UserSide.webhook``."""
        result: Webhook | None = await self.call("webhook", token)
        return result
