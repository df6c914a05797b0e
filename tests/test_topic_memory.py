"""Conversations, not single messages: a short follow-up is answered about the topic just
answered ("hoeveel kost het" after the football clubs gives their price), in any content
language; without a topic in memory Maatje asks what the question is about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.dialogue import Maatje, Turn
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED, UserState

NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)


class Chat:
    """One person talking to the core, the state carried from message to message."""

    def __init__(self, core: Maatje, state: UserState = ONBOARDED) -> None:
        self.core, self.state, self.now = core, state, NOW

    def say(self, text: str, hint: str | None = None) -> Turn:
        turn = self.core.handle(Incoming("test:7", Kind.TEXT, text=text, language_hint=hint),
                                self.state, now=self.now)
        self.state = turn.state
        return turn

    def press(self, payload: str) -> Turn:
        turn = self.core.handle(Incoming("test:7", Kind.BUTTON, payload=payload), self.state,
                                now=self.now)
        self.state = turn.state
        return turn


def text_of(turn: Turn) -> str:
    return "\n".join(reply.text for reply in turn.outcome.replies)


@pytest.mark.parametrize(("question", "hint"), [
    ("hoeveel kost het", None),
    ("is het gratis?", None),
    ("c'est combien ?", "fr"),
    ("كم الثمن؟", "ar"),
    ("скільки коштує?", "uk"),
    ("ne kadar?", "tr"),
    ("¿cuánto cuesta?", "es"),
    ("how much is it", "en"),
])
def test_the_price_after_the_football_clubs_is_the_clubs_price(
    core: Maatje, question: str, hint: str | None
) -> None:
    chat = Chat(core)
    assert chat.say("ik zoek een voetbalclub").outcome.trace.intent == "club_join"
    turn = chat.say(question, hint)
    trace = turn.outcome.trace
    assert (trace.intent, trace.follow_up, trace.fallback) == ("club_join", "price", None)
    dutch = turn.outcome.replies[0].text.split("\n\n")[0]
    assert "FC Molenbeek" in dutch and "250" in dutch and "60" in dutch
    assert "Boxing" not in text_of(turn), "only the football club it was about"


@pytest.mark.parametrize(("question", "hint"), [
    ("en waar is dat?", None),
    ("waar?", None),
    ("c'est où ?", "fr"),
    ("где это?", "ru"),
    ("أين؟", "ar"),
    ("xaggee?", "so"),
])
def test_the_place_after_an_activity_is_that_activitys_place(
    core: Maatje, question: str, hint: str | None
) -> None:
    chat = Chat(core)
    first = chat.say("wanneer is het schaatsen")
    assert first.outcome.trace.intent == "activities"
    turn = chat.say(question, hint)
    assert (turn.outcome.trace.intent, turn.outcome.trace.follow_up) == ("activities", "place")
    assert "Poseidon" in text_of(turn)
    assert "De Kade" not in text_of(turn), "not the youth house"
    assert turn.outcome.replies[0].venue is not None


def test_time_and_what_to_bring_after_an_activity(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("wanneer is het schaatsen")
    bring = chat.say("wat moet ik meenemen?")
    assert (bring.outcome.trace.intent, bring.outcome.trace.follow_up) == ("activities", "bring")
    assert "Handschoenen" in text_of(bring) and "slaapzak" not in text_of(bring)
    when = chat.say("hoe laat?")
    assert when.outcome.trace.follow_up == "time"
    assert "19 december" in text_of(when) and "14.00" in text_of(when)


def test_ages_and_someone_else_after_the_clubs(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een boksclub")
    ages = chat.say("vanaf welke leeftijd?")
    assert ages.outcome.trace.follow_up == "who" and "jaar" in text_of(ages)
    brother = chat.say("en voor mijn broertje?")
    assert (brother.outcome.trace.intent, brother.outcome.trace.follow_up) == (
        "club_join", "someone_else")
    assert "Boxing Club Kuregem" in text_of(brother) and "jaar" in text_of(brother)


def test_the_camp_price_and_dates(core: Maatje) -> None:
    chat = Chat(core)
    assert chat.say("wanneer is het kamp").outcome.trace.intent == "camp_info"
    price = chat.say("is het gratis?")
    assert (price.outcome.trace.intent, price.outcome.trace.follow_up) == ("camp_info", "price")
    assert "💶" in text_of(price) and "📅" not in text_of(price)
    bring = chat.say("wat moet ik meenemen")
    assert bring.outcome.trace.intent == "camp_packing" and "slaapzak" in text_of(bring)


def test_a_new_clear_topic_replaces_the_old_one(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    assert chat.say("wat moet ik meenemen naar het kamp").outcome.trace.intent == "camp_packing"
    turn = chat.say("hoeveel kost het?")
    assert turn.outcome.trace.intent in ("camp_packing", "camp_info")
    assert "FC Molenbeek" not in text_of(turn)


def test_a_follow_up_with_nothing_in_memory_asks_what_it_is_about(core: Maatje) -> None:
    chat = Chat(core)
    turn = chat.say("hoeveel kost het?")
    trace = turn.outcome.trace
    assert (trace.fallback, trace.follow_up) == ("clarify", "price")
    reply = turn.outcome.replies[0]
    assert "Waarover gaat je vraag?" in reply.text
    assert "i:club_join" in [b.payload for b in reply.buttons]
    pressed = chat.press("i:club_join")
    assert pressed.outcome.trace.intent == "club_join"


def test_the_memory_fades_after_the_configured_minutes(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    chat.now = NOW + timedelta(minutes=16)
    turn = chat.say("hoeveel kost het")
    assert turn.outcome.trace.fallback == "clarify"
    buttons = [b.payload for b in turn.outcome.replies[0].buttons]
    assert buttons[0] == "i:club_join", "the last topic is the first choice"
    assert "Waarover" in turn.outcome.replies[0].text


def test_a_follow_up_keeps_the_topic_alive(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    chat.now = NOW + timedelta(minutes=10)
    chat.say("waar is dat?")
    chat.now = NOW + timedelta(minutes=20)
    assert chat.say("hoeveel kost het").outcome.trace.intent == "club_join"


def test_thanks_in_between_does_not_forget_the_topic(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    chat.say("dank je")
    assert chat.say("hoeveel kost het").outcome.trace.intent == "club_join"


def test_the_price_after_wanting_to_join_football_is_the_clubs_price(core: Maatje) -> None:
    chat = Chat(core)
    first = chat.say("ik wil voetballen in een club")
    assert first.outcome.trace.intent in ("register_interest", "club_join")
    turn = chat.say("hoeveel kost het")
    assert (turn.outcome.trace.intent, turn.outcome.trace.follow_up) == ("club_join", "price")
    assert "FC Molenbeek" in text_of(turn) and "250" in text_of(turn)


def test_a_question_naming_its_own_place_is_not_a_follow_up(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    turn = chat.say("waar is het jeugdhuis")
    assert (turn.outcome.trace.intent, turn.outcome.trace.follow_up) == ("location", None)
    assert "De Kade" in text_of(turn)


@pytest.mark.parametrize(("question", "hint"), [
    ("waar is dat?", None), ("wanneer?", None), ("c'est quand ?", "fr"), ("где это?", "ru"),
    ("ne zaman?", "tr"), ("¿dónde es?", "es"), ("کجاست؟", "fa"), ("መዓስ?", "ti"),
])
def test_a_bare_follow_up_with_nothing_before_it_asks(
    core: Maatje, question: str, hint: str | None
) -> None:
    turn = Chat(core).say(question, hint)
    assert turn.outcome.trace.fallback == "clarify"
    assert "Waarover gaat je vraag?" in turn.outcome.replies[0].text


def test_what_to_bring_with_nothing_before_it_is_still_the_packing_list(core: Maatje) -> None:
    turn = Chat(core).say("wat moet ik meenemen?")
    assert turn.outcome.trace.intent == "camp_packing"
    assert "slaapzak" in text_of(turn)


def test_ask_json_reports_the_follow_up_kind_or_null(core: Maatje) -> None:
    from bot.ask import ask_one
    from bot.service import Conversations

    conversations = Conversations(core, None, ONBOARDED)
    record = ask_one(conversations, "hoeveel kost het?", None)
    assert (record["follow_up"], record["fallback"]) == ("price", "clarify")
    plain = ask_one(conversations, "wat moet ik meenemen naar het kamp", None)
    assert plain["follow_up"] is None and plain["intent"] == "camp_packing"
    assert {"text", "intent", "fallback", "candidates", "confidence", "language", "reply",
            "reply_languages", "buttons", "entities"} <= set(plain)


@pytest.mark.parametrize(("question", "hint", "expected"), [
    ("tot wanneer?", None, "vrijdag 18 juni"),
    ("avant quelle date ?", "fr", "vrijdag 18 juni"),
    ("waar moet ik het afgeven?", None, "WHERE"),
])
def test_after_the_medical_form_when_and_where_are_the_forms_not_the_camps(
    core: Maatje, question: str, hint: str | None, expected: str
) -> None:
    """"Tot wanneer?" after the medical form is its deadline, not the camp's dates."""
    chat = Chat(core)
    assert chat.say("de medische fiche voor het kamp").outcome.trace.intent == "camp_medical_form"
    turn = chat.say(question, hint)
    assert turn.outcome.trace.intent == "camp_medical_form"
    form = core.content.camp.medical_form if core.content.camp else None
    assert form is not None
    wanted = form.where.nl if expected == "WHERE" else expected
    dutch = turn.outcome.replies[0].text
    assert wanted in dutch


