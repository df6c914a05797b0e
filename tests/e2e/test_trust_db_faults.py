"""A database that freezes, locks, refuses or cannot be written: the pupil in danger gets the
help lines at once, and every other message is answered once when the database is back.

The scenarios live in :mod:`tests.dbfaults` (``benchmarks/faults.py`` times them); these
tests assert what the pupils receive, never how long it took.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from tests.dbfaults import (
    ASKERS,
    Figures,
    frozen_connection,
    held_row_lock,
    refused_at_start,
    unwritable_sqlite,
)
from tests.e2e.processes import BotProcess
from tests.e2e.tcpproxy import Mode
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e


def assert_pupils_served(figures: Figures) -> None:
    assert figures.notes == [], f"the bot kept running ({figures.notes})"
    assert figures.help_first, "the pupil in danger gets the help lines first"
    assert figures.extra_help == 0, "the help lines are sent once"
    assert figures.lost == 0, "no message lost"
    assert figures.doubled == 0, "no message answered twice"
    assert figures.answered == figures.sent


def assert_logged_once_per_change(bot: BotProcess) -> None:
    output = bot.output()
    assert "Traceback" not in output
    assert output.count("other messages wait until it is back") == 1, "one line when it goes"
    assert output.count("database back after") == 1, "one line when it comes back"


@pytest.mark.postgres
@pytest.mark.parametrize("ending", ["pass", "reset"])
async def test_a_frozen_database_does_not_keep_the_help_lines_waiting(
    maatje: Maatje, emulator: BotApiEmulator, bot_token: str, postgres_url: str, tmp_path: Path,
    ending: Mode,
) -> None:
    figures = await frozen_connection(maatje, emulator, bot_token, postgres_url, tmp_path, ending)
    assert_pupils_served(figures)


@pytest.mark.postgres
async def test_a_locked_row_holds_up_neither_the_help_lines_nor_the_other_pupils(
    maatje: Maatje, emulator: BotApiEmulator, bot_token: str, postgres_url: str, tmp_path: Path
) -> None:
    figures = await held_row_lock(maatje, emulator, bot_token, postgres_url, tmp_path)
    assert_pupils_served(figures)
    assert figures.answered_during_fault == 2 * len(ASKERS), \
        "the other pupils are answered while one pupil's row is locked; hers waits its turn"


@pytest.mark.postgres
async def test_maatje_run_starts_while_postgres_refuses_and_catches_up_when_it_accepts(
    emulator: BotApiEmulator, bot_token: str, postgres_url: str, tmp_path: Path,
    warm: Callable[[Path], Path],
) -> None:
    figures, bot = await refused_at_start(emulator, bot_token, postgres_url, warm(tmp_path))
    assert_pupils_served(figures)
    assert figures.answered_during_fault == 0, "ordinary messages wait for the database"
    assert_logged_once_per_change(bot)


async def test_maatje_run_starts_with_an_unwritable_sqlite_path_and_catches_up_when_it_is_fixed(
    emulator: BotApiEmulator, bot_token: str, tmp_path: Path, warm: Callable[[Path], Path],
) -> None:
    figures, bot = await unwritable_sqlite(emulator, bot_token, warm(tmp_path))
    assert_pupils_served(figures)
    assert figures.answered_during_fault == 0, "ordinary messages wait for the database"
    assert_logged_once_per_change(bot)
