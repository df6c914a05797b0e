"""Camp, clubs, places, contacts, volunteering and the glossary, as a pupil or parent sees them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED
from tests.features import Fixed, at, core_for, press, sample_folder, say

NOW = at(2026, 12, 9)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_folder(tmp_path_factory.mktemp("features"))


def ask(folder: Path, intent: str, text: str, language: str = "nl",
        entities: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    core = core_for(folder, Fixed(intent, entities or {}, language))
    return say(core, text, now=NOW).outcome


def test_cheap_boxing_club_in_anderlecht_lists_matching_clubs_cheapest_first(folder: Path) -> None:
    outcome = ask(folder, "club_join", "is er een goedkope boksclub in anderlecht")
    cards = [reply.text for reply in outcome.replies[1:]]
    assert len(cards) == 2, "two boxing clubs in Anderlecht; Molenbeek and football left out"
    assert cards[0].startswith("Boksschool Anderlecht") and cards[1].startswith("Boxing Club Kuregem")
    assert "120 euro per jaar, met SNS-pas 30 euro" in cards[0]
    assert "Gratis initiatie: zaterdag 30 januari om 14.00 uur" in cards[1]


def test_club_entities_from_understanding_filter_too(folder: Path) -> None:
    outcome = ask(folder, "club_join", "cheap club?", "en",
                  {"sport": "boksen", "commune": "Molenbeek"})
    assert [r.text.split("\n")[0] for r in outcome.replies[1:]] == ["Molenbeek Boxing (boksen)"]
    assert "(boxing)" in outcome.replies[1].text, "the sport is named in the reader's language"


def test_no_club_fits_says_so_and_offers_a_youth_worker(folder: Path) -> None:
    outcome = ask(folder, "club_join", "judo in jette")
    assert len(outcome.replies) == 1
    assert "geen club" in outcome.replies[0].text
    assert any(button.payload == "i:contact" for button in outcome.replies[0].buttons)


def test_club_button_shows_it_on_a_map_with_how_to_register(folder: Path) -> None:
    core = core_for(folder, Fixed("club_join"))
    reply = press(core, "club:boksen-kuregem", NOW).outcome.replies[0]
    assert reply.venue is not None and reply.venue.title == "Boxing Club Kuregem"
    assert "woensdag" in reply.text


def test_glossary_explains_a_misspelt_word_in_dutch_and_arabic(folder: Path) -> None:
    outcome = ask(folder, "word_meaning", "wat betekent slapzak", "ar")
    dutch, arabic = outcome.replies[0].text.split("\n\n")
    assert "slaapzak" in dutch and "Een warme zak" in dutch
    assert "كيس نوم" in arabic


def test_glossary_uses_the_word_entity(folder: Path) -> None:
    outcome = ask(folder, "word_meaning", "wat is dat", entities={"word": "SNS-pas"})
    assert "betaal je minder" in outcome.replies[0].text


def test_unknown_word_is_named_kindly(folder: Path) -> None:
    text = ask(folder, "word_meaning", "wat betekent blorp").replies[0].text
    assert "blorp" in text and "nog niet" in text


def test_camp_info_has_dates_place_price_and_parent_questions(folder: Path) -> None:
    reply = ask(folder, "camp_info", "wanneer is het kamp").replies[0]
    assert "maandag 5 juli om 9.00 uur" in reply.text and "vrijdag 9 juli om 17.00 uur" in reply.text
    assert "Kampterrein De Semois" in reply.text and "gratis" in reply.text
    assert "cq:food" not in [b.payload for b in reply.buttons], "parents' questions: ➕ Meer"
    core = core_for(folder, Fixed("camp_info"))
    more = next(b for b in reply.buttons if b.payload == "more:camp_info")
    parent = ONBOARDED.with_(role="parent")
    [rest] = core.handle(Incoming("test:1", Kind.BUTTON, payload=more.payload), parent,
                         now=NOW).outcome.replies
    question = next(b for b in rest.buttons if b.payload == "cq:food")
    assert "halal" in press(core, question.payload, NOW).outcome.replies[0].text, (
        "a pupil pressing a parent's question sent before still gets its answer")


def test_packing_list_is_a_checklist_with_emoji_in_dutch_and_arabic(folder: Path) -> None:
    dutch, arabic = ask(folder, "camp_packing", "ماذا آخذ", "ar").replies[0].text.split("\n\n")
    assert "☐ 🛏️ een slaapzak" in dutch
    assert "☐ 🛏️ كيس نوم" in arabic


def test_medical_form_comes_with_its_pdf_and_deadline(folder: Path) -> None:
    reply = ask(folder, "camp_medical_form", "medische fiche").replies[0]
    assert "vrijdag 18 juni" in reply.text
    assert reply.document is not None and reply.document.mime_type == "application/pdf"
    assert reply.document.data.startswith(b"%PDF")


def test_location_sends_the_youth_house_with_its_stop_and_a_map_pin(folder: Path) -> None:
    reply = ask(folder, "location", "waar is het jeugdhuis").replies[0]
    assert "Clemenceau (metro 2, 6)" in reply.text
    assert reply.venue is not None and reply.venue.address.startswith("Clemenceaulaan 18")


def test_location_of_a_named_place(folder: Path) -> None:
    reply = ask(folder, "location", "waar is poseidon").replies[0]
    assert reply.venue is not None and reply.venue.title == "Poseidon"


def test_phone_numbers_stay_readable_in_arabic(folder: Path) -> None:
    arabic = ask(folder, "contact", "أريد أن أتصل", "ar").replies[0].text.split("\n\n")[1]
    assert "\u20680471 23 45 67\u2069" in arabic and "\u206802 520 41 30\u2069" in arabic


def test_volunteering_lists_roles_and_the_next_step(folder: Path) -> None:
    [first] = ask(folder, "volunteer", "ik wil buddy worden").replies
    assert "Vraag het aan je jeugdwerker." in first.text, "the next step comes first"
    assert first.buttons[-1].payload == "more:volunteer"
    rest = press(core_for(folder, Fixed("volunteer")), "more:volunteer", NOW).outcome.replies[0]
    assert "Buddy" in rest.text, "the roles wait behind ➕ Meer"
