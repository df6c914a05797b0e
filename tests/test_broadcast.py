"""Announcements: subscribing with consent, groups by deep link, and the /bericht flow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.messages import Kind
from bot.core.state import UserState
from bot.features.broadcast import parse_when
from storage.db import Database
from storage.repositories import Users
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA = "tg:501"
ALI, MINA, OMAR = "tg:901", "tg:902", "tg:903"



@pytest.fixture
def desk(staff_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = Desk(staff_core, database, NOW)
    desk.make_staff(SARA, "Sara")
    yield desk
    database.close()


def settings(desk: Desk, who: str, language: str, role: str) -> None:
    with desk.database.session() as session:
        Users(session).save(who, UserState(language=language, role=role, onboarded=True,
                                           age_band="13+"), desk.now)


def subscribe(desk: Desk, who: str, group: str | None = None) -> None:
    asked = desk.say(who, f"/start groep-{group}") if group else desk.say(who, "ik wil berichten krijgen")
    yes = next(p for p in payloads(asked) if p.startswith("sub:on"))
    assert "Top!" in texts(desk.press(who, yes))


def test_subscribing_asks_consent_and_stopping_is_one_tap(desk: Desk) -> None:
    asked = desk.say(ALI, "ik wil berichten krijgen")
    assert "Wil je een bericht krijgen" in texts(asked)
    assert "geen berichten" in texts(desk.press(ALI, "sub:no"))
    subscribe(desk, ALI)
    assert "Top!" in texts(desk.say(ALI, "ik wil berichten krijgen")), "no second question"
    assert "geen berichten meer" in texts(desk.press(ALI, "sub:off"))
    assert "Wil je een bericht krijgen" in texts(desk.say(ALI, "stuur me berichten"))


def test_a_group_link_joins_the_group_after_consent(desk: Desk) -> None:
    asked = desk.say(ALI, "/start groep-okan-anderlecht")
    assert "sub:on:okan-anderlecht" in payloads(asked)
    joined = desk.press(ALI, "sub:on:okan-anderlecht")
    assert "groep okan-anderlecht" in texts(joined)
    assert "groep okan-woluwe" in texts(desk.say(ALI, "/start groep-okan-woluwe")), "no new question"
    assert "werkt niet" in texts(desk.press(ALI, "sub:on:<script>"))


def test_an_arabic_parent_joining_a_group_reads_one_dutch_then_one_arabic_block(desk: Desk) -> None:
    settings(desk, OMAR, "ar", "parent")
    desk.say(OMAR, "/start groep-okan-anderlecht")
    joined = desk.press(OMAR, "sub:on:okan-anderlecht")
    dutch, arabic = texts(joined).split("\n\n")
    assert "Top!" in dutch and "groep okan-anderlecht" in dutch
    assert "رائع" in arabic and "المجموعة" in arabic and "okan-anderlecht" in arabic


def test_a_staff_announcement_to_a_group_with_a_translation(desk: Desk) -> None:
    settings(desk, ALI, "ar", "pupil")
    settings(desk, MINA, "nl", "pupil")
    settings(desk, OMAR, "uk", "parent")
    subscribe(desk, ALI, "okan-anderlecht")
    subscribe(desk, MINA, "okan-anderlecht")
    subscribe(desk, OMAR, "okan-woluwe")

    assert "Typ de tekst" in texts(desk.say(SARA, "/bericht"))
    audience = desk.say(SARA, "Zaterdag gaan we schaatsen! Kom om 14u naar het jeugdhuis.")
    assert "Voor wie" in texts(audience) and "bc:1:a:all" in payloads(audience)
    groups = desk.press(SARA, "bc:1:groups")
    assert payloads(groups) == ["bc:1:a:group:okan-anderlecht", "bc:1:a:group:okan-woluwe"]
    preview = desk.press(SARA, "bc:1:a:group:okan-anderlecht")
    assert "Ontvangers: 2" in texts(preview) and "schaatsen" in texts(preview)
    desk.press(SARA, "bc:1:tr")
    assert "Arabisch" in texts(desk.press(SARA, "bc:1:tl:ar"))
    with_translation = desk.say(SARA, "يوم السبت نذهب للتزلج!")
    assert "Vertalingen: Arabisch" in texts(with_translation)
    assert "Bericht #1 gaat nu naar 2" in texts(desk.press(SARA, "bc:1:send"))

    rows = {row.chat_key: row for row in desk.outbox()}
    assert set(rows) == {ALI, MINA}
    assert "schaatsen" in rows[ALI].text and "للتزلج" in rows[ALI].text
    assert "للتزلج" not in rows[MINA].text
    assert [b.payload for b in rows[ALI].buttons] == ["sub:off"]
    assert "·" in rows[ALI].buttons[0].label, "the off button also in Arabic"
    assert "niet meer veranderen" in texts(desk.press(SARA, "bc:1:send")), "sent once"


def test_audiences_by_role_and_language(desk: Desk) -> None:
    settings(desk, ALI, "ar", "pupil")
    settings(desk, OMAR, "uk", "parent")
    subscribe(desk, ALI)
    subscribe(desk, OMAR)
    desk.say(SARA, "/bericht")
    desk.say(SARA, "Oudercontact op dinsdag.")
    assert "Ontvangers: 1" in texts(desk.press(SARA, "bc:1:a:role:parent"))
    assert "Ontvangers: 1" in texts(desk.press(SARA, "bc:1:a:lang:ar"))
    assert "Ontvangers: 2" in texts(desk.press(SARA, "bc:1:a:all"))


def test_an_unknown_button_action_changes_nothing(desk: Desk) -> None:
    subscribe(desk, ALI)
    desk.say(SARA, "/bericht")
    desk.say(SARA, "Oudercontact op dinsdag.")
    desk.press(SARA, "bc:1:a:all")
    for forged in ("bc:1:zzz", "bc:1:a", "bc:1:tl:xx"):
        answer = texts(desk.press(SARA, forged))
        assert "Deze knop werkt niet" in answer and "gestopt" not in answer, forged
    assert "Bericht #1 gaat nu naar 1" in texts(desk.press(SARA, "bc:1:send")), "the draft was kept"


def test_a_photo_announcement_scheduled_for_later(desk: Desk) -> None:
    subscribe(desk, ALI)
    desk.say(SARA, "/bericht")
    too_long = desk.attach(SARA, Kind.PHOTO, "PHOTO-1", "x" * 1100)
    assert "te lang" in texts(too_long)
    desk.attach(SARA, Kind.PHOTO, "PHOTO-1", "Kijk: de affiche van het kamp!")
    preview = desk.press(SARA, "bc:1:a:all")
    assert "Met foto of document" in texts(preview)
    assert "Wanneer" in texts(desk.press(SARA, "bc:1:later"))
    assert "begrijp ik niet" in texts(desk.say(SARA, "ooit"))
    scheduled = desk.say(SARA, "morgen 18:00")
    assert "Gepland" in texts(scheduled) and "13/12 18:00" in texts(scheduled)
    assert desk.outbox() == []

    from bot.features.broadcast import start_due
    from bot.scheduler import job_context

    def run_job() -> int:
        with desk.database.session() as session:
            return start_due(job_context(desk.core.content, session, desk.now))

    assert run_job() == 0
    desk.later(hours=28, minutes=1)
    assert run_job() == 1
    [row] = desk.outbox()
    assert (row.chat_key, row.file_kind, row.file_id) == (ALI, "photo", "PHOTO-1")
    assert run_job() == 0


def test_pupils_cannot_announce(desk: Desk) -> None:
    assert "alleen een jeugdwerker" in texts(desk.say(ALI, "/bericht"))
    desk.say(SARA, "/bericht")
    assert "werkt niet" in texts(desk.press(ALI, "bc:1:send"))
    assert "werkt niet" in texts(desk.press(ALI, "bc:1:a:all"))


def test_times_staff_type_for_later() -> None:
    now = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
    assert parse_when("18:00", now, "morgen") == now.replace(hour=18)
    assert parse_when("9:30", now, "morgen") == now.replace(day=13, hour=9, minute=30)
    assert parse_when("morgen 18u00", now, "morgen") == now.replace(day=13, hour=18)
    assert parse_when("24/12 09:30", now, "morgen") == now.replace(day=24, hour=9, minute=30)
    assert parse_when("3/1 10:00", now, "morgen") == now.replace(year=2027, month=1, day=3, hour=10)
    assert parse_when("31/2 10:00", now, "morgen") is None
    assert parse_when("straks", now, "morgen") is None


def test_a_withdrawn_consent_stops_announcements(desk: Desk) -> None:
    subscribe(desk, ALI)
    subscribe(desk, MINA)
    desk.say(SARA, "/bericht")
    desk.say(SARA, "Morgen geen activiteit.")
    assert "Ontvangers: 2" in texts(desk.press(SARA, "bc:1:a:all"))
    desk.press(MINA, "consent:announcements:no")
    assert "Ontvangers: 1" in texts(desk.press(SARA, "bc:1:a:all"))
    desk.press(SARA, "bc:1:send")
    assert [row.chat_key for row in desk.outbox()] == [ALI]


def test_under_13_nobody_is_subscribed(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True)
    asked = desk.press(ALI, "sub:on:okan-anderlecht")
    under, over = payloads(asked)
    assert under.startswith("sub:age:u13:okan-anderlecht:")
    assert over.startswith("sub:age:13+:okan-anderlecht:")
    assert "jonger dan 13" in texts(desk.press(ALI, under))
    assert "jonger dan 13" in texts(desk.press(ALI, "sub:on"))
    assert "groep okan-anderlecht" in texts(desk.press(MINA, over))


def test_someone_new_from_a_group_link_gets_the_welcome_and_the_question(desk: Desk) -> None:
    desk.new_user = UserState()
    first = desk.say(ALI, "/start groep-okan-anderlecht")
    assert "العربية" in " ".join(b.label for r in first.replies for b in r.buttons)
    assert "sub:on:okan-anderlecht" in payloads(first)


def test_an_announcement_without_translation_is_dutch_once_with_a_note_in_her_language() -> None:
    from bot.core.broadcastports import Announcement
    from bot.features.broadcast import letters
    from content.loader import load_content

    content = load_content()
    plain = Announcement(1, "tg:9", "tg:9", "draft", text="Zaterdag gaan we schaatsen.")
    written = letters(content, plain)
    arabic, dutch = written.by_language["ar"].text, written.by_language["nl"].text
    assert arabic.count("Zaterdag gaan we schaatsen.") == 1
    assert content.ui_text("relay.dutch_note", "ar") in arabic
    assert dutch == "Zaterdag gaan we schaatsen."
    translated = letters(content, Announcement(2, "tg:9", "tg:9", "draft", text="Zaterdag.",
                                               translations={"ar": "يوم السبت."}))
    assert translated.by_language["ar"].text == "Zaterdag.\n\nيوم السبت."
