"""How pupils and parents really write a short follow-up: typos, chat spellings, no
punctuation, Darija, Latin-script Russian or Persian, "en ...?" and "et pour ...?". Each is
read as the kind of follow-up it asks, and answered about the club, activity or camp just
answered; a message naming a topic of its own ("wanneer is het kamp") is that topic."""

from __future__ import annotations

import pytest

from bot.core.dialogue import Maatje
from intents.followups import FollowUps
from intents.lexicon import Lexicon
from intents.normalize import normalize
from tests.test_topic_memory import Chat, text_of

LEXICON = Lexicon.load()
FOLLOWUPS = FollowUps.load(abbreviations=LEXICON.abbreviations)


def read(text: str) -> tuple[str | None, bool]:
    found = FOLLOWUPS.find(normalize(text, LEXICON.abbreviations).split())
    return (found.kind, found.bare) if found else (None, False)


@pytest.mark.parametrize(("text", "kind"), [
    ("hoevel kost da", "price"), ("moet ik betalen?", "price"), ("cb ?", "price"),
    ("c combien", "price"), ("skolko", "price"), ("kitna", "price"), ("بقداش؟", "price"),
    ("wach fabor", "price"), ("kac para", "price"), ("¿es de pago?", "price"),
    ("en waar is dat eigenlijk", "place"), ("c'est où svp", "place"), ("fin", "place"),
    ("where do we meet", "place"), ("и где это", "place"), ("gde eto", "place"),
    ("kojast", "place"), ("فين كاينة", "place"), ("nerde buluşuyoruz", "place"),
    ("welke straat?", "address"), ("whats the address", "address"),
    ("how long is it", "time"), ("until when?", "time"), ("which day", "time"),
    ("wen", "time"), ("tot wanneer", "time"), ("ça dure combien de temps", "time"),
    ("до скольки?", "time"), ("і коли?", "time"), ("ne kadar sürüyor", "time"),
    ("chi waqt", "time"), ("wnr is da", "time"),
    ("is het ook voor meisjes", "who"), ("mag ik alleen komen", "who"),
    ("et c'est mixte ?", "who"), ("kizlar icin mi", "who"),
    ("is er eten", "bring"), ("wat moet ik mee nemen", "bring"), ("je prends quoi", "bring"),
    ("что взять с собой", "bring"),
    ("en mijn broertje?", "someone_else"), ("can my sister come", "someone_else"),
    ("et pour ma soeur ?", "someone_else"), ("y para mi hermana?", "someone_else"),
    ("kardeşim de gelebilir mi", "someone_else"), ("w khoya", "someone_else"),
])
def test_a_short_follow_up_as_people_type_it_is_its_kind_and_nothing_else(
    text: str, kind: str | None
) -> None:
    assert read(text) == (kind, kind is not None)


@pytest.mark.parametrize(("text", "kind"), [
    ("alors c'est où stp", "place"), ("so when is it then", "time"), ("و وين", "place"),
    ("а сколько стоит", "price"), ("ну а где", "place"), ("pues cuánto cuesta", "price"),
    ("peki ne zaman", "time"), ("اوكي وين", "place"), ("خب کجاست", "place"),
])
def test_filler_words_of_each_language_keep_a_follow_up_bare(text: str, kind: str) -> None:
    assert read(text) == (kind, True)


@pytest.mark.parametrize("text", [
    "waar is het jeugdhuis", "hoeveel kost een fiets in de winkel", "how much is a bus ticket",
    "wat is lidgeld", "how old are you", "hoe oud ben jij", "waar zijn jullie nu",
    "mag ik ook komen", "lidgeld скільки", "كم الساعة",
])
def test_a_question_with_a_thing_of_its_own_is_not_bare(text: str) -> None:
    """A word asked about, Maatje itself, or joining is a topic of its own; a bare
    follow-up would override the classifier even with nothing remembered."""
    assert read(text)[1] is False


@pytest.mark.parametrize(("question", "hint"), [
    ("hoevel kost da", None), ("moet ik betalen", None), ("cb ?", "fr"), ("skolko?", "ru"),
    ("bkam", "ar"), ("kac para", "tr"),
])
def test_chat_spellings_of_the_price_after_the_clubs_are_the_clubs_price(
    core: Maatje, question: str, hint: str | None
) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    turn = chat.say(question, hint)
    assert (turn.outcome.trace.intent, turn.outcome.trace.follow_up) == ("club_join", "price")
    assert "FC Molenbeek" in text_of(turn) and "250" in text_of(turn)


def test_place_and_duration_after_an_activity_are_that_activitys(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("wanneer is het schaatsen")
    meet = chat.say("where do we meet", "en")
    assert (meet.outcome.trace.intent, meet.outcome.trace.follow_up) == ("activities", "place")
    assert "Poseidon" in text_of(meet) and meet.outcome.replies[0].venue is not None
    until = chat.say("tot hoe laat is het eigenlijk")
    assert until.outcome.trace.follow_up == "time" and "19 december" in text_of(until)
    food = chat.say("et c'est où svp", "fr")
    assert food.outcome.trace.follow_up == "place" and "Poseidon" in text_of(food)


def test_dates_ages_and_a_sister_after_the_camp_are_the_camps(core: Maatje) -> None:
    chat = Chat(core)
    assert chat.say("wanneer is het kamp").outcome.trace.intent == "camp_info"
    until = chat.say("until when?", "en")
    assert (until.outcome.trace.intent, until.outcome.trace.follow_up) == ("camp_info", "time")
    assert "📅" in text_of(until) and "💶" not in text_of(until)
    sister = chat.say("can my sister come", "en")
    assert (sister.outcome.trace.intent, sister.outcome.trace.follow_up) == (
        "camp_info", "someone_else")
    assert "jaar" in text_of(sister)
    price = chat.say("و بكم؟", "ar")
    assert price.outcome.trace.follow_up == "price" and "💶" in text_of(price)


def test_asking_about_the_camp_after_a_club_is_the_camp(core: Maatje) -> None:
    chat = Chat(core)
    chat.say("ik zoek een voetbalclub")
    turn = chat.say("wanneer is het kamp")
    assert turn.outcome.trace.intent == "camp_info" and turn.outcome.trace.follow_up is None
    assert "FC Molenbeek" not in text_of(turn)
    again = chat.say("en hoeveel kost het dan")
    assert again.outcome.trace.intent == "camp_info" and "FC Molenbeek" not in text_of(again)
