"""Run the outbox sender next to the Telegram bot: built from the settings, started and
stopped with the Application (or, in tests, with :func:`sending`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from telegram import Bot
from telegram.ext import Application

from bot.config import Settings
from bot.delivery.jobs import ScheduledJobs
from bot.delivery.progress import BroadcastProgress
from bot.delivery.sender import OutboxSender, SenderConfig
from bot.features import broadcast, staff_tools
from bot.features.kit.formfile import attachment
from bot.telegram.transport import TelegramTransport, sender_bot
from content.loader import Content
from storage.broadcasts import SubscriberRepository
from storage.db import Database
from storage.outbox import OutboxItem

SENDER = "outbox_sender"


def stop_announcements(session: Session, item: OutboxItem, now: datetime) -> None:
    """A chat that blocked Maatje (403) gets no more announcements."""
    SubscriberRepository(session).deactivate_chat(item.chat_key, now)


def sender_config(settings: Settings) -> SenderConfig:
    return SenderConfig(
        rate=settings.broadcast_rate,
        chat_interval=settings.broadcast_chat_interval,
        max_attempts=settings.broadcast_max_attempts,
        channel="tg:",  # a web visitor's rows wait for the web chat (maatje web)
    )


@dataclass
class SenderParts:
    """The sender and the bot it sends with (initialised and shut down around a run)."""

    sender: OutboxSender
    bot: Bot


def build_sender(
    database: Database,
    content: Callable[[], Content],
    token: str,
    base_url: str | None,
    settings: Settings,
    clock: Callable[[], datetime],
    on_blocked: Callable[[Session, OutboxItem, datetime], None] | None = None,
) -> SenderParts:
    config = sender_config(settings)
    days = settings.retention_forms_days
    bot = sender_bot(token, base_url, config.concurrency)
    jobs = staff_tools.jobs(timedelta(hours=settings.lead_reminder_hours),
                            timedelta(days=settings.camp_reminder_days),
                            timedelta(minutes=settings.safeguarding_realert_minutes),
                            settings.safeguarding_alerts, settings.form_by_pupil_from_age)
    sender = OutboxSender(
        database, TelegramTransport(bot, lambda name: attachment(content(), name, days)), config, clock,
        tickers=[ScheduledJobs(content, jobs, config.jobs_every), BroadcastProgress(
            lambda tally: broadcast.progress_text(content(), tally))],
        on_blocked=on_blocked or stop_announcements,
    )
    return SenderParts(sender, bot)


@asynccontextmanager
async def sending(parts: SenderParts) -> AsyncIterator[OutboxSender]:
    """The sender running (waiting for leadership, then sending) for the block."""
    await parts.bot.initialize()
    stop = asyncio.Event()
    task = asyncio.create_task(parts.sender.run(stop))
    try:
        yield parts.sender
    finally:
        stop.set()
        await task
        await parts.bot.shutdown()


def attach_sender(application: Application[Any, Any, Any, Any, Any, Any], parts: SenderParts) -> None:
    """Start the sender after the Application starts and stop it before it shuts down."""
    started = sending(parts)
    previous_init, previous_stop = application.post_init, application.post_stop

    async def post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        if previous_init is not None:
            await previous_init(app)
        app.bot_data[SENDER] = await started.__aenter__()

    async def post_stop(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await started.__aexit__(None, None, None)
        if previous_stop is not None:
            await previous_stop(app)

    application.post_init = post_init
    application.post_stop = post_stop
