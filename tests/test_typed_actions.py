"""Free text that would change something asks for one tap first: "verwijder mijn gegevens"
and "haal me uit de groep" typed (in any content language) change nothing until a yes;
the command or the button still acts at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.messages import Outcome
from bot.core.state import UserState
from content.loader import load_content
from intents.types import CONTENT_LANGUAGES
from storage.broadcasts import SubscriberRepository
from storage.db import Database
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 12, 14, 0, tzinfo=UTC)
AGED = UserState(onboarded=True, age_band="13+")


@pytest.fixture
def desk(staff_core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    yield Desk(staff_core, database, NOW, new_user=AGED)
    database.close()


def groups_of(desk: Desk, who: str) -> list[str]:
    with desk.database.session() as session:
        return SubscriberRepository(session).groups_of(who)


def join(desk: Desk, who: str, *groups: str) -> None:
    for group in groups:
        desk.say(who, f"/start groep-{group}")
        desk.press(who, f"sub:on:{group}")
    assert groups_of(desk, who) == sorted(groups)


def forget_buttons(outcome: Outcome) -> list[str]:
    return [p for p in payloads(outcome) if p.startswith("vergeet:")]


@pytest.mark.parametrize("text", [
    "verwijder mijn gegevens", "Vergeet mij aub", "please delete my data",
    "supprime mes données stp", "احذف بياناتي", "видали мої дані", "beni unut",
])
def test_forget_me_typed_asks_first_and_the_yes_erases(desk: Desk, text: str) -> None:
    join(desk, "tg:41", "buddies")
    asked = desk.say("tg:41", text)
    assert len(forget_buttons(asked)) == 2, texts(asked)
    assert groups_of(desk, "tg:41") == ["buddies"], "nothing erased yet"
    yes = next(p for p in forget_buttons(asked) if p.startswith("vergeet:ja"))
    desk.press("tg:41", yes)
    assert groups_of(desk, "tg:41") == []


def test_asking_what_is_kept_erases_nothing_and_asks_nothing(desk: Desk) -> None:
    answer = desk.say("tg:42", "welke gegevens bewaar je over mij")
    assert forget_buttons(answer) == []
    assert "/vergeet" in texts(answer)


def test_leave_the_group_typed_asks_first(desk: Desk) -> None:
    join(desk, "tg:43", "okan-anderlecht")
    asked = desk.say("tg:43", "ik wil uit de groep")
    assert "okan-anderlecht" in texts(asked)
    assert payloads(asked)[:2] == ["grp:pick", "grp:stay"]
    assert groups_of(desk, "tg:43") == ["okan-anderlecht"], "nothing changed yet"
    stay = desk.press("tg:43", "grp:stay")
    assert "ik verander niets" in texts(stay)
    assert groups_of(desk, "tg:43") == ["okan-anderlecht"]
    desk.say("tg:43", "leave the group please")
    left = desk.say("tg:43", "ja")
    assert "niet meer in de groep okan-anderlecht" in texts(left)
    assert groups_of(desk, "tg:43") == []


def test_with_two_groups_the_yes_lists_them_and_a_tap_leaves_one(desk: Desk) -> None:
    join(desk, "tg:44", "buddies", "okan-anderlecht")
    desk.say("tg:44", "gruptan çıkmak istiyorum")
    which = desk.press("tg:44", "grp:pick")
    assert "Uit welke groep" in texts(which)
    assert groups_of(desk, "tg:44") == ["buddies", "okan-anderlecht"]
    desk.press("tg:44", "grp:leave:buddies")
    assert groups_of(desk, "tg:44") == ["okan-anderlecht"]


def test_someone_in_no_group_is_not_asked_about_groups(desk: Desk) -> None:
    answer = desk.say("tg:45", "ik wil uit de groep")
    assert "grp:pick" not in payloads(answer)


def test_stop_the_messages_typed_still_asks_first(desk: Desk) -> None:
    join(desk, "tg:46", "buddies")
    asked = desk.say("tg:46", "stop de berichten")
    assert "ok:unsubscribe" in payloads(asked)
    assert groups_of(desk, "tg:46") == ["buddies"]


def test_every_action_has_phrases_in_every_content_language() -> None:
    questions = load_content().questions
    assert questions is not None
    missing = [f"{action}: {lang}" for action, words in questions.actions.items()
               for lang in CONTENT_LANGUAGES if not words.get(lang)]
    assert missing == []
    assert set(questions.actions) == {"forget", "leave_group"}


@pytest.mark.parametrize("text", [
    "welke gegevens bewaar je", "ik wil in de groep", "wanneer is de groep", "vergeet je niet",
    "wat doe je met mijn data", "groepsreis naar zee", "what data do you keep",
])
def test_ordinary_messages_name_no_action(text: str) -> None:
    questions = load_content().questions
    assert questions is not None
    assert questions.action_in(text) is None


@pytest.mark.parametrize(("text", "yes"), [
    ("verwijder mijn gegevens", "ja"), ("احذف بياناتي", "نعم"), ("borra mis datos", "sí"),
])
def test_forget_me_typed_is_answered_by_a_typed_yes_too(desk: Desk, text: str, yes: str) -> None:
    join(desk, "tg:47", "buddies")
    desk.say("tg:47", text)
    desk.say("tg:47", yes)
    assert groups_of(desk, "tg:47") == []
