"""What an operator sees when the configuration is wrong: one or two lines, never a traceback.

Each bad configuration starts a real ``maatje`` process, as a volunteer setting Maatje up
would, and checks that the message names what is wrong and the exit code is not 0.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def maatje(*args: str, env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("MAATJE_")}
    environment.update({"MAATJE_DATA_DIR": str(data_dir), **env})
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, env=environment, timeout=120, check=False)


def assert_short(stderr: str, *words: str) -> None:
    """One or two lines, no traceback, each of ``words`` said."""
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr, stderr[-3000:]
    assert 1 <= len(lines) <= 2, stderr[-3000:]
    for word in words:
        assert word in stderr, stderr


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, warm: Callable[[Path], Path]) -> Path:
    return warm(tmp_path_factory.mktemp("data"))


@pytest.mark.parametrize(("url", "said"), [
    ("nonsense://somewhere/maatje", "database address is not valid"),
    ("not a url at all", "database address is not valid"),
    ("postgresql://maatje:hunter2@127.0.0.1:1/maatje", "cannot use the database"),
])
def test_a_bad_database_url_is_one_line(tmp_path: Path, url: str, said: str) -> None:
    result = maatje("staff", "list", env={"MAATJE_DATABASE_URL": url}, data_dir=tmp_path)
    assert result.returncode != 0
    assert_short(result.stderr, said, "MAATJE_DATABASE_URL")
    assert "hunter2" not in result.stderr, "the password is never shown"


@pytest.mark.parametrize(("name", "value"), [
    ("MAATJE_FLOOD_BURST", "abc"),
    ("MAATJE_TIMEZONE", "Mars/Olympus"),
    ("MAATJE_SAFEGUARDING_HOURS", "altijd"),
    ("MAATJE_STAFF_IDS", "12345,anna"),
])
def test_an_invalid_setting_names_the_setting_and_its_value(
    tmp_path: Path, name: str, value: str
) -> None:
    result = maatje("staff", "list", env={name: value}, data_dir=tmp_path)
    assert result.returncode == 2
    assert_short(result.stderr, f"{name}={value}", "maatje.toml")


def test_a_content_file_with_a_syntax_error_names_the_file(data_dir: Path, tmp_path: Path) -> None:
    from tests.features import content_folder

    folder = content_folder(tmp_path)
    (folder / "clubs.yaml").write_text("clubs:\n  - name: [unclosed\n", encoding="utf-8")
    result = maatje("ask", "hallo", env={"MAATJE_CONTENT_DIR": str(folder)}, data_dir=data_dir)
    assert result.returncode == 1
    assert_short(result.stderr, "clubs.yaml")


def test_a_closed_pipe_ends_quietly(data_dir: Path, tmp_path: Path) -> None:
    """``maatje ask --batch … | head -1``: the reader went away; nothing to explain."""
    batch = tmp_path / "many.jsonl"
    batch.write_text('{"text": "hallo"}\n' * 2000, encoding="utf-8")
    environment = {**os.environ, "MAATJE_DATA_DIR": str(data_dir)}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "ask", "--batch", str(batch)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"{")
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) != 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr[-3000:]


def test_migrations_are_quiet_at_info(tmp_path: Path) -> None:
    result = maatje("staff", "list", env={"MAATJE_LOG_LEVEL": "INFO"}, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "alembic" not in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = maatje("--debug", "staff", "list", env={"MAATJE_DATABASE_URL": "nonsense://x"},
                    data_dir=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


async def run_bot(*args: str, env: dict[str, str], data_dir: Path) -> tuple[int, str]:
    """``maatje run`` as its own process (while the emulator answers in this event loop)."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("MAATJE_")}
    environment.update({"MAATJE_DATA_DIR": str(data_dir), **env})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", *args, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_run_with_telegram_unreachable_is_one_line(tmp_path: Path) -> None:
    code, stderr = await run_bot("--base-url", "http://127.0.0.1:1",
                                 env={"MAATJE_TELEGRAM_TOKEN": "123:abc"}, data_dir=tmp_path)
    assert code != 0
    assert_short(stderr, "cannot reach Telegram")


async def test_run_with_a_revoked_token_says_where_to_get_one(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path
) -> None:
    emulator.revoke(bot_token)
    code, stderr = await run_bot("--base-url", emulator.url,
                                 env={"MAATJE_TELEGRAM_TOKEN": bot_token}, data_dir=tmp_path)
    assert code != 0
    assert_short(stderr, "refused the bot token", "@BotFather", "MAATJE_TELEGRAM_TOKEN")
    assert bot_token not in stderr


async def test_run_with_a_bad_database_url_is_one_line(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path
) -> None:
    code, stderr = await run_bot(
        "--base-url", emulator.url, data_dir=tmp_path,
        env={"MAATJE_TELEGRAM_TOKEN": bot_token, "MAATJE_DATABASE_URL": "mysq://x"})
    assert code != 0
    assert_short(stderr, "database address is not valid")


async def test_run_with_the_database_down_starts_and_says_so_in_one_line(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path, warm: Callable[[Path], Path]
) -> None:
    """The bot must answer danger without its database: it starts, and the log says once
    what is wrong and what to check (the database is tried again in the background)."""
    data = warm(tmp_path / "data")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("MAATJE_")}
    environment.update({"MAATJE_DATA_DIR": str(data), "MAATJE_TELEGRAM_TOKEN": bot_token,
                        "MAATJE_DATABASE_URL": "postgresql://maatje:hunter2@127.0.0.1:1/maatje"})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--base-url", emulator.url, env=environment,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        for _ in range(1200):
            if (data / "heartbeat").exists() or process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert process.returncode is None, "still running"
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    log = stderr.decode()
    down = [line for line in log.splitlines() if "database unavailable" in line]
    assert len(down) == 1 and "MAATJE_DATABASE_URL" in down[0], log[-3000:]
    assert "Traceback" not in log and "hunter2" not in log
