"""Every question Maatje asks can be answered by a button and by typing, in every language.

``content/data/questions.yaml`` declares each question and the words that answer it. This
test walks every declared question: it makes Maatje ask it, then types each answer in each
content language and checks the outcome is the same as pressing the button — never
"Daar weet ik niets over". A question added to the file without a scenario here fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.core.activityports import LIVE
from bot.core.dialogue import Maatje
from bot.core.leadports import Lead
from bot.core.messages import Incoming, Kind, Outcome, Reply, Trace, Transcript, VoiceNote
from bot.core.state import UserState
from bot.core.typed import typed_answer
from bot.features.camp_form import STEPS
from content.loader import load_content
from content.questions import ANY, matches
from intents.types import CONTENT_LANGUAGES
from storage.activities import ActivityRepository
from storage.camp import CampRepository
from storage.db import Database
from storage.forms import forms_cipher, new_key
from storage.questions import QuestionRepository
from tests.features import Fixed
from tests.staffdesk import Desk, payloads, texts

NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)
QUESTIONS = load_content().questions
assert QUESTIONS is not None
AGED = UserState(onboarded=True, age_band="13+")
NO_AGE = UserState(onboarded=True)
#: The minute an age button shown now carries (see bot/features/age.py).
SHOWN = int(NOW.timestamp() // 60)

Scenario = Callable[[Desk, str], Outcome]


def _with(state: UserState, ask: Scenario) -> tuple[UserState, Scenario]:
    return state, ask


def _parent_question(desk: Desk, who: str) -> Outcome:
    """Someone opens the parent link of ``who``'s camp registration: she is asked (a notice)."""
    desk.say(who, "hallo")
    with desk.database.session() as session:
        camp = CampRepository(session)
        registration = camp.register(Lead(int(who[3:]), who, who, "Ali", "camp", "nl", "open",
                                          NOW), NOW)
        assert registration is not None
        invite = camp.parent_invite(registration.id, NOW, timedelta(days=1))
        assert invite is not None
    desk.say(f"tg:{int(who[3:]) + 50_000}", f"/start ouder-{invite.token}", first_name="Fatima")
    [notice] = [row for row in desk.outbox() if row.chat_key == who]
    reply = Reply(notice.text, buttons=notice.buttons)
    return Outcome((reply,), Trace("camp_parent", None, 1.0, "nl"))


def _second_miss(desk: Desk, who: str) -> Outcome:
    """Two messages Maatje is unsure of: the second gets "Zal ik je vraag doorsturen?"."""
    sure, desk.core = desk.core, replace(desk.core, understander=Fixed("camp_packing", score=0.1))
    try:
        desk.say(who, "eerste vraag die niemand snapt")
        return desk.say(who, "kan mijn oom mee naar de moskee van de buurt")
    finally:
        desk.core = sure


def _permission_question(desk: Desk, who: str) -> Outcome:
    """``who`` opens the parent link of a pupil on the camp list and the pupil confirms:
    ``who`` is asked for the camp permission (a notice)."""
    pupil = f"tg:{int(who[3:]) + 50_000}"
    desk.say(pupil, "hallo")
    with desk.database.session() as session:
        camp = CampRepository(session)
        registration = camp.register(Lead(int(who[3:]), pupil, pupil, "Ali", "camp", "nl", "open",
                                          NOW), NOW)
        assert registration is not None
        invite = camp.parent_invite(registration.id, NOW, timedelta(days=1))
        assert invite is not None
    desk.say(who, f"/start ouder-{invite.token}", first_name="Fatima")
    desk.say(pupil, "ja")
    notice = [row for row in desk.outbox() if row.chat_key == who][-1]
    reply = Reply(notice.text, buttons=notice.buttons)
    return Outcome((reply,), Trace("camp_permission", None, 1.0, "nl"))


def _leave_question(desk: Desk, who: str) -> Outcome:
    """``who`` joined a group and types "ik wil uit de groep": "Wil je uit een groep gaan?"."""
    desk.say(who, "/start groep-buddies")
    desk.press(who, "sub:on:buddies")
    return desk.say(who, "ik wil uit de groep")


#: The medical forms' key for the form's questions (any key: the test makes its own).
FORMS = forms_cipher(new_key())


def _form_question(*presses: str) -> Scenario:
    """``who`` signed up their own child Ali (so is her linked parent); the digital form is
    on; ``who`` presses ``presses`` (``{r}``: the registration), the last asks the question."""

    def ask(desk: Desk, who: str) -> Outcome:
        desk.forms = FORMS
        with desk.database.session() as session:
            registration = CampRepository(session).register(
                Lead(int(who[3:]), who, who, "Ali", "camp", "nl", "open", NOW), NOW,
                child="Ali", parent_name="Fatima")
            assert registration is not None
        asked = [desk.press(who, press.format(r=registration.id)) for press in presses]
        return asked[-1]

    return ask


