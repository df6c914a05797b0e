"""The outbox sender's Telegram side: rows become Bot API calls, errors become outcomes.

The sender uses a bot of its own without python-telegram-bot's rate limiter: it paces
itself for the whole deployment and must see each 429 to honour its ``retry_after``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import timedelta
from pathlib import PurePosixPath

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from bot.delivery.transport import Blocked, Failed, Result, RetryLater, Sent
from bot.telegram.keys import chat_id_of
from bot.telegram.translate import MESSAGE_LIMIT
from storage.outbox import ATTACHMENT, UNSEND, OutboxItem

#: A file by name (``medische-fiche-ar.pdf``, made from content), or ``None`` if it is gone.
Attachments = Callable[[str], bytes | None]

CAPTION_LIMIT = 1024
#: Telegram says "message is not modified" when an edit changes nothing: that is fine.
NOT_MODIFIED = "message is not modified"


def sender_bot(token: str, base_url: str | None, connections: int) -> Bot:
    """A plain bot (no rate limiter) with enough connections for concurrent sends."""
    request = HTTPXRequest(connection_pool_size=connections + 2)
    if base_url:
        root = base_url.rstrip("/")
        return Bot(token, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot",
                   request=request)
    return Bot(token, request=request)


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` as seconds, whichever type this python-telegram-bot returns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramTransport:
    """Implements :class:`bot.delivery.transport.Transport` with a python-telegram-bot Bot."""

    def __init__(self, bot: Bot, attachments: Attachments | None = None) -> None:
        self.bot = bot
        self.attachments = attachments

    async def send(self, item: OutboxItem) -> Result:
        markup = (
            InlineKeyboardMarkup(
                [[InlineKeyboardButton(b.label, callback_data=b.payload)] for b in item.buttons]
            )
            if item.buttons
            else None
        )
        try:
            if item.file_kind == UNSEND and item.file_id:
                await self.bot.delete_message(chat_id_of(item.chat_key), int(item.file_id))
                return Sent(None)
            message = await self._send(item, markup)
        except TelegramError as error:
            return _outcome(error)
        return Sent(message.message_id)

    async def _send(self, item: OutboxItem, markup: InlineKeyboardMarkup | None) -> Message:
        chat = chat_id_of(item.chat_key)
        if item.file_kind == "photo" and item.file_id:
            return await self.bot.send_photo(chat, item.file_id, caption=_cut(item.text, CAPTION_LIMIT),
                                             reply_markup=markup)
        if item.file_kind == ATTACHMENT and item.file_id and self.attachments is not None:
            data = self.attachments(item.file_id)
            if data is not None:
                upload = InputFile(data, filename=PurePosixPath(item.file_id).name)
                return await self.bot.send_document(chat, upload,
                                                    caption=_cut(item.text, CAPTION_LIMIT),
                                                    reply_markup=markup)
        if item.file_kind == "document" and item.file_id:
            return await self.bot.send_document(chat, item.file_id,
                                                caption=_cut(item.text, CAPTION_LIMIT),
                                                reply_markup=markup)
        return await self.bot.send_message(chat, _cut(item.text, MESSAGE_LIMIT) or "…",
                                           reply_markup=markup)

    async def edit(self, chat_key: str, message_id: int, text: str) -> Result:
        try:
            await self.bot.edit_message_text(_cut(text, MESSAGE_LIMIT) or "…", chat_id_of(chat_key),
                                             message_id)
        except BadRequest as error:
            if NOT_MODIFIED in error.message:
                return Sent(message_id)
            return Failed(error.message, permanent=True)
        except TelegramError as error:
            return _outcome(error)
        return Sent(message_id)


def _outcome(error: TelegramError) -> Result:
    """Telegram's error as the sender needs it: wait, give up on the chat, or retry."""
    if isinstance(error, RetryAfter):
        return RetryLater(retry_seconds(error))
    if isinstance(error, Forbidden):
        return Blocked(error.message)
    if isinstance(error, BadRequest):
        return Failed(error.message, permanent=True)
    return Failed(type(error).__name__)


def _cut(text: str, limit: int) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"
