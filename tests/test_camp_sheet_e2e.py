"""The camp sheet end to end: the real bot against the emulator.

A parent's digital form is in → Sara (staff) opens /kamp and presses 🖨️ Kampblad → she gets
a PDF in her own chat that lists the planted allergy, and the print is audited → Ali (a
pupil) pressing the same button or typing /kampblad gets no file.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime

import pytest
import pytest_asyncio
from pypdf import PdfReader
from sqlalchemy import select

from bot.core.dialogue import Maatje
from bot.features import registry
from content.loader import load_content
from storage.camp import CampRepository
from storage.forms import FormRepository, forms_cipher, new_key
from storage.models import AuditEntry
from tests.emulator import BotApiEmulator, BotMessage
from tests.features import brussels_now
from tests.staffworld import CommandsOnly, World, become_staff, running_world
from tests.test_camp_parent import lead

pytestmark = pytest.mark.e2e
CIPHER = forms_cipher(new_key())
PLANTED = "Kamperfoelieallergie"


@pytest.fixture(scope="module")
def core() -> Maatje:
    return Maatje(load_content(), CommandsOnly(), threshold=0.45, features=registry(),
                  bot_username="MaatjeTestBot")


@pytest_asyncio.fixture
async def world(emulator: BotApiEmulator, bot_token: str, sqlite_url: str,
                core: Maatje) -> AsyncIterator[World]:
    async with running_world(emulator, bot_token, sqlite_url, core, forms=CIPHER) as running:
        yield running


def form_in(world: World, camp_end: datetime) -> None:
    """Ali on the camp list, his parent's digital form sent (as camp_form.confirm leaves it)."""
    now = brussels_now()
    with world.database.session() as session:
        camp = CampRepository(session)
        registration = camp.register(lead(1, f"tg:{world.ali.id}", "Ali"), now)
        assert registration is not None
        forms = FormRepository(session, CIPHER)
        form = forms.begin(registration.id, "tg:951", "Fatima", registration.user_key, now,
                           camp_end)
        assert form is not None
        answers = {"allergy": PLANTED, "medication": "\x00none", "diet": "halal",
                   "emergency": "Fatima 0470 12 34 56", "doctor": "Dokter Peeters"}
        forms.save(replace(form, answers=answers, step=None, done_at=now), now, camp_end)
        camp.digital_form(registration.id, sent=True)


async def document_after(world: World, chat_id: int) -> BotMessage:
    """The next message of this chat with a file (others before it are skipped)."""
    while (message := await world.next(chat_id)).message.document is None:
        pass
    return message


async def test_staff_get_the_camp_sheet_and_a_pupil_does_not(world: World, core: Maatje) -> None:
    await become_staff(world)
    assert core.content.camp is not None
    form_in(world, core.content.camp.end)
    header = await world.command(world.sara, "/kamp")
    assert "Kamplijst" in (header.text or "")
    sheet = await world.press(world.sara, header, label=next(
        b for b in header.buttons if "Kampblad" in b))
    if sheet.message.document is None:
        sheet = await document_after(world, world.sara.id)
    document = sheet.message.document
    assert document is not None and document.mime_type == "application/pdf"
    assert "Kampblad: Zomerkamp" in (sheet.message.caption or "")
    data = world.emu.file(world.token, document.file_id).data
    text = " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    assert PLANTED in text and "Fatima 0470 12 34 56" in text
    refused = await world.command(world.ali, "/kampblad")
    assert refused.message.document is None and "jeugdwerker" in (refused.text or "")
    pressed = await world.press(world.ali, refused, data="blad:pdf")
    assert pressed.message.document is None and PLANTED not in (pressed.text or "")
    with world.database.session() as session:
        actors = session.scalars(select(AuditEntry.actor_key).where(
            AuditEntry.action == "camp.sheet")).all()
    assert actors == ["tg:501"], "one print, by Sara, one pupil on it"
