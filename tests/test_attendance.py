""""Ik kom": a pupil opts in to a reminder the day before, can withdraw, and hears of a
cancellation; the reminder job sends one message per person (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.features.attendance import remind_day_before
from bot.scheduler import job_context
from storage.activities import AttendanceRepository
from storage.db import Database
from tests.staffdesk import Desk, payloads, texts

BRUSSELS = ZoneInfo("Europe/Brussels")
WEDNESDAY = datetime(2026, 12, 16, 12, 0, tzinfo=BRUSSELS)  # skating is on Saturday the 19th
PUPIL = "tg:901"
OTHER = "tg:902"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    yield Desk(staff_core, database, WEDNESDAY)
    database.close()


def saturday_come_button(desk: Desk, who: str = PUPIL, hint: str | None = "ar") -> str:
    answer = desk.say(who, "is er iets op zaterdag", hint=hint)
    come = [p for p in payloads(answer) if p.startswith("kom:y:")]
    assert come, "every activity card has an Ik kom button in a private chat"
    return come[0]


def run_reminders(desk: Desk, at: datetime) -> int:
    with desk.database.session() as session:
        return remind_day_before(job_context(desk.core.content, session, at))


def test_ik_kom_then_one_reminder_the_day_before_in_my_language(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="13+", language="ar")
    come = saturday_come_button(desk)
    activity_id = come.split(":")[2]
    saved = desk.press(PUPIL, come)
    assert "Fijn, je komt" in texts(saved) and "سأرسل لك تذكيرًا" in texts(saved)
    assert f"kom:n:{activity_id}" in payloads(saved)
    again = desk.say(PUPIL, "is er iets op zaterdag", hint="ar")
    assert f"kom:n:{activity_id}" in payloads(again), "the card now offers to withdraw"

    assert run_reminders(desk, datetime(2026, 12, 17, 12, 0, tzinfo=BRUSSELS)) == 0, "too early"
    assert run_reminders(desk, datetime(2026, 12, 18, 8, 0, tzinfo=BRUSSELS)) == 0, "not at night"
    assert run_reminders(desk, datetime(2026, 12, 18, 10, 30, tzinfo=BRUSSELS)) == 1
    assert run_reminders(desk, datetime(2026, 12, 18, 18, 0, tzinfo=BRUSSELS)) == 0, "only once"
    [reminder] = desk.outbox()
    assert reminder.chat_key == PUPIL
    assert "Morgen is het zover" in reminder.text and "إنه غدًا" in reminder.text
    assert "zaterdag 19 december" in reminder.text
    assert {b.payload for b in reminder.buttons} == {f"ics:{activity_id}", f"kom:n:{activity_id}"}


def test_withdrawing_means_no_reminder(desk: Desk) -> None:
    come = saturday_come_button(desk)
    desk.press(PUPIL, come)
    withdrawn = desk.press(PUPIL, come.replace("kom:y:", "kom:n:"))
    assert "je komt niet" in texts(withdrawn)
    assert come in payloads(withdrawn), "changing your mind again is one tap"
    assert run_reminders(desk, datetime(2026, 12, 18, 12, 0, tzinfo=BRUSSELS)) == 0
    assert desk.outbox() == []


def test_age_is_asked_once_and_under_13_keeps_nothing(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True)
    come = saturday_come_button(desk, OTHER, hint=None)
    age = desk.press(OTHER, come)
    assert "Hoe oud ben je" in texts(age)
    young = next(p for p in payloads(age) if ":u13:" in p)
    assert "jonger dan 13" in texts(desk.press(OTHER, young))
    with desk.database.session() as session:
        assert AttendanceRepository(session).attendees(come.split(":")[2]) == []
    assert "Fijn, je komt" not in texts(desk.press(OTHER, come)), "under 13 stays under 13"


def test_a_past_or_forged_activity_is_refused_kindly(desk: Desk) -> None:
    assert "kom:y:" not in str(payloads(desk.say(PUPIL, "is er iets op zaterdag", chat="tg:-5"))), (
        "no Ik kom in a group")
    for payload in ("kom:y:spelnamiddag-2026-11-07", "kom:y:no-such-thing", "kom:y:", "kom:x:a",
                    "kom:y:" + "a" * 60, "kom:age:99:schaatsen"):
        outcome = desk.press(PUPIL, payload)
        assert "Fijn, je komt" not in texts(outcome), payload
    with desk.database.session() as session:
        assert AttendanceRepository(session).attendees("spelnamiddag-2026-11-07") == []


def test_staff_see_a_first_name_or_unnamed_for_who_pressed_before_names_were_kept() -> None:
    from bot.core.activityports import Attendee
    from bot.features.attendance import attendee_names

    attendees = [Attendee("u1", "c1", "ar", "x", "Ali"), Attendee("u2", "c2", "nl", "x"),
                 Attendee("u3", "c3", "uk", "x", "  ")]
    assert attendee_names(attendees, "(zonder naam)") == ["Ali", "(zonder naam)", "(zonder naam)"]
