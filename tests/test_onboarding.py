"""Onboarding, settings and deep links, as a newcomer and a returning person notice them."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Maatje, Turn
from bot.core.messages import Incoming, Kind
from bot.core.payloads import MAX_BYTES
from bot.core.state import ONBOARDED, UserState
from bot.features import registry
from bot.features.deeplinks import TopicLink, link_url, parse_start, start_parameter
from bot.features.onboarding import command_menu, language_buttons
from content.loader import load_content
from intents.pipeline import Understander
from intents.types import CONTENT_LANGUAGES


@pytest.fixture(scope="module")
def maatje(understander: Understander) -> Maatje:
    return Maatje(load_content(), understander, features=registry())


def command(core: Maatje, text: str, state: UserState, hint: str | None = "nl") -> Turn:
    return core.handle(Incoming("t:1", Kind.COMMAND, text=text, language_hint=hint), state)


def press(core: Maatje, payload: str, state: UserState, hint: str | None = "nl") -> Turn:
    return core.handle(Incoming("t:1", Kind.BUTTON, payload=payload, language_hint=hint), state)


PICKER = [button.label for button in language_buttons(load_content())]


def labels(turn: Turn) -> list[str]:
    return [button.label for reply in turn.outcome.replies for button in reply.buttons]


def test_newcomer_chooses_language_then_role_and_gets_the_menu(maatje: Maatje) -> None:
    start = command(maatje, "/start", UserState(), hint="ar")
    [welcome] = start.outcome.replies
    assert welcome.languages == ("nl", "ar"), "a parent reading no Dutch understands the first message"
    assert labels(start) == PICKER
    assert PICKER[:3] == ["العربية", "Українська", "دری"] and PICKER[-1] == "Nederlands"
    assert welcome.columns == 2
    assert "In welke taal wil je lezen?" in welcome.text

    chosen = press(maatje, "lang:ar", start.state, hint="ar")
    assert chosen.state.language == "ar"
    [question] = chosen.outcome.replies
    assert "Ben je leerling of ouder?" in question.text
    assert labels(chosen) == ["🧒 Leerling · تلميذ", "👪 Ouder · وليّ أمر"]

    done = press(maatje, "role:parent", chosen.state, hint="ar")
    assert (done.state.role, done.state.onboarded) == ("parent", True)
    [ready] = done.outcome.replies
    assert ready.languages == ("nl", "ar")
    assert "Dat onthoud ik" in ready.text
    assert ready.menu[0] == "📅 Activiteiten · الأنشطة"
    assert len(ready.menu) == 6


def test_returning_person_is_not_asked_again(maatje: Maatje) -> None:
    known = ONBOARDED.with_(language="uk", role="pupil")
    turn = command(maatje, "/start", known)
    [reply] = turn.outcome.replies
    assert "Waar wil je meer over weten?" in reply.text
    assert "taal" not in reply.text.lower(), "no language question again"
    assert reply.menu and not reply.buttons
    assert turn.state == known


def test_taal_changes_the_language_without_asking_the_role_again(maatje: Maatje) -> None:
    known = ONBOARDED.with_(language="ar", role="pupil")
    picker = command(maatje, "/taal", known)
    assert "Nederlands" in labels(picker) and "Українська" in labels(picker)
    changed = press(maatje, "lang:uk", known)
    assert changed.state == known.with_(language="uk")
    [saved] = changed.outcome.replies
    assert saved.languages == ("nl", "uk")
    assert "met jouw taal eronder" in saved.text
    assert saved.menu[0] == "📅 Activiteiten · Заходи", "the menu follows the new language"


def test_menu_button_taal_opens_the_picker(maatje: Maatje) -> None:
    turn = maatje.handle(Incoming("t:1", Kind.TEXT, text="🌍 Taal"), ONBOARDED)
    assert "العربية" in labels(turn)


def test_instellingen_changes_the_settings(maatje: Maatje) -> None:
    known = ONBOARDED.with_(language="fa", role="parent")
    shown = command(maatje, "/instellingen", known)
    [reply] = shown.outcome.replies
    assert "Wat wil je veranderen?" in reply.text
    assert [b.payload for b in reply.buttons] == ["set:lang", "set:role"]
    assert "دری" in labels(press(maatje, "set:lang", known))
    role = press(maatje, "set:role", known)
    assert "Ben je leerling of ouder?" in role.outcome.replies[0].text
    changed = press(maatje, "role:pupil", known)
    assert changed.state.role == "pupil"
    assert "Dat onthoud ik" in changed.outcome.replies[0].text


def test_forged_buttons_are_asked_again_not_stored(maatje: Maatje) -> None:
    assert press(maatje, "lang:xx", UserState()).state.language is None
    assert press(maatje, "role:teacher", UserState()).state.role is None


def test_every_button_payload_fits_in_64_bytes(maatje: Maatje) -> None:
    turns = [
        command(maatje, "/start", UserState(), hint="ti"),
        command(maatje, "/instellingen", ONBOARDED),
        press(maatje, "lang:so", UserState()),
        command(maatje, "/start paklijst-ps", UserState()),
    ]
    payloads = [b.payload for turn in turns for reply in turn.outcome.replies for b in reply.buttons]
    assert payloads and all(len(p.encode()) <= MAX_BYTES for p in payloads)


def test_deep_link_opens_the_topic_in_its_language(maatje: Maatje) -> None:
    turn = command(maatje, "/start paklijst-ar", UserState(), hint="nl")
    first = turn.outcome.replies[0]
    assert first.languages == ("nl", "ar")
    assert "slaapzak" in first.text and "كيس نوم" in first.text
    assert turn.state.language == "ar", "a newcomer keeps the link's language"
    assert "Ben je leerling of ouder?" in turn.outcome.replies[-1].text


def test_deep_link_does_not_change_a_chosen_language(maatje: Maatje) -> None:
    known = ONBOARDED.with_(language="uk", role="parent")
    turn = command(maatje, "/start paklijst-ar", known)
    assert turn.state.language == "uk"
    assert turn.outcome.replies[0].languages == ("nl", "ar")
    assert len(turn.outcome.replies) == 1


def test_deep_link_parsing() -> None:
    assert parse_start("/start kamp-ar") == TopicLink("camp_info", "ar")
    assert parse_start("/start paklijst") == TopicLink("camp_packing")
    assert parse_start("/start camp_medical_form-uk") == TopicLink("camp_medical_form", "uk")
    assert parse_start("/start groep-OKAN3a") is None  # joined by the subscriptions feature
    assert parse_start("/start") is None
    assert parse_start("/start onbekend-ar") is None
    assert parse_start("/start kamp-xx") is None
    assert parse_start("/start <b>kamp</b>") is None
    assert start_parameter("kamp", "ar") == "kamp-ar"
    assert link_url("@MaatjeBot", "kamp-ar") == "https://t.me/MaatjeBot?start=kamp-ar"
    with pytest.raises(ValueError, match="unknown topic"):
        start_parameter("zwembad")


def test_group_link_starts_like_a_plain_start(maatje: Maatje) -> None:
    turn = command(maatje, "/start groep-okan3a", UserState())
    assert labels(turn) == PICKER


def test_command_menu_in_every_language_lists_only_answered_commands(maatje: Maatje) -> None:
    menus = command_menu(load_content(), maatje.features.commands)
    assert set(menus) == {"", *CONTENT_LANGUAGES}
    assert dict(menus["ar"])["taal"] == "اختر لغتك"
    assert menus[""] == menus["nl"]
    for commands in menus.values():
        names = [name for name, _ in commands]
        assert names[:4] == ["start", "menu", "taal", "instellingen"] and names[-1] == "help"
        assert all(name in maatje.features.commands or name == "help" for name in names)
        assert all(1 <= len(text) <= 256 for _, text in commands)
    assert [n for n, _ in command_menu(load_content(), ())["nl"]] == ["help"]
