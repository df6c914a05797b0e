"""The emulator's HTTP server: the Bot API, file downloads and the test control API.

``BotApiEmulator`` listens on 127.0.0.1 (a free port unless one is given):

* ``/bot<token>/<method>`` answers Bot API calls (GET or POST, any encoding);
* ``/file/bot<token>/<file_path>`` serves files, as Telegram's file server does;
* ``/_emulator/rpc`` lets another process act as users (see ``remote.py``).

Injected faults are applied here, before the method runs, so any method can be
made to fail, hang or drop its connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web
from telegram.ext import Application, ApplicationBuilder

from . import relay, updates  # noqa: F401  (register their Bot API methods)
from .errors import NOT_FOUND, UNAUTHORIZED, ApiError
from .methods import METHODS, Call, api_error_for_fault
from .params import Params, read_params
from .rpc import rpc_handler
from .state import ApiCall, BotState, Fault
from .updates import Answer, WebhookPusher
from .users import TOKEN_RE, UserSide


class BotApiEmulator(UserSide):
    """A local Telegram Bot API for tests: ``async with BotApiEmulator() as emu: ...``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        webhook_timeout: float = 10.0,
        webhook_max_retry_delay: float = 2.0,
    ) -> None:
        super().__init__()
        self.host = host
        self.port = port
        self.closing = False
        self.webhook_timeout = webhook_timeout
        self.webhook_max_retry_delay = webhook_max_retry_delay
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._pushers: dict[str, asyncio.Task[None]] = {}

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        """Where the emulator listens, e.g. ``http://127.0.0.1:43123``."""
        return f"http://{self.host}:{self.port}"

    def base_url(self) -> str:
        """Value for python-telegram-bot's ``base_url`` (the token is appended)."""
        return f"{self.url}/bot"

    def base_file_url(self) -> str:
        """Value for python-telegram-bot's ``base_file_url``."""
        return f"{self.url}/file/bot"

    def application_builder(self, token: str) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """``Application.builder()`` already pointed at this emulator for ``token``."""
        return (
            Application.builder().token(token).base_url(self.base_url()).base_file_url(self.base_file_url())
        )

    async def start(self) -> None:
        """Listen on ``host:port`` (port 0 picks a free one)."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_post("/_emulator/rpc", rpc_handler(self))
        app.router.add_get("/_emulator/health", self._handle_health)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        self._session = aiohttp.ClientSession()
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Wake every long poll, stop webhook pushes and close the server."""
        self.closing = True
        for state in self._bots.values():
            state.notify()
        for task in self._pushers.values():
            task.cancel()
        for task in list(self._pushers.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._pushers.clear()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------ webhooks

    def webhook_changed(self, state: BotState) -> None:
        """Restart the pusher of this bot for its new webhook (or stop it)."""
        old = self._pushers.pop(state.token, None)
        if old is not None:
            old.cancel()
        if state.webhook is None or self._session is None or self.closing:
            return
        pusher = WebhookPusher(
            state,
            state.webhook,
            self._session,
            push_timeout=self.webhook_timeout,
            max_retry_delay=self.webhook_max_retry_delay,
        )
        self._pushers[state.token] = asyncio.create_task(pusher.run())

    # ------------------------------------------------------------ HTTP handlers

    async def _handle_health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "url": self.url})

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if not TOKEN_RE.match(token):
            return _error_response(NOT_FOUND)
        state = self.state(token)
        try:
            params = await read_params(request)
        except ApiError as error:
            return self._answer_error(state, method, Params(), error)
        if state.revoked:
            return self._answer_error(state, method, params, UNAUTHORIZED)
        handler = METHODS.get(method.lower())
        if handler is None:
            state.unknown_methods.append(method)
            return self._answer_error(state, method, params, NOT_FOUND)
        fault = state.take_fault(method, params.values.get("chat_id"))
        if fault is not None:
            return await self._apply_fault(request, state, method, params, fault)
        if state.flood is not None:
            limited = state.flood.check(method, _int_or_none(params.values.get("chat_id")))
            if limited is not None:
                return self._answer_error(state, method, params, limited)
        return await self._run(state, method, params, request)

    async def _run(
        self, state: BotState, method: str, params: Params, request: web.Request | None = None
    ) -> web.Response:
        handler = METHODS[method.lower()]
        try:
            result = await handler(Call(state, params, self))
        except ApiError as error:
            if request is not None and _abandoned(request) and method.lower() == "getupdates":
                return _error_response(error)  # a long poll the bot gave up on: not a call
            return self._answer_error(state, method, params, error)
        body: dict[str, Any] = {"ok": True}
        if isinstance(result, Answer):
            body.update(result=result.result, description=result.description)
        else:
            body["result"] = result
        state.record(ApiCall(method, params.public(), 200, None, time.time()))
        return web.json_response(body, dumps=_dumps)

    async def _apply_fault(
        self, request: web.Request, state: BotState, method: str, params: Params, fault: Fault
    ) -> web.StreamResponse:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status is None and not fault.drop:
            return await self._run(state, method, params)
        if fault.deliver:
            await self._run(state, method, params)
        if fault.drop:
            state.record(ApiCall(method, params.public(), 0, "connection dropped", time.time()))
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)
        assert fault.status is not None
        error = api_error_for_fault(fault.status, fault.description, fault.retry_after)
        return self._answer_error(state, method, params, error)

    def _answer_error(self, state: BotState, method: str, params: Params, error: ApiError) -> web.Response:
        state.record(ApiCall(method, params.public(), error.status, error.description, time.time()))
        return _error_response(error)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        path = request.match_info["path"]
        state = self._bots.get(token)
        stored = None
        if state is not None:
            stored = next((f for f in state.files.values() if f.file_path == path), None)
        if stored is None:
            return _error_response(NOT_FOUND)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _abandoned(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _error_response(error: ApiError) -> web.Response:
    return web.json_response(error.body(), status=error.status, dumps=_dumps)