def _pupil_age_question(desk: Desk, who: str) -> Outcome:
    """``who`` is on the camp list herself and pupils of 16 may fill in their own form:
    ``/fiche`` asks "Ben je 16 jaar of ouder?"."""
    desk.forms = FORMS
    desk.core = replace(desk.core, form_by_pupil_from_age=16)
    desk.say(who, "hallo")
    with desk.database.session() as session:
        registration = CampRepository(session).register(
            Lead(int(who[3:]), who, who, "Ali", "camp", "nl", "open", NOW), NOW)
        assert registration is not None
    return desk.say(who, "/fiche")


def _voice_question(desk: Desk, who: str) -> Outcome:
    """``who`` sends a voice note Maatje heard as "wanneer is het kamp": "Klopt dat?"."""
    heard = VoiceNote(2.0, Transcript("wanneer is het kamp", 0.8))
    return desk.send(Incoming(who, Kind.VOICE, chat_key=who, voice=heard))


def _phrase_question(desk: Desk, who: str) -> Outcome:
    """``who`` is a youth worker and picks "Ik bel je vandaag." for Amal's question #V1
    (one question for everyone, so each gets the same "Doorgestuurd naar Amal (#V1)"):
    "Zo krijgt Amal het. Versturen?"."""
    desk.make_staff(who)
    with desk.database.session() as session:
        questions = QuestionRepository(session)
        if questions.get(1) is None:
            questions.ask("tg:77", "tg:77", "Amal", "ar", "mag ik mijn broer meebrengen", NOW)
    desk.press(who, "ph:V1")
    return desk.press(who, "ph:V1:p:call_today")


FORM_OPEN = ("mf:{r}:start", "mf:{r}:ok")
EVERY_STEP_UNKNOWN = tuple(f"mf:{{r}}:{step}:dk" for step in STEPS)

#: How to make Maatje ask each declared question (the person's state, then what they do).
#: After the camp has ended: "Voor welke activiteit?" offers no camp button then.
AFTER_CAMP = datetime(2027, 7, 20, 12, 0, tzinfo=UTC)


def _absence(activities: int, camp: bool = True) -> Scenario:
    """"ik kan niet komen" with ``activities`` staff activities in the next days (and the
    camp still to come, or over): Maatje asks which one."""

    def ask(desk: Desk, who: str) -> Outcome:
        desk.now = NOW if camp else AFTER_CAMP
        with desk.database.session() as session:
            repo = ActivityRepository(session)
            coming = [a for a in repo.live(desk.now) if a.start and a.start > desk.now]
            for day in range(len(coming), activities):
                draft = repo.draft("tg:501", desk.now)
                assert draft is not None
                repo.update(draft.id, desk.now, title=f"Activiteit {day}",
                            start=desk.now + timedelta(days=day + 2), price=Decimal(0))
                repo.set_state(draft.id, LIVE, desk.now)
        return desk.press(who, "i:absence")

    return ask


SCENARIOS: dict[str, tuple[UserState, Scenario]] = {
    "safeguarding": _with(AGED, lambda d, who: d.say(who, "mijn papa slaat mij")),
    "handover_offer": _with(AGED, lambda d, who: d.press(who, "i:contact")),
    "handover_send": _with(AGED, _second_miss),
    "consent": _with(NO_AGE, lambda d, who: d.press(who, f"age:13+:handover:{SHOWN:x}")),
    "announcements": _with(AGED, lambda d, who: d.press(who, "i:subscribe")),
    "interest": _with(AGED, lambda d, who: d.press(who, "int:t:sport")),
    "forget": _with(AGED, lambda d, who: d.say(who, "/vergeet")),
    "age": _with(NO_AGE, lambda d, who: d.press(who, "int:ok:sport")),
    "role": _with(UserState(), lambda d, who: d.press(who, "lang:nl")),
    "parent_link": _with(AGED, _parent_question),
    "parent_child": _with(UserState(onboarded=True, role="parent", ask_child=True),
                          lambda d, who: d.say(who, "hallo")),
    "camp_permission": _with(AGED, _permission_question),
    "confirm": _with(AGED, lambda d, who: d.say(who, "stop de berichten")),
    "leave_group": _with(AGED, _leave_question),
    "form_consent": _with(AGED, _form_question("mf:{r}:start")),
    "form_text": _with(AGED, _form_question(*FORM_OPEN)),
    "form_yesno": _with(AGED, _form_question(*FORM_OPEN, "mf:{r}:swim:change")),
    "form_date": _with(AGED, _form_question(*FORM_OPEN, "mf:{r}:tetanus:change")),
    "form_summary": _with(AGED, _form_question(*FORM_OPEN, *EVERY_STEP_UNKNOWN)),
    "form_age": _with(AGED, _pupil_age_question),
    "more": _with(AGED, lambda d, who: d.press(who, "i:camp_info")),
    "language": _with(AGED, lambda d, who: d.say(who, "/taal")),
    "voice": _with(AGED, _voice_question),
    "phrase_send": _with(AGED, _phrase_question),
    "absence_which": _with(AGED, _absence(2)),
    "absence_two": _with(AGED, _absence(2, camp=False)),
    "absence_one_or_camp": _with(AGED, _absence(1)),
    "absence_one": _with(AGED, _absence(1, camp=False)),
    "absence_camp": _with(AGED, _absence(0)),
}


