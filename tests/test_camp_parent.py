"""The parent of a pupil on the camp list: a one-time link, the camp status, the reminders.

Storage on SQLite and PostgreSQL; the conversation through the core and the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from bot.core.staffports import Lead
from bot.core.state import UserState
from bot.delivery.jobs import system_context
from bot.features import registry
from bot.features.camp import remind_medical_form
from content.loader import load_content
from intents.pipeline import Understander
from storage.camp import CampRepository
from storage.db import Database
from storage.models import CampParentLinkRow
from storage.outbox import ATTACHMENT
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
            assert camp.accept_parent("forged", FATIMA, FATIMA, "ar", NOW) is None
            later = NOW + timedelta(days=15)
            assert camp.accept_parent(old.token, FATIMA, FATIMA, "ar", later) is None, "expired"
            linked = camp.accept_parent(fresh.token, FATIMA, FATIMA, "ar", NOW + timedelta(days=1))
            assert linked is not None and linked.first_name == "Ali"
            assert camp.accept_parent(fresh.token, OMAR, OMAR, "fa", NOW) is None, "used"
            assert [r.id for r in camp.of_parent(FATIMA)] == [registration.id]
            assert camp.of_parent(OMAR) == []
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
                assert camp.accept_parent(invite.token, parent, parent, language, NOW)
            unused = camp.parent_invite(ali.id, NOW, timedelta(days=14))
            assert unused is not None
            camp.toggle(mina.id, "medical")
        with database.session() as session:
            [due] = CampRepository(session).parents_without_medical_form(REMINDER_DAY)
            assert (due.chat_key, due.language, due.registration.first_name) == (FATIMA, "ar", "Ali")
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


def test_a_new_parent_picks_a_language_and_sees_the_camp_and_the_form(desk: Desk) -> None:
    token = parent_link(desk)
    desk.new_user = UserState()
    picker = desk.say(FATIMA, f"/start ouder-{token}", hint="ar")
    assert "In welke taal" in texts(picker)
    chosen = desk.press(FATIMA, "lang:ar")
    _, status = chosen.replies
    assert "Ali staat op de lijst voor het kamp" in status.text
    assert "Zomerkamp in de Ardennen" in status.text and "Jouw toestemming" in status.text
    assert "مسجَّل في قائمة المخيم" in status.text, "and in Arabic under the Dutch"
    assert status.document is not None and status.document.filename == "medische-fiche.pdf"
    assert status.menu, "the main menu comes with it"
    again = desk.say(OMAR, f"/start ouder-{token}")
    assert "Deze link werkt niet" in texts(again), "a used link"
    forged = desk.say(OMAR, "/start ouder-AAAAAAAAAAAAAAAAAAAAAAAA")
    assert "Deze link werkt niet" in texts(forged)


def test_an_expired_link_is_refused_kindly(desk: Desk) -> None:
    token = parent_link(desk)
    desk.later(days=15)
    refused = desk.say(FATIMA, f"/start ouder-{token}")
    assert "Deze link werkt niet" in texts(refused) and "nieuwe link" in texts(refused)


def test_the_reminder_reaches_the_parent_with_the_form_until_it_is_ticked(desk: Desk) -> None:
    desk.new_user = replace(desk.new_user, language="fa")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}")

    def remind() -> int:
        with desk.database.session() as session:
            return remind_medical_form(system_context(desk.core.content, session, desk.now),
                                       timedelta(days=7))

    desk.now = REMINDER_DAY
    before = len(desk.outbox())
    assert remind() == 2, "the pupil and the parent"
    [parent] = [row for row in desk.outbox()[before:] if row.chat_key == FATIMA]
    assert "medische fiche van Ali" in parent.text and "فرم پزشکی" in parent.text
    assert (parent.file_kind, parent.file_id) == (ATTACHMENT, "medische-fiche.pdf")
    assert remind() == 0, "once"


def test_no_reminder_for_the_parent_once_the_form_is_ticked(desk: Desk) -> None:
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}")
    assert "✅ Medische fiche" in texts(desk.press(SARA, "kamp:1:medical"))
    desk.now = REMINDER_DAY
    with desk.database.session() as session:
        sent = remind_medical_form(system_context(desk.core.content, session, desk.now),
                                   timedelta(days=7))
    assert sent == 0
    assert all(row.chat_key != FATIMA for row in desk.outbox())


def test_the_link_shows_in_my_data_and_goes_with_vergeet(desk: Desk) -> None:
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}")
    exported = desk.say(FATIMA, "/mijngegevens").replies[0].document
    assert exported is not None and b"camp_parent_links" in exported.data
    confirm = desk.say(FATIMA, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    desk.press(FATIMA, yes)
    with desk.database.session() as session:
        assert CampRepository(session).of_parent(FATIMA) == []
        assert session.query(CampParentLinkRow).filter_by(parent_user_key=FATIMA).count() == 0


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
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}")
    confirm = desk.say(ALI, "/vergeet")
    yes = next(b.payload for r in confirm.replies for b in r.buttons
               if b.payload.startswith("vergeet:ja"))
    desk.press(ALI, yes)
    with desk.database.session() as session:
        assert session.query(CampParentLinkRow).count() == 0
        assert CampRepository(session).of_parent(FATIMA) == []
    desk.now = REMINDER_DAY
    with desk.database.session() as session:
        assert remind_medical_form(system_context(desk.core.content, session, desk.now),
                                   timedelta(days=7)) == 0
