"""The parents' camp permission, given in Maatje: the summary, the yes, the question first,
withdrawing it until the camp, and what staff see on ``/kamp``.

Storage on SQLite and PostgreSQL; the conversation through the core and the database.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.campports import BY_PARENT, BY_STAFF, FORM_PAPER
from bot.core.staffports import StaffMember
from storage.camp import CampRepository
from storage.db import Database
from tests import test_camp_parent as base
from tests.migrations import upgrade
from tests.staffdesk import Desk, texts
from tests.test_camp_parent import ALI, FATIMA, NOW, OMAR, SARA, lead, notices, parent_link

#: The conversation's fixtures, as the parent-link tests set them up (Ali on the camp list).
parent_core, desk = base.parent_core, base.desk

CAMP_START = NOW.replace(year=2027, month=7, day=5, hour=10)


# --- storage ---------------------------------------------------------------------------


def test_permission_is_kept_with_when_and_by_whom(database_url: str) -> None:
    database = Database.open(database_url)
    try:
        with database.session() as session:
            camp = CampRepository(session)
            registration = camp.register(lead(1, ALI, "Ali"), NOW)
            assert registration is not None and registration.permission_source is None
            given = camp.give_permission(registration.id, FATIMA, "Fatima", NOW)
            assert given is not None and "permission" in given.ticked
            assert (given.permission_source, given.permission_name, given.permission_at) == (
                BY_PARENT, "Fatima", NOW)
            assert camp.give_permission(99, FATIMA, "Fatima", NOW) is None
        with database.session() as session:
            camp = CampRepository(session)
            withdrawn = camp.withdraw_permission(registration.id)
            assert withdrawn is not None and "permission" not in withdrawn.ticked
            assert withdrawn.permission_source is None
            assert camp.withdraw_permission(registration.id) is None, "nothing left to withdraw"
            ticked = camp.toggle(registration.id, "permission", StaffMember(SARA, "Sara"), NOW)
            assert ticked is not None and (ticked.permission_source, ticked.permission_name) == (
                BY_STAFF, "Sara")
            form = camp.toggle(registration.id, "medical", StaffMember(SARA, "Sara"), NOW)
            assert form is not None and form.medical_kind == FORM_PAPER
            unticked = camp.toggle(registration.id, "medical")
            assert unticked is not None and unticked.medical_kind is None
    finally:
        database.close()


def test_the_upgrade_counts_a_ticked_form_as_paper_and_a_ticked_permission_as_staffs(
    database_url: str,
) -> None:
    """Migration 0018: what staff ticked before stays ticked, as paper and as staff's."""
    from sqlalchemy import MetaData, Table

    from storage.db import make_engine

    engine = make_engine(database_url)
    upgrade(engine, "0017")
    with engine.begin() as connection:
        table = Table("camp_registrations", MetaData(), autoload_with=connection)
        connection.execute(table.insert(), [
            {"id": 1, "lead_id": 1, "user_key": ALI, "chat_key": ALI, "first_name": "Ali",
             "language": "ar", "permission": True, "medical": True, "paid": False,
             "created_at": NOW},
            {"id": 2, "lead_id": 2, "user_key": OMAR, "chat_key": OMAR, "first_name": "Omar",
             "language": "fa", "permission": False, "medical": False, "paid": True,
             "created_at": NOW}])
    upgrade(engine, "head")
    engine.dispose()
    database = Database(database_url)
    try:
        with database.session() as session:
            ali, omar = CampRepository(session).everyone()
            assert (ali.medical_kind, ali.permission_source) == (FORM_PAPER, BY_STAFF)
            assert (omar.medical_kind, omar.permission_source, omar.ticked) == (
                None, None, frozenset({"paid"}))
    finally:
        database.close()


# --- the conversation ------------------------------------------------------------------


def arabic_parent(desk: Desk) -> str:
    """Ali (13+) is on the camp list; Fatima (Arabic) opens the link and Ali says yes.
    Returns the payload of the "✅ Ik geef toestemming" button she got."""
    desk.say(ALI, "hallo")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}", first_name="Fatima", hint="ar")
    desk.press(FATIMA, "lang:ar")
    before = len(desk.outbox())
    desk.say(ALI, "ja")
    status, request = notices(desk, FATIMA, before)
    assert "Ali staat op de lijst" in status.text
    return str(request.buttons[0].payload)


