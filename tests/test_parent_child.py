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


# --- parents from before the child was asked: once, at the next message -------------------

OFFER = "Mag ik de voornaam en de leeftijd van je kind weten"
EXISTING = UserState(onboarded=True, role="parent", ask_child=True)


def _row(desk: Desk, who: str = FATIMA) -> User:
    with desk.database.session() as session:
        row = session.scalar(select(User).where(User.channel_key == who))
        assert row is not None
        session.expunge(row)
        return row


def test_an_existing_parent_gets_her_answer_then_is_asked_for_the_child(desk: Desk) -> None:
    desk.new_user = EXISTING
    answered = desk.say(FATIMA, "wat moet ik meenemen naar het kamp", first_name="Fatima")
    assert "slaapzak" in answered.replies[0].text.lower(), "her message is answered first"
    assert OFFER in answered.replies[-1].text and OFFER not in answered.replies[0].text
    name = desk.press(FATIMA, "kind:ja")
    assert "Over welk kind gaat het" in texts(name)
    age = desk.say(FATIMA, "Amal", first_name="Fatima")
    over = next(p for p in payloads(age) if ":13+:" in p)
    assert "Nu weet ik dat je vragen over Amal gaan" in texts(desk.press(FATIMA, over))
    row = _row(desk)
    assert (row.child_name, row.child_band, row.ask_child) == ("Amal", "13+", False)
    assert OFFER not in texts(desk.say(FATIMA, "hallo", first_name="Fatima")), "once"
    desk.say(FATIMA, "ik wil meedoen", first_name="Fatima")
    desk.press(FATIMA, "int:t:sport")
    assert "Bewaard" in texts(desk.press(FATIMA, "int:ok:sport")), "the child is known now"
    assert any("Ali, ouder van Amal (13+)" in text for text in _staff(desk))


def test_the_parent_is_asked_only_once_even_when_she_does_not_answer(desk: Desk) -> None:
    desk.new_user = EXISTING
    assert OFFER in texts(desk.say(FATIMA, "hallo", first_name="Fatima"))
    assert _row(desk).ask_child is False
    later = desk.say(FATIMA, "wanneer is het kamp", first_name="Fatima")
    assert "Daar weet ik niets over" not in texts(later)
    assert OFFER in later.replies[-1].text, "shown again once, as every prompt is"
    assert OFFER not in texts(desk.say(FATIMA, "wanneer is het kamp", first_name="Fatima"))
    assert OFFER not in texts(desk.say(FATIMA, "hallo", first_name="Fatima"))


def test_a_typed_no_changes_nothing_and_the_gate_still_asks_when_needed(desk: Desk) -> None:
    desk.new_user = EXISTING
    desk.say(FATIMA, "hallo", first_name="Fatima")
    assert "Ik vraag het pas als het nodig is" in texts(desk.say(FATIMA, "nee"))
    assert _row(desk).child_name is None
    assert "Over welk kind gaat het" in _child_question(desk)


def test_not_after_danger_and_not_in_a_group_then_at_the_next_message(desk: Desk) -> None:
    desk.new_user = EXISTING
    danger = desk.say(FATIMA, "mijn papa slaat mij", first_name="Fatima")
    assert OFFER not in texts(danger)
    assert OFFER not in texts(desk.press(FATIMA, "sg:no")), "nor after its answer"
    assert OFFER not in texts(desk.say(FATIMA, "hallo", chat="tg:-2002", first_name="Fatima"))
    assert _row(desk).ask_child is True
    assert OFFER in texts(desk.say(FATIMA, "hallo", first_name="Fatima"))


def test_not_after_vergeet_which_asks_its_own_question_and_then_erases_the_mark(
    desk: Desk,
) -> None:
    desk.new_user = EXISTING
    confirm = desk.say(FATIMA, "/vergeet", first_name="Fatima")
    assert OFFER not in texts(confirm)
    yes = next(p for p in payloads(confirm) if p.startswith("vergeet:ja"))
    assert OFFER not in texts(desk.press(FATIMA, yes))


def test_new_parents_and_pupils_are_not_asked_at_a_message(desk: Desk) -> None:
    assert OFFER not in texts(desk.say(FATIMA, "hallo", first_name="Fatima"))
    desk.new_user = UserState(onboarded=True, age_band="13+", ask_child=True)
    pupil = "tg:904"
    assert OFFER not in texts(desk.say(pupil, "hallo"))
    assert _row(desk, pupil).ask_child is False, "the mark goes: she is no parent"
    assert "Deze knop werkt niet" in texts(desk.press(pupil, "kind:ja"))


def test_the_upgrade_marks_the_parents_without_a_child(database_url: str) -> None:
    from sqlalchemy import MetaData, Table

    from storage.db import make_engine
    from tests.migrations import upgrade

    engine = make_engine(database_url)
    upgrade(engine, "0020")
    people = {"tg:1": ("parent", None, None), "tg:2": ("parent", "13+", None),
              "tg:3": ("pupil", None, "13+"), "tg:4": ("parent", None, "u13")}
    with engine.begin() as connection:
        table = Table("users", MetaData(), autoload_with=connection)
        connection.execute(table.insert(), [
            {"channel_key": key, "role": role, "child_band": band, "age_band": age,
             "child_name": "Amal" if band else None, "onboarded": True, "misses": 0,
             "consents": "", "asked": "", "topic_entities": "", "prompt": "",
             "created_at": NOW, "last_seen_at": NOW}
            for key, (role, band, age) in people.items()])
    upgrade(engine, "head")
    engine.dispose()
    database = Database(database_url)
    try:
        with database.session() as session:
            marked = {row.channel_key: row.ask_child for row in session.scalars(select(User))}
        assert marked == {"tg:1": True, "tg:2": False, "tg:3": False, "tg:4": False}
    finally:
        database.close()
