"""Answers that were missing: the SNS-pas, borrowing gear, swimming, the packing words, and
a pointer to a person for what Maatje does not do (``content/data/details.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Outcome
from bot.core.state import ONBOARDED, UserState
from content.details import Details
from content.glossary import find_key
from content.loader import ContentError, load_content

CONTENT = load_content()
ARABIC = ONBOARDED.with_(language="ar")
FRENCH = ONBOARDED.with_(language="fr")
CONTACT = "💬 Praat met een jeugdwerker"


def ask(core: Maatje, text: str, state: UserState = ONBOARDED) -> Outcome:
    return core.handle(Incoming("t:details", text=text), state).outcome


def detail_text(key: str, lang: str) -> str:
    entries = {d.id: d for d in (*CONTENT.details.details, *CONTENT.details.referrals)}
    return entries[key].text.get(lang)


@pytest.mark.parametrize(("text", "state", "lang"), [
    ("wat is de sns-pas", ONBOARDED, "nl"),
    ("ما هي بطاقة SNS وكيف أحصل عليها", ARABIC, "ar"),
])
def test_the_sns_pass_is_explained_within_the_club_topic(
    core: Maatje, text: str, state: UserState, lang: str
) -> None:
    outcome = ask(core, text, state)
    assert outcome.trace.intent == "club_join"
    [reply] = outcome.replies
    assert reply.text.startswith(detail_text("sns_pas", "nl")), "Dutch first: what the pass is"
    assert detail_text("sns_pas", lang) in reply.text
    labels = [b.label for b in reply.buttons]
    assert any(label.startswith("⚽") for label in labels), "the club list is one tap away"


@pytest.mark.parametrize(("text", "state", "lang"), [
    ("ik heb geen slaapzak", ONBOARDED, "nl"),
    ("je n'ai pas de sac de couchage, je dois en acheter un ?", FRENCH, "fr"),
])
def test_no_sleeping_bag_is_told_where_to_borrow_one(
    core: Maatje, text: str, state: UserState, lang: str
) -> None:
    outcome = ask(core, text, state)
    assert outcome.trace.intent == "camp_packing"
    [reply] = outcome.replies
    assert "lenen" in reply.text and "☐" not in reply.text, "borrowing, not the list again"
    assert detail_text("borrow_gear", lang) in reply.text


def test_a_parent_asking_about_swimming_hears_about_swimming(core: Maatje) -> None:
    outcome = ask(core, "mon fils ne sait pas nager, il peut venir au camp ?", FRENCH)
    assert outcome.trace.intent == "camp_info"
    assert "zwemvest" in outcome.replies[0].text
    assert "gilet de sauvetage" in outcome.replies[0].text


def test_a_plain_packing_question_still_gets_the_whole_list(core: Maatje) -> None:
    outcome = ask(core, "wat moet ik meenemen naar het kamp")
    assert outcome.trace.intent == "camp_packing"
    text = outcome.replies[0].text
    assert "identiteitskaart" in text and "klevertje van de mutualiteit" in text


#: Words of the packing list that are not things to bring.
NOT_THINGS = {"een", "en", "de", "je", "van", "voor", "dagen", "warme", "stevige"}


def test_every_word_of_the_packing_list_is_in_the_glossary() -> None:
    assert CONTENT.camp is not None
    words = {word for item in CONTENT.camp.packing
             for word in re.findall(r"[a-zèéë]+", item.item.nl.lower())} - NOT_THINGS
    missing = sorted(word for word in words if find_key(CONTENT.glossary, word) is None)
    assert not missing


@pytest.mark.parametrize(("text", "referral"), [
    ("kan je mij helpen met mijn huiswerk", "homework"),
    ("hoe lang duurt mijn asielprocedure", "asylum"),
    ("ik heb een vraag over het ocmw", "ocmw"),
    ("ik zoek een studentenjob", "student_job"),
    ("ben jij een robot", "robot"),
])
def test_out_of_scope_points_to_a_person(core: Maatje, text: str, referral: str) -> None:
    outcome = ask(core, text)
    assert (outcome.trace.intent, outcome.trace.referral) == ("out_of_scope", referral)
    [reply] = outcome.replies
    assert reply.text.startswith(detail_text(referral, "nl"))
    assert CONTACT in [b.label for b in reply.buttons]


def test_the_robot_question_gets_an_honest_answer_in_english(core: Maatje) -> None:
    outcome = ask(core, "are you a robot?", ONBOARDED.with_(language="en"))
    assert outcome.trace.referral == "robot"
    assert "not a person" in outcome.replies[0].text


def test_a_topic_question_gets_no_referral(core: Maatje) -> None:
    assert ask(core, "wanneer is het kamp").trace.referral is None


def test_matching_takes_whole_words_and_stars() -> None:
    details = Details.model_validate({"referrals": [
        {"id": "homework", "words": {"nl": ["huiswerk*"], "fr": ["devoirs"]}, "text": "x"}]})
    assert details.referral_for("Help met HUISWERKKLAS!") is not None
    assert details.referral_for("mes devoirs") is not None
    assert details.referral_for("devoirsx") is None
    assert details.referral_for("") is None


@pytest.mark.parametrize(("change", "problem"), [
    ({"intents": ["kamp"]}, "unknown topic"),
    ({"words": {"xx": ["iets"]}}, "unknown language"),
])
def test_a_wrong_details_file_is_reported(tmp_path: Path, change: dict[str, object],
                                          problem: str) -> None:
    entry = {"id": "sns_pas", "intents": ["club_join"], "words": {"nl": ["sns"]},
             "text": {"nl": "De pas."}, **change}
    (tmp_path / "details.yaml").write_text(yaml.safe_dump({"details": [entry]}), "utf-8")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path, strict=False)
    assert any("details.yaml" in line and problem in line for line in error.value.problems)


def test_a_button_telegram_would_cut_fails_the_content_check(tmp_path: Path) -> None:
    import shutil

    from content.check import check_folder

    folder = tmp_path / "data"
    shutil.copytree(CONTENT.directory, folder)
    ui = folder / "ui.yaml"
    long_label = "💬 Talk to one of the youth workers of the youth house, today or later"
    ui.write_text(ui.read_text("utf-8").replace("💬 Talk to a youth worker", long_label, 1),
                  "utf-8")
    report = check_folder(folder)
    assert any("button.contact" in line and "en button" in line for line in report.problems)
    assert not check_folder(CONTENT.directory).problems, "the shipped buttons all fit"


def test_a_long_parent_question_keeps_the_parents_language_instead_of_being_cut() -> None:
    from bot.core.languages import LanguagePlan
    from bot.core.render import Renderer
    from bot.features.labels import text_button
    from content.schema import MAX_LABEL

    assert CONTENT.camp is not None
    cut = 0
    for question in CONTENT.camp.parent_questions:
        for lang in ("ar", "fr", "uk"):
            button = text_button(Renderer(CONTENT, LanguagePlan(("nl", lang))), question.question, "x")
            assert len(button.label) <= MAX_LABEL and not button.label.endswith("…")
            assert question.question.get(lang) in button.label, "the translation is never lost"
            cut += button.label == question.question.get(lang)
    assert cut, "some questions are too long for both languages on one button"
