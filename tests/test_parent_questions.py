"""Parents' camp questions typed instead of pressed (issue 18): "is het eten halal?" gets
the answer of the "Wat eet mijn kind op kamp?" button, in every language, through a
detail in ``details.yaml`` that names the question in ``camp.yaml``. A pupil who asks
the same gets the pupil wording, or the camp answer when there is none; the packing
list, the camp answer and the medical form stay what they were. Core level, with the
trained understanding and every feature registered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.dialogue import Maatje, Turn
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED, UserState
from content.camp import ParentQuestion
from content.details import Details
from content.loader import load_content, question_problems

NOW = datetime(2027, 5, 3, 12, 0, tzinfo=UTC)
CONTENT = load_content()
PARENT = ONBOARDED.with_(role="parent")
PUPIL = ONBOARDED.with_(role="pupil")


def question(key: str) -> ParentQuestion:
    assert CONTENT.camp is not None
    return next(q for q in CONTENT.camp.parent_questions if q.id == key)


def say(core: Maatje, text: str, state: UserState, hint: str | None = None) -> Turn:
    incoming = Incoming("t:parentq", Kind.TEXT, text=text, language_hint=hint)
    return core.handle(incoming, state.with_(language=hint), now=NOW)


def only_text(turn: Turn) -> str:
    [reply] = turn.outcome.replies
    return reply.text


@pytest.mark.parametrize(("key", "text", "lang"), [
    ("food", "is het eten halal?", "nl"),
    ("food", "هل الأكل حلال", "ar"),
    ("food", "la nourriture est halal au camp ?", "fr"),
    ("girls_boys", "ma fille peut dormir séparée des garçons ?", "fr"),
    ("girls_boys", "slapen jongens en meisjes apart?", "nl"),
    ("contact", "can I call my child during camp", "en"),
    ("contact", "kan ik mijn kind bellen op kamp?", "nl"),
    ("sick", "what if my son gets sick at camp", "en"),
    ("sick", "wat als mijn kind ziek wordt op kamp?", "nl"),
    ("supervision", "who watches the children at night", "en"),
    ("cost", "I can't pay the camp", "en"),
])
def test_a_parent_typing_a_camp_question_gets_its_answer(
        core: Maatje, key: str, text: str, lang: str) -> None:
    reply = only_text(say(core, text, PARENT, None if lang == "nl" else lang))
    asked = question(key)
    assert reply.startswith(asked.question.nl), "Dutch first: the question, then its answer"
    assert asked.answer.get(lang) in reply
    assert "Van maandag" not in reply, "not the general camp text"


@pytest.mark.parametrize(("key", "text", "lang"), [
    ("food", "is the food halal at camp?", "en"),
    ("food", "Чи їжа в таборі халяльна?", "uk"),
    ("food", "Еда в лагере халяльная?", "ru"),
    ("food", "آیا غذای کمپ حلال است؟", "fa"),
    ("food", "په کمپ کې خواړه حلال دي؟", "ps"),
    ("food", "ኣብ ካምፕ መግቢ ሓላል ድዩ?", "ti"),
    ("food", "Cuntada kaamka ma xalaal baa?", "so"),
    ("food", "Kampta yemekler helal mi?", "tr"),
    ("food", "¿La comida del campamento es halal?", "es"),
    ("food", "wach lmakla 7lal f camp?", "ar"),
    ("girls_boys", "wach lbnat w lwlad kay n3so bo7dhom f camp?", "ar"),
    ("contact", "Kampta çocuğumu arayabilir miyim?", "tr"),
    ("sick", "¿Qué pasa si mi hijo se enferma en el campamento?", "es"),
    ("supervision", "Кто присматривает за детьми ночью?", "ru"),
    ("medicines", "mon enfant prend des médicaments, que faire pour le camp ?", "fr"),
    ("cost", "ما عندي فلوس للمخيم", "ar"),
])
def test_every_content_language_reaches_the_question(
        core: Maatje, key: str, text: str, lang: str) -> None:
    reply = only_text(say(core, text, PARENT, lang))
    assert reply.startswith(question(key).question.nl), reply[:80]
    assert question(key).answer.get(lang) in reply


@pytest.mark.parametrize(("text", "lang", "words"), [
    ("mon fils peut venir au camp s'il ne sait pas nager ?", "fr", "gilet de sauvetage"),
    ("mon fils ne sait pas nager", "fr", "gilet de sauvetage"),
    ("ابني لا يعرف السباحة", "ar", "سترة نجاة"),
    ("ابني ما يعرف يسبح، هل يقدر يجي للمخيم؟", "ar", "سترة نجاة"),
])
def test_a_parent_asking_about_swimming_hears_about_swimming(
        core: Maatje, text: str, lang: str, words: str) -> None:
    """Even when Maatje is unsure of the topic (camp or absence?): swimming is precise;
    and a parent reads "Kan uw kind niet zwemmen?"."""
    reply = only_text(say(core, text, PARENT, lang))
    assert "zwemvest" in reply and words in reply
    assert "Kan uw kind niet zwemmen?" in reply and "Kan je niet zwemmen?" not in reply


def test_a_pupil_asking_about_swimming_keeps_the_pupil_wording(core: Maatje) -> None:
    reply = only_text(say(core, "wat als ik niet kan zwemmen op kamp", PUPIL))
    assert "Kan je niet zwemmen?" in reply and "uw kind" not in reply


def test_a_pupil_asking_about_halal_food_gets_the_pupil_wording(core: Maatje) -> None:
    turn = say(core, "is het eten halal?", PUPIL)
    reply = only_text(turn)
    food = question("food")
    assert food.pupil is not None and food.pupil.nl in reply
    assert "uw kind" not in reply and food.question.nl not in reply
    assert not any(b.payload.startswith("cq:") for r in turn.outcome.replies for b in r.buttons)


@pytest.mark.parametrize(("key", "text"), [
    ("girls_boys", "slapen jongens en meisjes apart op kamp?"),
    ("supervision", "wie let op ons 's nachts op kamp?"),
    ("sick", "wat als ik ziek word op kamp?"),
    ("cost", "ik kan het kamp niet betalen"),
])
def test_a_pupil_asking_a_parents_question_gets_the_pupil_answer(
        core: Maatje, key: str, text: str) -> None:
    reply = only_text(say(core, text, PUPIL))
    answer = question(key).pupil_answer()
    assert answer is not None and reply.startswith(answer.nl)
    assert "uw kind" not in reply and question(key).question.nl not in reply


def test_a_pupil_is_never_told_uw_kind(core: Maatje) -> None:
    """A question with no pupil wording: the pupil gets the camp answer, as before."""
    reply = only_text(say(core, "kan ik mijn ouders bellen op kamp?", PUPIL))
    assert "uw kind" not in reply and question("contact").answer.nl not in reply


@pytest.mark.parametrize(("text", "intent", "starts"), [
    ("wat moet ik meenemen naar het kamp", "camp_packing", "🎒 Dit neemt uw kind mee"),
    ("wanneer is het kamp", "camp_info", "🏕️ In de zomer gaat uw kind met ons op kamp"),
    ("wat moet er op de medische fiche?", "camp_medical_form", "De medische fiche is"),
])
def test_the_topics_themselves_still_get_their_answer(
        core: Maatje, text: str, intent: str, starts: str) -> None:
    turn = say(core, text, PARENT)
    assert turn.outcome.trace.intent == intent
    assert turn.outcome.replies[0].text.startswith(starts)


@pytest.mark.parametrize("text", [
    "gaan we 's nachts een spel spelen op kamp?",
    "is there a phone number for the camp",
    "hoeveel nachten slapen we op kamp?",
    "kaç gece kalıyoruz kampta?",
])
def test_a_word_near_a_parents_question_does_not_steal_the_camp_answer(
        core: Maatje, text: str) -> None:
    reply = only_text(say(core, text, PARENT))
    assert reply.startswith("🏕️ In de zomer gaat uw kind met ons op kamp"), reply[:80]


def test_a_pupil_asking_about_the_medical_form_gets_the_medical_form(core: Maatje) -> None:
    turn = say(core, "mijn kind heeft een allergie, moet dat op de fiche?", PUPIL)
    assert turn.outcome.trace.intent == "camp_medical_form"
    assert turn.outcome.replies[0].text.startswith("De medische fiche is")


def test_swimming_after_the_activities_is_about_the_activities(core: Maatje) -> None:
    first = say(core, "wat zijn de activiteiten?", PARENT)
    then = core.handle(Incoming("t:parentq", Kind.TEXT, text="zwemmen"), first.state, now=NOW)
    assert then.outcome.trace.intent == "activities"
    assert "zwemvest" not in then.outcome.replies[0].text


def test_every_question_a_detail_names_is_in_camp_yaml() -> None:
    assert question_problems(CONTENT) == []
    assert CONTENT.camp is not None
    named = {ref for _, ref in CONTENT.details.questions()}
    assert named == {q.id for q in CONTENT.camp.parent_questions}, "each question can be typed"


def test_a_detail_has_a_text_or_a_question_not_both() -> None:
    words = {"nl": ["halal"]}
    with pytest.raises(ValueError, match="either a text or"):
        Details.model_validate({"details": [{"id": "x", "intents": ["camp_info"],
                                             "words": words}]})
    with pytest.raises(ValueError, match="either a text or"):
        Details.model_validate({"details": [{"id": "x", "intents": ["camp_info"], "words": words,
                                             "question": "food", "text": {"nl": "Ja."}}]})
