"""Absence: "ik kan zaterdag niet komen" is recorded against the activity meant, the "Ik kom"
is withdrawn, the youth worker who made it is told, and only "afwezig" is kept (SQLite and
PostgreSQL). The understanding is fixed here (the feature, not the model, is tested)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.core.activityports import LIVE
from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import UserState
from bot.features import registry
from content.loader import load_content
from storage.activities import ActivityRepository, AttendanceRepository
from storage.db import Database
from storage.models import AbsenceRow, Base
from tests.features import Fixed
from tests.staffdesk import Desk, payloads, staffed, texts

BRUSSELS = ZoneInfo("Europe/Brussels")
WEDNESDAY = datetime(2026, 12, 16, 12, 0, tzinfo=BRUSSELS)  # skating on Saturday the 19th
SATURDAY_2 = datetime(2026, 12, 19, 17, 0, tzinfo=BRUSSELS)
PUPIL, SARA, STAFF_CHAT = "tg:901", "tg:501", "tg:-100"
SKATING = "schaatsen-2026-12-19"
CAMP = "zomerkamp-2027"


@pytest.fixture(scope="module")
def core() -> Maatje:
    return Maatje(load_content(), Fixed("absence"), features=registry())


@pytest.fixture
def desk(core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    yield staffed(core, database, WEDNESDAY, SARA, STAFF_CHAT)
    database.close()


def understood(desk: Desk, intent: str, **entities: str) -> None:
    desk.core = replace(desk.core, understander=Fixed(intent, entities=entities))


def staff_activity(desk: Desk, title: str, start: datetime, by: str = SARA) -> str:
    with desk.database.session() as session:
        activities = ActivityRepository(session)
        draft = activities.draft(by, desk.now)
        assert draft is not None
        activities.update(draft.id, desk.now, title=title, start=start, price=Decimal(0))
        live = activities.set_state(draft.id, LIVE, desk.now)
        assert live is not None
        return live.activity_id


def absences(desk: Desk) -> list[tuple[str, str]]:
    with desk.database.session() as session:
        rows = session.scalars(select(AbsenceRow).order_by(AbsenceRow.id))
        return [(row.activity_id, row.user_key) for row in rows]


def comes(desk: Desk, activity_id: str, who: str = PUPIL) -> bool:
    with desk.database.session() as session:
        return AttendanceRepository(session).comes(activity_id, who)


def notices_to(desk: Desk, chat: str) -> list[str]:
    return [item.text for item in desk.outbox() if item.chat_key == chat]


def everything_kept(desk: Desk) -> str:
    return everything_in(desk.database)


def everything_in(database: Database) -> str:
    """Every value of every row in the database, as one text."""
    with database.session() as session:
        found = []
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                found.extend(str(value) for value in row)
        return "\n".join(found)


def test_said_i_come_then_ill_saturday_is_that_activity_and_its_maker_is_told(desk: Desk) -> None:
    football = staff_activity(desk, "Zaalvoetbal", SATURDAY_2)
    desk.press(PUPIL, f"kom:y:{football}")
    assert comes(desk, football)
    understood(desk, "absence", day="zaterdag")

    answer = desk.say(PUPIL, "ik ben ziek, ik kan zaterdag niet komen")

    assert "Bedankt dat je het laat weten" in texts(answer)
    assert "Zaalvoetbal" in texts(answer) and "niet waarom" in texts(answer)
    assert absences(desk) == [(football, PUPIL)]
    assert not comes(desk, football), "the Ik kom is withdrawn: no reminder"
    [notice] = notices_to(desk, SARA)
    assert "Ali is afwezig bij Zaalvoetbal" in notice and "zaterdag 19 december" in notice
    assert notices_to(desk, STAFF_CHAT) == [], "the maker is told, not the whole staff"
    assert "ziek" not in everything_kept(desk), "the reason is never kept"


def test_the_staff_card_shows_who_comes_and_who_is_absent_by_first_name(desk: Desk) -> None:
    football = staff_activity(desk, "Zaalvoetbal", SATURDAY_2)
    number = football.removeprefix("st-")
    desk.press(PUPIL, f"kom:y:{football}")
    desk.send(Incoming("tg:907", Kind.BUTTON, payload=f"kom:y:{football}", first_name="Mina",
                       chat_key="tg:907"))
    card = desk.press(SARA, f"act:{number}:menu")
    assert "🙋 Ik kom (2): Ali, Mina" in texts(card)
    assert "Afwezig" not in texts(card), "nobody said they are absent yet"
    understood(desk, "absence", day="zaterdag")

    desk.say(PUPIL, "ik ben ziek, ik kan zaterdag niet komen")

    card = desk.press(SARA, f"act:{number}:menu")
    assert "🙋 Ik kom (1): Mina" in texts(card)
    assert "🚫 Afwezig (1): Ali" in texts(card)
    assert "ziek" not in everything_kept(desk)


def test_a_parents_absence_shows_whose_parent_on_the_card(desk: Desk) -> None:
    football = staff_activity(desk, "Zaalvoetbal", SATURDAY_2)
    desk.new_user = UserState(onboarded=True, role="parent", language="fr",
                              child_name="Amal", child_band="13+")
    understood(desk, "absence", language="fr")
    asked = desk.say("tg:904", "ma fille ne vient pas", first_name="Fatima")
    assert f"afw:2:{football}" in payloads(asked)
    desk.send(Incoming("tg:904", Kind.BUTTON, payload=f"afw:2:{football}", first_name="Fatima",
                       chat_key="tg:904"))
    card = desk.press(SARA, f"act:{football.removeprefix('st-')}:menu")
    assert "🚫 Afwezig (1): Fatima, ouder van Amal" in texts(card)
    assert "🙋 Nog niemand" in texts(card)


def test_the_command_line_lists_who_is_absent_one_a_line_or_csv(
    desk: Desk, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    football = staff_activity(desk, "Zaalvoetbal", SATURDAY_2)
    desk.press(PUPIL, f"kom:y:{football}")
    understood(desk, "absence", day="zaterdag")
    desk.say(PUPIL, "ik kan zaterdag niet komen")
    with desk.database.session() as session:  # kept before names were: shown unnamed
        AttendanceRepository(session).absent(football, "tg:908", SATURDAY_2, desk.now)
    capsys.readouterr()

    assert main(["activities", "attendees", football, "--absent", "--db", database_url]) == 0
    assert capsys.readouterr().out == "Ali\n(zonder naam)\n"
    assert main(["activities", "attendees", football, "--absent", "--csv",
                 "--db", database_url]) == 0
    assert capsys.readouterr().out.splitlines() == ["first_name", "Ali", "(zonder naam)"]
    assert main(["activities", "attendees", football, "--db", database_url]) == 0
    assert capsys.readouterr().out == "", "nobody comes any more"


def test_nothing_said_before_asks_which_and_a_typed_number_answers(desk: Desk) -> None:
    football = staff_activity(desk, "Zaalvoetbal", SATURDAY_2)
    understood(desk, "absence")

    asked = desk.say(PUPIL, "ik kan niet komen")

    assert "Voor welke activiteit" in texts(asked)
    assert payloads(asked) == [f"afw:1:{SKATING}", f"afw:2:{football}", f"afw:k:{CAMP}", "afw:no"]
    labels = [button.label for reply in asked.replies for button in reply.buttons]
    assert labels[0].startswith("1. Schaatsen") and "zaterdag 19 december" in labels[0]
    typed = desk.say(PUPIL, "de eerste")
    assert "Bedankt dat je het laat weten" in texts(typed)
    assert absences(desk) == [(SKATING, PUPIL)]
    [notice] = notices_to(desk, STAFF_CHAT)
    assert "afwezig bij" in notice, "an authored activity: the staff chat is told"


def test_the_day_asked_about_earlier_in_the_week_is_the_activity_meant(desk: Desk) -> None:
    understood(desk, "activities", day="zaterdag")
    desk.say(PUPIL, "is er iets op zaterdag")
    desk.later(days=1)
    understood(desk, "absence")

    answer = desk.say(PUPIL, "sorry ik kan toch niet")

    assert "Bedankt" in texts(answer)
    assert absences(desk) == [(SKATING, PUPIL)]


def test_the_camp_by_name_and_none_of_these(desk: Desk) -> None:
    understood(desk, "absence", activity="kamp")
    answer = desk.say(PUPIL, "ik kan niet mee op kamp")
    assert absences(desk) == [(CAMP, PUPIL)]
    assert any("afwezig bij het kamp" in text for text in notices_to(desk, STAFF_CHAT))
    assert "Bedankt" in texts(answer)

    understood(desk, "absence")
    other = "tg:903"
    desk.say(other, "ik kan niet komen")
    none = desk.press(other, "afw:no")
    assert "ik geef niets door" in texts(none)
    assert [who for _, who in absences(desk)] == [PUPIL]


def test_a_parent_is_answered_about_the_child_and_staff_see_whose_parent(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, role="parent", language="fr",
                              child_name="Amal", child_band="13+")
    understood(desk, "absence", day="zaterdag", language="fr")

    answer = desk.say("tg:904", "ma fille est malade, elle ne vient pas samedi", first_name="Fatima")

    assert "je kind is er niet bij" in texts(answer)
    assert "votre enfant ne sera pas" in texts(answer)
    [notice] = notices_to(desk, STAFF_CHAT)
    assert "Fatima, ouder van Amal" in notice


def test_under_13_keeps_nothing_and_groups_go_private(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="u13")
    understood(desk, "absence", day="zaterdag")
    child = desk.say("tg:905", "ik kan zaterdag niet komen")
    assert "Vraag je ouder" in texts(child)
    assert absences(desk) == []
    assert notices_to(desk, STAFF_CHAT) == []

    desk.new_user = UserState(onboarded=True, age_band="13+")
    desk.say("tg:906", "ik kan zaterdag niet komen", chat="tg:-200")
    assert absences(desk) == []


def test_my_data_shows_the_absence_and_forget_erases_it(desk: Desk) -> None:
    understood(desk, "absence", day="zaterdag")
    desk.say(PUPIL, "ik kan zaterdag niet komen")
    assert absences(desk) == [(SKATING, PUPIL)]

    exported = desk.say(PUPIL, "/mijngegevens")
    document = next(reply.document for reply in exported.replies if reply.document)
    kept = json.loads(document.data)
    assert "activity_absences" in json.dumps(kept) and SKATING in json.dumps(kept)
    forget = desk.say(PUPIL, "/vergeet")
    yes = next(p for p in payloads(forget) if p.startswith("vergeet:ja"))
    desk.press(PUPIL, yes)
    assert absences(desk) == []


def test_privacy_says_only_absent_is_kept(desk: Desk) -> None:
    assert "Alleen \"afwezig\", nooit waarom" in texts(desk.say(PUPIL, "/privacy"))
