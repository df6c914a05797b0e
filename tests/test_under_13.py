""""Under 13" applied to what is already kept, and age buttons that expire (core + database).

Telegram keeps old keyboards: an age button pressed long after it was shown, shown before
buttons carried their minute, or pressed once the age is known, changes nothing. A fresh
"under 13" erases everything that needs a 13+ consent (the lead, the question, the
subscription and its groups, "Ik kom"), keeps a safeguarding case, tells staff by reference
only and tells her exactly what went.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from storage.db import Database
from storage.models import (
    AttendanceRow,
    LeadRow,
    QuestionRow,
    SafeguardingCaseRow,
    SubscriberGroupRow,
    SubscriberRow,
    User,
)
from tests.migrations import upgrade
from tests.staffdesk import Desk, payloads, staffed, texts
from tests.test_attendance import WEDNESDAY, saturday_come_button
from tests.test_followup import interest

SARA, ALI = "tg:501", "tg:901"
STAFF_GROUP = "tg:-1001"
KEPT = {"leads": LeadRow, "questions": QuestionRow, "subscribers": SubscriberRow,
        "subscriber_groups": SubscriberGroupRow, "activity_attendance": AttendanceRow,
        "safeguarding_cases": SafeguardingCaseRow}


@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = staffed(staff_core, database, WEDNESDAY, SARA, STAFF_GROUP)
    yield desk
    database.close()


def kept(database: Database, who: str = ALI) -> dict[str, int]:
    """How many rows of each kind the database holds about ``who``."""
    with database.session() as session:
        return {name: int(session.scalar(select(func.count()).select_from(model)
                                         .where(model.user_key == who)) or 0)
                for name, model in KEPT.items()}


def age_band(desk: Desk, who: str = ALI) -> str | None:
    with desk.database.session() as session:
        return session.scalar(select(User.age_band).where(User.channel_key == who))


def everything(desk: Desk) -> None:
    """A lead, a question passed on, a subscription with a group, "Ik kom", a call for help."""
    assert "Bewaard" in texts(desk.press(ALI, interest(desk)))
    desk.press(ALI, "ho:yes")
    desk.say(ALI, "Hoe laat begint het?")
    desk.press(ALI, "sub:on:okan-anderlecht")
    desk.press(ALI, saturday_come_button(desk, ALI))
    desk.say(ALI, "mijn papa slaat mij")
    desk.press(ALI, "sg:yes")


def test_an_old_under_13_button_after_the_age_was_answered_changes_nothing(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True)
    asked = desk.press(ALI, interest(desk))
    under, over = payloads(asked)
    assert "Bewaard" in texts(desk.press(ALI, over))
    desk.press(ALI, "ho:yes")
    desk.say(ALI, "Hoe laat begint het?")
    desk.press(ALI, "sub:on:okan-anderlecht")
    desk.press(ALI, saturday_come_button(desk, ALI))
    before = kept(desk.database)
    assert before["leads"] == 1 and before["subscribers"] == 1 and before["activity_attendance"] == 1
    old = desk.press(ALI, under)
    assert "Deze knop werkt niet (meer)" in texts(old)
    assert "jonger dan 13" not in texts(old)
    assert kept(desk.database) == before and age_band(desk) == "13+"


def test_an_age_button_pressed_a_day_later_or_shown_before_the_upgrade_is_old(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True)
    under, _ = payloads(desk.press(ALI, interest(desk)))
    assert "Deze knop werkt niet (meer)" in texts(desk.press(ALI, "int:age:u13:sport")), (
        "a button from before age buttons carried their minute")
    desk.later(hours=25)
    assert "Deze knop werkt niet (meer)" in texts(desk.press(ALI, under))
    assert age_band(desk) is None
    fresh, _ = payloads(desk.press(ALI, interest(desk)))
    assert "jonger dan 13" in texts(desk.press(ALI, fresh))
    assert age_band(desk) == "u13"


def test_under_13_erases_what_needs_13_keeps_the_call_for_help_and_says_so(desk: Desk) -> None:
    # adults are not asked their age; a parent's child is 13 or older
    desk.new_user = UserState(onboarded=True, role="parent", child_name="Amal", child_band="13+")
    everything(desk)
    assert all(kept(desk.database).values()), kept(desk.database)
    desk.press(ALI, "role:pupil")
    desk.later(minutes=20)  # the activity talked about is no longer the topic in memory
    asked = desk.press(ALI, interest(desk, topic="activity"))
    assert "Hoe oud ben je" in texts(asked)
    told = texts(desk.press(ALI, payloads(asked)[0]))

    assert kept(desk.database) == {"leads": 0, "questions": 0, "subscribers": 0, "subscriber_groups": 0,
                          "activity_attendance": 0, "safeguarding_cases": 1}
    assert age_band(desk) == "u13"
    with desk.database.session() as session:
        child = session.execute(select(User.child_name, User.child_band)
                                .where(User.channel_key == ALI)).one()
    assert tuple(child) == (None, None), "the child she named as a parent is not kept either"
    assert "Dit heb ik nu gewist" in told
    for erased in ("waar je aan wilde meedoen", "je vraag voor een jeugdwerker",
                   "dat je nieuws krijgt", "je groepen voor nieuws", '"Ik kom"', "je toestemmingen"):
        assert erased in told, erased
    assert "Je vraag om hulp blijft bij de jeugdwerker" in told
    assert "bewaart verder niets" not in told, "not true while the case is kept"
    staff = [row.text for row in desk.outbox() if row.chat_key == STAFF_GROUP]
    assert any("#L1 gewist" in text for text in staff) and any("#V1 gewist" in text for text in staff)
    assert not any("gewist" in text and "Ali" in text for text in staff), "never by name"
    assert not any("#L1" in row.text and "Ali" in row.text for row in desk.outbox()), (
        "the notice that named her lead is gone")
    assert "Deze knop werkt niet (meer)" in texts(desk.press(ALI, payloads(asked)[1])), (
        "the other button of the same question is old now")
    assert age_band(desk) == "u13"


def test_under_13_with_nothing_kept_is_told_as_before(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True)
    under, _ = payloads(desk.press(ALI, interest(desk)))
    told = texts(desk.press(ALI, under))
    assert "Maatje beantwoordt al je vragen, maar bewaart verder niets over jou" in told


def test_privacy_says_what_under_13_and_a_parent_link_do(desk: Desk) -> None:
    said = texts(desk.say(ALI, "/privacy"))
    assert "Ben je jonger dan 13? Dan wist Maatje wat alleen met toestemming mag" in said
    assert "Een vraag om hulp blijft wel" in said and "is dit je ouder?" in said


def test_the_upgrade_applies_under_13_to_what_the_old_answer_left(database_url: str) -> None:
    """Migration 0014: a pupil who said "under 13" before it erased anything was told
    nothing else is kept; now that is true. Someone 13 or older keeps everything."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, Table

    from storage.db import make_engine

    at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    engine = make_engine(database_url)
    upgrade(engine, "0013")
    people = {ALI: "u13", "tg:902": "13+"}
    with engine.begin() as connection:
        table = {name: Table(name, MetaData(), autoload_with=connection)
                 for name in ("users", "leads", "subscribers", "activity_attendance",
                              "safeguarding_cases")}
        for n, (key, band) in enumerate(people.items(), start=1):
            connection.execute(table["users"].insert(), [{
                "id": n, "channel_key": key, "onboarded": True, "misses": 0, "asked": "",
                "consents": "announcements,contact", "age_band": band, "created_at": at,
                "last_seen_at": at}])
            connection.execute(table["leads"].insert(), [{
                "id": n, "user_key": key, "chat_key": key, "first_name": "X", "topic": "sport",
                "language": "nl", "status": "open", "created_at": at}])
            connection.execute(table["subscribers"].insert(), [{
                "id": n, "user_key": key, "chat_key": key, "active": True, "created_at": at,
                "updated_at": at}])
            connection.execute(table["activity_attendance"].insert(), [{
                "id": n, "activity_id": "schaatsen", "user_key": key, "chat_key": key,
                "language": "nl", "starts": at, "created_at": at}])
            connection.execute(table["safeguarding_cases"].insert(), [{
                "id": n, "user_key": key, "chat_key": key, "first_name": "X", "language": "nl",
                "text": "", "status": "open", "created_at": at, "alerts": 0}])
    upgrade(engine, "head")
    engine.dispose()

    database = Database(database_url)
    try:
        assert kept(database, ALI) == {"leads": 0, "questions": 0, "subscribers": 0,
                                   "subscriber_groups": 0, "activity_attendance": 0,
                                   "safeguarding_cases": 1}
        assert kept(database, "tg:902")["leads"] == 1 and kept(database, "tg:902")["subscribers"] == 1
        with database.session() as session:
            consents = {key: value for key, value in session.execute(select(User.channel_key, User.consents))}
        assert consents == {ALI: "", "tg:902": "announcements,contact"}
    finally:
        database.close()


