"""The parent of a pupil on the camp list: a one-time link, the camp status, the reminders.

Storage on SQLite and PostgreSQL; the conversation through the core and the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.campports import LINK_CONFIRMED, LINK_PENDING, LINK_REFUSED, LINK_REVOKED
from bot.core.dialogue import Maatje
from bot.core.leadports import Lead
from bot.core.state import UserState
from bot.features import registry
from bot.features.camp import remind_medical_form
from bot.scheduler import job_context
from content.loader import load_content
from intents.pipeline import Understander
from storage.camp import CampRepository
from storage.db import Database
from storage.models import CampParentLinkRow, User
from storage.outbox import ATTACHMENT
from tests.migrations import upgrade
from tests.staffdesk import Desk, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
#: Within the reminder window: a week before the medical form's deadline (18 June 2027).
REMINDER_DAY = datetime(2027, 6, 12, 10, 0, tzinfo=UTC)
SARA, ALI, FATIMA, OMAR = "tg:501", "tg:901", "tg:951", "tg:952"
BOT = "MaatjeTestBot"


def lead(number: int, user_key: str, name: str) -> Lead:
    return Lead(number, user_key, user_key, name, "camp", "ar", "open", NOW)


# --- storage ---------------------------------------------------------------------------


def test_a_parent_link_works_once_and_expires(database_url: str) -> None:
    database = Database.open(database_url)
    try:
        with database.session() as session:
            camp = CampRepository(session)
            registration = camp.register(lead(1, ALI, "Ali"), NOW)
            assert registration is not None
            fresh = camp.parent_invite(registration.id, NOW, timedelta(days=14))
            old = camp.parent_invite(registration.id, NOW, timedelta(days=14))
            assert fresh is not None and old is not None
            assert camp.parent_invite(999, NOW, timedelta(days=14)) is None
            stored = session.query(CampParentLinkRow).all()
            assert fresh.token not in {row.token_hash for row in stored}, "only a hash is kept"
        with database.session() as session:
            camp = CampRepository(session)
            assert camp.accept_parent("forged", FATIMA, FATIMA, "Fatima", "ar", NOW) is None
            later = NOW + timedelta(days=15)
            assert camp.accept_parent(old.token, FATIMA, FATIMA, "Fatima", "ar", later) is None, "expired"
            linked = camp.accept_parent(fresh.token, FATIMA, FATIMA, "Fatima", "ar",
                                        NOW + timedelta(days=1))
            assert linked is not None and linked.registration.first_name == "Ali"
            assert (linked.status, linked.parent_name, linked.language) == (LINK_PENDING, "Fatima", "ar")
            assert camp.accept_parent(fresh.token, OMAR, OMAR, "Omar", "fa", NOW) is None, "used"
            assert camp.of_parent(FATIMA) == [], "nothing before the pupil confirms"
            assert camp.decide_parent(linked.id, LINK_CONFIRMED, NOW) is not None
            assert camp.decide_parent(linked.id, LINK_REFUSED, NOW) is None, "decided once"
            assert [r.id for r in camp.of_parent(FATIMA)] == [registration.id]
            assert camp.of_parent(OMAR) == []
            assert camp.decide_parent(linked.id, LINK_REVOKED, NOW) is not None
            assert camp.of_parent(FATIMA) == [], "a revoked link shows nothing"
    finally:
        database.close()


def test_linked_parents_are_reminded_once_until_the_form_is_ticked(database_url: str) -> None:
    database = Database.open(database_url)
    try:
        with database.session() as session:
            camp = CampRepository(session)
            ali = camp.register(lead(1, ALI, "Ali"), NOW)
            mina = camp.register(lead(2, "tg:902", "Mina"), NOW)
            assert ali is not None and mina is not None
            for registration, parent, language in ((ali, FATIMA, "ar"), (mina, OMAR, None)):
                invite = camp.parent_invite(registration.id, NOW, timedelta(days=14))
                assert invite is not None
                opened = camp.accept_parent(invite.token, parent, parent, "X", language, NOW)
                assert opened is not None
                assert camp.decide_parent(opened.id, LINK_CONFIRMED, NOW) is not None
            waiting = camp.parent_invite(ali.id, NOW, timedelta(days=14))
            assert waiting is not None
            assert camp.accept_parent(waiting.token, OMAR, OMAR, "Omar", "fa", NOW) is not None
            unused = camp.parent_invite(ali.id, NOW, timedelta(days=14))
            assert unused is not None
            camp.toggle(mina.id, "medical")
        with database.session() as session:
            [due] = CampRepository(session).parents_without_medical_form(REMINDER_DAY)
            assert (due.chat_key, due.language, due.registration.first_name) == (FATIMA, "ar", "Ali"), (
                "not Omar, who is not confirmed")
        with database.session() as session:
            assert CampRepository(session).parents_without_medical_form(REMINDER_DAY) == []
    finally:
        database.close()


# --- the conversation ------------------------------------------------------------------


@pytest.fixture(scope="session")
def parent_core(understander: Understander) -> Maatje:
    return Maatje(load_content(), understander, threshold=0.45, features=registry(),
                  bot_username=BOT)


@pytest.fixture
def desk(parent_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = Desk(parent_core, database, NOW)
    desk.make_staff(SARA, "Sara")
    with database.session() as session:
        assert CampRepository(session).register(lead(1, ALI, "Ali"), NOW) is not None
    yield desk
    database.close()


def parent_link(desk: Desk) -> str:
    """Staff press "👪 Link voor ouder" on the camp card; the token from the link shown."""
    card = desk.say(SARA, "/kamp").replies[1]
    assert "kamp:1:parent" in [b.payload for b in card.buttons]
    shown = desk.press(SARA, "kamp:1:parent")
    [reply] = shown.replies
    prefix = f"https://t.me/{BOT}?start=ouder-"
    assert prefix in reply.text and "Ali" in reply.text and "één keer" in reply.text
    assert reply.document is not None and reply.document.data.startswith(b"\x89PNG"), "QR code"
    return reply.text.split(prefix, 1)[1].split()[0]


def notices(desk: Desk, chat: str, before: int = 0) -> list:  # type: ignore[type-arg]
    return [row for row in desk.outbox()[before:] if row.chat_key == chat]


def confirmed_parent(desk: Desk, parent: str = FATIMA) -> None:
    """Ali (13+, with a chat) is asked and types "ja"."""
    desk.say(ALI, "hallo")
    desk.say(parent, f"/start ouder-{parent_link(desk)}", first_name="Fatima")
    assert "Fatima" in texts(desk.say(ALI, "ja"))


def test_a_new_parent_sees_nothing_about_her_until_she_confirms(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    token = parent_link(desk)
    fresh = desk.new_user
    desk.new_user = UserState()
    picker = desk.say(FATIMA, f"/start ouder-{token}", hint="ar", first_name="Fatima")
    assert "In welke taal" in texts(picker)
    assert "je kind zegt eerst" in texts(picker).lower() and "Ali" not in texts(picker)
    chosen = desk.press(FATIMA, "lang:ar")
    assert "Ali" not in texts(chosen) and all(r.document is None for r in chosen.replies)
    [question] = notices(desk, ALI)
    assert "De naam is Fatima" in question.text and "هل هذا وليّ أمرك" in question.text
    assert [b.payload.rsplit(":", 1)[1] for b in question.buttons] == ["ja", "nee"]
    desk.new_user = fresh
    before = len(desk.outbox())
    said = desk.say(ALI, "نعم")
    assert "Fatima krijgt nu het nieuws" in texts(said), "typed yes, as the ✅ button"
    status, request = notices(desk, FATIMA, before)
    assert "Mag Ali mee op kamp" in request.text, "then the permission question"
    assert "Ali staat op de lijst voor het kamp" in status.text
    assert "Zomerkamp in de Ardennen" in status.text and "Jouw toestemming" in status.text
    assert "مسجَّل في قائمة المخيم" in status.text, "and in Arabic under the Dutch"
    assert status.file_id == "medische-fiche-ar.pdf", "the form beside Arabic"
    staff = [row.text for row in desk.outbox()[before:] if row.chat_key == SARA]
    assert any("Ali zegt dat Fatima de ouder is" in text for text in staff)
    again = desk.say(OMAR, f"/start ouder-{token}")
    assert "Deze link werkt niet" in texts(again), "a used link"
    forged = desk.say(OMAR, "/start ouder-AAAAAAAAAAAAAAAAAAAAAAAA")
    assert "Deze link werkt niet" in texts(forged)


def test_the_pupil_cannot_take_her_own_parent_link(desk: Desk) -> None:
    token = parent_link(desk)
    own = desk.say(ALI, f"/start ouder-{token}")
    assert "Dit is de link voor je ouder" in texts(own)
    opened = desk.say(FATIMA, f"/start ouder-{token}", first_name="Fatima")
    assert "Deze link werkt niet" not in texts(opened), "the link still works for the parent"


def test_a_no_from_the_pupil_stops_the_link_and_tells_staff(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    desk.say(OMAR, f"/start ouder-{parent_link(desk)}", first_name="Omar")
    [question] = notices(desk, ALI)
    before = len(desk.outbox())
    no = desk.press(ALI, question.buttons[1].payload)
    assert "Omar krijgt niets over jou" in texts(no)
    [told] = notices(desk, OMAR, before)
    assert "werkt niet meer" in told.text and "Ali" not in told.text
    assert any("Ali zegt dat Omar NIET de ouder is" in row.text
               for row in notices(desk, SARA, before))
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(OMAR) == []
    assert "Deze knop werkt niet" in texts(desk.press(ALI, question.buttons[0].payload)), "once"


def test_for_a_pupil_without_a_chat_the_youth_worker_who_made_the_link_confirms(desk: Desk) -> None:
    desk.make_staff("tg:502", "Jan")
    token = parent_link(desk)
    desk.say(FATIMA, f"/start ouder-{token}", first_name="Fatima")
    assert notices(desk, ALI) == [], "Ali has no chat with Maatje"
    [question] = notices(desk, SARA)
    assert "Fatima" in question.text and "jonger dan 13" in question.text
    yes = question.buttons[0].payload
    assert "Deze knop werkt niet" in texts(desk.press("tg:502", yes)), "only the one who made it"
    assert "Deze knop werkt niet" in texts(desk.press(FATIMA, yes))
    before = len(desk.outbox())
    assert "Fatima is bevestigd als ouder van Ali" in texts(desk.press(SARA, yes))
    status, _ = notices(desk, FATIMA, before)
    assert "Ali staat op de lijst" in status.text


def test_under_13_the_youth_worker_confirms(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="u13")
    desk.say(ALI, "hallo")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}", first_name="Fatima")
    assert notices(desk, ALI) == []
    [question] = notices(desk, SARA)
    assert "Fatima" in question.text


def test_staff_see_who_opened_the_link_and_can_stop_it(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    desk.say(OMAR, f"/start ouder-{parent_link(desk)}", first_name="Omar", hint="fa")
    card = desk.say(SARA, "/kamp").replies[1]
    assert "Omar" in card.text and "wacht op Ali" in card.text
    stop = next(b.payload for b in card.buttons if "Stop de link van Omar" in b.label)
    before = len(desk.outbox())
    stopped = desk.press(SARA, stop)
    assert "werkt niet meer" in texts(stopped)
    assert "werkt niet meer" in notices(desk, OMAR, before)[0].text
    [question] = notices(desk, ALI)
    assert "Deze knop werkt niet" in texts(desk.press(ALI, question.buttons[0].payload))
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(OMAR) == []
    assert "Omar" not in desk.say(SARA, "/kamp").replies[1].text
    parent_link(desk)  # and a new one


def test_a_link_used_before_the_upgrade_keeps_working_until_the_pupil_says_no(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}", first_name="Fatima")
    with desk.database.session() as session:  # as migration 0013 leaves a link used before it
        row = session.query(CampParentLinkRow).one()
        row.status, row.confirmer, row.parent_name = "legacy", None, None
        session.query(User).filter_by(channel_key=ALI).one().asked = ""
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(FATIMA) != []
    card = desk.say(SARA, "/kamp").replies[1]
    assert "oude link, nooit bevestigd" in card.text
    ask = next(b.payload for b in card.buttons if b.label.startswith("❓"))
    before = len(desk.outbox())
    assert "Tot dan werkt de oude link nog" in texts(desk.press(SARA, ask))
    [question] = notices(desk, ALI, before)
    assert "De naam is" in question.text
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(FATIMA) != [], "working while she is asked"
    desk.say(ALI, "nee")
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(FATIMA) == []


def test_an_expired_link_is_refused_kindly(desk: Desk) -> None:
    token = parent_link(desk)
    desk.later(days=15)
    refused = desk.say(FATIMA, f"/start ouder-{token}")
    assert "Deze link werkt niet" in texts(refused) and "nieuwe link" in texts(refused)


def test_the_reminder_reaches_the_parent_with_the_form_until_it_is_ticked(desk: Desk) -> None:
    desk.new_user = replace(desk.new_user, language="fa")
    confirmed_parent(desk)

    def remind() -> int:
        with desk.database.session() as session:
            return remind_medical_form(job_context(desk.core.content, session, desk.now),
                                       timedelta(days=7))

    desk.now = REMINDER_DAY
    before = len(desk.outbox())
    assert remind() == 2, "the pupil and the parent"
    [parent] = [row for row in desk.outbox()[before:] if row.chat_key == FATIMA]
    assert "medische fiche van Ali" in parent.text and "فورم صحی" in parent.text
    assert (parent.file_kind, parent.file_id) == (ATTACHMENT, "medische-fiche-fa.pdf")
    assert remind() == 0, "once"


def test_no_reminder_for_the_parent_once_the_form_is_ticked(desk: Desk) -> None:
    confirmed_parent(desk)
    assert "✅ Medische fiche" in texts(desk.press(SARA, "kamp:1:medical"))
    desk.now = REMINDER_DAY
    before = len(desk.outbox())
    with desk.database.session() as session:
        sent = remind_medical_form(job_context(desk.core.content, session, desk.now),
                                   timedelta(days=7))
    assert sent == 0
    assert notices(desk, FATIMA, before) == []


def test_the_link_shows_in_my_data_and_goes_with_vergeet(desk: Desk) -> None:
    confirmed_parent(desk)
    exported = desk.say(FATIMA, "/mijngegevens").replies[0].document
    assert exported is not None and b"camp_parent_links" in exported.data
    assert b'"parent_name": "Fatima"' in exported.data
    pupils = desk.say(ALI, "/mijngegevens").replies[0].document
    assert pupils is not None and b"camp_parent_links" in pupils.data
    [row] = json.loads(pupils.data)["tables"]["camp_parent_links"]
    assert row["parent_name"] is None and row["parent_user_key"] is None, "the parent's own"
    assert row["parent_chat_key"] is None
    confirm = desk.say(FATIMA, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    desk.press(FATIMA, yes)
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(FATIMA) == []
        assert session.query(CampParentLinkRow).filter_by(parent_user_key=FATIMA).count() == 0


def test_the_parents_vergeet_takes_every_notice_that_names_her(desk: Desk) -> None:
    """"Is Fatima je ouder?" (to Ali), "Ali zegt dat Fatima de ouder is" and "Fatima geeft
    toestemming" (to staff) are about Ali but name Fatima: her /vergeet erases them too."""
    confirmed_parent(desk)
    permission = next(row for row in notices(desk, FATIMA) if "Mag Ali mee op kamp" in row.text)
    desk.press(FATIMA, permission.buttons[0].payload)
    assert any("Fatima" in row.text for row in desk.outbox() if row.chat_key != FATIMA)
    confirm = desk.say(FATIMA, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    assert "gewist" in texts(desk.press(FATIMA, yes)).lower()
    named = [row.text for row in desk.outbox() if "Fatima" in row.text]
    assert named == [], named
    kept = [row.text for row in desk.outbox() if row.chat_key == SARA]
    assert kept == [] or all("Fatima" not in text for text in kept)


def test_a_waiting_parents_vergeet_takes_back_the_question_to_the_pupil(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    desk.say(OMAR, f"/start ouder-{parent_link(desk)}", first_name="Omar")
    [question] = notices(desk, ALI)
    assert "Omar" in question.text
    confirm = desk.say(OMAR, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    desk.press(OMAR, yes)
    assert notices(desk, ALI) == [], "Ali is no longer asked about someone who is gone"
    assert not any("Omar" in row.text for row in desk.outbox())


def test_without_the_bot_name_staff_are_told_what_to_set(desk: Desk) -> None:
    desk.core = replace(desk.core, bot_username=None)
    shown = desk.press(SARA, "kamp:1:parent")
    assert "MAATJE_TELEGRAM_USERNAME" in texts(shown)


def test_the_command_line_prints_the_same_link(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    database = Database.open(sqlite_url)
    with database.session() as session:
        assert CampRepository(session).register(lead(1, ALI, "Ali"), NOW) is not None
    database.close()
    qr = tmp_path / "ouder.png"
    assert main(["camp", "--db", sqlite_url, "parent-link", "--registration", "1",
                 "--bot", "@MaatjeBot", "-o", str(qr)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("https://t.me/MaatjeBot?start=ouder-") and "#K1" in printed
    assert qr.read_bytes().startswith(b"\x89PNG")
    assert main(["camp", "--db", sqlite_url, "parent-link", "--registration", "7",
                 "--bot", "MaatjeBot"]) == 2
    assert "no camp registration #7" in capsys.readouterr().err


def test_the_pupils_vergeet_takes_the_parent_link_with_it(desk: Desk) -> None:
    confirmed_parent(desk)
    confirm = desk.say(ALI, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    desk.press(ALI, yes)
    with desk.database.session() as session:
        assert session.query(CampParentLinkRow).count() == 0
        assert CampRepository(session).of_parent(FATIMA) == []
    desk.now = REMINDER_DAY
    with desk.database.session() as session:
        assert remind_medical_form(job_context(desk.core.content, session, desk.now),
                                   timedelta(days=7)) == 0


def test_the_upgrade_keeps_used_links_working_as_legacy_and_unused_ones_open(
    database_url: str,
) -> None:
    """Migration 0013: a link a parent opened before confirmation existed keeps working
    (``legacy``) until confirmed or revoked; one nobody opened goes through the new way."""
    from sqlalchemy import MetaData, Table

    from storage.db import make_engine

    engine = make_engine(database_url)
    upgrade(engine, "0012")
    with engine.begin() as connection:
        tables = {name: Table(name, MetaData(), autoload_with=connection)
                  for name in ("camp_registrations", "camp_parent_links")}
        connection.execute(tables["camp_registrations"].insert(), [{
            "id": 1, "lead_id": 1, "user_key": ALI, "chat_key": ALI, "first_name": "Ali",
            "language": "ar", "permission": False, "medical": False, "paid": False,
            "created_at": NOW}])
        connection.execute(tables["camp_parent_links"].insert(), [
            {"id": 1, "registration_id": 1, "pupil_user_key": ALI, "token_hash": "a" * 64,
             "created_at": NOW, "expires_at": NOW + timedelta(days=14), "used_at": NOW,
             "parent_user_key": FATIMA, "parent_chat_key": FATIMA, "language": "ar"},
            {"id": 2, "registration_id": 1, "pupil_user_key": ALI, "token_hash": "b" * 64,
             "created_at": NOW, "expires_at": NOW + timedelta(days=14), "used_at": None,
             "parent_user_key": None, "parent_chat_key": None, "language": None}])
    upgrade(engine, "head")
    engine.dispose()
    database = Database(database_url)
    try:
        with database.session() as session:
            camp = CampRepository(session)
            assert [r.id for r in camp.of_parent(FATIMA)] == [1], "still working"
            assert [link.status for link in camp.parent_links(1)] == ["legacy", "open"]
            assert camp.decide_parent(1, LINK_REVOKED, NOW) is not None
            assert camp.of_parent(FATIMA) == []
    finally:
        database.close()


def test_the_pupils_answer_after_the_parent_erased_herself_is_answered_clearly(desk: Desk) -> None:
    """Telegram keeps "Is Omar je ouder?" in Ali's chat after Omar's /vergeet: his "ja"
    (typed or pressed) says the question is gone, not "this button does not work"."""
    desk.say(ALI, "hallo")
    desk.say(OMAR, f"/start ouder-{parent_link(desk)}", first_name="Omar")
    [question] = notices(desk, ALI)
    confirm = desk.say(OMAR, "/vergeet")
    desk.press(OMAR, next(b.payload for r in confirm.replies for b in r.buttons
                          if b.payload.startswith("vergeet:ja")))
    typed = texts(desk.say(ALI, "ja"))
    assert "Die vraag over je ouder geldt niet meer" in typed and "Omar" not in typed
    assert "Deze knop werkt niet" not in typed
    pressed = texts(desk.press(ALI, question.buttons[1].payload))
    assert "Die vraag over je ouder geldt niet meer" in pressed
    assert "Deze knop werkt niet" in texts(desk.press(SARA, question.buttons[0].payload))
