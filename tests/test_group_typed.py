"""What a pupil types in a class group is never kept as her question (issue 15, item 3).

She pressed "Praat met een jeugdwerker" in her private chat, so Maatje waits for her
question; a message she then writes in the class group (the bot sees a reply or a mention)
is read by the whole group and is no answer: it is not passed on to staff nor kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.db import Database
from storage.models import QuestionRow
from tests.staffdesk import Desk, staffed, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA, ALI = "tg:501", "tg:901"
STAFF_GROUP, CLASS_GROUP = "tg:-1001", "tg:-2002"


@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = staffed(staff_core, database, NOW, SARA, STAFF_GROUP)
    desk.new_user = UserState(onboarded=True, age_band="13+")
    yield desk
    database.close()


def questions(desk: Desk) -> int:
    with desk.database.session() as session:
        return int(session.scalar(select(func.count()).select_from(QuestionRow)) or 0)


def test_a_message_in_the_class_group_is_not_taken_as_her_waited_question(desk: Desk) -> None:
    assert "Typ je vraag" in texts(desk.press(ALI, "ho:yes"))
    desk.say(ALI, "@MaatjeBot ik heb ruzie met Omar uit 2B", chat=CLASS_GROUP)
    assert questions(desk) == 0
    assert not any("Omar uit 2B" in row.text for row in desk.outbox())
    assert "doorgestuurd" in texts(desk.say(ALI, "Wanneer is de volgende activiteit?"))
    assert questions(desk) == 1, "her private answer is still taken"
