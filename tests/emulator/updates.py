"""Getting updates to the bot: long polling with getUpdates, or pushes to a webhook.

getUpdates holds the request open until an update arrives or ``timeout`` runs out;
``offset`` confirms earlier updates; a newer getUpdates ends an older one with
409 "terminated by other getUpdates request", and getUpdates while a webhook is
set is a 409 too.  With a webhook, a pusher POSTs each update with the secret
header, keeps the order within a chat, runs up to ``max_connections`` pushes at
once, and retries a failed push later (recorded in getWebhookInfo) without ever
stopping.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from telegram import WebhookInfo

from . import errors
from .errors import bad_request, conflict
from .methods import Call, method
from .state import BotState, PendingUpdate, Webhook

SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass
class Answer:
    """A successful answer that also carries Telegram's ``description``."""

    result: Any
    description: str


@method("getUpdates")
async def get_updates(call: Call) -> Any:
    """Long polling, as Telegram does it."""
    state, params = call.state, call.params
    if state.webhook is not None:
        raise conflict(errors.WEBHOOK_ACTIVE)
    limit = min(max(params.get_int("limit", 100) or 100, 1), 100)
    timeout = max(params.get_float("timeout", 0.0) or 0.0, 0.0)
    allowed = params.get_json("allowed_updates")
    if isinstance(allowed, list):
        state.allowed_updates = [str(kind) for kind in allowed] or None
    confirm(state, params.get_int("offset"))
    state.poll_generation += 1
    generation = state.poll_generation
    state.notify()
    deadline = time.monotonic() + timeout
    while True:
        if state.poll_generation != generation:
            raise conflict(errors.TERMINATED_BY_OTHER)
        ready = state.pending[:limit]
        remaining = deadline - time.monotonic()
        if ready or remaining <= 0 or state.webhook is not None or call.host.closing:
            return [update.payload for update in ready]
        await state.wait_changed(remaining)


def confirm(state: BotState, offset: int | None) -> None:
    """Apply getUpdates' offset: positive confirms below it, negative keeps the last -offset."""
    if offset is None:
        return
    if offset < 0:
        keep = state.pending[offset:]
        if keep:
            state.confirm(keep[0].update_id)
        return
    state.confirm(offset)


@method("setWebhook")
async def set_webhook(call: Call) -> Any:
    """Switch to webhook delivery (an empty url switches back, like deleteWebhook)."""
    state, params = call.state, call.params
    url = params.get_str("url") or ""
    if not url:
        return await delete_webhook(call)
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    secret = params.get_str("secret_token")
    if secret is not None and not SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    max_connections = params.get_int("max_connections", 40) or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = params.get_json("allowed_updates")
    already = state.webhook is not None and state.webhook.url == url
    state.webhook = Webhook(
        url=url,
        secret_token=secret,
        max_connections=max_connections,
        allowed_updates=[str(k) for k in allowed] if isinstance(allowed, list) else None,
        ip_address=params.get_str("ip_address"),
    )
    if params.get_bool("drop_pending_updates"):
        state.confirm(state.next_update_id)
    call.host.webhook_changed(state)
    state.notify()
    return Answer(True, "Webhook is already set" if already else "Webhook was set")


@method("deleteWebhook")
async def delete_webhook(call: Call) -> Any:
    """Back to getUpdates."""
    state = call.state
    had = state.webhook is not None
    state.webhook = None
    if call.params.get_bool("drop_pending_updates"):
        state.confirm(state.next_update_id)
    call.host.webhook_changed(state)
    state.notify()
    return Answer(True, "Webhook was deleted" if had else "Webhook is already deleted")


@method("getWebhookInfo")
async def get_webhook_info(call: Call) -> Any:
    """The webhook and how its pushes went."""
    state = call.state
    hook = state.webhook
    if hook is None:
        return WebhookInfo("", False, len(state.pending)).to_dict()
    info = WebhookInfo(
        hook.url,
        False,
        len(state.pending),
        last_error_date=hook.last_error_date,  # type: ignore[arg-type]
        last_error_message=hook.last_error_message,
        max_connections=hook.max_connections,
        allowed_updates=hook.allowed_updates,
        ip_address=hook.ip_address or "127.0.0.1",
    )
    return info.to_dict()


