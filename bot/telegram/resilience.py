"""Telegram's failures, handled where they happen.

- 429 ``retry_after``: python-telegram-bot's ``AIORateLimiter`` waits and retries (and keeps
  the whole bot under 30 messages a second).
- Timeouts and dropped connections: retried a bounded number of times with back-off. A
  timed-out send may have arrived anyway (Telegram has no idempotency key), so a rare
  duplicate is possible; a lost answer is worse for a pupil asking for help.
- 403 (blocked, deactivated) and 400 "chat not found": the chat cannot be reached; the
  answer is dropped quietly, the bot carries on.
- A redelivered update is recognised by what it carries (chat and message, or the callback
  query), not by its number: Telegram may restart the numbering.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
JSONDict = dict[str, Any]
UNREACHABLE = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked",
               "have no rights to send", "not enough rights")


class ResilientRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` (429s honoured) plus bounded retries of timeouts and resets."""

    def __init__(self, network_retries: int = 2, backoff_seconds: float = 0.5, **options: Any) -> None:
        super().__init__(**options)
        self.network_retries = network_retries
        self.backoff_seconds = backoff_seconds

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        attempt = 0
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as error:
                if attempt >= self.network_retries:
                    raise
                log.warning("telegram %s failed (%s); retrying", endpoint, type(error).__name__)
                await asyncio.sleep(self.backoff_seconds * 2**attempt)
                attempt += 1


def is_unreachable(error: TelegramError) -> bool:
    """The chat cannot get messages (blocked, deactivated, gone): do not retry."""
    if isinstance(error, Forbidden):
        return True
    return isinstance(error, BadRequest) and any(
        part in error.message.lower() for part in UNREACHABLE
    )


def update_key(bot_id: int, update: Update) -> str:
    """A key that is the same for a redelivered update and different for a new one."""
    query = update.callback_query
    if query is not None:
        return f"tg:{bot_id}:q{query.id}"
    message = update.edited_message
    if message is not None:
        edited = int(message.edit_date.timestamp()) if message.edit_date else 0
        return f"tg:{bot_id}:e{message.chat.id}:{message.message_id}:{edited}"
    message = update.message
    if message is not None:
        return f"tg:{bot_id}:m{message.chat.id}:{message.message_id}"
    return f"tg:{bot_id}:u{update.update_id}"
