"""Youth-worker tools end to end: the real bot (python-telegram-bot) against the emulator.

Invite → staff; interest → consent → lead → staff notice → claim → followed up;
hand-over with a relayed answer; and a pupil trying every staff command and button.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.dialogue import Maatje
from tests.emulator import BotApiEmulator
from tests.staffworld import World, become_staff, invite, running_world

pytestmark = pytest.mark.e2e
REFUSED = "Dit kan alleen een jeugdwerker doen"



@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                staff_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, staff_core) as running:
        yield running


async def test_invite_interest_lead_claim_reply_and_follow_up(world: World) -> None:
    await become_staff(world)
    used = await world.command(world.mina, "/start", f"staff-{invite(world, 'X')}x")
    assert "werkt niet" in (used.text or "")

    topics = await world.said(world.ali, "ik wil meedoen")
    consent = await world.press(world.ali, topics, data="int:t:sport")
    assert "Mag een jeugdwerker je een bericht sturen" in (consent.text or "")
    age = await world.press(world.ali, consent, label=consent.buttons[0])
    assert "Hoe oud ben je" in (age.text or "")
    saved = await world.press(world.ali, age, label="🧑 13 of ouder")
    assert "Bewaard" in (saved.text or "")

    notice = await world.next(world.staff_group.id)
    assert "#L1" in (notice.text or "") and "Ali" in (notice.text or "")
    assert "Arabisch" in (notice.text or "")
    claimed = await world.press(world.sara, notice, label="✋ Ik neem dit op", chat=world.staff_group)
    assert "Sara neemt #L1 op" in (claimed.text or "")

    confirm = await world.said(world.sara, "Hoi Ali, kom zaterdag naar het jeugdhuis!",
                               chat=world.staff_group, reply_to=notice)
    assert "Doorgestuurd naar Ali" in (confirm.text or "")
    relayed = await world.next(world.ali.id)
    assert "Een jeugdwerker schrijft je" in (relayed.text or "")
    assert "kom zaterdag" in (relayed.text or "") and "Sara" not in (relayed.text or "")

    done = await world.press(world.sara, notice, label="✅ Opgevolgd", chat=world.staff_group)
    assert "#L1 is opgevolgd" in (done.text or "")
    empty = await world.command(world.sara, "/opvolging")
    assert "Geen open leads" in (empty.text or "")


async def test_hand_over_and_a_relayed_answer(world: World) -> None:
    await become_staff(world)
    who = await world.said(world.mina, "kan ik met iemand praten")
    assert "jeugdwerker OKAN Anderlecht" in (who.text or ""), "who to call comes first"
    offer = await world.next(world.mina.id)
    age = await world.press(world.mina, offer, data="ho:yes")
    prompt = await world.press(world.mina, age, label="🧑 13 of ouder")
    assert "Typ je vraag" in (prompt.text or "")
    sent = await world.said(world.mina, "Mag mijn broer ook mee naar de sporthal?")
    assert "doorgestuurd" in (sent.text or "")
    notice = await world.next(world.staff_group.id)
    assert "#V1" in (notice.text or "") and "Mag mijn broer" in (notice.text or "")
    await world.said(world.sara, "Ja hoor, hij is welkom.", chat=world.staff_group,
                     reply_to=notice)
    answer = await world.next(world.mina.id)
    assert "Ja hoor, hij is welkom." in (answer.text or "")
    assert "Sara" not in (answer.text or "")


async def test_a_pupil_is_refused_every_staff_command_and_button(world: World) -> None:
    await become_staff(world)
    topics = await world.said(world.ali, "ik wil meedoen")
    consent = await world.press(world.ali, topics, data="int:t:camp")
    age = await world.press(world.ali, consent, label=consent.buttons[0])
    await world.press(world.ali, age, label="🧑 13 of ouder")
    notice = await world.next(world.staff_group.id)
    await world.until(world.staff_group.id, "#K1: Ali staat op de kamplijst")  # both notices in
    for command in ("/staff", "/opvolging", "/export", "/vragen", "/staffchat", "/bericht",
                    "/statistiek"):
        reply = await world.command(world.mina, command)
        assert REFUSED in (reply.text or ""), command
    in_group = await world.command(world.mina, "/opvolging@MaatjeTestBot", chat=world.staff_group)
    assert REFUSED in (in_group.text or "")
    for data in ("lead:1:claim", "lead:1:done", "lead:1:reply", "q:1:done", "bc:1:send",
                 "bc:1:a:all"):
        reply = await world.press(world.mina, notice, data=data, chat=world.staff_group)
        assert "werkt niet" in (reply.text or ""), data
    sneaky = await world.said(world.mina, "ik antwoord zelf", chat=world.staff_group,
                              reply_to=notice)
    assert "Doorgestuurd" not in (sneaky.text or "")
    assert world.emu.delivered(world.token, world.ali.id) == 5, (
        "Ali got only his own answers (with 'Je staat nu op de kamplijst')")


async def test_a_phrase_with_a_time_reaches_the_pupil_in_dutch_and_arabic(world: World) -> None:
    """Sara answers Ali's lead with "Kom naar het jeugdhuis om …", picks 18.00 and says
    yes: Ali (Arabic) reads it in Dutch and in Arabic, without Sara's name."""
    await become_staff(world)
    topics = await world.said(world.ali, "ik wil meedoen")
    consent = await world.press(world.ali, topics, data="int:t:sport")
    age = await world.press(world.ali, consent, label=consent.buttons[0])
    await world.press(world.ali, age, label="🧑 13 of ouder")
    notice = await world.next(world.staff_group.id)
    assert "Arabisch" in (notice.text or "")

    phrases = await world.press(world.sara, notice, label="⚡ Snel antwoord", chat=world.staff_group)
    assert "Arabisch" in (phrases.text or "")
    hours = await world.press(world.sara, phrases, label="Kom naar het jeugdhuis om ….",
                              chat=world.staff_group)
    assert "Hoe laat?" in (hours.text or "")
    preview = await world.press(world.sara, hours, label="🕑 18.00", chat=world.staff_group)
    assert "Versturen?" in (preview.text or "")
    done = await world.press(world.sara, preview, label="✅ Ja, versturen", chat=world.staff_group)
    assert "Doorgestuurd naar Ali (#L1)" in (done.text or "")

    message = (await world.next(world.ali.id)).text or ""
    plain = message.replace("\u2068", "").replace("\u2069", "")
    assert "Kom naar het jeugdhuis om 18.00 uur" in plain
    assert "تعال إلى بيت الشباب الساعة 18:00" in plain
    assert "مرشد الشباب يكتب لك" in plain and "Sara" not in plain
