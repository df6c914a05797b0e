"""Database faults under a running bot, as the pupils notice them.

Shared by the fault tests (which assert what the pupils receive) and
``benchmarks/faults.py`` (which reports how long the help lines took). Each scenario: a
few pupils ask ordinary things and one writes a danger message while the database is
frozen, locked, refused or unwritable; then the fault ends. The figures count, per
ordinary message, whether it was answered once, not at all, or more than once.

The shared PostgreSQL server is never stopped or reconfigured: the bot reaches it through a
:class:`~tests.e2e.tcpproxy.CuttableProxy`, or a second session holds a row lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.assembly import build_conversations
from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.telegram.application import build_application
from bot.telegram.polling import serve_polling
from tests.e2e.processes import BotProcess, bot_env, start_bot, until
from tests.e2e.tcpproxy import CuttableProxy, Mode, through
from tests.emulator import BotApiEmulator

DANGER = "mijn vader slaat mij"
#: The case-aware part of a danger answer, sent after the help lines.
FOLLOW_UP = "Zal ik een jeugdwerker laten weten"
HELP_LINE = "112"
QUESTIONS = ("wat moet ik meenemen naar het kamp", "wanneer is het kamp")
ASKERS = (8201, 8202, 8203)
IN_DANGER = 8209
WAIT = 120.0  # bounded polls: generous, a shared machine may be slow


@dataclass
class Figures:
    """What the pupils got in one scenario."""

    fault: str
    help_seconds: float = float("nan")  # danger message sent → help lines received
    help_first: bool = False  # the pupil in danger got the help lines before anything else
    answered_during_fault: int = 0  # ordinary messages answered while the fault lasted
    catch_up_seconds: float = float("nan")  # fault ended → every message answered
    sent: int = 0  # ordinary messages sent during the fault
    answered: int = 0  # …answered exactly once in the end
    lost: int = 0
    doubled: int = 0
    extra_help: int = 0  # help lines sent more than once
    notes: list[str] = field(default_factory=list)




def warm_folder(model_cache: Path, data_dir: Path) -> Path:
    """A data folder with the trained models, so a bot process starts in seconds."""
    (data_dir / "cache").mkdir(parents=True, exist_ok=True)
    for model in [*model_cache.glob("intents-*.npz"), *model_cache.glob("languages-*.npz")]:
        shutil.copy(model, data_dir / "cache" / model.name)
    return data_dir


class Chats:
    """The pupils of one scenario and what the bot sent them."""

    def __init__(self, emulator: BotApiEmulator, token: str) -> None:
        self.emulator = emulator
        self.token = token
        self.askers = [emulator.user(token, uid, f"Asker{n}") for n, uid in enumerate(ASKERS)]
        self.in_danger = emulator.user(token, IN_DANGER, "Nour")
        self.expected: dict[int, int] = {}
        self.baseline: dict[int, int] = {}

    def texts(self, user_id: int) -> list[str]:
        """What the bot sent, one entry per answered message: the question that follows the
        help lines ("Zal ik een jeugdwerker…?") belongs to the danger message's answer."""
        return [m.text or "" for m in self.emulator.bot_messages(self.token, user_id)
                if not (FOLLOW_UP in (m.text or "") and HELP_LINE not in (m.text or ""))]

    def ordinary_answered(self) -> int:
        """Ordinary messages answered so far (the help lines not counted)."""
        total = sum(len(self.texts(user.id)) for user in self.askers)
        return total + max(0, len(self.texts(IN_DANGER)) - 1)

    async def send(self, user_id: int, text: str) -> None:
        user = self.in_danger if user_id == IN_DANGER else next(u for u in self.askers if u.id == user_id)
        await self.emulator.send_text(self.token, user, text)
        self.expected[user_id] = self.expected.get(user_id, 0) + 1

    async def warm_up(self, who: list[int]) -> None:
        """One answered message each before the fault (connections pooled, rows made)."""
        for user_id in who:
            await self.send(user_id, "hallo")
        await until(lambda: all(len(self.texts(u)) == self.expected[u] for u in who), WAIT,
                    "answers before the fault")

    async def during_fault(self, figures: Figures) -> None:
        """Ordinary questions from everyone, the danger message, then one more question
        from the pupil in danger; returns once the help lines are there."""
        before = {uid: self.expected.get(uid, 0) for uid in [*ASKERS, IN_DANGER]}
        self.baseline = dict(before)
        for user in self.askers:
            await self.send(user.id, QUESTIONS[0])
        sent_at = time.perf_counter()
        await self.send(IN_DANGER, DANGER)
        await self.send(IN_DANGER, QUESTIONS[0])
        for user in self.askers:
            await self.send(user.id, QUESTIONS[1])
        figures.sent = 2 * len(self.askers) + 1
        await until(lambda: len(self.texts(IN_DANGER)) > before[IN_DANGER], WAIT, "the help lines")
        figures.help_seconds = time.perf_counter() - sent_at
        first = self.texts(IN_DANGER)[before[IN_DANGER]]
        figures.help_first = HELP_LINE in first

    def note_answered_during_fault(self, figures: Figures) -> None:
        """Ordinary messages of the fault answered so far (the help lines not counted)."""
        before = sum(self.baseline.values())
        figures.answered_during_fault = self.ordinary_answered() - before

    async def settle(self, figures: Figures) -> None:
        """Wait (bounded) for every message to be answered and confirmed, then count."""
        def done() -> bool:
            return all(len(self.texts(uid)) >= count for uid, count in self.expected.items())

        ended = time.perf_counter()
        with contextlib.suppress(TimeoutError):
            await until(done, WAIT, "every message answered")
            figures.catch_up_seconds = time.perf_counter() - ended
        with contextlib.suppress(TimeoutError):
            await until(lambda: self.emulator.pending_updates(self.token) == 0, WAIT, "confirmed")
        await asyncio.sleep(1.0)  # a late duplicate would show up here
        for uid, count in self.expected.items():
            got = len(self.texts(uid))
            figures.lost += max(0, count - got)
            figures.doubled += max(0, got - count)
        figures.extra_help = max(0, sum(HELP_LINE in text for text in self.texts(IN_DANGER)) - 1)
        figures.answered = figures.sent - figures.lost


