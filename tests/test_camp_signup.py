"""Camp sign-up from anywhere: a camp wish typed in any language, the [🏕️ Kamp] button and
the staff's "🏕️ Op de kamplijst" all make the same registration, with the consent and age
rules; a parent signs up a child (also under 13) and is its linked parent at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.core.dialogue import Maatje
from bot.core.leadports import Lead
from bot.core.state import UserState
from storage.camp import CampRepository
from storage.db import Database
from storage.leads import LeadRepository
from tests import test_camp_parent as base
from tests.staffdesk import Desk, payloads, texts
from tests.test_camp_parent import ALI, FATIMA, NOW, SARA, notices

parent_core = base.parent_core
#: "I want to go to camp" in the languages whose gazetteer names the camp.
WISHES = {
    "nl": "ik wil mee op kamp", "ar": "أريد أن أذهب إلى المخيم", "en": "I want to go to the camp",
    "fr": "je veux aller au camp", "uk": "Я хочу поїхати в табір", "ru": "Я хочу поехать в лагерь",
    "fa": "می‌خواهم به کمپ بروم", "es": "quiero ir al campamento",
}


@pytest.fixture
def desk(parent_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = Desk(parent_core, database, NOW)
    desk.make_staff(SARA, "Sara")
    yield desk
    database.close()


def registrations(desk: Desk) -> list[tuple[str, str]]:
    with desk.database.session() as session:
        return [(r.ref, r.first_name) for r in CampRepository(session).everyone()]


@pytest.mark.parametrize("language", sorted(WISHES))
def test_a_camp_wish_in_any_language_puts_the_pupil_on_the_camp_list(
    desk: Desk, language: str,
) -> None:
    asked = desk.say(ALI, WISHES[language], hint=language)
    assert "int:ok:camp" in payloads(asked), "the camp, not an activity called kamp"
    before = len(desk.outbox())
    saved = desk.press(ALI, "int:ok:camp")
    assert "Je staat nu op de kamplijst" in texts(saved)
    assert registrations(desk) == [("K1", "Ali")]
    lead, signed = notices(desk, SARA, before)
    assert "lead:1:camp" in [b.payload for b in lead.buttons]
    assert "#K1: Ali staat op de kamplijst (ingeschreven in Maatje, lead #L1)" in signed.text
    assert "#K1" in texts(desk.press(SARA, "lead:1:camp")), "the staff button finds it"
    assert "Kamplijst: 1 leerlingen" in texts(desk.say(SARA, "/kamp"))


def test_the_button_and_a_second_wish_make_one_registration(desk: Desk) -> None:
    desk.press(ALI, "int:t:camp")
    desk.press(ALI, "int:ok:camp")
    desk.press(SARA, "lead:1:done")
    desk.say(ALI, "ik wil mee op kamp")
    desk.press(ALI, "int:ok:camp")
    assert registrations(desk) == [("K1", "Ali")]


def test_a_lead_kept_as_activity_kamp_goes_on_the_camp_list_from_its_card(desk: Desk) -> None:
    """What "ik wil mee op kamp" became before: staff now get the camp button for it."""
    with desk.database.session() as session:
        opened = LeadRepository(session).open(ALI, ALI, "Ali", "activity:kamp", "ar", NOW)
        assert opened is not None
    found = desk.say(SARA, "/opvolging")
    assert "lead:1:camp" in payloads(found)
    assert "#K1" in texts(desk.press(SARA, "lead:1:camp"))


def test_under_13_a_pupil_is_not_signed_up(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="u13")
    desk.say(ALI, "ik wil mee op kamp")
    told = texts(desk.press(ALI, "int:ok:camp"))
    assert "Een ouder of een jeugdwerker kan je inschrijven" in told
    assert registrations(desk) == []


def test_a_parent_signs_up_a_child_of_11_and_gives_permission(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, role="parent", language="ar")
    asked = desk.say(FATIMA, "ik wil mee op kamp", first_name="Fatima")
    assert "int:ok:camp" in payloads(asked)
    assert "Over welk kind gaat het" in texts(desk.press(FATIMA, "int:ok:camp"))
    age = desk.say(FATIMA, "Yusuf", first_name="Fatima")
    young = next(p for p in payloads(age) if ":u13:" in p)
    before = len(desk.outbox())
    saved = desk.press(FATIMA, young)
    assert "Yusuf staat nu op de kamplijst" in texts(saved)
    assert "Mag Yusuf mee op kamp" in texts(saved) and "هل توافقون" in texts(saved)
    assert registrations(desk) == [("K1", "Yusuf")]
    signed = notices(desk, SARA, before)[-1]
    assert "#K1: Yusuf staat op de kamplijst (ingeschreven door de ouder" in signed.text
    given = desk.say(FATIMA, "ja", first_name="Fatima")
    assert "Je toestemming voor Yusuf is bewaard" in texts(given), "typed, as the button"
    card = desk.say(SARA, "/kamp").replies[1]
    assert "#K1 · Yusuf" in card.text and "bevestigd" in card.text
    assert "✅ Toestemming ouders" in card.text


def test_a_parent_signing_up_gets_one_reminder_not_two(desk: Desk) -> None:
    with desk.database.session() as session:
        camp = CampRepository(session)
        registration = camp.register(Lead(1, FATIMA, FATIMA, "Fatima", "camp", "ar", "open", NOW),
                                     NOW, "Yusuf", parent_name="Fatima")
        assert registration is not None and registration.first_name == "Yusuf"
        assert [r.id for r in camp.of_parent(FATIMA)] == [registration.id]
        assert camp.parents_without_medical_form(NOW) == [], "she gets the pupil's reminder"
        assert [r.ref for r in camp.without_medical_form(NOW)] == ["K1"]
