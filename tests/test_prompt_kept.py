"""A question typed at a prompt (the age, a consent) is answered, and the prompt comes back
once with its buttons: the person never has to find it again, and is never nagged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje
from bot.core.leadports import Lead
from bot.core.messages import Outcome
from bot.core.state import UserState
from storage.camp import CampRepository
from storage.db import Database
from storage.forms import FormRepository, forms_cipher, new_key
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)


@pytest.fixture
def desk(staff_core: Maatje, sqlite_url: str) -> Iterator[Desk]:
    database = Database.open(sqlite_url)
    yield Desk(staff_core, database, NOW, new_user=UserState(onboarded=True))
    database.close()


def test_a_question_at_the_age_prompt_is_answered_then_the_prompt_comes_back(desk: Desk) -> None:
    asked = desk.press("tg:31", "int:ok:sport")
    age_buttons = [p for p in payloads(asked) if "age:" in p]
    assert age_buttons, texts(asked)
    detour = desk.say("tg:31", "wanneer is het kamp")
    assert "Van maandag 5 juli" in texts(detour), "the question is answered"
    assert [p for p in payloads(detour) if "age:" in p] == age_buttons, "then the prompt again"
    assert detour.replies[-1].text == asked.replies[-1].text
    typed = desk.say("tg:31", "ik ben 15")
    assert [p for p in payloads(typed) if "age:" in p] == [], "typing still answers it"


def test_the_prompt_comes_back_only_once(desk: Desk) -> None:
    desk.press("tg:32", "int:ok:sport")
    desk.say("tg:32", "wanneer is het kamp")
    again = desk.say("tg:32", "wat moet ik meenemen naar het kamp")
    assert "slaapzak" in texts(again)
    assert [p for p in payloads(again) if "age:" in p] == []


#: The minute an age button shown now carries (see bot/features/age.py).
SHOWN = int(NOW.timestamp() // 60)
CAMP_DATES = "Van maandag 5 juli"


def _repeated(asked: Outcome, detour: Outcome) -> bool:
    """The detour ends with the prompt as it was asked: its text and its buttons."""
    return (detour.replies[-1].text == asked.replies[-1].text
            and detour.replies[-1].buttons == asked.replies[-1].buttons)


def test_a_question_at_a_consent_prompt_is_answered_then_the_prompt_comes_back(desk: Desk) -> None:
    asked = desk.press("tg:33", f"age:13+:handover:{SHOWN:x}")
    assert any(p.startswith("consent:") for p in payloads(asked)), texts(asked)
    detour = desk.say("tg:33", "wanneer is het kamp")
    assert CAMP_DATES in texts(detour)
    assert _repeated(asked, detour)
    assert "consent:" not in " ".join(payloads(desk.say("tg:33", "wat moet ik meenemen"))), \
        "once"


def test_a_question_at_the_announcements_prompt_keeps_it(desk: Desk) -> None:
    desk.new_user = UserState(onboarded=True, age_band="13+")
    asked = desk.say("tg:34", "ik wil berichten krijgen")
    assert "sub:no" in payloads(asked)
    detour = desk.say("tg:34", "wanneer is het kamp?")
    assert CAMP_DATES in texts(detour)
    assert _repeated(asked, detour)
    assert "Top" in texts(desk.say("tg:34", "ja")), "typing still answers it"


# --- the medical form: a typed answer is the answer; only a clear question is not ---------

FORMS = forms_cipher(new_key())


def _form_step(desk: Desk, who: str, *presses: str) -> tuple[int, Outcome]:
    """``who`` signed up her child Ali and opens the digital form; ``presses`` go to a step."""
    desk.forms = FORMS
    desk.new_user = UserState(onboarded=True, age_band="13+")
    with desk.database.session() as session:
        registration = CampRepository(session).register(
            Lead(int(who[3:]), who, who, "Ali", "camp", "nl", "open", NOW), NOW,
            child="Ali", parent_name="Fatima")
        assert registration is not None
    shown = [desk.press(who, p.format(r=registration.id))
             for p in ("mf:{r}:start", "mf:{r}:ok", *presses)]
    return registration.id, shown[-1]


def _answers(desk: Desk, registration: int) -> dict[str, str]:
    with desk.database.session() as session:
        form = FormRepository(session, FORMS).get(registration)
    assert form is not None
    return dict(form.answers)


def test_a_question_at_a_typed_form_step_is_answered_and_the_step_comes_back(desk: Desk) -> None:
    registration, asked = _form_step(desk, "tg:35")
    assert "allergie" in texts(asked)
    detour = desk.say("tg:35", "wanneer is het kamp?")
    assert CAMP_DATES in texts(detour)
    assert _repeated(asked, detour)
    assert _answers(desk, registration) == {}, "the question is no allergy"
    desk.say("tg:35", "pinda's")
    assert _answers(desk, registration) == {"allergy": "pinda's"}


@pytest.mark.parametrize("answer", [
    "pinda's en noten", "Ventolin bij astma", "wanneer is het kamp", "geen idee?",
    "noten?", "hij is allergisch voor bijen, wat moet ik doen?",
])
def test_a_typed_answer_at_a_form_step_stays_the_answer(desk: Desk, answer: str) -> None:
    """No question mark, or no clear topic: what is typed at the step is its answer (a
    parent writing "geen idee?" means "I don't know")."""
    registration, _ = _form_step(desk, f"tg:{36 + len(answer)}")
    desk.say(f"tg:{36 + len(answer)}", answer)
    assert "allergy" in _answers(desk, registration), answer


def test_a_question_at_the_tetanus_step_is_answered_and_the_step_comes_back(desk: Desk) -> None:
    registration, asked = _form_step(desk, "tg:70", "mf:{r}:tetanus:change")
    detour = desk.say("tg:70", "wanneer is het kamp?")
    assert CAMP_DATES in texts(detour)
    assert "begrijp" not in texts(detour), "no 'that is no date'"
    assert _repeated(asked, detour)
    desk.say("tg:70", "3/2019")
    assert _answers(desk, registration)["tetanus"] == "3/2019"


def test_a_question_at_a_yes_no_form_step_is_answered_and_the_step_comes_back(desk: Desk) -> None:
    registration, asked = _form_step(desk, "tg:71", "mf:{r}:swim:change")
    detour = desk.say("tg:71", "wanneer is het kamp")
    assert CAMP_DATES in texts(detour)
    assert _repeated(asked, detour)
    desk.say("tg:71", "ja")
    assert _answers(desk, registration)["swim"].endswith("yes")


# --- staff wizards: free text is the answer; a checked step says what it expects ----------

SARA = "tg:501"
QUESTION = "hoeveel jongeren zijn ingeschreven?"


def test_a_question_at_a_checked_wizard_step_says_what_it_expects_and_asks_again(
    desk: Desk,
) -> None:
    desk.make_staff(SARA)
    title = desk.press(SARA, "act:new")
    number = int(payloads(title)[-1].split(":")[1])
    desk.say(SARA, "Pizza bakken")
    hours = desk.press(SARA, f"act:{number}:d:20261216")
    again = desk.say(SARA, QUESTION)
    assert "Dat uur begrijp ik niet" in texts(again)
    assert again.replies[-1].text == hours.replies[-1].text
    assert again.replies[-1].buttons == hours.replies[-1].buttons
    assert "Waar is het" in texts(desk.say(SARA, "15.30")), "the hour still answers it"


def test_at_a_free_text_wizard_step_a_question_is_the_text(desk: Desk) -> None:
    """The announcement's text may itself be a question to the pupils: it is the draft,
    and nothing goes out before the audience and the send button."""
    desk.make_staff(SARA)
    desk.say(SARA, "/bericht")
    audiences = desk.say(SARA, QUESTION)
    assert "Voor wie is dit bericht" in texts(audiences)
    assert desk.outbox() == []
    desk.press(SARA, "bc:1:a:all")
    desk.press(SARA, "bc:1:later")
    assert "Typ bijvoorbeeld: 18:00" in texts(desk.say(SARA, QUESTION)), "a time is expected"
