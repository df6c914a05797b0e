"""Build the python-telegram-bot Application: handlers only translate and delegate."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
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

from bot.core.messages import Incoming, Kind, Outcome
from bot.core.speech import Transcriber
from bot.features.onboarding import command_menu
from bot.service import Conversations, StorageUnavailable
from bot.telegram import staff_commands
from bot.telegram.polling import CONCURRENCY, DEFAULT_CONCURRENCY, OUTAGE, TRIAGE, Outage, run_polling
from bot.telegram.resilience import ResilientRateLimiter, is_unreachable, update_key
from bot.telegram.translate import BotIdentity, incoming_from_update, send_outcome
from bot.telegram.voice import VoiceQueue, listened

log = logging.getLogger(__name__)
CONVERSATIONS = "conversations"
WORKERS = "maatje.workers"
STAFF_COMMANDS_EVERY = "maatje.staff_commands_every"
TRANSCRIBER = "maatje.transcriber"
AnyApplication = Application[Any, Any, Any, Any, Any, Any]
T = TypeVar("T")


@dataclass
class Workers:
    """Threads kept apart: the database's may all hang on a frozen server, so the help
    lines are worked out on threads of their own. Voice notes are heard one at a time on
    their own thread (two at once would only share the two cores and double the memory),
    a few at most waiting (:class:`~bot.telegram.voice.VoiceQueue`).
    ``helped`` remembers (bounded) which updates were looked at for danger, and whether
    their help lines went out."""

    stored: ThreadPoolExecutor
    triage: ThreadPoolExecutor
    voice: VoiceQueue
    helped: OrderedDict[str, bool] = field(default_factory=OrderedDict)
    limit: int = 10_000

    @classmethod
    def start(cls, concurrency: int) -> Workers:
        return cls(ThreadPoolExecutor(concurrency, thread_name_prefix="maatje-db"),
                   ThreadPoolExecutor(2, thread_name_prefix="maatje-triage"),
                   VoiceQueue())

    def note(self, key: str, sent: bool) -> None:
        self.helped[key] = sent
        while len(self.helped) > self.limit:
            self.helped.popitem(last=False)

    def shutdown(self) -> None:
        """Do not wait for a thread stuck on a silent database."""
        for pool in (self.stored, self.triage):
            pool.shutdown(wait=False, cancel_futures=True)
        self.voice.shutdown()


async def _on(pool: ThreadPoolExecutor, work: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(pool, functools.partial(work, *args))


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
    token: str, conversations: Conversations, base_url: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY, staff_commands_every: float = staff_commands.SYNC_SECONDS,
    transcriber: Transcriber | None = None,
) -> AnyApplication:
    """An Application wired to the conversation service (handed over through ``bot_data``);
    ``concurrency`` updates (of different chats) are handled at once; staff command menus
    follow the staff table every ``staff_commands_every`` seconds. With a ``transcriber``
    voice notes in private chats are listened to (else they get the kind "cannot listen")."""
    builder = (
        Application.builder()
        .token(token)
        .rate_limiter(ResilientRateLimiter(max_retries=3))
        .post_init(publish_commands)
        .post_shutdown(_stop_workers)
    )
    if base_url:
        root = base_url.rstrip("/")
        builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
    application = builder.build()
    application.bot_data[CONVERSATIONS] = conversations
    application.bot_data[WORKERS] = Workers.start(concurrency)
    application.bot_data[CONCURRENCY] = concurrency
    application.bot_data[TRIAGE] = help_first
    application.bot_data[STAFF_COMMANDS_EVERY] = staff_commands_every
    application.bot_data[TRANSCRIBER] = transcriber
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
    """Telegram's command menu in every content language, so an Arabic phone shows Arabic;
    youth workers get the staff commands in their own private chats."""
    conversations: Conversations = application.bot_data[CONVERSATIONS]
    scope = BotCommandScopeAllPrivateChats()
    core = conversations.live_core()
    for language, commands in command_menu(core.content, core.features.commands).items():
        await application.bot.set_my_commands(commands, scope=scope, language_code=language or None)
    staff_commands.install(application, conversations, application.bot_data[STAFF_COMMANDS_EVERY])


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
    workers: Workers = context.bot_data[WORKERS]
    key = update_key(context.bot.id, update)
    outage: Outage | None = context.bot_data.get(OUTAGE)
    try:
        helped = await help_first(context.application, update)
    except Exception as error:  # the stored handling below still answers, danger included
        log.error("help lines first failed (%s); answering in turn", type(error).__name__)
        helped = False
    transcriber: Transcriber | None = context.bot_data.get(TRANSCRIBER)
    if (incoming.kind is Kind.VOICE and not incoming.in_group and transcriber is not None
            and update.message is not None):
        incoming = await listened(context.bot, update.message, incoming, transcriber, workers.voice)
        helped = helped or await _help_heard(context.application, update, incoming)
    try:
        outcome = await _on(workers.stored, conversations.handle, incoming, key,
                            outage is not None, helped)
    except StorageUnavailable:
        if outage is not None:
            outage.put_off(update.update_id)  # polling tries it again, in its turn
        return
    if outcome is not None and outcome.replies:  # after the help lines: her case, the question
        await _send(context.bot, chat.id, update, incoming, outcome)


async def help_first(application: AnyApplication, update: Update) -> bool:
    """Send the help lines for a danger message before anything waits on the database
    (polling calls this as soon as an update arrives). ``True`` when they were sent, now
    or before; the update's stored handling then only records it."""
    bot = application.bot
    workers: Workers = application.bot_data[WORKERS]
    key = update_key(bot.id, update)
    if key in workers.helped:
        return workers.helped[key]
    incoming = incoming_from_update(update, identity(bot))
    chat = update.effective_chat
    if incoming is None or chat is None:
        return False
    conversations: Conversations = application.bot_data[CONVERSATIONS]
    outcome = await _on(workers.triage, conversations.urgent_outcome, incoming)
    if outcome is not None:
        await _send(bot, chat.id, update, incoming, outcome)
    workers.note(key, outcome is not None)
    return outcome is not None


