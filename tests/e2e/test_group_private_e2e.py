"""A class group end to end: no personal question is asked there and nothing is kept from a
press there; a button opens the private chat, where the same flow goes on (issue 15, item 3).
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from bot.assembly import build_conversations
from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.telegram.application import build_application
from storage.broadcasts import SubscriberRepository
from storage.db import Database
from storage.leads import LeadRepository
from tests.e2e.conftest import polling
from tests.emulator import BotApiEmulator

pytestmark = pytest.mark.e2e
BOT = "MaatjeTestBot"


def _stored(tmp_path: Path, who: str) -> tuple[int, list[str]]:
    """How many leads are kept, and the groups ``who`` is in."""
    database = Database.open(f"sqlite:///{(tmp_path / 'maatje.sqlite3').resolve()}")
    try:
        with database.session() as session:
            return len(LeadRepository(session).everything()), SubscriberRepository(session).groups_of(who)
    finally:
        database.close()


def _start_parameter(url: str | None) -> str:
    assert url is not None and url.startswith(f"https://t.me/{BOT}?start="), url
    return parse_qs(urlparse(url).query)["start"][0]


async def test_a_press_in_a_class_group_keeps_nothing_and_goes_on_in_private(
    emulator: BotApiEmulator, bot_token: str, maatje: Maatje, tmp_path: Path
) -> None:
    emulator.bot(bot_token, username=BOT, privacy_mode=False)
    core = dataclasses.replace(maatje, bot_username=BOT)
    app = build_application(bot_token, build_conversations(Settings(data_dir=tmp_path), core=core),
                            base_url=emulator.url)
    pupil = emulator.user(bot_token, 611, "Amal", language_code="nl")
    group = emulator.group(bot_token, title="OKAN 3A", members=[pupil])
    minute = f"{int(time.time() // 60):x}"
    async with polling(app):
        await emulator.send_text(bot_token, pupil, f"@{BOT} ik wil meedoen met voetbal", chat=group)
        [asked] = await emulator.wait_for_bot_messages(bot_token, group.id)
        # Buttons an older Maatje left in the group (Telegram keeps old keyboards):
        await emulator.press_button(bot_token, pupil, asked, "int:ok:sport", check=False)
        [lead_press] = await emulator.wait_for_bot_messages(bot_token, group.id)
        await emulator.press_button(bot_token, pupil, asked, f"int:age:13+:sport:{minute}", check=False)
        [age_press] = await emulator.wait_for_bot_messages(bot_token, group.id)
        await emulator.press_button(bot_token, pupil, asked, "sub:on:okan3a", check=False)
        [subscribe_press] = await emulator.wait_for_bot_messages(bot_token, group.id)
        in_group = _stored(tmp_path, f"tg:{pupil.id}")

        parameter = _start_parameter(lead_press.inline_keyboard[0][0].url)
        await emulator.send_command(bot_token, pupil, f"/start {parameter}")
        [again] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.press_button(bot_token, pupil, again, label="▶️ Verder")
        [age] = await emulator.wait_for_bot_messages(bot_token, pupil.id)
        await emulator.press_button(bot_token, pupil, age, label=age.buttons[1])
        [saved] = await emulator.wait_for_bot_messages(bot_token, pupil.id)

    for reply in (asked, lead_press, age_press, subscribe_press):
        assert "privé" in (reply.text or ""), reply.text
        assert "Hoe oud" not in (reply.text or "") and "Mag een jeugdwerker" not in (reply.text or "")
        [[button]] = reply.inline_keyboard
        assert button.text == "🔒 Praat privé met Maatje" and button.callback_data is None
    assert _start_parameter(asked.inline_keyboard[0][0].url) == "meedoen"
    assert in_group == (0, []), "nothing is kept from a press in the group"
    assert "Alleen jij ziet dit" in (again.text or "")
    assert "Hoe oud ben je?" in (age.text or ""), "the personal question, asked in private"
    assert "Bewaard" in (saved.text or "")
    assert _stored(tmp_path, f"tg:{pupil.id}")[0] == 1