@pytest.mark.parametrize(("first", "then", "hint", "word"), [
    ('ça veut dire quoi "zwembroek"', 'et "drinkfles" ?', "fr", "drinkfles"),
    ('شو يعني "inschrijven"', 'و "korting"؟', "ar", "korting"),
    ('що означає "begeleider"', 'а "vertrek"?', "uk", "vertrek"),
    ('"verplicht" ne demek', 've "meenemen"?', "tr", "meenemen"),
])
def test_a_quoted_word_after_a_word_question_is_the_next_word_asked(
    core: Maatje, first: str, then: str, hint: str, word: str
) -> None:
    chat = Chat(core, ONBOARDED.with_(language=hint))
    chat.say(first, hint)
    turn = chat.say(then, hint)
    assert turn.outcome.trace.intent == "word_meaning"
    assert "📖" in text_of(turn) and word in text_of(turn)


def test_a_quoted_word_in_a_sentence_is_read_as_the_sentence(core: Maatje) -> None:
    turn = Chat(core).say('ik wil graag "zwemmen" leren')
    assert turn.outcome.trace.intent != "word_meaning"


@pytest.mark.parametrize(("first", "then", "hint"), [
    ("ik wil met iemand van het jeugdhuis praten", "en waar is dat?", None),
    ("ممكن احكي مع مسؤول الشباب", "وين مكانهم", "ar"),
])
def test_where_after_the_youth_workers_is_the_youth_house(
    core: Maatje, first: str, then: str, hint: str | None
) -> None:
    chat = Chat(core, ONBOARDED.with_(language=hint) if hint else ONBOARDED)
    assert chat.say(first, hint).outcome.trace.intent == "contact"
    turn = chat.say(then, hint)
    assert (turn.outcome.trace.intent, turn.outcome.trace.follow_up) == ("location", "place")
    assert any(reply.venue is not None for reply in turn.outcome.replies), "a map pin"


@pytest.mark.parametrize(("text", "hint"), [("zaterdag", None), ("en zaterdag?", None),
                                            ("samedi ?", "fr"), ("в суботу?", "uk")])
def test_a_day_alone_asks_what_there_is_that_day(core: Maatje, text: str, hint: str | None) -> None:
    chat = Chat(core, ONBOARDED.with_(language=hint) if hint else ONBOARDED)
    chat.say("is er iets vandaag", hint)
    turn = chat.say(text, hint)
    assert turn.outcome.trace.intent == "activities"
    assert "zaterdag" in text_of(turn)


def test_see_you_saturday_is_still_a_goodbye(core: Maatje) -> None:
    assert Chat(core).say("tot zaterdag").outcome.trace.intent == "thanks"
