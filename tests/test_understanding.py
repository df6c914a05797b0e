"""Understanding as a pupil or parent meets it: topics, danger first, entities, in many languages.

Each table row goes through the same path as ``maatje ask`` (the core with its threshold),
so a row passes only when the person would get that answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.ask import ask_one
from bot.core.dialogue import Maatje
from bot.core.state import ONBOARDED
from bot.service import Conversations
from intents.embedding import SentenceEncoder
from intents.examples import Example
from intents.pipeline import Understander, embed_examples

# (text, expected intent, Telegram app language)
INTENT_CASES: list[tuple[str, str, str | None]] = [
    ("hallo", "greeting", None), ("hoi maatje", "greeting", None), ("salam", "greeting", "ar"),
    ("bonjour", "greeting", "fr"), ("привіт", "greeting", "uk"), ("merhaba", "greeting", "tr"),
    ("wat kan je allemaal", "help", None), ("menu", "help", None), ("what can you do", "help", "en"),
    ("wat is er zaterdag", "activities", None), ("wat doen we deze week", "activities", None),
    ("what's on this weekend", "activities", "en"), ("qu'est-ce qu'il y a samedi", "activities", "fr"),
    ("wanneer kamp???", "camp_info", None), ("waneer is het kamp", "camp_info", None),
    ("hoeveel kost het kamp", "camp_info", None), ("المخيم امتى", "camp_info", "ar"),
    ("табір коли", "camp_info", "uk"), ("kamp ne zaman", "camp_info", "tr"),
    ("wat moet ik meenemen plz", "camp_packing", None),
    ("wat moet ik mee nemen naar kamp", "camp_packing", None),
    ("moet ik een slaapzak meebrengen", "camp_packing", None),
    ("what do i need to bring to camp", "camp_packing", "en"), ("ماذا أحضر للمخيم", "camp_packing", "ar"),
    ("chno nddi m3aya l camp", "camp_packing", "ar"),
    ("waar is de medische fiche", "camp_medical_form", None),
    ("ik heb een allergie voor noten", "camp_medical_form", None),
    ("wie moet de medische fiche tekenen", "camp_medical_form", None),
    ("mijn zoon neemt medicijnen", "camp_medical_form", None),
    ("hoe word ik lid van een voetbalclub", "club_join", None),
    ("is er een goedkope club", "club_join", None), ("wat is de sns pas", "club_join", None),
    ("combien coûte le club de foot", "club_join", "fr"),
    ("ik wil basket spelen", "register_interest", None),
    ("mag ik mee naar het zwemmen", "register_interest", None), ("ik wil meedoen", "register_interest", None),
    ("i want to play football", "register_interest", "en"),
    ("ik wil animator worden", "volunteer", None), ("kan ik vrijwilliger worden", "volunteer", None),
    ("i want to be a volunteer", "volunteer", "en"),
    ("ik wil met een jeugdwerker praten", "contact", None), ("wat is jullie telefoonnummer", "contact", None),
    ("waar is het jeugdhuis", "location", None), ("wat is het adres", "location", None),
    ("hoe kom ik er met de metro", "location", None),
    ("ik snap het niet", "language", None), ("in het engels aub", "language", None),
    ("je ne comprends pas", "language", "fr"),
    ("wat betekent slaapzak", "word_meaning", None), ("wat betekent inschrijven", "word_meaning", None),
    ("slaapzak یعنی چه", "word_meaning", "fa"),
    ("ik wil berichten krijgen", "subscribe", None), ("stuur me de nieuwtjes", "subscribe", None),
    ("stop met berichten sturen", "unsubscribe", None), ("ik wil geen berichten meer", "unsubscribe", None),
    ("wat doen jullie met mijn gegevens", "privacy", None), ("wis mijn gegevens", "privacy", None),
    ("dankjewel", "thanks", None), ("merci", "thanks", "fr"), ("dank je wel, tot zaterdag", "thanks", None),
    ("wie wint de champions league", "out_of_scope", None),
    ("kan je mijn huiswerk maken", "out_of_scope", None), ("vertel een mop", "out_of_scope", None),
    ("asdfgh", "out_of_scope", None), ("😂😂", "out_of_scope", None),
]

DANGER = [
    ("papa slaat mij", None), ("mijn vader slaat me elke dag", None), ("ik wil niet meer leven", None),
    ("ze pesten mij elke dag op school", None), ("wanneer is kamp, papa slaat mij", None),
    ("mon père me frappe", "fr"), ("أبي يضربني", "ar"), ("я не хочу жить", "ru"),
    ("babam beni dövüyor", "tr"), ("aabahay wuu i garaacaa", "so"), ("🆘 Ik heb hulp nodig", None),
]

NOT_DANGER = [
    ("ik heb geen geld voor de club", "club_join"), ("kamp is pijnlijk duur", "camp_info"),
    ("ik ben dood moe", None), ("ik ben bang dat ik mijn slaapzak vergeet", "camp_packing"),
    ("dit spel is killing me lol", None), ("je meurs de rire", None), ("ik ben geslaagd", None),
    ("mijn voet doet pijn van voetbal, mag ik toch komen", None),
]


@pytest.fixture(scope="module")
def conversations(core: Maatje) -> Conversations:
    return Conversations(core, None, ONBOARDED)


@pytest.mark.parametrize(("text", "intent", "hint"), INTENT_CASES)
def test_the_answered_topic(
    conversations: Conversations, text: str, intent: str, hint: str | None
) -> None:
    assert ask_one(conversations, text, hint)["intent"] == intent


@pytest.mark.parametrize(("text", "hint"), DANGER)
def test_danger_is_answered_with_help_first(
    conversations: Conversations, text: str, hint: str | None
) -> None:
    record = ask_one(conversations, text, hint)
    assert record["intent"] == "safeguarding"
    assert record["fallback"] is None


@pytest.mark.parametrize(("text", "intent"), NOT_DANGER)
def test_idioms_and_worries_are_not_danger(
    conversations: Conversations, text: str, intent: str | None
) -> None:
    record = ask_one(conversations, text, None)
    assert record["intent"] != "safeguarding"
    if intent:
        assert record["intent"] == intent


def test_unsure_answers_ask_and_keep_the_sos_button(conversations: Conversations) -> None:
    record = ask_one(conversations, "blabla iets met dinges", None)
    assert record["intent"] == "out_of_scope"
    assert record["fallback"] == "clarify"
    assert any("🆘" in label for label in record["buttons"])


# (text, expected entities: a subset of what is found)
ENTITY_CASES: list[tuple[str, dict[str, str]]] = [
    ("ik wil basket spelen zaterdag", {"sport": "basketbal", "day": "zaterdag"}),
    ("is er voetbl in anderlecht", {"sport": "voetbal", "commune": "Anderlecht"}),
    ("je veux jouer au foot samedi", {"sport": "voetbal", "day": "zaterdag"}),
    ("كرة القدم يوم السبت", {"sport": "voetbal", "day": "zaterdag"}),
    ("this weekend?", {"day": "weekend"}),
    ("wat doen we volgende week", {"day": "volgende_week"}),
    ("wat is er morgen", {"day": "morgen"}),
    ("is er zwemmen in molenbeek", {"sport": "zwemmen", "commune": "Molenbeek"}),
    ("wanneer gaan we naar het museum", {"activity": "museum"}),
    ("kickboksen in schaarbeek", {"sport": "kickboksen", "commune": "Schaarbeek"}),
    # a day after a preposition takes another ending in Ukrainian, Russian and Pashto
    ("що буде в суботу?", {"day": "zaterdag"}),
    ("что будет в пятницу", {"day": "vrijdag"}),
    ("د شنبې په ورځ څه شته", {"day": "zaterdag"}),
    ("د سه شنبې په ورځ", {"day": "dinsdag"}),
    # the sea trip is the sea, not any trip
    ("uitstap naar zee wanneer", {"activity": "zee"}),
    ("когда поездка на море", {"activity": "zee"}),
]


@pytest.mark.parametrize(("text", "expected"), ENTITY_CASES)
def test_entities(understander: Understander, text: str, expected: dict[str, str]) -> None:
    entities = understander.understand(text).entities
    assert {key: entities.get(key) for key in expected} == expected


@pytest.mark.parametrize(("text", "word", "language"), [
    ("wat betekent slaapzak", "slaapzak", "nl"),
    ("wat betekent het woord slaapzak?", "slaapzak", "nl"),
    ("que veut dire inschrijven", "inschrijven", "fr"),
    ("slaapzak یعنی چه", "slaapzak", "fa"),
    ("co znaczy slaapzak", "slaapzak", "pl"),
    ("wat betekent kampvuur", "kampvuur", "nl"),
])
def test_word_asked_about_and_the_language_around_it(
    understander: Understander, text: str, word: str, language: str
) -> None:
    understanding = understander.understand(text)
    assert understanding.entities.get("word") == word
    assert understanding.language.code == language


@dataclass
class CountingModel:
    """The real sentence model, counting how often a message needs it."""

    model: Any
    calls: int = 0
    texts: list[str] = field(default_factory=list)

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def query(self, text: Any) -> Any:
        self.calls += 1
        self.texts += [text] if isinstance(text, str) else list(text)
        return self.model.query(text)


@pytest.fixture()
def counting(understander: Understander) -> tuple[Understander, CountingModel]:
    model = CountingModel(understander.encoder.model)
    return understander.with_encoder(SentenceEncoder(model)), model


@pytest.mark.parametrize("text", ["hallo", "wat moet ik meenemen naar het kamp", "dankjewel"])
def test_a_clear_question_is_answered_without_the_sentence_model(
    counting: tuple[Understander, CountingModel], text: str
) -> None:
    understander, model = counting
    understanding = understander.understand(text)
    assert model.calls == 0
    assert understanding.confidence >= 0.8


@pytest.mark.parametrize("text", ["papa slaat mij", "wie wint de champions league",
                                  "mijn broer doet soms raar thuis"])
def test_danger_and_doubt_always_get_the_sentence_model(
    counting: tuple[Understander, CountingModel], text: str
) -> None:
    understander, model = counting
    understander.understand(text)
    assert model.calls == 1


@pytest.mark.parametrize(("text", "danger"), [
    ("we slapen al een week op straat", True), ("de koelkast is leeg en ik heb honger", True),
    ("wanneer vertrekt de bus naar het kamp", False), ("hoeveel kost de voetbalclub", False),
])
def test_a_danger_situation_word_keeps_the_message_off_the_fast_path(
    understander: Understander, text: str, danger: bool
) -> None:
    """Being on the street or an empty fridge told in few words once reached the n-gram
    model alone, sure of an address or a camp question; such words now need the full model."""
    features = understander.tagger.features(text.lower())
    assert understander.tagger.hints_danger(features) is danger


def test_training_embeddings_are_computed_once_per_set_of_texts(
    counting: tuple[Understander, CountingModel], tmp_path: Path
) -> None:
    understander, model = counting
    examples = [Example("hallo", ("greeting",), "nl"), Example("wanneer kamp", ("camp_info",), "nl")]
    first = embed_examples(understander.encoder, examples, tmp_path)
    calls = model.calls
    again = embed_examples(understander.encoder, examples, tmp_path)
    assert model.calls == calls
    assert (again == first).all()
    embed_examples(understander.encoder, [*examples, Example("dag", ("thanks",), "nl")], tmp_path)
    assert model.calls > calls


def test_after_new_examples_only_the_new_texts_are_embedded(
    counting: tuple[Understander, CountingModel], understander: Understander, tmp_path: Path
) -> None:
    """Adding 2,000 examples to 15,000 must not cost embedding all 17,000 again."""
    encoder, model = counting[0].encoder, counting[1]
    old = [Example("hallo", ("greeting",), "nl"), Example("wanneer kamp", ("camp_info",), "nl")]
    embed_examples(encoder, old, tmp_path)
    model.texts.clear()
    grown = [Example("dag", ("thanks",), "nl"), *old]
    vectors = embed_examples(encoder, grown, tmp_path)
    assert model.texts == ["dag"]
    assert (vectors == understander.encoder.encode_many(["dag", "hallo", "wanneer kamp"])).all()
