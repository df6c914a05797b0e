"""A parent linked to a camp registration, end to end: the real bot against the emulator.

Staff make the link → the pupil opening it herself is not linked → the parent opens it,
picks a language and waits, seeing nothing about her → the pupil confirms "this is my
parent" → the parent gets the camp status and the form → staff see who linked → the
reminder job sends the parent the form → staff tick it → no more reminders.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.features import registry
from bot.features.camp import remind_medical_form
from bot.scheduler import job_context
from content.loader import load_content
from intents.pipeline import Understander
from tests.e2e.processes import until
from tests.emulator import BotApiEmulator
from tests.features import brussels_now
from tests.staffworld import World, become_staff, running_world

pytestmark = pytest.mark.e2e
LINK = "https://t.me/MaatjeTestBot?start=ouder-"


@pytest.fixture(scope="session")
def parent_core(understander: Understander) -> Maatje:
    return Maatje(load_content(), understander, threshold=0.45, features=registry(),
                  bot_username="MaatjeTestBot")


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                parent_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, parent_core,
                             new_user=UserState()) as running:
        yield running


def remind(world: World, core: Maatje) -> int:
    """The leader's medical-form job, now, with the window opened up to today."""
    camp = core.content.camp
    assert camp is not None
    now = brussels_now()
    days_left = (camp.medical_form.deadline - now.date()).days
    if days_left < 0:
        pytest.skip("the sample camp's medical-form deadline has passed")
    with world.database.session() as session:
        return remind_medical_form(job_context(core.content, session, now),
                                   timedelta(days=days_left + 1))


async def test_staff_link_parent_status_reminder_and_tick(world: World, parent_core: Maatje) -> None:
    emu, token = world.emu, world.token
    await become_staff(world)
    picked = await world.press(world.ali, await world.command(world.ali, "/start"), data="lang:nl")
    await world.press(world.ali, picked, data="role:pupil")
    topics = await world.said(world.ali, "ik wil meedoen")
    consent = await world.press(world.ali, topics, data="int:t:camp")
    age = await world.press(world.ali, consent, label=consent.buttons[0])
    await world.press(world.ali, age, label="🧑 13 of ouder")
    signed = await world.next(world.ali.id)
    assert "Je staat nu op de kamplijst" in (signed.text or ""), "on the list at once"
    notice = await world.next(world.staff_group.id)
    listed = await world.next(world.staff_group.id)
    assert "#K1: Ali staat op de kamplijst" in (listed.text or "")
    on_list = await world.press(world.sara, notice, label="🏕️ Op de kamplijst",
                                chat=world.staff_group)
    assert "#K1" in (on_list.text or "")

    await world.command(world.sara, "/kamp")
    card = await world.next(world.sara.id)
    shown = await world.press(world.sara, card, label="👪 Link voor ouder")
    assert LINK in (shown.text or "")
    link_token = (shown.text or "").split(LINK, 1)[1].split()[0]
    qr = await world.next(world.sara.id)
    assert qr.message.photo, "the link as a QR code"

    own = await world.command(world.ali, "/start", f"ouder-{link_token}")
    assert "Dit is de link voor je ouder" in (own.text or ""), "the pupil is not her own parent"

    fatima = emu.user(token, 951, "Fatima", language_code="ar")
    picker = await world.command(fatima, "/start", f"ouder-{link_token}")
    assert "In welke taal" in (picker.text or "")
    waiting = await world.next(fatima.id)
    assert "Je kind zegt eerst" in (waiting.text or "") and "Ali" not in (waiting.text or "")
    menu = await world.press(fatima, picker, data="lang:ar")
    assert "Ali" not in (menu.text or "") and not menu.message.document
    assert emu.delivered(token, fatima.id) == 3, "nothing about Ali before he confirms"

    question = await world.next(world.ali.id)
    assert "De naam is Fatima" in (question.text or "")
    thanks = await world.press(world.ali, question, label=question.buttons[0])
    assert "Fatima krijgt nu het nieuws" in (thanks.text or "")
    told = await world.next(world.staff_group.id)
    assert "Ali zegt dat Fatima de ouder is" in (told.text or "")
    status = await world.next(fatima.id)
    assert "Ali staat op de lijst voor het kamp" in (status.message.caption or "")
    assert "الاستمارة الطبية" in (status.message.caption or "")
    document = status.message.document
    assert document is not None and document.file_name == "medische-fiche-ar.pdf", "beside Arabic"
    assert emu.file(token, document.file_id).data.startswith(b"%PDF")
    request = await world.next(fatima.id)
    assert "Mag Ali mee op kamp" in (request.text or "") and "هل توافقون" in (request.text or "")
    given = await world.press(fatima, request, label=request.buttons[0])
    assert "Je toestemming voor Ali is bewaard" in (given.text or "")
    told = await world.next(world.staff_group.id)
    assert "Fatima geeft in Maatje toestemming" in (told.text or "")

    await world.command(world.sara, "/kamp")
    seen = await world.next(world.sara.id)
    assert "👪 Fatima · Arabisch" in (seen.text or "") and "bevestigd" in (seen.text or "")
    assert "✍️ Toestemming: Fatima in Maatje" in (seen.text or "")

    omar = emu.user(token, 952, "Omar", language_code="fa")
    used = await world.command(omar, "/start", f"ouder-{link_token}")
    assert "Deze link werkt niet" in (used.text or "")
    assert "In welke taal" in ((await world.next(omar.id)).text or ""), "then a normal start"
    forged = await world.command(omar, "/start", "ouder-AAAAAAAAAAAAAAAAAAAAAAAA")
    assert "Deze link werkt niet" in (forged.text or "")

    assert remind(world, parent_core) == 2, "Ali and his mother"
    reminder = await world.next(fatima.id)
    assert reminder.method == "sendDocument"
    assert "medische fiche van Ali" in (reminder.message.caption or "")
    assert "تذكّر الاستمارة الطبية" in (reminder.message.caption or "")
    sent = reminder.message.document
    assert sent is not None and emu.file(token, sent.file_id).data.startswith(b"%PDF")
    await world.next(world.ali.id)

    ticked = await world.press(world.sara, card, label="✅ Medische fiche")
    assert "✅ Medische fiche" in (ticked.text or "")
    assert remind(world, parent_core) == 0
    delivered = emu.delivered(token, fatima.id)
    await asyncio.sleep(1.5)
    assert emu.delivered(token, fatima.id) == delivered, "no more reminders"


