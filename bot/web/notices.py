"""The web chat's sender: what Maatje writes a web visitor on its own, live while she is connected.

A youth worker's reply, "Is Fatima je ouder?", an announcement: the features put them in
the outbox for ``web:<id>`` as for ``tg:<id>``. The Telegram sender claims only ``tg:`` rows;
each web server claims the rows of the visitors connected to *it* (every
:attr:`Notices.poll` seconds, when she connects, and after each answer), writes them to her
sockets, and marks a row sent only once a socket took it. A row whose page went away goes
back to ``pending`` and waits for her next visit, as before.

A page without a WebSocket holds a ``GET /poll`` instead (a :class:`Waiter`): the web
sender's look wakes it when a row waits for her, and the poll hands her rows over in one
response (:meth:`Notices.hand_over`), marked sent once written, put back otherwise.

A row with a file from the content folder (the medical form, a picture) carries the file
itself, read on a database thread when the row is claimed: the page offers it as a download.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import mimetypes
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.core.messages import Document, Reply
from bot.service import Conversations
from bot.web.channel import reply_frame
from bot.web.identity import PREFIX
from storage.camp import CampRepository
from storage.outbox import ATTACHMENT, UNSEND, OutboxItem, OutboxRepository

log = logging.getLogger(__name__)
#: Whatever a person holds open here: her sockets, her held polls.
T = TypeVar("T")
#: Rows claimed at once (per look); more wait for the next look, a second later.
BATCH = 50
Runner = Callable[..., Any]
#: Writes a poll's frames to her in one response; ``False`` when she was gone.
Write = Callable[[list[dict[str, Any]]], Awaitable[bool]]
#: A notice's file by its name in the content folder (as the Telegram sender reads it).
Attachments = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Claimed:
    """A claimed row and the frame the page shows for it (``None``: nothing to show)."""

    item: OutboxItem
    frame: dict[str, Any] | None


@dataclass(eq=False)
class Waiter:
    """A held ``GET /poll``: woken when something may wait for her."""

    gone: Callable[[], bool]
    woken: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Notices:
    """The sockets open on this server, per person, and the task that feeds them."""

    conversations: Conversations
    #: Seconds between two looks in the outbox (only while someone is connected).
    poll: float = 1.0
    attachments: Attachments | None = None
    sockets: dict[str, set[web.WebSocketResponse]] = field(default_factory=dict)
    polls: dict[str, set[Waiter]] = field(default_factory=dict)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    def connected(self, key: str, ws: web.WebSocketResponse) -> None:
        self.sockets.setdefault(key, set()).add(ws)

    def gone(self, key: str, ws: web.WebSocketResponse) -> None:
        _discard(self.sockets, key, ws)
        self._forget_lock(key)

    def holding(self, key: str) -> int:
        """How many polls of hers are held now."""
        return len(self.polls.get(key, ()))

    def held(self, key: str, waiter: Waiter) -> None:
        self.polls.setdefault(key, set()).add(waiter)

    def released(self, key: str, waiter: Waiter) -> None:
        _discard(self.polls, key, waiter)
        self._forget_lock(key)

    def wake(self, key: str) -> None:
        """Her held polls look again (something may wait for her now)."""
        for waiter in self.polls.get(key, ()):
            waiter.woken.set()

    def _forget_lock(self, key: str) -> None:
        lock = self.locks.get(key)
        if key not in self.sockets and key not in self.polls and lock is not None and (
                not lock.locked()):
            del self.locks[key]

    async def deliver(self, run: Runner, keys: Iterable[str], wait: bool = False) -> int:
        """Write the waiting rows of these (connected) people to their sockets; how many
        were written. ``run`` runs a blocking function on the database threads.

        One delivery per person at a time, from claim to record, so her notices arrive in
        order: with ``wait`` (after her answer) it waits its turn, else (the web sender's
        look) a person whose delivery is under way is left for the next look."""
        chosen = [key for key in dict.fromkeys(keys) if key in self.sockets]
        if not wait:
            chosen = [key for key in chosen if not self._lock(key).locked()]
        locks = [self._lock(key) for key in chosen]
        for lock in locks:
            await lock.acquire()
        try:
            return await self._deliver(run, chosen)
        finally:
            for lock in locks:
                lock.release()

    async def look(self, run: Runner) -> int:
        """One look of the web sender: which connected visitors have rows waiting (reading
        only, nobody's delivery held up), then a delivery for those few, and a wake-up for
        those who poll."""
        keys = sorted(set(self.sockets) | set(self.polls))
        try:
            waiting: set[str] = await run(waiting_for, self.conversations, keys)
        except SQLAlchemyError as error:
            log.warning("web notices: database unavailable (%s)", type(error).__name__)
            return 0
        for key in waiting - set(self.sockets):
            self.wake(key)
        sockets = sorted(waiting & set(self.sockets))
        return await self.deliver(run, sockets) if sockets else 0

    async def hand_over(self, run: Runner, key: str, write: Write) -> int:
        """Her waiting rows written by ``write`` in one go (a held poll's response); how
        many were written. Marked sent once written, put back in line when she was gone."""
        async with self._lock(key):
            try:
                claimed: list[Claimed] = await run(claim, self.conversations, [key],
                                                   self.attachments)
            except SQLAlchemyError as error:  # they stay pending: the next look tries again
                log.warning("web notices: database unavailable (%s)", type(error).__name__)
                return 0
            items = [row.item for row in claimed]
            frames = [row.frame for row in claimed if row.frame is not None]
            took = not frames or await write(frames)
            try:
                await run(settle, self.conversations, items if took else [],
                          [] if took else items)
            except SQLAlchemyError as error:  # left in "sending": recovered at the next start
                log.warning("web notices: could not record (%s)", type(error).__name__)
            return len(frames) if took else 0

    def _lock(self, key: str) -> asyncio.Lock:
        return self.locks.setdefault(key, asyncio.Lock())

    async def _deliver(self, run: Runner, keys: list[str]) -> int:
        if not keys:
            return 0
        try:
            claimed: list[Claimed] = await run(claim, self.conversations, keys, self.attachments)
        except SQLAlchemyError as error:  # they stay pending: the next look tries again
            log.warning("web notices: database unavailable (%s)", type(error).__name__)
            return 0
        written = 0
        for key in keys:
            mine = [row for row in claimed if row.item.chat_key == key]
            if mine:
                written += await self._write(run, key, mine)
        return written

    async def _write(self, run: Runner, key: str, rows: list[Claimed]) -> int:
        """Her rows in order, until one finds no open socket: that one and the rest go back."""
        sent: list[Claimed] = []
        for row in rows:
            if row.frame is not None and not await self._send(key, row.frame):
                break
            sent.append(row)
        unsent = [row.item for row in rows[len(sent):]]
        try:
            await run(settle, self.conversations, [row.item for row in sent], unsent)
        except SQLAlchemyError as error:  # left in "sending": recovered at the next start
            log.warning("web notices: could not record (%s)", type(error).__name__)
        return sum(1 for row in sent if row.frame is not None)

    async def _send(self, key: str, frame: dict[str, Any]) -> bool:
        """Write one row's frame to each of her open sockets; ``True`` when one took it."""
        took = False
        for ws in list(self.sockets.get(key, ())):
            if ws.closed:
                continue
            with contextlib.suppress(ConnectionResetError, RuntimeError):
                await ws.send_json(frame)
                took = True
        return took

    async def run(self, run: Runner, stop: asyncio.Event) -> None:
        """The web sender: after putting back what a stopped server left in ``sending``,
        look every :attr:`poll` seconds for the connected visitors' rows."""
        try:
            await run(recover, self.conversations)
        except SQLAlchemyError as error:
            log.warning("web notices: database unavailable at start (%s)", type(error).__name__)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll)
            if (self.sockets or self.polls) and not stop.is_set():
                try:
                    await self.look(run)
                except Exception as error:  # the type only: the loop must go on
                    log.error("web notices failed: %s", type(error).__name__)


def as_reply(item: OutboxItem, attachments: Attachments | None = None) -> Reply:
    """A row as the page shows it: a file from the content folder with its bytes, offered
    as a download (a file kept in Telegram, an announcement's photo, only by its text)."""
    return Reply(item.text, buttons=item.buttons, document=_document(item, attachments))


def _document(item: OutboxItem, attachments: Attachments | None) -> Document | None:
    if item.file_kind != ATTACHMENT or not item.file_id or attachments is None:
        return None
    try:
        data = attachments(item.file_id)
    except Exception as error:  # the notice's text still reaches her
        log.error("web notices: file not made (%s)", type(error).__name__)
        return None
    if data is None:
        return None
    name = PurePosixPath(item.file_id).name
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Document(name, data, kind)


def framed(items: list[OutboxItem], attachments: Attachments | None) -> list[Claimed]:
    """Each row with its frame (a row taking back an earlier message shows nothing)."""
    return [Claimed(item, None if item.file_kind == UNSEND else reply_frame(
        as_reply(item, attachments))) for item in items]


def waiting_for(conversations: Conversations, keys: list[str]) -> set[str]:
    database = conversations.database
    if database is None:
        return set()
    with database.session() as session:
        return OutboxRepository(session).waiting_chats(keys, conversations.now())


def claim(conversations: Conversations, keys: list[str],
          attachments: Attachments | None = None) -> list[Claimed]:
    """Their due rows, claimed, each with its frame (its file read here, on this thread)."""
    database = conversations.database
    if database is None:
        return []
    with database.session() as session:
        items = OutboxRepository(session).claim_for(keys, conversations.now(), BATCH)
    return framed(items, attachments)


def settle(conversations: Conversations, sent: list[OutboxItem],
           unsent: list[OutboxItem]) -> None:
    """Sent rows marked sent, the others back to pending; and, as the console does, the
    question of the last row shown with buttons remembered as the one asked."""
    database = conversations.database
    if database is None or not (sent or unsent):
        return
    now = conversations.now()
    questions = conversations.live_core().content.questions
    with database.session() as session:
        outbox = OutboxRepository(session)
        for item in sent:
            outbox.sent(item.id, None, now)
        for item in unsent:
            outbox.release(item.id, now)
        last = next((item for item in reversed(sent) if item.buttons), None)
        if last is not None and questions is not None:
            asked = questions.pending_in([button.payload for button in last.buttons])
            if asked:
                CampRepository(session).remember_question(last.chat_key, asked)


def recover(conversations: Conversations) -> int:
    database = conversations.database
    if database is None:
        return 0
    with database.session() as session:
        return OutboxRepository(session).recover(conversations.now(), PREFIX)


def _discard(held: dict[str, set[T]], key: str, item: T) -> None:
    """``item`` no longer held for ``key``; a person with nothing held left is dropped, so
    the maps hold only who is here now."""
    items = held.get(key, set())
    items.discard(item)
    if not items:
        held.pop(key, None)
