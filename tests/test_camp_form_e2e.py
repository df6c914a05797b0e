"""Issue 20's digital medical form end to end: the real bot against the emulator.

Ali (13+) is on the camp list; his mother Fatima (Arabic) is linked and gives the camp
permission → she fills in the medical form with buttons and typed answers (an allergy to
peanuts typed in Arabic, a tetanus year, "weet ik niet" typed and pressed) and confirms →
staff see the form as digital on ``/kamp`` and read it (audited) → once they tick the
payment the registration is complete on ``/kamp``, and the 🖨️ Kampblad they press is a PDF
that lists the allergy as she typed it, in Arabic → neither Ali nor a
stranger reads it through any command or any staff button's payload → the allergy is in
no byte of the SQLite file (nor its -wal and -shm) → Fatima's ``/vergeet`` erases it.

The sign-up itself (a typed camp wish, through the model) is issue 19's e2e test: here
Ali is put on the list directly, so no model is loaded and every typed text is read by
the form, the button answers and ``questions.yaml`` alone.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from pypdf import PdfReader
from sqlalchemy import select
from telegram import User

from bot.core.campports import FORM_DIGITAL
from bot.core.dialogue import Maatje
from bot.core.leadports import Lead
from bot.core.state import UserState
from bot.features import registry
from content.loader import load_content
from storage.camp import CampRepository
from storage.forms import forms_cipher, new_key
from storage.models import AuditEntry, MedicalFormRow
from tests.emulator import BotApiEmulator, BotMessage
from tests.features import Fixed, brussels_now
from tests.staffworld import World, become_staff, label, running_world

pytestmark = pytest.mark.e2e
LINK = "https://t.me/MaatjeTestBot?start=ouder-"
#: "Allergic to peanuts": the word looked for in the answers, the staff view and the file.
PEANUTS = "الفول السوداني"
ALLERGY = f"حساسية من {PEANUTS} (pinda's)"


@pytest.fixture(scope="module")
def form_core() -> Maatje:
    """No model: whatever is typed finds no topic, so only the form can take it."""
    return Maatje(load_content(), Fixed("out_of_scope", score=0.1), threshold=0.45,
                  features=registry(), bot_username="MaatjeTestBot")


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                form_core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, form_core,
                             new_user=UserState(onboarded=True, age_band="13+"),
                             forms=forms_cipher(new_key())) as running:
        yield running


def text(message: BotMessage) -> str:
    return message.text or ""


def on_the_list(world: World) -> None:
    """Ali on the camp list as staff's "🏕️ Op de kamplijst" puts him there."""
    lead = Lead(1, f"tg:{world.ali.id}", f"tg:{world.ali.id}", "Ali", "camp", "ar", "open",
                brussels_now())
    with world.database.session() as session:
        assert CampRepository(session).register(lead, brussels_now()) is not None


async def linked_mother(world: World) -> tuple[User, BotMessage]:
    """Staff make the link, Fatima opens it, Ali confirms, she gives the permission: the
    thanks, with its "📝 Medische fiche invullen" button."""
    await world.command(world.sara, "/kamp")
    card = await world.next(world.sara.id)
    shown = await world.press(world.sara, card, label="👪 Link voor ouder")
    token = text(shown).split(LINK, 1)[1].split()[0]
    await world.next(world.sara.id)  # the QR code
    fatima = world.emu.user(world.token, 951, "Fatima", language_code="ar")
    picker = await world.command(fatima, "/start", f"ouder-{token}")
    await world.press(fatima, picker, data="lang:ar")
    question = await world.until(world.ali.id, "De naam is Fatima")
    await world.press(world.ali, question, label=question.buttons[0])
    request = await world.until(fatima.id, "Mag Ali mee op kamp")
    given = await world.press(fatima, request, label=request.buttons[0])
    assert "Je toestemming voor Ali is bewaard" in text(given)
    return fatima, given


async def fill_in(world: World, fatima: User, given: BotMessage) -> list[BotMessage]:
    """Every step Fatima takes, each answered by one message (the summary: two)."""
    consent = await world.press(fatima, given, label=label(given, "📝 Medische fiche invullen"))
    assert "🔒" in text(consent) and "30 dagen na het kamp" in text(consent)
    asked = await world.press(fatima, consent, label=label(consent, "✅ Ja, ik vul ze hier in"))
    seen = [consent, asked]
    for answer in (ALLERGY, "❌ Nee, niets", "حلال", "لا أعرف", "✅ Ja", "2019",
                   "Dokter Peeters 02 123 45 67", "Fatima 0470 12 34 56", "نعم",
                   "🤷 Weet ik niet"):
        if answer.startswith(("❌", "✅", "🤷")):
            asked = await world.press(fatima, asked, label=label(asked, answer))
        else:
            asked = await world.said(fatima, answer)
        seen.append(asked)
    check = await world.next(fatima.id)  # the summary's question, after the answers
    done = await world.press(fatima, check, label=label(check, "✅ Klopt, stuur maar"))
    return [*seen, check, done]


async def complete_and_printed(world: World, card: BotMessage) -> str:
    """Sara ticks the payment on the card: ``/kamp`` counts Ali in order; she presses
    🖨️ Kampblad. The sheet's text as a reader copying it gets it (NFKC)."""
    ticked = await world.press(world.sara, card, label=label(card, "✅ Betaald"))
    assert "✅ Medische fiche" in text(ticked) and "✅ Betaald" in text(ticked)
    header = await world.command(world.sara, "/kamp")
    assert "1 leerlingen, 1 in orde" in text(header), "the registration is complete"
    sheet = await world.press(world.sara, header, label=label(header, "🖨️ Kampblad"))
    while sheet.message.document is None:  # a text before the file, if any
        sheet = await world.next(world.sara.id)
    document = sheet.message.document
    assert document.mime_type == "application/pdf"
    data = world.emu.file(world.token, document.file_id).data
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pages)).split())


