"""Test control over HTTP, for when the emulator runs as its own process.

``POST /_emulator/rpc`` with ``{"method": "send_text", "args": [...], "kwargs": {...}}``
calls the same user-side method the in-process API offers; values travel through
a small codec that keeps python-telegram-bot objects, emulator records and bytes
intact.  ``RemoteEmulator`` in ``remote.py`` is the client.
"""

from __future__ import annotations

import base64
import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import telegram
from aiohttp import web

from .state import ApiCall, BotMessage, Fault, StoredFile, Webhook

if TYPE_CHECKING:
    from .users import UserSide

RECORDS: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (ApiCall, BotMessage, Fault, StoredFile, Webhook)
}
#: User-side methods callable over RPC (everything public except waiting on a predicate).
EXPOSED = frozenset(
    {
        "bot", "user", "group", "block", "deactivate", "unblock", "revoke", "inject",
        "clear_faults", "limit_flood", "send_text", "send_command", "press_reply_button", "press_button",
        "edit_text", "send_voice", "send_audio", "send_sticker", "send_photo", "send_document", "send_video",
        "send_location", "send_contact", "add_bot_to_group", "redeliver", "bot_messages",
        "wait_for_bot_messages", "wait_for_answer", "calls", "unknown_methods", "delivered",
        "delivered_counts", "reply_keyboard", "commands_for", "file", "pending_updates",
        "webhook", "restart_update_numbering",
    }
)  # fmt: skip


def encode(value: Any) -> Any:
    """A JSON-able form of user-side arguments and results."""
    if isinstance(value, telegram.TelegramObject):
        return {"__tg__": type(value).__name__, "data": value.to_dict()}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
        return {"__record__": type(value).__name__, "fields": fields}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"__map__": [[encode(k), encode(v)] for k, v in value.items()]}
    return value


def decode(value: Any) -> Any:
    """The inverse of ``encode``."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "__tg__" in value:
        cls = getattr(telegram, value["__tg__"])
        return cls.de_json(value["data"], None)
    if "__bytes__" in value:
        return base64.b64decode(value["__bytes__"])
    if "__record__" in value:
        fields = {k: decode(v) for k, v in value["fields"].items()}
        return RECORDS[value["__record__"]](**fields)
    if "__map__" in value:
        return {decode(k): decode(v) for k, v in value["__map__"]}
    return {k: decode(v) for k, v in value.items()}


def rpc_handler(side: UserSide) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The aiohttp handler that runs user-side methods for another process."""

    async def handle(request: web.Request) -> web.Response:
        body = await request.json()
        name = body.get("method")
        if name not in EXPOSED:
            return web.json_response({"ok": False, "error": f"unknown method {name!r}"}, status=404)
        args = decode(body.get("args", []))
        kwargs = decode(body.get("kwargs", {}))
        try:
            result = getattr(side, name)(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
        except Exception as error:
            kind = type(error).__name__
            return web.json_response({"ok": False, "error": str(error), "kind": kind}, status=400)
        return web.json_response({"ok": True, "result": encode(result)})

    return handle