# --------------------------------------------------------------- in one process


@asynccontextmanager
async def polled_bot(
    maatje: Maatje, emulator: BotApiEmulator, token: str, settings: Settings
) -> AsyncIterator[None]:
    """The bot as ``maatje run`` serves it (confirm-after-handling polling), in this process."""
    conversations = await asyncio.to_thread(  # off the loop: the proxy runs on it
        build_conversations, settings, maatje, None, True)
    application = build_application(token, conversations, emulator.url, settings.concurrent_updates)
    stop = asyncio.Event()
    task = asyncio.create_task(serve_polling(application, stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
        if conversations.database is not None:
            conversations.database.close()


async def frozen_connection(
    maatje: Maatje, emulator: BotApiEmulator, token: str, postgres_url: str, data_dir: Path,
    ending: Mode = "pass",
) -> Figures:
    """PostgreSQL stops answering (connections open, nothing comes back), then answers
    again (``pass``), or its connections are torn down and new ones work (``reset``)."""
    figures = Figures("frozen connection" if ending == "pass" else "frozen, then reset")
    target = urlsplit(postgres_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.start()
    settings = Settings(data_dir=data_dir, database_url=through(postgres_url, proxy.port),
                        db_connect_timeout_seconds=2)
    chats = Chats(emulator, token)
    try:
        async with polled_bot(maatje, emulator, token, settings):
            await chats.warm_up([*ASKERS, IN_DANGER])
            await proxy.set("freeze")
            await chats.during_fault(figures)
            chats.note_answered_during_fault(figures)
            await proxy.set(ending)
            await chats.settle(figures)
    finally:
        await proxy.set("refuse")
    return figures


async def held_row_lock(
    maatje: Maatje, emulator: BotApiEmulator, token: str, postgres_url: str, data_dir: Path
) -> Figures:
    """Another session holds the pupil's flood row (``SELECT … FOR UPDATE``), then lets go.
    The other pupils are answered meanwhile: one locked chat never holds them up."""
    import psycopg

    figures = Figures("held row lock")
    settings = Settings(data_dir=data_dir, database_url=postgres_url, db_lock_timeout_seconds=1)
    chats = Chats(emulator, token)
    async with polled_bot(maatje, emulator, token, settings):
        await chats.warm_up([*ASKERS, IN_DANGER])
        locker = psycopg.connect(postgres_url)
        try:
            locker.execute("SELECT * FROM flood_buckets WHERE channel_key = %s FOR UPDATE",
                           (f"tg:{IN_DANGER}",)).fetchall()
            await chats.during_fault(figures)
            others = 2 * len(ASKERS)
            with contextlib.suppress(TimeoutError):
                await until(lambda: sum(len(chats.texts(u)) for u in ASKERS)
                            >= sum(chats.expected[u] for u in ASKERS), WAIT,
                            f"the other pupils' {others} answers while the row is locked")
            chats.note_answered_during_fault(figures)
        finally:
            locker.rollback()
            locker.close()
        await chats.settle(figures)
    return figures


# --------------------------------------------------------------- ``maatje run`` as a process


async def _process_scenario(
    figures: Figures, emulator: BotApiEmulator, token: str, data_dir: Path, database_url: str,
    mend: Callable[[], Awaitable[None]],
) -> tuple[Figures, BotProcess]:
    env = bot_env(token, emulator.url, data_dir, database_url=database_url)
    chats = Chats(emulator, token)
    bot = start_bot(env, data_dir / "bot.log")
    try:
        await until(lambda: bool(emulator.calls(token, "getUpdates")) or bot.process.poll() is not None,
                    WAIT, "the bot polling")
        if bot.process.poll() is not None:
            figures.notes.append(f"exited with {bot.process.returncode}")
            return figures, bot
        await chats.during_fault(figures)
        await asyncio.sleep(2.0)  # give a wrong bot the chance to answer what must wait
        chats.note_answered_during_fault(figures)
        if bot.process.poll() is not None:
            figures.notes.append(f"exited with {bot.process.returncode}")
        await mend()
        await chats.settle(figures)
    finally:
        bot.stop()
    return figures, bot


async def refused_at_start(
    emulator: BotApiEmulator, token: str, postgres_url: str, data_dir: Path
) -> tuple[Figures, BotProcess]:
    """``maatje run`` starts while PostgreSQL refuses connections; later it accepts them."""
    target = urlsplit(postgres_url)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 5432)
    await proxy.start()
    await proxy.set("refuse")
    try:
        return await _process_scenario(Figures("refused at start"), emulator, token, data_dir,
                                       through(postgres_url, proxy.port), lambda: proxy.set("pass"))
    finally:
        await proxy.set("refuse")


async def unwritable_sqlite(
    emulator: BotApiEmulator, token: str, data_dir: Path
) -> tuple[Figures, BotProcess]:
    """``maatje run`` with a SQLite path whose folder is a file; then the folder is made."""
    blocked = data_dir / "volume"
    blocked.write_text("a file where the database's folder should be")

    async def mend() -> None:
        blocked.unlink()
        blocked.mkdir()

    return await _process_scenario(Figures("unwritable SQLite"), emulator, token, data_dir,
                                   f"sqlite:///{blocked / 'maatje.sqlite3'}", mend)
