"""At the second miss, the question just typed is what a youth worker gets, once the person
says yes: nobody has to type it again. No deletes it; "Praat met een jeugdwerker" still
asks for a new question."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.payloads import HANDOVER_NO, HANDOVER_SEND
from storage.db import Database
from tests.features import Fixed
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)
QUESTION = "kan mijn oom mee naar de moskee van de buurt"


@pytest.fixture
def desk(staff_core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    unsure = replace(staff_core, understander=Fixed("camp_packing", score=0.1))
    desk = Desk(unsure, database, NOW)
    desk.make_staff("tg:501", "Sara")
    yield desk
    database.close()


def staff_notices(desk: Desk) -> str:
    return "\n".join(message.text for message in desk.outbox() if message.chat_key == "tg:501")


def test_yes_passes_on_the_question_typed_at_the_second_miss(desk: Desk) -> None:
    assert "Bedoel je" in texts(desk.say("tg:40", "eerste vraag die niemand snapt"))
    offer = desk.say("tg:40", QUESTION)
    assert HANDOVER_SEND in payloads(offer)
    sent = desk.press("tg:40", HANDOVER_SEND)
    assert "Typ je vraag" not in texts(sent)
    assert QUESTION in staff_notices(desk)
    assert "eerste vraag" not in staff_notices(desk), "only the question offered"


def test_no_deletes_the_question(desk: Desk) -> None:
    desk.say("tg:41", "eerste vraag die niemand snapt")
    desk.say("tg:41", QUESTION)
    desk.press("tg:41", HANDOVER_NO)
    with desk.database.session() as session:
        from storage.models import PendingInputRow
        assert session.get(PendingInputRow, "tg:41") is None
    assert QUESTION not in staff_notices(desk)
