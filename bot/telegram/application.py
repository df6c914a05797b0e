"""Build the python-telegram-bot Application: handlers only translate and delegate."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, BotCommandScopeAllPrivateChats, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.features.onboarding import command_menu
from bot.service import Conversations, StorageUnavailable
from bot.telegram.polling import OUTAGE, Outage, run_polling
from bot.telegram.resilience import ResilientRateLimiter, is_unreachable, update_key
from bot.telegram.translate import BotIdentity, incoming_from_update, send_outcome

log = logging.getLogger(__name__)
CONVERSATIONS = "conversations"
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class Webhook:
    """Where Telegram pushes updates; requests without ``secret`` in their header are refused."""

    url: str
    port: int
    secret: str
    listen: str = "0.0.0.0"

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.strip("/")


def build_application(
    token: str, conversations: Conversations, base_url: str | None = None
) -> AnyApplication:
    """An Application wired to the conversation service (handed over through ``bot_data``)."""
    builder = (
        Application.builder()
        .token(token)
        .rate_limiter(ResilientRateLimiter(max_retries=3))
        .post_init(publish_commands)
    )
    if base_url:
        root = base_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    application = builder.build()
    application.bot_data[CONVERSATIONS] = conversations
    chats = ~filters.ChatType.CHANNEL & filters.UpdateType.MESSAGES
    application.add_handler(MessageHandler(chats, on_message))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_error_handler(on_error)
    return application


def serve(application: AnyApplication, webhook: Webhook | None = None) -> None:
    """Run until stopped: long polling by default, or a webhook with its secret checked."""
    if webhook is None:
        run_polling(application)  # confirms each update only once it was handled
        return
    application.run_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=webhook.path,
        webhook_url=webhook.url,
        secret_token=webhook.secret,
        allowed_updates=Update.ALL_TYPES,
    )


async def publish_commands(application: AnyApplication) -> None:
    """Telegram's command menu in every content language, so an Arabic phone shows Arabic."""
    conversations: Conversations = application.bot_data[CONVERSATIONS]
    scope = BotCommandScopeAllPrivateChats()
    core = conversations.live_core()
    for language, commands in command_menu(core.content, core.features.commands).items():
        await application.bot.set_my_commands(commands, scope=scope, language_code=language or None)


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message or an edited message: answer it through the core."""
    await _answer(update, context)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button press: stop the spinner, then answer like a message."""
    query = update.callback_query
    if query is not None:
        try:
            await query.answer()
        except BadRequest:
            log.info("callback query too old to answer; answering the press anyway")
        await _answer(update, context)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    incoming = incoming_from_update(update, identity(context.bot))
    chat = update.effective_chat
    if incoming is None or chat is None:
        return
    conversations: Conversations = context.bot_data[CONVERSATIONS]
    key = update_key(context.bot.id, update)
    outage: Outage | None = context.bot_data.get(OUTAGE)
    if outage is not None and outage.already_answered(key):
        return
    try:
        outcome = await asyncio.to_thread(conversations.handle, incoming, key, outage is not None)
    except StorageUnavailable:
        if outage is not None:
            outage.put_off(update.update_id)  # polling has Telegram send it again
        return
    if outcome is None:
        return
    if outage is not None:
        outage.note_answer(key)
    quoted = update.message.message_id if incoming.in_group and update.message else None
    try:
        await send_outcome(context.bot, chat.id, outcome, in_group=incoming.in_group, reply_to=quoted)
    except TelegramError as error:
        if not is_unreachable(error):
            raise
        log.info("chat unreachable (%s); answer dropped", type(error).__name__)


def identity(bot: Bot) -> BotIdentity:
    """Maatje's own id and username (known once the Application is initialised)."""
    return BotIdentity(bot.id, bot.username)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure's type only: the update may hold a child's message."""
    error = context.error
    log.error("update failed: %s", type(error).__name__ if error else "unknown")