def test_under_13_keeps_the_camp_list_and_staff_are_asked_for_a_parents_permission(
    desk: Desk,
) -> None:
    desk.new_user = UserState(onboarded=True, role="parent", child_name="Amal", child_band="13+")
    desk.press(ALI, interest(desk, topic="camp"))
    assert "#K1" in texts(desk.press(SARA, "lead:1:camp", chat=STAFF_GROUP))
    desk.press(ALI, "role:pupil")
    asked = desk.press(ALI, interest(desk, topic="sport"))
    told = texts(desk.press(ALI, payloads(asked)[0]))
    assert "Je staat nog op de kamplijst" in told and "waar je aan wilde meedoen" in told
    staff = [row.text for row in desk.outbox() if row.chat_key == STAFF_GROUP]
    assert any("#K1" in text and "toestemming aan een ouder" in text for text in staff)
    assert "#K1" in texts(desk.say(SARA, "/kamp")), "still on the camp list"


def test_the_upgrade_forgets_the_child_a_pupil_under_13_named_as_a_parent(database_url: str) -> None:
    """Migration 0019: she was told only her settings are kept; a parent keeps the child."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, Table

    from storage.db import make_engine

    at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    engine = make_engine(database_url)
    upgrade(engine, "0018")
    with engine.begin() as connection:
        users = Table("users", MetaData(), autoload_with=connection)
        for n, (key, role, band) in enumerate(((ALI, "pupil", "u13"), ("tg:903", "parent", None)),
                                              start=1):
            connection.execute(users.insert(), [{
                "id": n, "channel_key": key, "role": role, "onboarded": True, "misses": 0,
                "asked": "", "consents": "", "age_band": band, "child_name": "Amal",
                "child_band": "13+", "created_at": at, "last_seen_at": at}])
    upgrade(engine, "head")
    engine.dispose()

    database = Database(database_url)
    try:
        with database.session() as session:
            children = {key: (name, band) for key, name, band in session.execute(
                select(User.channel_key, User.child_name, User.child_band))}
        assert children == {ALI: (None, None), "tg:903": ("Amal", "13+")}
    finally:
        database.close()
