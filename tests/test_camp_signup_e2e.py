"""Issue 19's camp sign-up end to end: the real bot against the emulator, then the CLI.

A pupil writes his camp wish in Arabic → consent and age → he is on the camp list → staff
make the parent link → his mother (Arabic) opens it and he confirms → she gives permission
→ staff see it on ``/kamp`` and ``maatje camp list --csv`` shows it. A parent signs up a
child of 11 the same way, from the same typed wish, and gives permission for her.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import User

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from tests.emulator import BotApiEmulator, BotMessage
from tests.staffworld import World, become_staff, label, running_world
from tests.test_camp_list import listed
from tests.test_camp_parent_e2e import LINK, parent_core

pytestmark = pytest.mark.e2e
__all__ = ["parent_core"]  # the session fixture, shared with the parent-link e2e test
WISH = "أريد أن أذهب إلى المخيم"  # "I want to go to the camp"


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                parent_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, parent_core,
                             new_user=UserState()) as running:
        yield running


def text(message: BotMessage) -> str:
    return message.text or ""


async def start_as(world: World, who: User, language: str, role: str) -> None:
    picker = await world.command(who, "/start")
    picked = await world.press(who, picker, data=f"lang:{language}")
    await world.press(who, picked, data=f"role:{role}")


async def test_an_arabic_camp_wish_ends_with_the_parents_permission_on_the_list(
    world: World, sqlite_url: str, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    emu, token, ali = world.emu, world.token, world.ali
    await become_staff(world)
    await start_as(world, ali, "ar", "pupil")

    consent = await world.said(ali, WISH)
    assert "🏕️ Kamp" in text(consent) and "🏕️ المخيم" in text(consent), "the camp itself"
    age = await world.press(ali, consent, label=consent.buttons[0])
    await world.press(ali, age, label=label(age, "🧑 13 of ouder"))  # "✅ Bewaard: 🏕️ Kamp"
    await world.until(ali.id, "Je staat nu op de kamplijst")
    listed_notice = await world.until(world.staff_group.id, "#K1: Ali staat op de kamplijst")
    assert "ingeschreven in Maatje" in text(listed_notice)

    await world.command(world.sara, "/kamp")
    card = await world.next(world.sara.id)
    shown = await world.press(world.sara, card, label="👪 Link voor ouder")
    link_token = text(shown).split(LINK, 1)[1].split()[0]
    await world.next(world.sara.id)  # the QR code

    fatima = emu.user(token, 951, "Fatima", language_code="ar")
    picker = await world.command(fatima, "/start", f"ouder-{link_token}")
    await world.next(fatima.id)  # "Je kind zegt eerst …"
    await world.press(fatima, picker, data="lang:ar")
    question = await world.next(ali.id)
    assert "De naam is Fatima" in text(question)
    await world.press(ali, question, label=question.buttons[0])
    await world.until(world.staff_group.id, "Ali zegt dat Fatima de ouder is")
    status = await world.next(fatima.id)
    assert "Ali staat op de lijst voor het kamp" in (status.message.caption or "")
    request = await world.next(fatima.id)
    assert "Mag Ali mee op kamp" in text(request) and "هل توافقون" in text(request)
    given = await world.press(fatima, request, label=request.buttons[0])
    assert "Je toestemming voor Ali is bewaard" in text(given)
    await world.until(world.staff_group.id, "Fatima geeft in Maatje toestemming")

    await world.command(world.sara, "/kamp")
    seen = await world.next(world.sara.id)
    assert "✍️ Toestemming: Fatima in Maatje" in text(seen)
    [row] = listed(capsysbinary, sqlite_url)
    assert (row["Nummer"], row["Voornaam"], row["Taal"]) == ("#K1", "Ali", "Arabisch")
    assert (row["Toestemming"], row["Toestemming door"]) == ("ouder in Maatje", "Fatima")
    assert row["Ouder gelinkt"] == "ja"


async def test_a_parent_signs_up_her_child_of_11_from_a_typed_wish(
    world: World, sqlite_url: str, capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    emu, token = world.emu, world.token
    await become_staff(world)
    noor = emu.user(token, 961, "Noor", language_code="ar")
    await start_as(world, noor, "ar", "parent")

    consent = await world.said(noor, WISH)
    child = await world.press(noor, consent, label=consent.buttons[0])
    assert "Over welk kind gaat het" in text(child)
    age = await world.said(noor, "Yusuf")
    assert "Hoe oud is Yusuf" in text(age)
    young = label(age, "🧒 Jonger dan 13")
    saved = await world.press(noor, age, label=young)
    if "Yusuf staat nu op de kamplijst" not in text(saved):
        saved = await world.until(noor.id, "Yusuf staat nu op de kamplijst")
    request = (saved if "Mag Yusuf mee op kamp" in text(saved)
               else await world.until(noor.id, "Mag Yusuf mee op kamp"))
    assert "Mag Yusuf mee op kamp" in text(request) and "هل توافقون" in text(request)
    await world.until(world.staff_group.id, "#K1: Yusuf staat op de kamplijst (ingeschreven door de ouder")
    given = await world.said(noor, "نعم")
    assert "Je toestemming voor Yusuf is bewaard" in text(given), "typed, as the button"

    await world.command(world.sara, "/kamp")
    seen = await world.next(world.sara.id)
    assert "#K1 · Yusuf" in text(seen) and "✍️ Toestemming: Noor in Maatje" in text(seen)
    [row] = listed(capsysbinary, sqlite_url)
    assert (row["Voornaam"], row["Toestemming"], row["Toestemming door"]) == (
        "Yusuf", "ouder in Maatje", "Noor")
    assert row["Ouder gelinkt"] == "ja"