async def probes(world: World, who: User) -> dict[str, str]:
    """Every way into a form that is not this person's: the commands, and the staff's and
    the parent's buttons pressed with forged payloads under one of the bot's messages.
    What each one answered (``/fiche`` and ``/mijngegevens`` send a file after the text)."""
    emu, token = world.emu, world.token
    answers: dict[str, str] = {}
    for command, count in (("/fiche", 2), ("/kamp", 1), ("/mijngegevens", 2)):
        await emu.send_command(token, who, command)
        answers[command] = text((await emu.wait_for_bot_messages(token, who.id, count))[0])
    under = emu.bot_messages(token, who.id)[-1]
    for data in ("kamp:1:fiche", "kamp:1:medical", "mf:1:start", "mf:1:ok", "mf:1:edit",
                 "mf:1:sure", "mf:1:allergy:change"):
        answers[data] = text(await world.press(who, under, data=data))
    return answers


def every_byte_of(world: World, who: User) -> str:
    """What the person has been sent: every text and every file (the export's JSON)."""
    files = world.emu.state(world.token).files
    shown = []
    for message in world.emu.bot_messages(world.token, who.id):
        shown.append(text(message))
        document = message.message.document
        if document is not None:
            shown.append(files[document.file_id].data.decode("utf-8", "replace"))
    return "\n".join(shown)


async def test_an_arabic_mother_fills_in_the_form_and_only_staff_read_it(
    world: World, sqlite_url: str,
) -> None:
    await become_staff(world)
    await world.said(world.ali, "hallo")
    on_the_list(world)
    fatima, given = await linked_mother(world)

    steps = await fill_in(world, fatima, given)
    summary = steps[-3]
    assert f"⚠️ Allergie: {ALLERGY}" in text(summary), "typed in Arabic, kept as typed"
    assert "💊 Medicijnen: ❌ Nee, niets" in text(summary) and "🍽️ Eten: حلال" in text(summary)
    assert "🩺 Gezondheid: 🤷 Weet ik niet" in text(summary), "typed in Arabic"
    assert "💉 Prik tetanus: 2019" in text(summary) and "🚑 Naar de dokter: ✅ Ja" in text(summary)
    assert "💊 Pijnpil: 🤷 Weet ik niet" in text(summary), "pressed"
    assert "De medische fiche van Ali is binnen" in text(steps[-1])
    pressed_or_typed = len(steps) - 1  # the summary's answers are no step of hers
    assert pressed_or_typed == 13, "open, consent, ten questions, confirm"
    await world.until(world.staff_group.id, "#K1: Fatima vulde in Maatje de medische fiche van Ali in")

    header = await world.command(world.sara, "/kamp")
    assert "0 in orde" in text(header), "paying is still to be ticked"
    card = await world.next(world.sara.id)
    assert "✅ Medische fiche" in text(card) and "digitaal" in text(card)
    read = await world.press(world.sara, card, label="🩺 Fiche lezen")
    assert "Medische fiche #K1 · Ali · ingevuld door Fatima" in text(read)
    assert PEANUTS in text(read) and "💉 Prik tetanus: 2019" in text(read)
    with world.database.session() as session:
        assert session.scalars(select(AuditEntry.action)).all().count("form.read") == 1

    sheet = await complete_and_printed(world, card)
    # Each Arabic word as typed (a PDF keeps right-to-left words in the order they are seen).
    assert all(word in sheet for word in unicodedata.normalize("NFKC", ALLERGY).split()[:4])
    assert "pinda's" in sheet and "Fatima 0470 12 34 56" in sheet and "2019" in sheet
    with world.database.session() as session:
        assert session.scalars(select(AuditEntry.action)).all().count("camp.sheet") == 1

    omar = world.emu.user(world.token, 952, "Omar", language_code="fa")
    for who in (world.ali, omar):
        tried = await probes(world, who)
        assert "op papier" in tried["/fiche"] and "⛔" in tried["/kamp"]
        pressed = [answer for data, answer in tried.items() if not data.startswith("/")]
        assert all("Deze knop werkt niet" in answer for answer in pressed), pressed
        assert PEANUTS not in every_byte_of(world, who) and "pinda" not in every_byte_of(world, who)
    with world.database.session() as session:
        assert session.scalars(select(AuditEntry.action)).all().count("form.read") == 1
        still = CampRepository(session).get(1)
        assert still is not None and still.medical_kind == FORM_DIGITAL, "nothing was ticked"
        assert still.missing == (), "nor unticked"

    path = Path(sqlite_url.removeprefix("sqlite:///"))
    stored = b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*"))
    assert b"Fatima" in stored, "the search works: her name is kept in clear"
    assert PEANUTS.encode() not in stored and b"pinda" not in stored
    assert b"Peeters" not in stored, "nor the doctor, typed as text"

    confirm = await world.command(fatima, "/vergeet")
    await world.press(fatima, confirm, label=confirm.buttons[0])
    await world.until(world.staff_group.id, "#K1: de digitale medische fiche is gewist")
    with world.database.session() as session:
        assert session.scalars(select(MedicalFormRow)).all() == []
        registration = CampRepository(session).get(1)
        assert registration is not None and "medical" in registration.missing
