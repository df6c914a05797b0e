"""Run the outbox sender next to the Telegram bot: built by :func:`bot.assembly.build_sender`,
started and stopped with the Application (or, in tests, with :func:`sending`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from telegram.ext import Application

from bot.delivery.sender import OutboxSender

if TYPE_CHECKING:
    from bot.assembly import SenderParts

SENDER = "outbox_sender"


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
