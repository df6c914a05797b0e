"""Issue 18 end to end, through the Bot API emulator: an out-of-scope question gets a
pointer to a person; a youth worker sees who said "🙋 Ik kom", in /activiteit and from
the command line, and the pupil was told so when pressing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.cli import main
from bot.core.dialogue import Maatje
from storage.activities import ActivityRepository
from tests.emulator import BotApiEmulator
from tests.features import brussels_now
from tests.staffworld import World, become_staff, running_world
from tests.test_activity_e2e import TITLE, add_activity, card_with

pytestmark = pytest.mark.e2e


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, staff_core) as running:
        yield running


async def test_homework_question_points_to_the_homework_class_and_a_person(world: World) -> None:
    answer = await world.said(world.mina, "kan je mij helpen met mijn huiswerk?")
    assert "huiswerkklas" in (answer.text or "")
    assert "Daar weet ik niets over" not in (answer.text or "")
    contact = await world.press(world.mina, answer, label="💬 Praat met een jeugdwerker")
    assert "Sara" in (contact.text or "") or "☎️" in (contact.text or ""), "who to call"


async def test_the_youth_worker_sees_the_first_names_of_who_comes(
    world: World, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await become_staff(world)
    weekday = await add_activity(world)
    await world.emu.send_text(world.token, world.ali, f"is er iets op {weekday}")
    card = await card_with(world, world.ali.id, TITLE)
    come = next(label for label in card.buttons if label.startswith("🙋 Ik kom"))
    age = await world.press(world.ali, card, label=come)
    coming = await world.press(world.ali, age, label="🧑 13 of ouder")
    assert "Je jeugdwerker ziet je voornaam" in (coming.text or "")

    listed = await world.command(world.sara, "/activiteit")
    chosen = next(label for label in listed.buttons if TITLE in label)
    details = await world.press(world.sara, listed, label=chosen)
    assert "🙋 Ik kom (1): Ali" in (details.text or "")

    with world.database.session() as session:
        [activity] = [a for a in ActivityRepository(session).live(brussels_now())
                      if a.title == TITLE]
    capsys.readouterr()
    assert main(["activities", "attendees", activity.activity_id, "--db", sqlite_url]) == 0
    assert capsys.readouterr().out == "Ali\n"
    assert main(["activities", "attendees", activity.activity_id, "--csv",
                 "--db", sqlite_url]) == 0
    assert capsys.readouterr().out.splitlines() == ["first_name,language", "Ali,ar"]


async def test_the_camp_answer_fits_one_screen_and_more_shows_the_rest(world: World) -> None:
    """A pupil asks about the camp: the first message says when, where and the price with
    at most four buttons; "➕ Meer" shows what camp is like. Once she says she is a parent,
    the answer speaks of "uw kind" and "➕ Meer" adds the parents' questions."""
    first = await world.said(world.mina, "wanneer is het kamp?")
    text = first.text or ""
    assert text.startswith("🏕️ In de zomer gaan we samen op kamp"), text
    assert len(text.split()) <= 60 and "composttoilet" not in text
    assert len(first.buttons) <= 4 and first.buttons[-1] == "➕ Meer"
    rest = await world.press(world.mina, first, label="➕ Meer")
    assert "composttoilet" in (rest.text or "")
    assert "Wat eet mijn kind op kamp?" not in rest.buttons, "a pupil is not asked them"
    settings = await world.command(world.mina, "instellingen")
    asked = await world.press(world.mina, settings, data="set:role")
    await world.press(world.mina, asked, data="role:parent")
    first = await world.said(world.mina, "wanneer is het kamp?")
    assert (first.text or "").startswith("🏕️ In de zomer gaat uw kind met ons op kamp")
    rest = await world.press(world.mina, first, label="➕ Meer")
    assert "Wat eet mijn kind op kamp?" in rest.buttons
    answer = await world.press(world.mina, rest, label="Wat eet mijn kind op kamp?")
    assert "Halal" in (answer.text or "")