@dataclass
class WebhookPusher:
    """Delivers one bot's updates to its webhook until the webhook changes."""

    state: BotState
    webhook: Webhook
    session: aiohttp.ClientSession
    push_timeout: float = 10.0
    max_retry_delay: float = 2.0
    in_flight: dict[int, asyncio.Task[None]] = field(default_factory=dict)
    failures: dict[int, int] = field(default_factory=dict)
    not_before: dict[int, float] = field(default_factory=dict)

    async def run(self) -> None:
        """Push until the webhook is replaced or removed; a failure never ends the loop."""
        try:
            while self.state.webhook is self.webhook:
                for update in self.eligible():
                    task = asyncio.create_task(self.push(update))
                    self.in_flight[update.update_id] = task
                await self.state.wait_changed(self.next_wake())
        finally:
            for task in self.in_flight.values():
                task.cancel()
            for task in list(self.in_flight.values()):
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def eligible(self) -> list[PendingUpdate]:
        """Updates to push now: the first waiting one per chat, within max_connections."""
        busy = {u.chat_id for u in self.state.pending if u.update_id in self.in_flight}
        chosen: list[PendingUpdate] = []
        now = time.monotonic()
        room = self.webhook.max_connections - len(self.in_flight)
        for update in self.state.pending:
            if len(chosen) >= room:
                break
            if update.update_id in self.in_flight or update.chat_id in busy:
                continue
            if update.chat_id is not None:
                busy.add(update.chat_id)
            if self.not_before.get(update.update_id, 0.0) <= now:
                chosen.append(update)
        return chosen

    def next_wake(self) -> float:
        """Sleep until a retry is due (changes wake the loop earlier)."""
        waits = [t - time.monotonic() for t in self.not_before.values()]
        return max(min([*waits, 1.0]), 0.01)

    async def push(self, update: PendingUpdate) -> None:
        """POST one update; on success it is confirmed, on failure retried later."""
        headers = {}
        if self.webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook.secret_token
        try:
            error = await self.post(update.payload, headers)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # any failure of the bot's server is only recorded
            error = describe_failure(exc)
        finally:
            self.in_flight.pop(update.update_id, None)
        if error is None:
            self.state.pending = [u for u in self.state.pending if u is not update]
            self.state.delivered_updates.append(update)
            self.failures.pop(update.update_id, None)
            self.not_before.pop(update.update_id, None)
            self.webhook.pushes += 1
        else:
            self.record_failure(update, error)
        self.state.notify()

    async def post(self, payload: dict[str, Any], headers: dict[str, str]) -> str | None:
        """The push itself; returns the error Telegram would record, or None."""
        timeout = aiohttp.ClientTimeout(total=self.push_timeout)
        async with self.session.post(
            self.webhook.url, json=payload, headers=headers, timeout=timeout
        ) as response:
            await response.read()
            if 200 <= response.status < 300:
                return None
            return f"Wrong response from the webhook: {response.status} {response.reason}"

    def record_failure(self, update: PendingUpdate, error: str) -> None:
        """Remember the error for getWebhookInfo and back off before the next try."""
        count = self.failures.get(update.update_id, 0) + 1
        self.failures[update.update_id] = count
        delay = min(0.1 * 2 ** (count - 1), self.max_retry_delay)
        self.not_before[update.update_id] = time.monotonic() + delay
        self.webhook.last_error_date = int(time.time())
        self.webhook.last_error_message = error


def describe_failure(exc: BaseException) -> str:
    """Telegram's wording for webhook failures, as far as it is known."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "Connection refused"
    if isinstance(exc, TimeoutError):
        return "Read timeout expired"
    return f"{type(exc).__name__}: {exc}"
