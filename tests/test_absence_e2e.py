"""Issue 18's absence end to end, through the Bot API emulator and the real understanding.

A youth worker makes an activity; Amira presses "🙋 Ik kom", then writes in French (or
Arabic) that she is ill and cannot come → a kind reply, her "Ik kom" withdrawn, the youth worker who
made the activity told, the card in ``/activiteit`` showing her as absent, and the reason
("malade", "مريضة") in no row of the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.cli import main
from bot.core.dialogue import Maatje
from storage.activities import ActivityRepository, AttendanceRepository
from tests.emulator import BotApiEmulator
from tests.features import brussels_now
from tests.staffworld import World, become_staff, label, running_world
from tests.test_absence import everything_in
from tests.test_activity_e2e import TITLE, add_activity, card_with

pytestmark = pytest.mark.e2e
#: The Dutch weekday of the staff date buttons, as a French or Arabic pupil writes it.
WEEKDAYS = {
    "fr": {"maandag": "lundi", "dinsdag": "mardi", "woensdag": "mercredi",
           "donderdag": "jeudi", "vrijdag": "vendredi", "zaterdag": "samedi",
           "zondag": "dimanche"},
    "ar": {"maandag": "الاثنين", "dinsdag": "الثلاثاء", "woensdag": "الأربعاء",
           "donderdag": "الخميس", "vrijdag": "الجمعة", "zaterdag": "السبت", "zondag": "الأحد"},
}
#: Per language: "I cannot come <day>, I am ill", its reason word, the kind reply's start.
ILL = {
    "fr": ("je ne peux pas venir {day}, je suis malade", "malade", "Merci de nous prévenir"),
    "ar": ("لا أستطيع أن آتي يوم {day}، أنا مريضة", "مريضة", "شكرًا لأنك أخبرتنا"),
}


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, staff_core) as running:
        yield running


def activity_id(world: World) -> str:
    with world.database.session() as session:
        [activity] = [a for a in ActivityRepository(session).live(brussels_now())
                      if a.title == TITLE]
        return activity.activity_id


@pytest.mark.parametrize("language", ["fr", "ar"])
async def test_ik_kom_then_ill_withdraws_it_tells_its_maker_and_keeps_no_reason(
    world: World, sqlite_url: str, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    message, reason, thanks = ILL[language]
    await become_staff(world)
    weekday = await add_activity(world)
    amira = world.emu.user(world.token, 911, "Amira", language_code=language)
    await world.emu.send_text(world.token, amira, f"is er iets op {weekday}")
    card = await card_with(world, amira.id, TITLE)
    come = next(b for b in card.buttons if b.startswith("🙋 Ik kom"))
    age = await world.press(amira, card, label=come)
    coming = await world.press(amira, age, label=label(age, "🧑 13 of ouder"))
    assert "Fijn, je komt naar Pizza bakken" in (coming.text or "")
    with world.database.session() as session:
        assert AttendanceRepository(session).comes(activity_id(world), f"tg:{amira.id}")

    await world.emu.send_text(world.token, amira,
                              message.format(day=WEEKDAYS[language][weekday]))
    reply = await world.until(amira.id, "Bedankt dat je het laat weten")
    assert TITLE in (reply.text or "") and "niet waarom" in (reply.text or "")
    assert thanks in (reply.text or ""), "under the Dutch, her own language"

    notice = await world.until(world.sara.id, "Amira is afwezig bij Pizza bakken")
    assert reason not in (notice.text or "")
    listed = await world.command(world.sara, "/activiteit")
    chosen = next(b for b in listed.buttons if TITLE in b)
    details = await world.press(world.sara, listed, label=chosen)
    assert "🙋 Nog niemand zei «Ik kom»" in (details.text or ""), "her Ik kom is withdrawn"
    assert "🚫 Afwezig (1): Amira" in (details.text or "")

    with world.database.session() as session:
        assert not AttendanceRepository(session).comes(activity_id(world), f"tg:{amira.id}")
    assert reason not in everything_in(world.database), "the reason is never kept"
    capsys.readouterr()
    assert main(["activities", "attendees", activity_id(world), "--absent",
                 "--db", sqlite_url]) == 0
    assert capsys.readouterr().out == "Amira\n"
