"""The staff phrasebook: a youth worker answers with a quick reply, the pupil reads it in
Dutch and in her language; her own words stay Dutch, with a note (core + database)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from bot.features.phrasebook import BUTTON, PhraseButton, slot_text
from content.bidi import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from content.loader import ContentError, load_content
from storage.db import Database
from storage.leads import LeadRepository
from storage.questions import QuestionRepository
from tests.features import Fixed
from tests.staffdesk import Desk, payloads, staffed, texts

#: Saturday 12 December, 15.00 in Brussels.
NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
SARA, TOM = "tg:501", "tg:502"
AMAL, LIES = "tg:901", "tg:902"
STAFF_GROUP = "tg:-1001"
CONTENT = load_content()


@pytest.fixture
def desk(staff_core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    desk = staffed(staff_core, database, NOW, SARA, STAFF_GROUP)
    with database.session() as session:
        QuestionRepository(session).ask(AMAL, AMAL, "Amal", "ar", "wanneer kan ik komen", NOW)
        LeadRepository(session).open(LIES, LIES, "Lies", "sport", "nl", NOW)
    yield desk
    database.close()


def to(desk: Desk, who: str) -> list[str]:
    return [row.text for row in desk.outbox() if row.chat_key == who]


def bare(text: str) -> str:
    """Without the isolates that keep a time one unit in right-to-left text."""
    return text.replace(FIRST_STRONG_ISOLATE, "").replace(POP_DIRECTIONAL_ISOLATE, "")


def test_the_list_offers_every_phrase_and_says_the_pupils_language(desk: Desk) -> None:
    listed = desk.press(SARA, "ph:V1", chat=STAFF_GROUP)
    assert "Amal (#V1)" in texts(listed) and "Arabisch" in texts(listed)
    labels = [button.label for button in listed.replies[0].buttons]
    assert "Ik bel je vandaag." in labels and "Kom naar het jeugdhuis om …." in labels
    assert len(CONTENT.phrases) in range(6, 11)


def test_a_phrase_with_an_hour_button_reaches_the_pupil_in_dutch_and_arabic(desk: Desk) -> None:
    desk.press(SARA, "ph:V1")
    asked = desk.press(SARA, "ph:V1:p:come_at")
    assert "Hoe laat?" in texts(asked) and "ph:V1:t:1800" in payloads(asked)
    preview = desk.press(SARA, "ph:V1:t:1800")
    assert "Zo krijgt Amal het" in texts(preview)
    assert to(desk, AMAL) == [], "nothing goes out before the yes"
    done = desk.press(SARA, "ph:V1:send")
    assert "Doorgestuurd naar Amal (#V1)" in texts(done)
    [message] = to(desk, AMAL)
    assert "Kom naar het jeugdhuis om 18.00 uur." in message
    assert "تعال إلى بيت الشباب الساعة 18:00." in bare(message)
    assert "Sara" not in message and "Nederlands" not in message
    assert "Geen open vragen" in texts(desk.say(SARA, "/vragen"))


def test_a_typed_time_tomorrow_names_the_day_in_each_language(desk: Desk) -> None:
    desk.press(SARA, "ph:V1")
    desk.press(SARA, "ph:V1:p:come_at")
    assert "begrijp ik niet" in texts(desk.say(SARA, "straks"))
    preview = desk.say(SARA, "morgen 18:00")
    assert "18.00 uur op zondag 13 december" in texts(preview)
    desk.say(SARA, "ja")
    [message] = to(desk, AMAL)
    assert "تعال إلى بيت الشباب الساعة 18:00 يوم" in bare(message)


def test_a_day_and_a_place_are_written_in_the_readers_language(desk: Desk) -> None:
    desk.press(SARA, "ph:L1")
    desk.press(SARA, "ph:L1:p:see_you")
    assert "Zie ik je donderdag 24 december?" in texts(desk.say(SARA, "24/12"))
    desk.press(SARA, "ph:L1:send")
    assert "Zie ik je donderdag 24 december?" in to(desk, LIES)[0]
    assert slot_text(CONTENT, "d:20261224", "ru", date(2026, 12, 12)) == "24 декабря (четверг)"
    desk.press(SARA, "ph:L1")
    place = desk.press(SARA, "ph:L1:p:come_to")
    assert "ph:L1:pl:jeugdhuis" in payloads(place)
    desk.press(SARA, "ph:L1:pl:jeugdhuis")
    desk.press(SARA, "ph:L1:send")
    assert "Kom naar Jeugdhuis De Kade." in to(desk, LIES)[1]


def test_her_own_words_go_in_dutch_with_a_note_in_the_pupils_language(desk: Desk) -> None:
    desk.press(SARA, "ph:V1", chat=STAFF_GROUP)
    preview = desk.say(SARA, "Wie neemt dit op?", chat=STAFF_GROUP)
    assert "Versturen?" in texts(preview) and to(desk, AMAL) == [], "meant for a colleague"
    again = desk.say(SARA, "Hoi Amal, je broer mag mee.", chat=STAFF_GROUP)
    assert "Wie neemt" not in texts(again)
    assert CONTENT.ui_text("relay.dutch_note", "ar") in texts(again)
    done = desk.say(SARA, "ja", chat=STAFF_GROUP)
    assert "Doorgestuurd naar Amal" in texts(done)
    [message] = to(desk, AMAL)
    assert "Hoi Amal, je broer mag mee." in message
    assert message.endswith(CONTENT.ui_text("relay.dutch_note", "ar"))
    desk.press(SARA, "ph:L1")
    desk.say(SARA, "Tot zaterdag!")
    desk.press(SARA, "ph:L1:send")
    [dutch] = to(desk, LIES)
    assert "Nederlands" not in dutch and "✍️" not in dutch, "a Dutch reader needs no note"


def test_a_reply_to_the_notice_gets_the_note_too(desk: Desk) -> None:
    desk.say(SARA, "Ik bel je straks.", chat=STAFF_GROUP, reply_to="❓ Vraag #V1")
    [message] = to(desk, AMAL)
    assert CONTENT.ui_text("relay.dutch_note", "ar") in message


def test_old_or_someone_elses_buttons_send_nothing(desk: Desk) -> None:
    desk.make_staff(TOM, "Tom")
    assert "niet meer versturen" in texts(desk.press(SARA, "ph:V1:t:1800"))
    desk.press(SARA, "ph:V1")
    desk.press(SARA, "ph:V1:p:call_today")
    assert "niet meer versturen" in texts(desk.press(TOM, "ph:V1:send"))
    assert "niet meer versturen" in texts(desk.press(SARA, "ph:L1:send"))
    assert "Niet verstuurd" in texts(desk.press(SARA, "ph:V1:stop"))
    assert "niet meer versturen" in texts(desk.press(SARA, "ph:V1:send"))
    assert "Ik weet niet naar wie" in texts(desk.press(SARA, "ph:V99"))
    assert to(desk, AMAL) == []


def test_typed_nonsense_at_the_preview_asks_again(desk: Desk) -> None:
    desk.press(SARA, "ph:V1")
    desk.press(SARA, "ph:V1:p:registered")
    again = desk.say(SARA, "wacht even")
    assert "Versturen?" in texts(again) and to(desk, AMAL) == []
    assert "Niet verstuurd" in texts(desk.say(SARA, "nee")) and to(desk, AMAL) == []


def test_payloads_stay_short() -> None:
    longest = PhraseButton("L123456789", "pl", "x" * 40)
    assert len(BUTTON.build(longest).encode()) <= 64


def _folder_with(tmp_path: Path, phrases: str) -> Path:
    folder = tmp_path / "content"
    source = Path(CONTENT.directory)
    folder.mkdir()
    for path in source.iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "phrases.yaml").write_text(phrases, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("phrases", "problem"), [
    ('ok:\n  slot: time\n  text: {nl: "Kom om {uur}."}\n', "must be the slot"),
    ('ok:\n  text: {nl: "Kom om {time}."}\n', "must be the slot"),
    ('ok:\n  slot: weather\n  text: {nl: "Het is {weather}."}\n', "slot"),
    ('Bad-Id:\n  text: {nl: "Hallo."}\n', "small letters"),
])
def test_a_broken_phrase_is_reported_at_load(tmp_path: Path, phrases: str, problem: str) -> None:
    with pytest.raises(ContentError) as error:
        load_content(_folder_with(tmp_path, phrases), strict=False)
    assert any("phrases.yaml" in line and problem in line for line in error.value.problems)


def test_the_question_notice_says_what_maatje_guessed(desk: Desk) -> None:
    """Two messages Maatje is unsure of, then yes: the notice names its guess by topic."""
    sure, desk.core = desk.core, replace(desk.core, understander=Fixed("camp_packing", score=0.1))
    try:
        desk.say(AMAL, "eerste vraag die niemand snapt")
        desk.say(AMAL, "mag mijn oom mee naar de moskee")
    finally:
        desk.core = sure
    assert "doorgestuurd" in texts(desk.press(AMAL, "ho:send"))
    notice = [row for row in desk.outbox() if row.chat_key == STAFF_GROUP][-1]
    assert "Taal: Nederlands\n🤖 Vraag over: 🎒 Paklijst\n" in notice.text
    assert "ph:V2" in [button.payload for button in notice.buttons]


@pytest.mark.parametrize(("value", "lang", "written"), [
    ("t:202612121800", "nl", "18.00 uur"),
    ("t:202612121800", "fr", "18 h"),
    ("t:202612131830", "fr", "18 h 30 le dimanche 13 décembre"),
    ("t:202612131800", "nl", "18.00 uur op zondag 13 december"),
    ("t:202612131800", "ru", "18:00, 13 декабря (воскресенье)"),
    ("d:20261224", "es", "jueves 24 de diciembre"),
    ("p:jeugdhuis", "ar", "Jeugdhuis De Kade"),
    ("x:het station", "nl", "het station"),
])
def test_a_slot_is_written_as_each_reader_writes_it(value: str, lang: str, written: str) -> None:
    assert bare(slot_text(CONTENT, value, lang, date(2026, 12, 12))) == written


def test_a_place_typed_by_name_is_the_known_place_and_any_other_is_kept(desk: Desk) -> None:
    desk.press(SARA, "ph:L1")
    desk.press(SARA, "ph:L1:p:come_to")
    assert "Kom naar Jeugdhuis De Kade." in texts(desk.say(SARA, "jeugdhuis de kade"))
    desk.press(SARA, "ph:L1:p:come_to")
    assert "Kom naar het station van Anderlecht." in texts(
        desk.say(SARA, "het station van Anderlecht"))
