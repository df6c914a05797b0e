""""Ouder" no longer skips the age question (issue 15, item 2): a parent's interest or
question is about a child, so Maatje asks the child's first name and age band; the parent's
consent covers it, a child under 13 too, and staff see whose parent it is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.db import Database
from storage.leads import LeadRepository
from storage.models import User
from tests.staffdesk import Desk, payloads, staffed, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA, FATIMA = "tg:501", "tg:903"
STAFF_GROUP = "tg:-1001"


@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = staffed(staff_core, database, NOW, SARA, STAFF_GROUP)
    desk.new_user = UserState(onboarded=True, role="parent")
    yield desk
    database.close()


def _child_question(desk: Desk) -> str:
    desk.say(FATIMA, "ik wil meedoen", first_name="Fatima")
    desk.press(FATIMA, "int:t:sport")
    return texts(desk.press(FATIMA, "int:ok:sport"))


def _staff(desk: Desk) -> list[str]:  # the desk presses as "Ali"
    return [row.text for row in desk.outbox() if row.chat_key == STAFF_GROUP]


def test_a_parent_names_the_child_and_its_age_and_staff_see_whose_parent(desk: Desk) -> None:
    assert "Over welk kind gaat het" in _child_question(desk)
    with desk.database.session() as session:
        assert not LeadRepository(session).everything(), "nothing kept before the child's age"
    age = desk.say(FATIMA, "Amal", first_name="Fatima")
    assert "Hoe oud is Amal" in texts(age)
    over = next(p for p in payloads(age) if ":13+:" in p)
    assert "Bewaard" in texts(desk.press(FATIMA, over))
    assert any("Ali, ouder van Amal (13+)" in text for text in _staff(desk))
    with desk.database.session() as session:
        row = session.scalar(select(User).where(User.channel_key == FATIMA))
        assert row is not None and (row.child_name, row.child_band, row.age_band) == (
            "Amal", "13+", None)
    desk.say(FATIMA, "ik wil meedoen", first_name="Fatima")
    desk.press(FATIMA, "int:t:camp")
    assert "Bewaard" in texts(desk.press(FATIMA, "int:ok:camp")), "asked once"


def test_a_parent_may_sign_up_a_child_under_13(desk: Desk) -> None:
    _child_question(desk)
    age = desk.say(FATIMA, "Yusuf", first_name="Fatima")
    young = next(p for p in payloads(age) if ":u13:" in p)
    saved = texts(desk.press(FATIMA, young))
    assert "Bewaard" in saved and "jonger dan 13" not in saved.lower()
    assert any("Ali, ouder van Yusuf (jonger dan 13)" in text for text in _staff(desk))
    assert "Deze knop werkt niet" in texts(desk.press(FATIMA, young)), "answered once"


def test_a_parent_can_type_the_childs_age(desk: Desk) -> None:
    _child_question(desk)
    desk.say(FATIMA, "Amal", first_name="Fatima")
    assert "Bewaard" in texts(desk.say(FATIMA, "13 of ouder", first_name="Fatima"))


def test_staff_see_whose_parent_asks_a_question_too(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, role="parent", child_name="Amal", child_band="u13")
    desk.press(FATIMA, "ho:yes")
    assert "doorgestuurd" in texts(desk.say(FATIMA, "Mag Amal alleen naar huis fietsen?",
                                            first_name="Fatima")).lower()
    [notice] = [text for text in _staff(desk) if "fietsen" in text]
    assert "Fatima, ouder van Amal (jonger dan 13)" in notice
