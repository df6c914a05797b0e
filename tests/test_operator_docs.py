"""The README for each reader says what the code does: every setting, every staff command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings, settings_table
from bot.core.dialogue import Maatje
from bot.features.staff import staff_command_menu
from content.loader import load_content
from storage.db import Database
from tests.staffdesk import Desk, texts

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README's ``## title`` section, up to the next one."""
    start = README.index(f"## {title}\n")
    following = README.find("\n## ", start + 1)
    return README[start : following if following != -1 else None]


def test_the_settings_table_is_generated_from_the_settings_model() -> None:
    found = re.search(r"<!-- settings table:.*?-->\n(.*?)\n<!-- end of settings table -->",
                      README, re.DOTALL)
    assert found is not None, "the README's settings table lost its markers"
    assert found.group(1) == settings_table(), "run: .venv/bin/python -m bot.config"


def test_every_setting_says_what_it_is_for() -> None:
    unexplained = [name for name, field in Settings.model_fields.items() if not field.description]
    assert not unexplained


@pytest.fixture
def desk(staff_core: Maatje, tmp_path: Path) -> Iterator[Desk]:
    database = Database.open(f"sqlite:///{tmp_path / 'maatje.sqlite3'}")
    yield Desk(staff_core, database, datetime(2026, 12, 12, 14, 0, tzinfo=UTC))
    database.close()


def test_the_youth_workers_section_explains_every_staff_command(
    desk: Desk, staff_core: Maatje
) -> None:
    """A staff command is one that tells a pupil it is only for youth workers."""
    refused = [name for name in sorted(staff_core.features.commands)
               if "alleen een jeugdwerker" in texts(desk.say("tg:777", f"/{name}"))]
    assert {"opvolging", "bericht", "statistiek"} <= set(refused)
    guide = section("For youth workers")
    assert "maatje staff invite --name" in guide and "/toestemming" in guide
    missing = [name for name in refused if f"`/{name}" not in guide]
    assert not missing, f"staff commands the README does not explain: {missing}"


def test_every_staff_command_is_in_the_staff_command_menu(desk: Desk, staff_core: Maatje) -> None:
    """What the README lists is also what a youth worker finds in Telegram's menu."""
    refused = {name for name in staff_core.features.commands
               if "alleen een jeugdwerker" in texts(desk.say("tg:777", f"/{name}"))}
    menu = dict(staff_command_menu(load_content(), staff_core.features.commands))
    assert refused - {"staffchat"} <= set(menu), "staffchat is for the staff group"
    assert all(1 <= len(text) <= 256 for text in menu.values())


def test_the_content_editors_guide_explains_the_go_live_markers() -> None:
    guide = (ROOT / "content" / "data" / "README.md").read_text(encoding="utf-8")
    for marker in ("example: true", "promise: true", "confirmed: true", "reviewed: true",
                   "maatje doctor"):
        assert marker in guide
