"""Build the python-telegram-bot Application: handlers only translate and delegate."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.service import Conversations
from bot.telegram.translate import incoming_from_update, send_outcome

log = logging.getLogger(__name__)
CONVERSATIONS = "conversations"


def build_application(
    token: str, conversations: Conversations, base_url: str | None = None
) -> Application:  # type: ignore[type-arg]
    """An Application wired to the conversation service (handed over through ``bot_data``)."""
    builder = Application.builder().token(token).rate_limiter(AIORateLimiter(max_retries=3))
    if base_url:
        root = base_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    application = builder.build()
    application.bot_data[CONVERSATIONS] = conversations
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private, on_message))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_error_handler(on_error)
    return application


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message: answer it through the core."""
    await _answer(update, context)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button press: stop the spinner, then answer like a message."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        await _answer(update, context)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    incoming = incoming_from_update(update)
    chat = update.effective_chat
    if incoming is None or chat is None:
        return
    conversations: Conversations = context.bot_data[CONVERSATIONS]
    key = f"tg:{context.bot.id}:{update.update_id}"
    outcome = await asyncio.to_thread(conversations.handle, incoming, key)
    if outcome is not None:
        await send_outcome(context.bot, chat.id, outcome)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure's type only: the update may hold a child's message."""
    error = context.error
    log.error("update failed: %s", type(error).__name__ if error else "unknown")
