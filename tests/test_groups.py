"""Groups: people see their groups in /instellingen and leave one; staff put the person of
a lead in a group (button or ``/groep``), and that person is told (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.broadcasts import SubscriberRepository
from storage.db import Database
from tests.staffdesk import Desk, payloads, staffed, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA = "tg:501"
ALI = "tg:901"
MINA = "tg:902"
STAFF_GROUP = "tg:-1001"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = staffed(staff_core, database, NOW, SARA, STAFF_GROUP)
    yield desk
    database.close()


def groups_of(desk: Desk, who: str) -> list[str]:
    with desk.database.session() as session:
        return SubscriberRepository(session).groups_of(who)


def open_lead(desk: Desk, who: str = ALI) -> None:
    desk.say(who, "ik wil meedoen")
    desk.press(who, "int:t:sport")
    assert "Bewaard" in texts(desk.press(who, "int:ok:sport"))


def test_my_groups_show_in_settings_and_i_can_leave_one(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="13+", language="uk")
    assert "Je groepen" not in texts(desk.say(ALI, "/instellingen"))
    desk.say(ALI, "/start groep-okan-anderlecht")
    desk.press(ALI, "sub:on:okan-anderlecht")
    desk.say(ALI, "/start groep-buddies")
    desk.press(ALI, "sub:on:buddies")
    settings = desk.say(ALI, "/instellingen")
    assert "Je groepen: buddies, okan-anderlecht" in texts(settings)
    assert "Твої групи" in texts(settings), "in my language too"
    assert "grp:leave:okan-anderlecht" in payloads(settings)
    label = next(b.label for r in settings.replies for b in r.buttons
                 if b.payload == "grp:leave:okan-anderlecht")
    assert label.startswith("🚪 Uit okan-anderlecht")
    left = desk.press(ALI, "grp:leave:okan-anderlecht")
    assert "niet meer in de groep okan-anderlecht" in texts(left)
    assert groups_of(desk, ALI) == ["buddies"]
    assert "grp:leave:okan-anderlecht" not in payloads(desk.say(ALI, "/instellingen"))


def test_leaving_a_group_in_arabic_keeps_its_name_one_unit(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="13+", language="ar")
    desk.say(ALI, "/start groep-okan-anderlecht")
    desk.press(ALI, "sub:on:okan-anderlecht")
    dutch, arabic = texts(desk.press(ALI, "grp:leave:okan-anderlecht")).split("\n\n")
    assert "groep okan-anderlecht" in dutch and "\u2068" not in dutch
    assert "\u2068okan-anderlecht\u2069" in arabic, "a Latin name isolated in right-to-left text"


def test_staff_put_the_person_of_a_lead_in_a_group(desk: Desk) -> None:
    open_lead(desk)
    desk.say(MINA, "/start groep-buddies")
    desk.press(MINA, "sub:on:buddies")
    picker = desk.press(SARA, "lead:1:grp", chat=STAFF_GROUP)
    assert "In welke groep zet je Ali" in texts(picker)
    assert "lead:1:g:buddies" in payloads(picker), "the groups people are in"
    before = len(desk.outbox())
    added = desk.press(SARA, "lead:1:g:buddies", chat=STAFF_GROUP)
    assert "Ali zit nu in de groep buddies" in texts(added)
    assert groups_of(desk, ALI) == ["buddies"]
    [told] = desk.outbox()[before:]
    assert told.chat_key == ALI and "zette je in de groep buddies" in told.text
    typed = desk.say(SARA, "/groep okan-woluwe #L1", chat=STAFF_GROUP)
    assert "Ali zit nu in de groep okan-woluwe" in texts(typed)
    assert groups_of(desk, ALI) == ["buddies", "okan-woluwe"]
    assert "Typ zo" in texts(desk.say(SARA, "/groep #L1"))
    assert "Typ zo" in texts(desk.say(SARA, "/groep Te_Gek! #L1"))
    assert "Je groepen: buddies, okan-woluwe" in texts(desk.say(ALI, "/instellingen"))


def test_pupils_cannot_put_anyone_in_a_group(desk: Desk) -> None:
    open_lead(desk)
    assert "Dit kan alleen een jeugdwerker" in texts(desk.say(MINA, "/groep buddies #L1"))
    for payload in ("lead:1:grp", "lead:1:g:buddies", "grp:leave:", "grp:join:buddies",
                    "grp:leave:../x"):
        outcome = desk.press(MINA, payload)
        assert outcome.trace.intent in ("out_of_scope", "subscribe"), payload
        assert "zit nu in de groep" not in texts(outcome)
    assert groups_of(desk, ALI) == [] and groups_of(desk, MINA) == []
