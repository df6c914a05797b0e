"""The digital medical form: its buttons, its encrypted storage, a parent filling it in,
staff reading it, and every way its answers are erased.

Storage on SQLite and PostgreSQL; the conversation through the core and the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.core.dialogue import Maatje
from bot.core.messages import Outcome
from bot.features import camp_form, registry
from bot.features.camp_form import BUTTON, FORM_ACTIONS, STEP_ACTIONS, STEPS, FormButton
from bot.features.camp_list import camp_lines, fields
from content.loader import load_content
from storage.camp import CampRepository
from storage.db import Database
from storage.forms import FormRepository, forms_cipher, new_key
from storage.models import AuditEntry, MedicalFormRow, User
from storage.personal import RetentionPolicy
from storage.retention import apply_retention
from tests import test_camp_parent as base
from tests.features import Fixed
from tests.staffdesk import Desk, payloads, texts
from tests.test_camp_parent import ALI, FATIMA, NOW, OMAR, SARA, lead, notices, parent_link


@pytest.fixture(scope="module")
def form_core() -> Maatje:
    """The features with an understander that finds no topic in any message: the form's
    typed answers are what is tested here (the real model reads them in
    tests/test_questions_answerable.py), and it keeps this file fast."""
    return Maatje(load_content(), Fixed("out_of_scope", score=0.1), threshold=0.45,
                  features=registry(), bot_username=base.BOT)

# --- the buttons: every payload the form builds reads back, nothing else does ------------

EVERY_BUTTON = [FormButton(registration, action) for registration in (1, 999_999_999)
                for action in FORM_ACTIONS] + [
    FormButton(registration, action, step) for registration in (1, 999_999_999)
    for step in STEPS for action in STEP_ACTIONS]


@pytest.mark.parametrize("button", EVERY_BUTTON, ids=str)
def test_every_form_button_is_built_and_read_back(button: FormButton) -> None:
    built = camp_form.payload(button.registration, button.action, button.step)
    assert len(built.encode()) <= 64
    assert BUTTON.parse(built) == button


@pytest.mark.parametrize("forged", [
    "mf:1", "mf:1:start:x", "mf:01:start", "mf:1:allergy", "mf:1:allergy:maybe",
    "mf:1:nostep:yes", "mf:x:start", "mf:1:start:allergy:yes", "mf:-1:ok", "mf::ok",
    "mf:1:yes", "mf:1:allergy:start",
])
def test_anything_else_is_not_read(forged: str) -> None:
    assert BUTTON.parse(forged) is None


def test_a_button_no_layout_fits_is_not_built() -> None:
    with pytest.raises(ValueError):
        camp_form.payload(1, "yes")
    with pytest.raises(ValueError):
        camp_form.payload(1, "start", "allergy")


# --- the conversation ------------------------------------------------------------------




KEY = new_key()
CIPHER = forms_cipher(KEY)
#: A word nobody would type by chance: planted in an answer, then looked for in the file.
PLANTED = "Zwanenbloemallergie"
CAMP_START = NOW.replace(year=2027, month=7, day=5, hour=10)
CAMP_END = NOW.replace(year=2027, month=7, day=9, hour=17)


@pytest.fixture
def desk(form_core: Maatje, database_url: str) -> Iterator[Desk]:
    database = Database.open(database_url)
    desk = Desk(form_core, database, NOW, forms=CIPHER)
    desk.make_staff(SARA, "Sara")
    with database.session() as session:
        assert CampRepository(session).register(lead(1, ALI, "Ali"), NOW) is not None
    yield desk
    database.close()




def linked_parent(desk: Desk) -> str:
    """Ali (13+) is on the camp list; Fatima (Arabic) opens the link and Ali says yes; she
    gives the permission. Returns the payload of the "📝 Medische fiche invullen" button."""
    desk.say(ALI, "hallo")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}", first_name="Fatima", hint="ar")
    desk.press(FATIMA, "lang:ar")
    before = len(desk.outbox())
    desk.say(ALI, "ja")
    _, request = notices(desk, FATIMA, before)
    given = desk.press(FATIMA, str(request.buttons[0].payload))
    form = [p for p in payloads(given) if p.startswith("mf:")]
    assert form == ["mf:1:start"], "the permission's thanks offers the form"
    return form[0]


def fill_in(desk: Desk, start: str, who: str = FATIMA) -> list[Outcome]:
    """Fatima (or ``who``) fills in the whole form, by buttons and by typing; every message
    sent."""
    sent = [desk.press(who, start), desk.press(who, "mf:1:ok")]
    for answer in (f"{PLANTED} en pinda's", ("press", "mf:1:medication:none"), "halal",
                   "لا أعرف", ("press", "mf:1:swim:yes"), "3/2019",
                   "Dokter Peeters 02 123 45 67", "Fatima 0470 12 34 56", "نعم",
                   ("press", "mf:1:painkiller:no")):
        if isinstance(answer, tuple):
            sent.append(desk.press(who, answer[1]))
        else:
            sent.append(desk.say(who, answer, hint="ar"))
    return sent


def test_a_parent_fills_in_the_form_step_by_step(desk: Desk) -> None:
    start = linked_parent(desk)
    consent, *questions = fill_in(desk, start)
    assert "🔒" in texts(consent) and "30 dagen na het kamp" in texts(consent)
    assert "هل توافقون" in texts(consent), "the parent's language under the Dutch"
    first = texts(questions[0])
    assert "📝 1/10" in first and "Heeft Ali een allergie?" in first
    summary = questions[-1]
    shown = texts(summary)
    assert "📋 De medische fiche van Ali:" in shown
    assert f"⚠️ Allergie: {PLANTED} en pinda's" in shown
    assert "💊 Medicijnen: ❌ Nee, niets" in shown and "🍽️ Eten: halal" in shown
    assert "🩺 Gezondheid: 🤷 Weet ik niet" in shown, "typed in Arabic"
    assert "🏊 Zwemmen: ✅ Ja" in shown and "💉 Prik tetanus: 3/2019" in shown
    assert "🚑 Naar de dokter: ✅ Ja" in shown and "💊 Pijnpil: ❌ Nee" in shown
    assert payloads(summary)[:2] == ["mf:1:sure", "mf:1:edit"]
    assert summary.replies[0].buttons == (), "the answers are never kept as a prompt"
    before = len(desk.outbox())
    done = desk.press(FATIMA, "mf:1:sure")
    assert "De medische fiche van Ali is binnen" in texts(done)
    [told] = notices(desk, SARA, before)
    assert "#K1: Fatima vulde in Maatje de medische fiche van Ali in" in told.text
    with desk.database.session() as session:
        [line] = camp_lines(CampRepository(session))
        assert "digitaal" in fields(desk.core.content, line, NOW.tzinfo)  # type: ignore[arg-type]


def test_it_takes_a_parent_thirteen_steps(desk: Desk) -> None:
    """The closing note's count: open, consent, ten questions, confirm."""
    sent = [*fill_in(desk, linked_parent(desk)), desk.press(FATIMA, "mf:1:sure")]
    assert len(sent) == 13
    assert "is binnen" in texts(sent[-1])