def test_a_confirmed_parent_gets_the_camp_in_short_with_two_buttons(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}", first_name="Fatima", hint="ar")
    desk.press(FATIMA, "lang:ar")
    before = len(desk.outbox())
    desk.say(ALI, "ja")
    [_, request] = notices(desk, FATIMA, before)
    assert "Mag Ali mee op kamp" in request.text and "Zomerkamp in de Ardennen" in request.text
    assert "📅 Van" in request.text and "📍" in request.text and "💶" in request.text
    assert "Het kamp is gratis" in request.text, "the price and help paying"
    assert "Ervaren jeugdwerkers" in request.text, "who leads"
    assert "🎒 Meenemen: een slaapzak" in request.text
    assert "هل توافقون" in request.text, "and in Arabic, under the Dutch"
    labels = [button.label for button in request.buttons]
    assert labels[0].startswith("✅ Ik geef toestemming") and "أوافق" in labels[0]
    assert labels[1].startswith("❓ Ik heb een vraag")


def test_the_parents_yes_is_kept_and_staff_see_it_ticked(desk: Desk) -> None:
    yes = arabic_parent(desk)
    before = len(desk.outbox())
    given = desk.press(FATIMA, yes)
    assert "Dank je. Je toestemming voor Ali is bewaard" in texts(given)
    assert "↩️ Toestemming intrekken" in given.replies[0].buttons[0].label
    [told] = notices(desk, SARA, before)
    assert "#K1: Fatima geeft in Maatje toestemming" in told.text
    card = desk.say(SARA, "/kamp").replies[1]
    assert "✅ Toestemming ouders" in card.text
    assert "✍️ Toestemming: Fatima in Maatje, 12/12 15:00" in card.text, "14:00 UTC, Brussels time"
    again = desk.press(FATIMA, yes)
    assert "is bewaard" in texts(again) and len(notices(desk, SARA, before)) == 1, "once"


def test_typing_ja_gives_the_permission_too(desk: Desk) -> None:
    arabic_parent(desk)
    assert "Je toestemming voor Ali is bewaard" in texts(desk.say(FATIMA, "نعم"))
    with desk.database.session() as session:
        [registration] = CampRepository(session).everyone()
    assert registration.permission_source == BY_PARENT


def test_a_question_first_goes_to_staff_with_the_registration(desk: Desk) -> None:
    payload = arabic_parent(desk).replace(":ja", ":vraag")
    asked = desk.press(FATIMA, payload)
    assert "Typ je vraag in één bericht" in texts(asked)
    before = len(desk.outbox())
    sent = desk.say(FATIMA, "هل يوجد طعام حلال؟")
    assert "doorgestuurd" in texts(sent)
    [question] = notices(desk, SARA, before)
    assert "Over het kamp van #K1" in question.text and "طعام حلال" in question.text
    with desk.database.session() as session:
        assert "permission" not in CampRepository(session).everyone()[0].ticked


def test_the_parent_can_withdraw_until_the_camp_starts(desk: Desk) -> None:
    yes = arabic_parent(desk)
    withdraw = desk.press(FATIMA, yes).replies[0].buttons[0].payload
    before = len(desk.outbox())
    withdrawn = desk.press(FATIMA, withdraw)
    assert "Je toestemming voor Ali is ingetrokken" in texts(withdrawn)
    assert "Fatima trekt de toestemming" in notices(desk, SARA, before)[0].text
    assert "⬜ Toestemming ouders" in desk.say(SARA, "/kamp").replies[1].text
    desk.press(FATIMA, yes)
    desk.now = CAMP_START + timedelta(hours=1)
    late = desk.press(FATIMA, withdraw)
    assert "Het kamp is al begonnen" in texts(late)
    with desk.database.session() as session:
        assert "permission" in CampRepository(session).everyone()[0].ticked


def test_only_the_linked_parent_can_give_it(desk: Desk) -> None:
    yes = arabic_parent(desk)
    for who in (OMAR, ALI, SARA):
        assert "Deze knop werkt niet" in texts(desk.press(who, yes)), who
    assert "Deze knop werkt niet" in texts(desk.press(FATIMA, "perm:7:ja")), "no such registration"
    with desk.database.session() as session:
        assert "permission" not in CampRepository(session).everyone()[0].ticked


def test_staff_ticking_the_permission_says_who_ticked_it(desk: Desk) -> None:
    ticked = desk.press(SARA, "kamp:1:permission")
    assert "✍️ Toestemming: aangevinkt door Sara, 12/12 15:00" in texts(ticked), "Brussels time"
    assert "aangevinkt" not in texts(desk.press(SARA, "kamp:1:permission")), "unticked"