async def _help_heard(application: AnyApplication, update: Update, incoming: Incoming) -> bool:
    """:func:`help_first` for a voice note, once it is heard: danger in it gets the help
    lines before anything waits on the database, and before any "Klopt dat?"."""
    chat = update.effective_chat
    if chat is None:
        return False
    workers: Workers = application.bot_data[WORKERS]
    conversations: Conversations = application.bot_data[CONVERSATIONS]
    try:
        outcome = await _on(workers.triage, conversations.urgent_outcome, incoming)
    except Exception as error:  # the stored handling still answers, danger included
        log.error("help lines for a voice note failed (%s); answering in turn", type(error).__name__)
        return False
    if outcome is None:
        return False
    await _send(application.bot, chat.id, update, incoming, outcome)
    workers.note(update_key(application.bot.id, update), True)
    return True


async def _send(bot: Bot, chat_id: int, update: Update, incoming: Incoming, outcome: Outcome) -> None:
    quoted = update.message.message_id if incoming.in_group and update.message else None
    try:
        await send_outcome(bot, chat_id, outcome, in_group=incoming.in_group, reply_to=quoted)
    except TelegramError as error:
        if not is_unreachable(error):
            raise
        log.info("chat unreachable (%s); answer dropped", type(error).__name__)


async def _stop_workers(application: AnyApplication) -> None:
    workers: Workers | None = application.bot_data.get(WORKERS)
    if workers is not None:
        workers.shutdown()


def identity(bot: Bot) -> BotIdentity:
    """Maatje's own id and username (known once the Application is initialised)."""
    return BotIdentity(bot.id, bot.username)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure's type only: the update may hold a child's message."""
    error = context.error
    log.error("update failed: %s", type(error).__name__ if error else "unknown")