def test_staff_read_the_form_from_the_camp_card_and_each_read_is_audited(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    card = desk.say(SARA, "/kamp")
    assert "kamp:1:fiche" in payloads(card) or "✅ Medische fiche" in texts(card)
    read = desk.press(SARA, "kamp:1:fiche")
    assert PLANTED in texts(read) and "Medische fiche #K1 · Ali · ingevuld door Fatima" in texts(read)
    with desk.database.session() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("form.read") == 1


def test_nobody_else_can_read_a_form(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    tries = [desk.press(ALI, "kamp:1:fiche"), desk.press(ALI, "mf:1:start"),
             desk.press(ALI, "mf:1:edit"), desk.press(OMAR, "mf:1:start"),
             desk.press(OMAR, "kamp:1:fiche"), desk.say(ALI, "/fiche"), desk.say(OMAR, "/fiche"),
             desk.say(ALI, "/mijngegevens"), desk.say(OMAR, "/kamp"),
             desk.press(FATIMA, "kamp:1:fiche")]
    for outcome in tries:
        shown = texts(outcome) + "".join(
            reply.document.data.decode("utf-8", "replace") for reply in outcome.replies
            if reply.document and reply.document.filename.endswith(".json"))
        assert PLANTED not in shown and "pinda" not in shown
    assert "werkt niet" in texts(tries[0]) and "werkt niet" in texts(tries[1])


def test_the_answers_cannot_be_found_in_the_database_file_without_the_key(
    desk: Desk, sqlite_url: str,
) -> None:
    if not desk.database.url.startswith("sqlite"):  # type: ignore[attr-defined]
        pytest.skip("the file is SQLite's")
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    path = Path(desk.database.url.removeprefix("sqlite:///"))  # type: ignore[attr-defined]
    stored = b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*"))
    assert PLANTED.encode() not in stored
    assert b"pinda" not in stored
    with desk.database.session() as session:
        assert PLANTED in FormRepository(session, CIPHER).get(1).answers["allergy"]  # type: ignore[union-attr]
        assert FormRepository(session, forms_cipher(new_key())).get(1) is None, "another key"
        assert FormRepository(session, None).get(1) is None


def _form_rows(desk: Desk) -> int:
    with desk.database.session() as session:
        return len(session.scalars(select(MedicalFormRow)).all())


def test_withdrawing_the_consent_erases_the_answers(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    before = len(desk.outbox())
    erased = desk.press(FATIMA, "mf:1:stop")
    assert "is gewist" in texts(erased) and _form_rows(desk) == 0
    assert "#K1: de digitale medische fiche is gewist" in notices(desk, SARA, before)[0].text
    with desk.database.session() as session:
        registration = CampRepository(session).get(1)
        assert registration is not None and "medical" in registration.missing, "missing again"


@pytest.mark.parametrize("who", [FATIMA, ALI], ids=["the parent", "the pupil"])
def test_forget_erases_the_answers(desk: Desk, who: str) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    confirm = desk.say(who, "/vergeet")
    yes = next(p for p in payloads(confirm) if p.startswith("vergeet:ja"))
    desk.press(who, yes)
    assert _form_rows(desk) == 0
    with desk.database.session() as session:
        registration = CampRepository(session).get(1)
    if who == FATIMA:
        assert registration is not None and "medical" in registration.missing
        assert any("#K1: de digitale medische fiche is gewist" in row.text
                   for row in notices(desk, SARA)), "her own notices went with her"
    else:
        assert registration is None, "the pupil's registration went with her"


def test_retention_erases_the_form_thirty_days_after_the_camp(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    with desk.database.session() as session:
        apply_retention(session, RetentionPolicy(), CAMP_END + timedelta(days=29))
    assert _form_rows(desk) == 1
    with desk.database.session() as session:
        apply_retention(session, RetentionPolicy(), CAMP_END + timedelta(days=31))
    assert _form_rows(desk) == 0


def test_the_parent_sees_the_answers_in_their_own_data(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    mine = desk.say(FATIMA, "/mijngegevens")
    assert "🩺 De medische fiche van Ali" in texts(mine)
    [document] = [reply.document for reply in mine.replies if reply.document]
    assert PLANTED in document.data.decode()


def test_a_long_answer_and_a_date_that_cannot_be_are_asked_again(desk: Desk) -> None:
    start = linked_parent(desk)
    desk.press(FATIMA, start)
    desk.press(FATIMA, "mf:1:ok")
    long = desk.say(FATIMA, "pinda " * 50)
    assert "Je antwoord is te lang: 299 tekens. Het mag 200 tekens zijn" in texts(long)
    assert "📝 1/10" in texts(long), "the same question again"
    for _ in range(3):
        desk.press(FATIMA, "mf:1:allergy:dk")
    desk.say(FATIMA, "weet ik niet")  # typed at a text question
    desk.press(FATIMA, "mf:1:diet:none")
    desk.press(FATIMA, "mf:1:health:none")
    desk.press(FATIMA, "mf:1:swim:dk")
    wrong = desk.say(FATIMA, "ergens in 3019")
    assert "Dat is geen datum die ik ken" in texts(wrong) and "📝 6/10" in texts(wrong)
    assert "📝 7/10" in texts(desk.say(FATIMA, "2019"))


def test_a_change_is_possible_until_the_camp_starts(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    which = desk.press(FATIMA, "mf:1:edit")
    assert "mf:1:swim:change" in payloads(which)
    desk.press(FATIMA, "mf:1:swim:change")
    again = desk.press(FATIMA, "mf:1:swim:no")
    assert "🏊 Zwemmen: ❌ Nee" in texts(again), "straight back to the summary"
    desk.now = CAMP_START
    assert "Het kamp is al begonnen" in texts(desk.press(FATIMA, "mf:1:edit"))
    assert "is gewist" in texts(desk.press(FATIMA, "mf:1:stop")), "erasing always works"


def test_without_a_key_the_parent_gets_the_paper_form(desk: Desk) -> None:
    desk.forms = None
    desk.say(ALI, "hallo")
    desk.say(FATIMA, f"/start ouder-{parent_link(desk)}", first_name="Fatima", hint="ar")
    desk.press(FATIMA, "lang:ar")
    before = len(desk.outbox())
    desk.say(ALI, "ja")
    _, request = notices(desk, FATIMA, before)
    given = desk.press(FATIMA, str(request.buttons[0].payload))
    assert not [p for p in payloads(given) if p.startswith("mf:")], "no form offered"
    paper = desk.say(FATIMA, "/fiche")
    assert "op papier" in texts(paper) and paper.replies[0].document is not None
    ticked = desk.press(SARA, "kamp:1:medical")
    assert "✅ Medische fiche" in texts(ticked), "staff still tick a paper form"


def test_reminders_stop_once_the_digital_form_is_in(desk: Desk) -> None:
    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    with desk.database.session() as session:
        camp = CampRepository(session)
        assert camp.without_medical_form(NOW) == []
        assert camp.parents_without_medical_form(NOW) == []


@pytest.mark.parametrize(("typed", "kept"), [
    ("2019", "2019"), ("3/2019", "3/2019"), ("03-2019", "3/2019"), ("3 2019", "3/2019"),
    ("2019-03", "3/2019"), ("12.2020", "12/2020"), (" 2021 ", "2021"),
    ("13/2019", None), ("2030", None), ("1900", None), ("vorig jaar", None), ("19", None),
])
def test_the_tetanus_date_is_a_year_or_a_month_and_year(typed: str, kept: str | None) -> None:
    assert camp_form.tetanus(typed, this_year=2026) == kept


def test_privacy_says_what_the_form_keeps_and_for_how_long(desk: Desk) -> None:
    told = texts(desk.say(OMAR, "/privacy"))
    assert "🩺 De medische fiche van een ouder in Maatje" in told
    assert "🩺 De medische fiche van een ouder in Maatje. We bewaren ze met een geheime code. " \
           "Alleen de jeugdwerkers en het kamp lezen ze. 🕒 Weg 30 dagen na het kamp." in told


def test_the_upgrade_adds_the_forms_table(database_url: str) -> None:
    """Migration 0020 on a database at 0019."""
    from sqlalchemy import inspect

    from storage.db import make_engine
    from tests.migrations import upgrade

    engine = make_engine(database_url)
    upgrade(engine, "0019")
    assert "medical_forms" not in inspect(engine).get_table_names()
    upgrade(engine, "head")
    assert "medical_forms" in inspect(engine).get_table_names()
    engine.dispose()


def test_a_new_key_rotates_in_and_the_old_one_can_go(database_url: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``maatje forms new-key``, then ``MAATJE_FORMS_KEY=<new>,<old>`` and ``rotate``."""
    from bot.cli import main

    assert main(["forms", "new-key"]) == 0
    fresh = capsys.readouterr().out.strip()
    database = Database.open(database_url)
    try:
        with database.session() as session:
            old = FormRepository(session, CIPHER)
            form = old.begin(7, FATIMA, "Fatima", ALI, NOW, CAMP_END)
            assert form is not None
            old.save(replace(form, answers={"allergy": PLANTED}), NOW, CAMP_END)
        with database.session() as session:
            assert FormRepository(session, forms_cipher(f"{fresh},{KEY}")).rotate() == 1
        with database.session() as session:
            rotated = FormRepository(session, forms_cipher(fresh)).get(7)
            assert rotated is not None and rotated.answers == {"allergy": PLANTED}
    finally:
        database.close()


# --- a pupil old enough fills in her own form (MAATJE_FORM_BY_PUPIL_FROM_AGE) ---------------


def _age_band(desk: Desk, who: str) -> str | None:
    with desk.database.session() as session:
        return session.scalars(select(User.age_band).where(User.channel_key == who)).one()


def test_without_the_setting_a_pupil_gets_the_paper_form_and_is_not_asked_her_age(
    desk: Desk,
) -> None:
    desk.say(ALI, "hallo")
    paper = desk.say(ALI, "/fiche")
    assert "op papier" in texts(paper) and "16 jaar of ouder" not in texts(paper)
    assert "werkt niet" in texts(desk.press(ALI, "mf:1:old"))
    assert _age_band(desk, ALI) == "13+"


def test_a_pupil_of_16_fills_in_her_own_form_and_only_the_band_is_kept(desk: Desk) -> None:
    desk.core = replace(desk.core, form_by_pupil_from_age=16)
    desk.say(ALI, "hallo")
    asked = desk.say(ALI, "/fiche")
    assert "Ben je 16 jaar of ouder? Dan vul je je medische fiche zelf in." in texts(asked)
    assert payloads(asked) == ["mf:1:old", "mf:1:young"]
    assert payloads(desk.press(ALI, "mf:1:start")) == ["mf:1:old", "mf:1:young"], (
        "her form's button asks her age first")
    young = desk.press(ALI, "mf:1:young")
    assert "Dan vult je ouder je medische fiche in" in texts(young)
    assert _age_band(desk, ALI) == "13+", "a no keeps nothing"
    sent = fill_in(desk, "mf:1:old", who=ALI)
    assert "🔒" in texts(sent[0]) and "📝 1/10" in texts(sent[1])
    assert _age_band(desk, ALI) == "16+", "the band, no age and no birth date"
    before = len(desk.outbox())
    assert "is binnen" in texts(desk.press(ALI, "mf:1:sure"))
    [told] = notices(desk, SARA, before)
    assert "#K1: Ali vulde in Maatje zelf de eigen medische fiche in" in told.text
    read = texts(desk.press(SARA, "kamp:1:fiche"))
    assert PLANTED in read and "Medische fiche #K1 · Ali · zelf ingevuld" in read
    again = desk.say(ALI, "/fiche")
    assert "Ben je 16" not in texts(again) and "📋 De medische fiche van Ali:" in texts(again)
    assert "werkt niet" in texts(desk.press(ALI, "mf:1:old")), "asked once"


def test_only_the_pupil_herself_is_asked_and_never_under_13(desk: Desk) -> None:
    desk.core = replace(desk.core, form_by_pupil_from_age=16)
    with desk.database.session() as session:
        assert CampRepository(session).register(lead(2, OMAR, "Omar"), NOW) is not None
    desk.say(OMAR, "hallo")
    with desk.database.session() as session:  # as if he had pressed "🧒 Jonger dan 13"
        session.execute(update(User).where(User.channel_key == OMAR).values(age_band="u13"))
    young = desk.say(OMAR, "/fiche")
    assert "op papier" in texts(young) and "Ben je 16" not in texts(young)
    assert "werkt niet" in texts(desk.press(OMAR, "mf:2:old"))
    desk.say(ALI, "hallo")
    assert "werkt niet" in texts(desk.press(ALI, "mf:2:old")), "another pupil's form"
    start = linked_parent(desk)
    assert "werkt niet" in texts(desk.press(FATIMA, "mf:1:old")), "a parent is not asked"
    assert "🔒" in texts(desk.press(FATIMA, start)), "her form as before"


def _reminded(desk: Desk, pupil_from_age: int | None) -> list[str]:
    """The medical form's reminder, as the scheduler sends it: the payloads Ali gets."""
    from bot.features.camp import remind_medical_form
    from bot.scheduler import job_context

    desk.now = base.REMINDER_DAY
    before = len(desk.outbox())
    with desk.database.session() as session:
        remind_medical_form(job_context(desk.core.content, session, desk.now),
                            timedelta(days=7), pupil_from_age)
    [told] = notices(desk, ALI, before)
    return [str(button.payload) for button in told.buttons]


def test_without_the_setting_the_reminder_has_no_form_button(desk: Desk) -> None:
    desk.say(ALI, "hallo")
    assert _reminded(desk, None) == ["i:camp_medical_form"]


def test_the_pupil_gets_the_form_button_where_her_parent_does(desk: Desk) -> None:
    """With the setting: in the reminder and under the medical form's answer; pressed, it
    asks her age first, then opens her form."""
    desk.core = replace(desk.core, form_by_pupil_from_age=16)
    desk.say(ALI, "hallo")
    assert _reminded(desk, 16) == ["i:camp_medical_form", "mf:1:start"]
    answer = desk.press(ALI, "i:camp_medical_form")
    assert "mf:1:start" in payloads(answer), "under what the medical form is"
    asked = desk.press(ALI, "mf:1:start")
    assert "Ben je 16 jaar of ouder?" in texts(asked)
    assert "🔒" in texts(desk.press(ALI, "mf:1:old")), "her own form's consent"
    assert "werkt niet" in texts(desk.press(FATIMA, "mf:1:start")), "nobody else's button"


def test_signing_up_for_the_camp_she_gets_the_form_button(desk: Desk) -> None:
    desk.core = replace(desk.core, form_by_pupil_from_age=16)
    desk.say(ALI, "hallo")
    desk.press(ALI, "int:t:camp")
    saved = desk.press(ALI, "int:ok:camp")
    assert "Je staat nu op de kamplijst" in texts(saved) and "mf:1:start" in payloads(saved)


def test_no_form_button_for_a_pupil_under_13_or_a_paper_form(desk: Desk) -> None:
    desk.core = replace(desk.core, form_by_pupil_from_age=16)
    desk.say(ALI, "hallo")
    with desk.database.session() as session:
        session.execute(update(User).where(User.channel_key == ALI).values(age_band="u13"))
    assert _reminded(desk, 16) == ["i:camp_medical_form"], "under 13"
    assert "mf:1:start" not in payloads(desk.press(ALI, "i:camp_medical_form"))
    with desk.database.session() as session:
        session.execute(update(User).where(User.channel_key == ALI).values(age_band="13+"))
    assert "mf:1:start" in payloads(desk.press(ALI, "i:camp_medical_form"))
    desk.press(SARA, "kamp:1:medical")  # her paper form is in
    assert "mf:1:start" not in payloads(desk.press(ALI, "i:camp_medical_form"))


def test_the_go_live_check_says_whether_pupils_fill_in_their_own_form() -> None:
    from bot.config import Settings
    from bot.doctor import forms_check

    parents = forms_check(Settings(forms_key=KEY))
    pupils = forms_check(Settings(forms_key=KEY, form_by_pupil_from_age=16))
    assert parents.ok and "pupils" not in parents.message
    assert pupils.ok and "pupils of 16 or older fill in their own" in pupils.message


def test_after_a_lost_key_the_unreadable_forms_go_and_the_parents_are_asked_again(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """``maatje forms lost-key`` counts; with ``--yes`` it erases, the camp list counts the
    form missing again and the reminders go once more."""
    from bot.cli import main

    fill_in(desk, linked_parent(desk))
    desk.press(FATIMA, "mf:1:sure")
    with desk.database.session() as session:
        CampRepository(session).without_medical_form(NOW)  # the pupil's reminder went earlier
    url = desk.database.url  # type: ignore[attr-defined]
    monkeypatch.setenv("MAATJE_FORMS_KEY", new_key())  # the old key is lost
    assert main(["forms", "--db", url, "lost-key"]) == 0
    assert "1 medical form(s) cannot be read" in capsys.readouterr().out
    assert _form_rows(desk) == 1, "only counted"
    assert main(["forms", "--db", url, "lost-key", "--yes"]) == 0
    assert "1 unreadable medical form(s) erased" in capsys.readouterr().out
    assert _form_rows(desk) == 0
    with desk.database.session() as session:
        camp = CampRepository(session)
        registration = camp.get(1)
        assert registration is not None and "medical" in registration.missing
        assert [r.id for r in camp.without_medical_form(NOW)] == [1], "reminded again"
        assert [p.registration.id for p in camp.parents_without_medical_form(NOW)] == [1]
