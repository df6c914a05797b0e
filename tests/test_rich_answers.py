"""Answers people would rather look at than read: map pins, the form as a PDF, a picture list.

The facts (places, camp) are the tests' own sample files (``tests/data``), as the
organisation's content would hold them.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED, UserState
from bot.features.checklist import WIDTH, icon_name, leading_emoji, parse_checklist
from bot.features.packing import PICTURE_PAYLOAD, packing_items
from content.loader import load_content
from intents.pipeline import Understander
from tests.features import sample_folder

PARENT_AR = ONBOARDED.with_(language="ar", role="parent")


@pytest.fixture(scope="module")
def maatje(understander: Understander, tmp_path_factory: pytest.TempPathFactory) -> Maatje:
    from bot.features import registry

    content = load_content(sample_folder(tmp_path_factory.mktemp("sample")), strict=False)
    return Maatje(content, understander, features=registry())


def ask_topic(core: Maatje, intent: str, state: UserState = ONBOARDED):  # type: ignore[no-untyped-def]
    return core.handle(Incoming("t:1", Kind.BUTTON, payload=f"i:{intent}"), state)


def test_location_is_answered_with_map_pins(maatje: Maatje) -> None:
    replies = ask_topic(maatje, "location").outcome.replies
    pins = [reply.venue for reply in replies if reply.venue]
    assert pins, "a location question shows a pin"
    assert "Clemenceau (metro 2, 6)" in replies[0].text
    assert replies[-1].buttons, "the follow-ups come under the last pin"
    house = pins[0]
    assert "1070 Anderlecht" in house.address
    assert 50.7 < house.latitude < 50.95 and 4.2 < house.longitude < 4.5


def test_medical_form_comes_as_a_pdf_with_a_caption_in_both_languages(maatje: Maatje) -> None:
    [reply] = ask_topic(maatje, "camp_medical_form", PARENT_AR).outcome.replies
    assert reply.document is not None
    assert reply.document.filename == "medische-fiche-ar.pdf", "Arabic beside the Dutch"
    assert reply.document.data.startswith(b"%PDF-")
    assert reply.languages == ("nl", "ar") and "\n\n" in reply.document.caption


def test_packing_list_offers_a_picture_of_the_same_items(maatje: Maatje) -> None:
    [answer] = ask_topic(maatje, "camp_packing").outcome.replies
    assert answer.buttons[0].payload == PICTURE_PAYLOAD
    assert answer.buttons[0].label == "🖼️ Paklijst als foto"
    pressed = maatje.handle(Incoming("t:1", Kind.BUTTON, payload=PICTURE_PAYLOAD), ONBOARDED)
    [picture] = pressed.outcome.replies
    assert picture.document is not None and picture.document.mime_type == "image/png"
    image = Image.open(io.BytesIO(picture.document.data))
    _title, items = packing_items(maatje.content)
    assert maatje.content.camp is not None
    assert [item.words for item in items] == [p.item.nl for p in maatje.content.camp.packing]
    assert image.width == WIDTH and image.height >= 96 * (len(items) + 1)
    assert "Vink af" in picture.document.caption
    assert picture.buttons, "the picture keeps the follow-ups"


def test_without_a_camp_file_the_picture_follows_the_authored_text(maatje: Maatje) -> None:
    content = dataclasses.replace(maatje.content, camp=None)
    title, items = packing_items(content)
    assert title.words.startswith("Dit neem je mee")
    assert any("slaapzak" in item.words for item in items)


def test_every_packing_item_has_its_icon(tmp_path: Path) -> None:
    for content in (load_content(), load_content(sample_folder(tmp_path), strict=False)):
        title, items = packing_items(content)
        assert items and all(item.words for item in items)
        for item in [title, *items]:
            if item.emoji:
                assert f"icons/{icon_name(item.emoji)}.png" in content.attachments, item


def test_checklist_parsing() -> None:
    title, items = parse_checklist("🎒 Neem mee:\n🛏️ een slaapzak\nzonder icoon\n")
    assert (title.emoji, title.words) == ("🎒", "Neem mee:")
    assert [(i.emoji, i.words) for i in items] == [("🛏️", "een slaapzak"), ("", "zonder icoon")]
    assert leading_emoji("👟 schoenen") == "👟"
    assert icon_name("🛏️") == "1f6cf"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Kind.VOICE, "Ik kan nog niet luisteren. Typ je vraag of kies een knop."),
        (Kind.STICKER, "Leuke sticker"),
        (Kind.PHOTO, "Ik kan nog geen foto's bekijken"),
        (Kind.VIDEO, "Ik kan nog geen video's bekijken"),
        (Kind.LOCATION, "Ik bewaar je locatie niet"),
        (Kind.CONTACT, "Ik bewaar geen telefoonnummers"),
        (Kind.OTHER, "Dit kan ik nog niet lezen"),
    ],
)
def test_non_text_gets_a_kind_answer_with_the_menu(maatje: Maatje, kind: Kind, expected: str) -> None:
    turn = maatje.handle(Incoming("t:1", kind), ONBOARDED.with_(language="ti"))
    [reply] = turn.outcome.replies
    assert expected in reply.text
    assert reply.languages == ("nl", "ti")
    assert reply.menu and reply.menu[-1].startswith("🌍 Taal")


def test_in_a_group_settings_stay_private(maatje: Maatje) -> None:
    for text in ("/instellingen", "/taal"):
        turn = maatje.handle(Incoming("t:1", Kind.COMMAND, text=text, in_group=True), ONBOARDED)
        [reply] = turn.outcome.replies
        assert "privébericht" in reply.text and not reply.buttons
    pressed = maatje.handle(Incoming("t:1", Kind.BUTTON, payload="lang:ar", in_group=True), ONBOARDED)
    assert pressed.state.language is None
    start = maatje.handle(Incoming("t:1", Kind.COMMAND, text="/start", in_group=True), ONBOARDED)
    assert "Zet mijn naam in je vraag" in start.outcome.replies[0].text