async def test_the_parents_vergeet_takes_back_the_messages_that_name_her(world: World) -> None:
    """Omar opens Ali's parent link; Ali is asked "De naam is Omar. Is dat je ouder?". Omar
    then says /vergeet: that question, which names him, is taken back from Ali's chat."""
    emu, token, ali = world.emu, world.token, world.ali
    await become_staff(world)
    picked = await world.press(ali, await world.command(ali, "/start"), data="lang:nl")
    await world.press(ali, picked, data="role:pupil")
    topics = await world.said(ali, "ik wil meedoen")
    consent = await world.press(ali, topics, data="int:t:camp")
    age = await world.press(ali, consent, label=consent.buttons[0])
    await world.press(ali, age, label="🧑 13 of ouder")
    await world.next(ali.id)
    await world.next(world.staff_group.id)
    await world.next(world.staff_group.id)
    await world.command(world.sara, "/kamp")
    card = await world.next(world.sara.id)
    shown = await world.press(world.sara, card, label="👪 Link voor ouder")
    link_token = (shown.text or "").split(LINK, 1)[1].split()[0]
    await world.next(world.sara.id)

    omar = emu.user(token, 952, "Omar", language_code="nl")
    await world.command(omar, "/start", f"ouder-{link_token}")  # the language picker
    assert "Je kind zegt eerst" in ((await world.next(omar.id)).text or ""), "he waits"
    question = await world.next(ali.id)
    assert "De naam is Omar" in (question.text or "")
    forget = await world.command(omar, "/vergeet")
    await world.press(omar, forget, label=forget.buttons[0])
    await until(lambda: next(m for m in emu.bot_messages(token, ali.id)
                             if "De naam is Omar" in (m.text or "")).deleted, 10,
                "the question naming Omar taken back")