def test_every_declared_question_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(QUESTIONS.questions)


def _samples(answer: str) -> list[tuple[str, str]]:
    """One word a language (the first), plus every emoji: (language, word)."""
    words = QUESTIONS.words[answer]
    chosen = [(lang, words[lang][0]) for lang in CONTENT_LANGUAGES if words.get(lang)]
    return [*chosen, *((ANY, word) for word in words.get(ANY, ()))]


def test_every_answer_has_words_in_every_content_language() -> None:
    missing = [f"{answer}: {lang}" for answer, words in QUESTIONS.words.items()
               for lang in CONTENT_LANGUAGES if not words.get(lang) and not words.get(ANY)]
    assert missing == []


@pytest.mark.parametrize("question", sorted(QUESTIONS.questions))
def test_every_word_of_every_answer_is_taken_as_that_answer(question: str) -> None:
    answers = QUESTIONS.questions[question]
    pending = tuple((answer, f"{question}:{answer}") for answer in answers)
    wrong = []
    for answer in answers:
        for word in QUESTIONS.words_for(answer):
            for typed in (word, word.upper(), f"{word}!!", f"{word} 🙏"):
                if typed_answer(QUESTIONS, pending, typed) != f"{question}:{answer}":
                    wrong.append((answer, typed))
    assert wrong == []


def test_i_dont_know_is_not_taken_for_no() -> None:
    """"no lo sé" starts with the Spanish "no": the longer answer is what was said; "nee,
    weet ik niet" holds both, so it is no plain no."""
    pending = (("yes", "y"), ("no", "n"), ("dontknow", "?"))
    for text in ("no lo sé", "No sé 🙏", "no lo sé todavía", "no se bien", "ik weet het niet"):
        assert typed_answer(QUESTIONS, pending, text) == "?", text
    for text in ("nee", "no", "no gracias", "nee hoor"):
        assert typed_answer(QUESTIONS, pending, text) == "n", text
    assert typed_answer(QUESTIONS, pending, "nee weet ik niet") is None


def test_a_new_question_is_not_mistaken_for_an_answer() -> None:
    pending = (("yes", "sg:yes"), ("no", "sg:no"))
    for text in ("wanneer is het kamp", "ja maar wat moet ik meenemen naar het kamp dan",
                 "ja nee", "", "🏕️"):
        assert typed_answer(QUESTIONS, pending, text) is None, text


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    database = Database.open(sqlite_url)
    yield database
    database.close()


@pytest.mark.parametrize("question", sorted(SCENARIOS))
def test_typing_an_answer_does_what_pressing_it_does(
    question: str, staff_core: Maatje, database: Database
) -> None:
    state, ask = SCENARIOS[question]
    desk = Desk(staff_core, database, NOW, new_user=state)
    desk.make_staff("tg:501", "Sara")
    people = iter(range(10_000, 20_000))
    for answer, pattern in QUESTIONS.questions[question].items():
        for lang, word in _samples(answer):
            presser, typer = f"tg:{next(people)}", f"tg:{next(people)}"
            asked = ask(desk, presser)
            button = next(p for p in payloads(asked) if matches(pattern, p))
            pressed = desk.press(presser, button)
            ask(desk, typer)
            typed = desk.say(typer, word)
            assert texts(typed) == texts(pressed), (question, answer, lang, word)
            assert "Daar weet ik niets over" not in texts(typed)


def test_a_language_named_in_a_message_is_chosen_at_once(
    staff_core: Maatje, database: Database
) -> None:
    """"je veux changer la langue en français" needs no "Wil je een andere taal kiezen?"
    first; "ik spreek geen Frans" is no wish for French; "in het Arabisch" answers the picker."""
    desk = Desk(staff_core, database, NOW, new_user=AGED)
    chosen = desk.say("tg:801", "je veux changer la langue en français")
    assert "D'accord" in texts(chosen) and "Wil je een andere taal" not in texts(chosen)
    assert "Avec plaisir" in texts(desk.say("tg:801", "oké merci"))
    refused = desk.say("tg:802", "ik spreek geen frans, kan ik de taal veranderen")
    assert "D'accord" not in texts(refused)
    desk.say("tg:803", "/taal")
    assert "حسنًا" in texts(desk.say("tg:803", "in het arabisch graag"))
