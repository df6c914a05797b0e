"""``/activiteit``: a youth worker adds, changes and cancels an activity from Telegram;
pupils see it with the authored ones, and those interested hear of a change (SQLite and
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from storage.activities import ActivityRepository, AttendanceRepository
from storage.db import Database
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)  # a Saturday
SARA = "tg:501"
PUPIL = "tg:901"
REFUSED = "Dit kan alleen een jeugdwerker"
STALE = "werkt niet meer"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    yield Desk(staff_core, database, NOW)
    database.close()


def add_activity(desk: Desk) -> int:
    """Sara adds "Pizza bakken" on Wednesday 16 December at 15.30, by buttons and typing."""
    desk.make_staff(SARA)
    menu = desk.say(SARA, "/activiteit")
    assert "act:new" in payloads(menu)
    title = desk.press(SARA, "act:new")
    assert "Hoe heet de activiteit" in texts(title)
    number = int(payloads(title)[-1].split(":")[1])
    days = desk.say(SARA, "Pizza bakken")
    assert f"act:{number}:d:20261216" in payloads(days), "the next Wednesdays and Saturdays"
    assert "woensdag 16 december" in str(days.replies[0].buttons)
    hours = desk.press(SARA, f"act:{number}:d:20261216")
    assert "Hoe laat" in texts(hours)
    places = desk.say(SARA, "15.30")
    assert f"act:{number}:p:jeugdhuis" in payloads(places)
    prices = desk.press(SARA, f"act:{number}:p:jeugdhuis")
    assert "Wat kost het" in texts(prices)
    assert "Die prijs begrijp ik niet" in texts(desk.say(SARA, "veel"))
    explain = desk.say(SARA, "3,50")
    assert "korte uitleg" in texts(explain)
    preview = desk.say(SARA, "We bakken samen pizza.")
    shown = texts(preview)
    assert "Pizza bakken" in shown and "woensdag 16 december om 15.30 uur" in shown
    assert "3,50" in shown and "We bakken samen pizza." in shown
    published = desk.press(SARA, f"act:{number}:pub")
    assert "staat online" in texts(published)
    return number


def test_staff_add_an_activity_and_pupils_see_it_with_a_calendar_button(desk: Desk) -> None:
    assert "Pizza bakken" not in texts(desk.say(PUPIL, "is er iets op woensdag"))
    number = add_activity(desk)
    answer = desk.say(PUPIL, "is er iets op woensdag", hint="ar")
    assert "Pizza bakken" in texts(answer)
    assert f"ics:st-{number}" in payloads(answer)
    calendar = desk.press(PUPIL, f"ics:st-{number}")
    document = calendar.replies[0].document
    assert document is not None and b"Pizza bakken" in document.data
    assert "Pizza bakken" in texts(desk.say(PUPIL, "activiteiten"))


def test_a_draft_stays_hidden_and_an_old_button_changes_nothing(desk: Desk) -> None:
    desk.make_staff(SARA)
    number = int(payloads(desk.press(SARA, "act:new"))[-1].split(":")[1])
    desk.say(SARA, "Geheim feest")
    desk.press(SARA, f"act:{number}:d:20261216")
    assert "Geheim feest" not in texts(desk.say(PUPIL, "is er iets op woensdag"))
    assert STALE in texts(desk.press(SARA, f"act:{number}:d:20261219")), "not the question now"
    assert "Gestopt" in texts(desk.press(SARA, f"act:{number}:stop"))


def test_a_change_goes_to_everyone_interested_in_their_language(desk: Desk) -> None:
    number = add_activity(desk)
    with desk.database.session() as session:
        AttendanceRepository(session).come(f"st-{number}", PUPIL, PUPIL, "ar", NOW, NOW)
    menu = desk.press(SARA, f"act:{number}:menu")
    assert "Interesse: 1" in texts(menu)
    fields = desk.press(SARA, f"act:{number}:edit")
    assert f"act:{number}:f:time" in payloads(fields)
    desk.press(SARA, f"act:{number}:f:time")
    preview = desk.say(SARA, "16u")
    assert "16.00" in texts(preview) and "1 personen" in texts(preview)
    assert desk.outbox() == [], "nothing is sent before Klaar"
    sent = desk.press(SARA, f"act:{number}:done")
    assert "1 personen" in texts(sent)
    [notice] = desk.outbox()
    assert notice.chat_key == PUPIL
    assert "Er is iets veranderd" in notice.text and "16.00" in notice.text
    assert "تغيّر" in notice.text, "the pupil's own language under the Dutch"
    assert notice.buttons[0].payload == f"ics:st-{number}"


def test_a_cancellation_reaches_the_interested_and_the_activity_disappears(desk: Desk) -> None:
    number = add_activity(desk)
    with desk.database.session() as session:
        AttendanceRepository(session).come(f"st-{number}", PUPIL, PUPIL, "uk", NOW, NOW)
    listed = desk.say(SARA, "📅 Activiteiten")
    assert f"act:{number}:menu" in payloads(listed), "the staff menu button works too"
    confirm = desk.press(SARA, f"act:{number}:cancel")
    assert "Pizza bakken afzeggen" in texts(confirm) and "1 personen" in texts(confirm)
    done = desk.press(SARA, f"act:{number}:cx")
    assert "gaat niet door" in texts(done)
    [notice] = desk.outbox()
    assert "deze activiteit gaat niet door: Pizza bakken" in notice.text
    assert "woensdag 16 december om 15.30 uur" in notice.text
    assert "не відбудеться" in notice.text
    assert "Pizza bakken" not in texts(desk.say(PUPIL, "is er iets op woensdag"))
    assert STALE in texts(desk.press(SARA, f"act:{number}:cx")), "cancelled once"
    assert len(desk.outbox()) == 1


def test_pupils_cannot_use_activiteit_or_its_buttons(desk: Desk) -> None:
    number = add_activity(desk)
    assert REFUSED in texts(desk.say(PUPIL, "/activiteit"))
    for payload in ("act:new", f"act:{number}:cx", f"act:{number}:edit", f"act:{number}:f:title",
                    f"act:{number}:menu", f"act:{number}:pub"):
        outcome = desk.press(PUPIL, payload)
        assert outcome.trace.intent == "out_of_scope", payload
        assert not any(p.startswith("act:") for p in payloads(outcome)), payload
    label = desk.say(PUPIL, "📅 Activiteiten")
    assert not any(p.startswith("act:") for p in payloads(label)), "a label is only text"
    with desk.database.session() as session:
        repository = ActivityRepository(session)
        assert [a.id for a in repository.live(NOW)] == [number]
        assert repository.get(number + 1) is None, "no draft was made for the pupil"
    assert desk.outbox() == []


def test_typed_dates_times_and_prices() -> None:
    from datetime import date, time
    from decimal import Decimal

    from bot.features.activity_staff import next_days, parse_clock, parse_day, parse_price

    assert parse_day("24/12", NOW) == date(2026, 12, 24)
    assert parse_day("3/1", NOW) == date(2027, 1, 3), "a date already past this year is next year"
    assert parse_day("zaterdag", NOW) == date(2026, 12, 12)
    assert parse_day("morgen", NOW) == date(2026, 12, 13)
    assert parse_day("31/02", NOW) is None
    assert parse_clock("14.30") == time(14, 30) and parse_clock("9u") == time(9, 0)
    assert parse_clock("25.00") is None
    assert parse_price("gratis", "gratis") == 0 and parse_price("€ 3,50", "gratis") == Decimal("3.50")
    assert parse_price("veel", "gratis") is None
    assert [d.day for d in next_days(NOW)] == [16, 19, 23, 26]
