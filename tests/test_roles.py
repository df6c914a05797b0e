"""Answers written for the role: a parent reads "uw kind" in the polite register, a pupil
the familiar wording of today; the parents' questions under the camp answer are for
parents only. Core level, with the registered features (the understanding is fixed)."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind, Reply
from bot.core.state import ONBOARDED, UserState
from bot.features import registry
from content.loader import load_content, parent_key_problems
from content.schema import Text
from tests.features import Fixed, at

NOW = at(2027, 5, 3)
CONTENT = load_content()
PARENT = ONBOARDED.with_(role="parent")
PUPIL = ONBOARDED.with_(role="pupil")


@pytest.fixture(scope="module")
def core() -> Maatje:
    return Maatje(CONTENT, Fixed("camp_medical_form"), features=registry())


def asked(core: Maatje, intent: str, state: UserState, language: str | None = None,
          text: str = "vraag") -> tuple[Reply, ...]:
    understander = Fixed(intent, language=language or "nl")
    typed = Maatje(core.content, understander, features=core.features)
    incoming = Incoming("t:1", Kind.TEXT, text=text, language_hint=language)
    return typed.handle(incoming, state.with_(language=language), now=NOW).outcome.replies


def pressed(core: Maatje, payload: str, state: UserState) -> tuple[Reply, ...]:
    incoming = Incoming("t:1", Kind.BUTTON, payload=payload)
    return core.handle(incoming, state, now=NOW).outcome.replies


def blocks(reply: Reply) -> list[str]:
    return reply.text.split("\n\n")


def test_a_parent_asking_about_the_medical_form_is_told_uw_kind(core: Maatje) -> None:
    [reply] = asked(core, "camp_medical_form", PARENT)
    assert "uw kind" in reply.text and "U vult de fiche in" in reply.text
    assert "Je ouder" not in reply.text and "je gezondheid" not in reply.text
    assert reply.document is not None and "U vult ze in" in reply.document.caption


@pytest.mark.parametrize(("lang", "parent", "pupil"), [
    ("ar", "تملؤون الاستمارة", "يملأ أحد والديك"),
    ("fr", "Vous remplissez et signez la fiche", "Ton parent remplit la fiche"),
])
def test_a_parent_reads_the_parent_wording_in_their_own_language(
        core: Maatje, lang: str, parent: str, pupil: str) -> None:
    [reply] = asked(core, "camp_medical_form", PARENT, lang)
    dutch, own = blocks(reply)
    assert "U vult de fiche in" in dutch, "Dutch first, for the parent too"
    assert parent in own and pupil not in own


@pytest.mark.parametrize("state", [PUPIL, ONBOARDED], ids=["pupil", "no role"])
def test_a_pupil_keeps_the_pupil_wording(core: Maatje, state: UserState) -> None:
    [reply] = asked(core, "camp_medical_form", state)
    assert "Je ouder vult de fiche in" in reply.text and "uw kind" not in reply.text
    [arabic] = asked(core, "camp_medical_form", state, "ar")
    assert "يملأ أحد والديك" in blocks(arabic)[1]


def test_the_packing_list_tells_a_parent_what_their_child_takes(core: Maatje) -> None:
    [parent] = asked(core, "camp_packing", PARENT)
    [pupil] = asked(core, "camp_packing", PUPIL)
    assert "Dit neemt uw kind mee naar het kamp" in parent.text
    assert "☐ 💊 de medicijnen van uw kind" in parent.text
    assert "Dit neem je mee naar het kamp" in pupil.text and "☐ 💊 je medicijnen" in pupil.text
    [picture] = pressed(core, "pic:packing", PARENT)
    assert picture.document is not None and "wat uw kind al heeft" in picture.document.caption


@pytest.mark.parametrize(("intent", "parent", "pupil"), [
    ("camp_info", "gaat uw kind met ons op kamp", "gaan we samen op kamp"),
    ("club_join", "Wil uw kind sporten in een club?", "Wil je sporten in een club?"),
    ("contact", "Wilt u met een mens praten?", "Wil je met een mens praten?"),
    ("thanks", "Heeft u nog een vraag?", "Heb je nog een vraag?"),
])
def test_answers_a_feature_or_the_core_builds_are_worded_for_the_role(
        core: Maatje, intent: str, parent: str, pupil: str) -> None:
    assert parent in asked(core, intent, PARENT)[0].text
    assert pupil in asked(core, intent, PUPIL)[0].text


def parent_questions(replies: tuple[Reply, ...]) -> list[str]:
    return [b.payload for reply in replies for b in reply.buttons if b.payload.startswith("cq:")]


def test_only_a_parent_is_shown_the_parents_questions_under_the_camp_answer(core: Maatje) -> None:
    for state, shown in ((PARENT, True), (PUPIL, False), (ONBOARDED, False)):
        first = asked(core, "camp_info", state)
        assert not parent_questions(first), "the questions wait behind ➕ Meer"
        rest = pressed(core, "more:camp_info", state)
        assert bool(parent_questions(rest)) is shown, state.role
        assert ("Kies een vraag" in rest[0].text) is shown, "the line above them too"


def test_a_pupil_pressing_a_parents_question_sent_before_is_still_answered(core: Maatje) -> None:
    [reply] = pressed(core, "cq:food", PUPIL)
    assert "halal" in reply.text.lower()
    [gone] = pressed(core, "cq:no-such-question", PUPIL)
    assert gone.text, "a question taken out of camp.yaml gets the camp facts, not an error"


def test_the_parent_view_is_made_once_and_pupils_read_the_content_itself() -> None:
    assert CONTENT.for_role(None) is CONTENT and CONTENT.for_role("pupil") is CONTENT
    assert CONTENT.for_role("parent") is CONTENT.for_role("parent")
    medical = CONTENT.for_role("parent").answer("camp_medical_form")
    assert medical.text == CONTENT.answer("camp_medical_form").parent
    assert "vóór" in medical.text.nl and "{camp_deadline}" not in medical.text.nl, "filled in"


def test_a_role_just_picked_is_answered_in_its_own_words(core: Maatje) -> None:
    newcomer = UserState(language="nl")
    [parent] = pressed(core, "role:parent", newcomer)
    assert "Dank u!" in parent.text and "Waar wilt u meer over weten?" in parent.text
    [pupil] = pressed(core, "role:pupil", newcomer)
    assert "Dank je!" in pupil.text and "Waar wil je meer over weten?" in pupil.text
    [back] = pressed(core, "role:pupil", PARENT)
    assert "Dank je!" in back.text, "a parent who says she is a pupil is told je at once"
    view = CONTENT.for_role("parent")
    assert view.for_role("pupil") is CONTENT and view.for_role("parent") is view


def test_an_unclear_question_of_a_parent_is_asked_back_politely(core: Maatje) -> None:
    unsure = Maatje(CONTENT, Fixed("camp_info", score=0.1), features=core.features)
    incoming = Incoming("t:1", Kind.TEXT, text="eh")
    [parent] = unsure.handle(incoming, PARENT, now=NOW).outcome.replies
    [pupil] = unsure.handle(incoming, PUPIL, now=NOW).outcome.replies
    assert "Bedoelt u dit?" in parent.text and "Bedoel je dit?" in pupil.text


def test_a_parent_key_in_ui_yaml_must_name_a_key_and_keep_its_placeholders() -> None:
    ui = {"menu.prompt": Text(nl="Kies {x}."), "menu.promt@parent": Text(nl="Kies."),
          "menu.prompt@parent": Text(nl="Kiest u.")}
    problems = parent_key_problems(ui)
    assert len(problems) == 2
    assert "menu.promt@parent: there is no menu.promt" in problems[0]
    assert "placeholders [] differ from ['x']" in problems[1]
    assert parent_key_problems(CONTENT.ui) == []
