"""The youth-worker flows leave no names, texts or phone numbers in the logs either.

Interest → consent → lead → claim → a staff reply relayed; a question handed over and
answered; everything our own loggers write at DEBUG is searched for what people typed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from storage.db import Database
from tests.staffdesk import Desk, payloads

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA, PUPIL = "tg:501", "tg:931"
STAFF_GROUP = "tg:-1001"
PUPIL_NAME, STAFF_NAME = "Yasmina", "Saraswati"
QUESTION = "Mag mijn broertje Karimullah ook mee naar de sporthal op 0485 11 22 33?"
STAFF_REPLY = "Hoi, kom zaterdag naar de Vaartstraat en bel Jozefien"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = Desk(staff_core, database, NOW)
    yield desk
    database.close()


def test_staff_flows_log_no_personal_data(desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    for ours in ("bot", "storage", "intents", "content"):
        caplog.set_level(logging.DEBUG, logger=ours)
    desk.make_staff(SARA, STAFF_NAME)
    desk.say(SARA, "/staffchat", chat=STAFF_GROUP, first_name=STAFF_NAME)

    asked = desk.say(PUPIL, "ik wil meedoen met voetbal", first_name=PUPIL_NAME)
    if not any(p.startswith("int:ok:") for p in payloads(asked)):
        asked = desk.press(PUPIL, next(p for p in payloads(asked) if p.startswith("int:t:")))
    desk.press(PUPIL, next(p for p in payloads(asked) if p.startswith("int:ok:")))
    [notice] = desk.outbox()
    desk.press(SARA, "lead:1:claim", chat=STAFF_GROUP)
    desk.say(SARA, STAFF_REPLY, chat=STAFF_GROUP, first_name=STAFF_NAME, reply_to=notice.text)
    desk.say(SARA, "/opvolging", first_name=STAFF_NAME)

    desk.say(PUPIL, "kan ik met iemand praten", first_name=PUPIL_NAME)
    desk.press(PUPIL, "ho:yes")
    desk.say(PUPIL, QUESTION, first_name=PUPIL_NAME)
    question = next(item for item in desk.outbox() if "#V1" in item.text)
    desk.say(SARA, STAFF_REPLY, chat=STAFF_GROUP, first_name=STAFF_NAME, reply_to=question.text)
    desk.say(SARA, "/vragen", first_name=STAFF_NAME)

    logged = "\n".join(record.getMessage() for record in caplog.records).lower()
    assert logged, "the flows were logged"
    for secret in (PUPIL_NAME, STAFF_NAME, "Karimullah", "broertje", "Vaartstraat", "Jozefien",
                   "0485", "voetbal met", QUESTION, STAFF_REPLY):
        assert secret.lower() not in logged, f"{secret!r} leaked into the logs"
    assert "485112233" not in logged.replace(" ", "")
