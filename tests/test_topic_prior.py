"""A short message in a conversation leans towards the topic just talked about
(intents/topic_prior.py): "mag mijn vriendin ook mee" after the clubs is about the clubs,
while "dank je" or a clear new question keeps its own topic."""

from __future__ import annotations

from bot.core.dialogue import Maatje
from intents.topic_prior import CONVERSATION_PRIOR, TopicPrior, subject
from intents.types import Candidate, LanguageGuess, Understanding
from tests.test_topic_memory import Chat

PRIOR = TopicPrior(weight=100.0, max_words=5, keeps=frozenset({"thanks"}))


def understood(text: str, *scores: tuple[str, float], danger: bool = False) -> Understanding:
    return Understanding(text, text, LanguageGuess("nl", 1.0),
                         tuple(Candidate(i, s) for i, s in scores), safeguarding=danger)


def test_the_remembered_topic_is_pulled_up_and_the_scores_still_sum_to_one() -> None:
    result = PRIOR.apply(understood("mag mijn vriendin mee", ("register_interest", 0.6),
                                    ("club_join", 0.05), ("out_of_scope", 0.35)), "club_join")
    assert result.candidates[0].intent == "club_join"
    assert abs(sum(c.score for c in result.candidates) - 1.0) < 1e-9
    assert result.top.score == result.confidence, "the threshold reads the new confidence"


def test_a_sure_reading_of_its_own_survives() -> None:
    result = PRIOR.apply(understood("wanneer is het kamp", ("camp_info", 0.9995),
                                    ("club_join", 0.0005)), "club_join")
    assert result.candidates[0].intent == "camp_info"


def test_long_messages_danger_and_kept_readings_are_left_alone() -> None:
    long = understood("ik heb een vraag over iets heel anders", ("help", 0.6), ("club_join", 0.1))
    assert PRIOR.apply(long, "club_join") is long
    danger = understood("help", ("safeguarding", 0.9), ("club_join", 0.1), danger=True)
    assert PRIOR.apply(danger, "club_join") is danger
    thanks = understood("merci", ("thanks", 0.7), ("club_join", 0.3))
    assert PRIOR.apply(thanks, "club_join") is thanks
    assert PRIOR.apply(thanks, None) is thanks


def test_safeguarding_stays_behind_the_topics_when_the_check_said_no() -> None:
    result = PRIOR.apply(understood("ik ga dood", ("club_join", 0.3), ("safeguarding", 0.5),
                                    ("out_of_scope", 0.2)), "club_join")
    assert result.candidates[-1].intent == "safeguarding"


def test_a_short_question_after_the_clubs_is_about_the_clubs(core: Maatje) -> None:
    chat = Chat(core)
    assert chat.say("welke sportclubs zijn er").outcome.trace.intent == "club_join"
    assert chat.say("kan ik eerst proberen").outcome.trace.intent == "club_join"


def test_thanks_and_a_clear_new_question_keep_their_own_topic(core: Maatje) -> None:
    assert core.topic_prior == CONVERSATION_PRIOR, "the core as production builds it"
    chat = Chat(core)
    chat.say("welke sportclubs zijn er")
    assert chat.say("dank je wel").outcome.trace.intent == "thanks"
    chat.say("welke sportclubs zijn er")
    assert chat.say("ik wil graag leren voetballen").outcome.trace.intent == "register_interest"
    chat.say("welke sportclubs zijn er")
    assert chat.say("wanneer is het kamp").outcome.trace.intent == "camp_info"


def test_a_wish_to_join_leans_towards_what_it_is_about() -> None:
    assert subject("register_interest", {"sport": "voetbal"}) == "club_join"
    assert subject("register_interest", {"activity": "zwemmen", "sport": "zwemmen"}) == "activities"
    assert subject("register_interest", {"activity": "kamp"}) == "camp_info"
    assert subject("register_interest", {}) is None
    assert subject("camp_info", {"sport": "voetbal"}) == "camp_info"
    assert subject(None, {}) is None


def test_after_a_wish_to_play_football_a_short_question_is_about_the_clubs(core: Maatje) -> None:
    chat = Chat(core)
    assert chat.say("ik wil graag leren voetballen").outcome.trace.intent == "register_interest"
    assert chat.say("is er een proefles").outcome.trace.intent == "club_join"


def test_a_sure_question_about_a_part_of_the_camp_is_not_pulled_back_to_the_camp() -> None:
    """After the camp's dates, "wat moet ik meenemen naar het kamp" (packing 0.97) is the
    packing list: weighed ×1000, the camp itself (0.02) would have taken it."""
    packing = understood("wat moet ik meenemen naar het kamp", ("camp_packing", 0.97),
                         ("camp_info", 0.02), ("camp_medical_form", 0.01))
    assert CONVERSATION_PRIOR.apply(packing, "camp_info") is packing
    unsure = understood("en de fiche", ("camp_medical_form", 0.6), ("camp_info", 0.4))
    assert CONVERSATION_PRIOR.apply(unsure, "camp_info").candidates[0].intent == "camp_info"
