"""``maatje web``: the web chat, an aiohttp server with a WebSocket on the conversation service.

A web visitor is a person like a Telegram user: ``web:<id>`` from a signed cookie
(:mod:`bot.web.identity`), with the same onboarding, language, flood control, danger path
and ``/vergeet``. Like the Telegram adapter, the help lines for a danger message are worked
out on threads of their own and sent before anything waits on the database; the core is
synchronous, so it runs on threads and the event loop only moves frames.

Safe on the open internet: the WebSocket takes only pages from this site (the Origin
header) carrying a cookie this deployment signed; every response has a strict
Content-Security-Policy (only this site's own script and style, nothing inline); frames are
at most :data:`bot.web.channel.FRAME_BYTES`; no access log (it would hold addresses); each
address has a rate limit beside each person's (:mod:`bot.web.addresses`), which a danger
message always passes.

What Maatje writes a visitor on its own reaches her page live while it is open: each server
sends the outbox rows of the visitors connected to it (:mod:`bot.web.notices`).

Some networks (a school's filter, an old proxy) let no WebSocket through: the page then
talks over plain HTTP, on the same conversation service and with the same protections.
``POST /say`` sends one message and streams its answers back (one JSON frame a line, the
help lines first); ``GET /poll`` is held up to :attr:`WebChat.poll_seconds` and returns as
soon as something waits for her. Both take only requests of this site's own page: its
header :data:`PAGE_HEADER` (another site's page cannot send it without asking the browser
first, which Maatje never allows), and the Origin when the browser sends one (always on a
POST, where it is required).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import WSMsgType, web
from sqlalchemy.exc import SQLAlchemyError

from bot.core.messages import Incoming, Outcome
from bot.core.state import UserState
from bot.flood import is_urgent, slow_down
from bot.service import Conversations
from bot.web.addresses import AddressLimiter, Network, client_address
from bot.web.channel import (
    FRAME_BYTES,
    MESSAGE_LIMIT,
    TooLong,
    incoming_from_frame,
    language_hint,
    later_frames,
    message_id,
    outcome_frames,
    page_texts,
    reply_frame,
    too_long_frame,
)
from bot.web.identity import COOKIE, VALID_SECONDS, CookieSigner, new_person_id, person_key
from bot.web.notices import Attachments, Notices, Waiter
from content.bidi import is_rtl
from content.loader import Content
from intents.types import CONTENT_LANGUAGES
from storage.repositories import Users

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
#: The answer of ``/vergeet`` (its confirmation too): after it the page forgets its history
#: when the person is gone from the database.
PRIVACY_INTENT = "privacy"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: The close code of an idle connection: the page then waits for her to write.
IDLE_CLOSE = 4000
ASSETS = {"chat.js": "application/javascript", "chat.css": "text/css"}
#: The header the page sends with every plain HTTP request (``/say``, ``/poll``).
PAGE_HEADER = "X-Maatje"
#: Held polls at once per person (a few tabs); more are refused, not queued.
POLLS_PER_PERSON = 3
T = TypeVar("T")
#: Writes one frame to the page (a WebSocket frame, or a line of a streamed answer).
Send = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class WebChat:
    """The web channel's parts: the conversation service, the cookie key, and the threads
    (kept apart, as in the Telegram adapter: the database's may all hang on a frozen server)."""

    conversations: Conversations
    signer: CookieSigner
    #: The public address pages come from (``MAATJE_WEB_ORIGIN``); ``None``: the request's own.
    origin: str | None = None
    concurrency: int = 8
    #: A connection silent this long is closed (the page opens a new one when she writes).
    idle_seconds: float = 15 * 60
    clock: Callable[[], float] = time.time
    #: Seconds between two looks for what waits in the outbox for a connected visitor.
    notice_poll: float = 1.0
    #: How long a ``GET /poll`` is held when nothing waits for her.
    poll_seconds: float = 25.0
    #: A notice's file by name (the medical form, a content file), offered as a download.
    attachments: Attachments | None = None
    stored: ThreadPoolExecutor = field(init=False)
    triage: ThreadPoolExecutor = field(init=False)
    notices: Notices = field(init=False)
    #: Proxies whose ``X-Forwarded-For`` is believed (``MAATJE_WEB_TRUSTED_PROXIES``).
    trusted_proxies: tuple[Network, ...] = ()
    #: Requests and messages per address at once, refilled over ``address_window`` s.
    address_burst: int = 120
    address_window: float = 60.0
    addresses: AddressLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.stored = ThreadPoolExecutor(self.concurrency, thread_name_prefix="maatje-web-db")
        self.triage = ThreadPoolExecutor(2, thread_name_prefix="maatje-web-triage")
        self.notices = Notices(self.conversations, self.notice_poll, self.attachments)
        self.addresses = AddressLimiter(self.address_burst, self.address_window, self.clock)

    def shutdown(self) -> None:
        """Do not wait for a thread stuck on a silent database."""
        for pool in (self.stored, self.triage):
            pool.shutdown(wait=False, cancel_futures=True)

    def origin_allowed(self, request: web.Request) -> bool:
        """A browser sends the page's origin with every WebSocket: only this site's pages
        may talk as the person whose cookie comes along (no cross-site WebSocket hijacking)."""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        return self._own(origin, request)

    def _own(self, origin: str, request: web.Request) -> bool:
        expected = self.origin or f"{request.scheme}://{request.host}"
        return origin.rstrip("/").lower() == expected.rstrip("/").lower()

    def from_page(self, request: web.Request) -> bool:
        """A plain HTTP request of this site's page: its own header, and this site's Origin
        and ``Sec-Fetch-Site`` when the browser sends them (a GET of the same origin need
        not carry an Origin)."""
        if request.headers.get(PAGE_HEADER) != "1":
            return False
        origin = request.headers.get("Origin")
        if origin is not None and not self._own(origin, request):
            return False
        return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"

    def visitor(self, request: web.Request, websocket: bool = False) -> str:
        """The key of the person whose page sent this request, or a 403: another site's page
        (no Origin at all on a WebSocket or a POST), or no cookie this deployment signed."""
        same_site = self.origin_allowed(request) if websocket else (
            self.from_page(request) and (request.method == "GET" or self.origin_allowed(request)))
        if not same_site:
            raise web.HTTPForbidden(text="This page may not talk to Maatje.")
        person = self.signer.person(request.cookies.get(COOKIE), self.clock())
        if person is None:
            raise web.HTTPForbidden(text="Open Maatje's page first.")
        return person_key(person)

    def address(self, request: web.Request) -> str:
        """The visitor's address (the proxy's ``X-Forwarded-For`` only from a trusted proxy)."""
        return client_address(request.remote, request.headers.get("X-Forwarded-For"),
                              self.trusted_proxies)

    def too_many(self, request: web.Request) -> web.HTTPTooManyRequests | None:
        """The refusal of a request from an address over its limit, else ``None``."""
        if self.addresses.allow(self.address(request)):
            return None
        content = self.conversations.live_core().content
        hint = language_hint(request.headers.get("Accept-Language"))
        lines = [content.ui_text("flood.slow_down", "nl")]
        if hint and hint != "nl" and hint in CONTENT_LANGUAGES:
            lines.append(content.ui_text("flood.slow_down", hint))
        return web.HTTPTooManyRequests(text="\n\n".join(lines), headers={"Retry-After": "60"})

    def secure(self, request: web.Request) -> bool:
        return request.secure or (self.origin or "").startswith("https://")

    async def on(self, pool: ThreadPoolExecutor, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(pool, functools.partial(work, *args))

    async def on_stored(self, work: Callable[..., T], *args: Any) -> T:
        return await self.on(self.stored, work, *args)


CHAT = web.AppKey("chat", WebChat)


def build_app(chat: WebChat) -> web.Application:
    """The page, its two assets and the WebSocket; security headers on every response."""
    app = web.Application(client_max_size=FRAME_BYTES)
    app[CHAT] = chat
    app.router.add_get("/", page)
    for name in ASSETS:
        app.router.add_get(f"/{name}", asset)
    app.router.add_get("/ws", socket)
    app.router.add_post("/say", say)
    app.router.add_get("/poll", poll)
    app.router.add_get("/favicon.ico", no_icon)
    app.on_response_prepare.append(_security_headers)
    app.cleanup_ctx.append(_web_sender)
    app.on_cleanup.append(_stop)
    return app


def serve(chat: WebChat, host: str, port: int) -> None:
    """Run until stopped (Ctrl-C or SIGTERM)."""
    web.run_app(build_app(chat), host=host, port=port, access_log=None)


def attach_to(application: Any, chat: WebChat, host: str, port: int) -> None:
    """Serve the web chat beside the Telegram bot, on its loop (``maatje run --web``): it
    starts once the bot has started and stops before the bot shuts down."""
    runner = web.AppRunner(build_app(chat), access_log=None, handle_signals=False,
                           shutdown_timeout=5.0)
    previous_init, previous_stop = application.post_init, application.post_stop

    async def post_init(app: Any) -> None:
        if previous_init is not None:
            await previous_init(app)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        log.info("web chat: listening on %s port %d", host, port)

    async def post_stop(app: Any) -> None:
        await runner.cleanup()
        if previous_stop is not None:
            await previous_stop(app)

    application.post_init = post_init
    application.post_stop = post_stop


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


async def _web_sender(app: web.Application) -> AsyncIterator[None]:
    """The task that writes a connected visitor's outbox rows to her page, live."""
    chat, stop = app[CHAT], asyncio.Event()
    task = asyncio.create_task(chat.notices.run(chat.on_stored, stop))
    yield
    stop.set()
    with contextlib.suppress(asyncio.CancelledError, TimeoutError):  # stuck on the database
        await asyncio.wait_for(task, timeout=5)


async def _stop(app: web.Application) -> None:
    app[CHAT].shutdown()


async def page(request: web.Request) -> web.Response:
    """The chat page in the person's language (chosen before, else the browser's), with a
    fresh cookie: a person who comes back within 90 days stays the same person."""
    chat = request.app[CHAT]
    if (refusal := chat.too_many(request)) is not None:
        raise refusal
    now = chat.clock()
    person = chat.signer.person(request.cookies.get(COOKIE), now) or new_person_id()
    hint = language_hint(request.headers.get("Accept-Language"))
    chosen = await chat.on(chat.stored, stored_language, chat.conversations, person_key(person))
    language = next((code for code in (chosen, hint) if code in CONTENT_LANGUAGES), "nl")
    body = render_page(chat.conversations.live_core().content, language, chat.idle_seconds)
    response = web.Response(text=body, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(COOKIE, chat.signer.issue(person, now), max_age=VALID_SECONDS, path="/",
                        httponly=True, samesite="Lax", secure=chat.secure(request))
    return response


def render_page(content: Content, language: str, idle_seconds: float = 900) -> str:
    """``index.html`` with the page's texts from ``ui.yaml``, each escaped for HTML (and the
    idle time, after which a polling page stops asking, as a silent socket is closed)."""
    texts = page_texts(content, language)
    fields = {
        "lang": language, "dir": "rtl" if is_rtl(language) else "ltr", "limit": str(MESSAGE_LIMIT),
        "idle": str(int(idle_seconds)),
        **{key.removeprefix("web."): value for key, value in texts.items()},
    }
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    for name, value in fields.items():
        template = template.replace(f"{{{{{name}}}}}", html.escape(value, quote=True))
    return template


async def asset(request: web.Request) -> web.Response:
    name = request.path.lstrip("/")
    response = web.Response(body=(STATIC / name).read_bytes(), content_type=ASSETS[name],
                            charset="utf-8")
    response.headers["Cache-Control"] = "no-cache"
    return response


async def no_icon(request: web.Request) -> web.Response:
    """Browsers ask for an icon on their own: nothing, rather than a 404 in the console."""
    return web.Response(status=204)


async def socket(request: web.Request) -> web.WebSocketResponse:
    """One connection of a person's page: each frame is a message, answered in turn."""
    chat = request.app[CHAT]
    key = chat.visitor(request, websocket=True)
    if (refusal := chat.too_many(request)) is not None:
        raise refusal
    address = chat.address(request)
    ws = web.WebSocketResponse(max_msg_size=FRAME_BYTES, heartbeat=30)
    await ws.prepare(request)
    hint = language_hint(request.headers.get("Accept-Language"))
    chat.notices.connected(key, ws)
    try:
        await converse(chat, ws, Visitor(key, hint, address))
    finally:
        chat.notices.gone(key, ws)
    return ws


@dataclass(frozen=True)
class Visitor:
    """Who is on the other end of a socket: her key, her browser's language, her address."""

    key: str
    hint: str | None
    address: str


async def converse(chat: WebChat, ws: web.WebSocketResponse, visitor: Visitor) -> None:
    """What waited for her, then her frames answered in turn until she leaves or is idle."""
    await send_notices(chat, visitor.key)  # on her next visit
    while not ws.closed:
        try:
            message = await ws.receive(timeout=chat.idle_seconds)
        except TimeoutError:
            await ws.close(code=IDLE_CLOSE, message=b"idle")
            break
        if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
            break
        if message.type is not WSMsgType.TEXT:
            continue
        try:
            frame = json.loads(message.data)
        except ValueError:
            continue
        try:
            await answer(chat, ws.send_json, frame, visitor)
        except ConnectionResetError:
            break  # the page went away while the answer was on its way
        except Exception as error:  # the type only: a traceback may hold a child's words
            log.error("web message failed: %s", type(error).__name__)


async def answer(chat: WebChat, send: Send, frame: Any, visitor: Visitor) -> None:
    """The replies to one frame, then ``{"type": "done"}`` (also when there is nothing to
    say: a message sent twice, a flood ignored), so the page knows Maatje has finished."""
    key, hint = visitor.key, visitor.hint
    incoming = incoming_from_frame(frame, key, hint)
    if incoming is None:
        return
    allowed = chat.addresses.allow(visitor.address)
    if isinstance(incoming, TooLong):
        chosen = await chat.on(chat.stored, stored_language, chat.conversations, key) if (
            allowed) else None  # over the limit: not even the database is asked
        await send(too_long_frame(chat.conversations.live_core().content, chosen or hint))
    elif not allowed and not await _urgent(chat, incoming):
        outcome = slow_down(chat.conversations.live_core(), incoming, UserState())
        for reply in outcome_frames(outcome):
            await send(reply)
    else:
        await _reply(chat, send, incoming, message_id(frame), key)
    await send({"type": "done"})


async def _reply(chat: WebChat, send: Send, incoming: Incoming, mid: str | None,
                 key: str) -> None:
    """Help lines first (before the database is asked anything), then the stored answer,
    then what waited for her in the outbox."""
    conversations = chat.conversations
    incoming = incoming.cleaned()
    helped = await _help_first(chat, send, incoming)
    outcome = await chat.on(chat.stored, conversations.handle, incoming,
                            f"{key}:{mid}" if mid else None, False, helped)
    if outcome is None or not outcome.replies:
        return
    forgotten = outcome.trace.intent == PRIVACY_INTENT and await chat.on(
        chat.stored, is_forgotten, conversations, key)
    if forgotten:
        await send({"type": "forgotten"})
    for reply in outcome_frames(outcome, keep=not forgotten):
        await send(reply)
    if not forgotten:
        for later in later_frames(conversations.live_core().content, outcome):
            await send(later)
        await send_notices(chat, key)


async def send_notices(chat: WebChat, key: str) -> None:
    """What Maatje wrote the person on its own (a youth worker's reply, "Is Fatima je
    ouder?", an announcement): the outbox's rows for her, now (when she comes back, after
    each answer); while she stays connected the web sender brings them within a second.
    A page that polls is woken to fetch them."""
    await chat.notices.deliver(chat.on_stored, [key], wait=True)
    chat.notices.wake(key)


async def _urgent(chat: WebChat, incoming: Incoming) -> bool:
    """A danger message (or the SOS button) passes every rate limit: safeguarding does not
    wait. When even that check fails, it passes too."""
    try:
        return await chat.on(chat.triage, is_urgent, chat.conversations.live_core(), incoming)
    except Exception as error:
        log.error("danger check failed (%s); answering", type(error).__name__)
        return True


async def _help_first(chat: WebChat, send: Send, incoming: Incoming) -> bool:
    """Send the help lines of a danger message now; ``True`` when they were sent."""
    try:
        urgent: Outcome | None = await chat.on(chat.triage, chat.conversations.urgent_outcome,
                                               incoming)
    except Exception as error:  # the stored handling still answers, danger included
        log.error("help lines first failed (%s); answering in turn", type(error).__name__)
        return False
    if urgent is None:
        return False
    for reply in urgent.replies:
        await send(reply_frame(reply))
    return True


async def say(request: web.Request) -> web.StreamResponse:
    """``POST /say``: one message over plain HTTP (the page's way when no WebSocket gets
    through), answered as a frame is, its replies streamed back one JSON line each as they
    come (the help lines first, before the database is asked anything)."""
    chat = request.app[CHAT]
    key = chat.visitor(request)
    try:
        frame = json.loads(await request.text())
    except ValueError as error:
        raise web.HTTPBadRequest(text="Not a message.") from error
    visitor = Visitor(key, language_hint(request.headers.get("Accept-Language")),
                      chat.address(request))
    response = web.StreamResponse(headers=STREAMED)
    await response.prepare(request)

    async def send(reply: dict[str, Any]) -> None:
        await response.write(json_line(reply))

    try:
        await answer(chat, send, frame, visitor)
        await response.write_eof()
    except ConnectionResetError:
        pass  # the page went away while the answer was on its way
    except Exception as error:  # the type only: a traceback may hold a child's words
        log.error("web message failed: %s", type(error).__name__)
    return response


#: A streamed answer: not cached, not held back by a proxy (nginx buffers otherwise).
STREAMED = {"Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store",
            "X-Accel-Buffering": "no"}


def json_line(frame: dict[str, Any]) -> bytes:
    return (json.dumps(frame, ensure_ascii=False) + "\n").encode()


async def poll(request: web.Request) -> web.StreamResponse:
    """``GET /poll``: what Maatje wrote her on its own, as soon as there is something, else
    an empty list after :attr:`WebChat.poll_seconds`. A row counts as sent once it was
    written to her; when she went away before, it waits for her next request."""
    chat = request.app[CHAT]
    key = chat.visitor(request)
    if (refusal := chat.too_many(request)) is not None:
        raise refusal
    if chat.notices.holding(key) >= POLLS_PER_PERSON:
        raise web.HTTPTooManyRequests(headers={"Retry-After": "5"})
    waiter = Waiter(lambda: request.transport is None or request.transport.is_closing())
    response = web.StreamResponse(headers={"Content-Type": "application/json; charset=utf-8",
                                           "Cache-Control": "no-store"})

    async def write(frames: list[dict[str, Any]]) -> bool:
        if waiter.gone():
            return False
        try:
            await response.prepare(request)
            await response.write(json.dumps({"frames": frames}, ensure_ascii=False).encode())
            await response.write_eof()
        except ConnectionResetError:
            return False
        return True

    chat.notices.held(key, waiter)
    try:
        await _held(chat, key, waiter, write)
    finally:
        chat.notices.released(key, waiter)
    if response.prepared:  # written (or begun, when she went away meanwhile)
        return response
    return web.json_response({"frames": []}, headers={"Cache-Control": "no-store"})


async def _held(chat: WebChat, key: str, waiter: Waiter,
                write: Callable[[list[dict[str, Any]]], Awaitable[bool]]) -> bool:
    """Hand her rows over when there are some, else wait to be woken (by the web sender or
    her own message) until the poll's time is up; ``True`` once something was written."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + chat.poll_seconds
    while not waiter.gone():
        waiter.woken.clear()
        if await chat.notices.hand_over(chat.on_stored, key, write):
            return True
        left = deadline - loop.time()
        if left <= 0:
            break
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter.woken.wait(), timeout=left)
    return False


def stored_language(conversations: Conversations, key: str) -> str | None:
    """The language the person chose, if they are known (and the database answers)."""
    if conversations.database is None:
        return None
    try:
        with conversations.database.session() as session:
            user = Users(session).get(key)
            return user.language if user is not None else None
    except SQLAlchemyError:
        return None


def is_forgotten(conversations: Conversations, key: str) -> bool:
    """After ``/vergeet``: the person is no longer in the database (the page then empties
    its history too). ``False`` when the database does not answer: nothing was erased."""
    if conversations.database is None:
        return False
    try:
        with conversations.database.session() as session:
            return Users(session).get(key) is None
    except SQLAlchemyError:
        return False
