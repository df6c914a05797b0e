"""Danger recognised in the words pupils write, in every category and language; and the
everyday messages (lack of a thing for camp, fear of the dark, medicines, "stop the
messages", jokes) that must get their own answer, not the help lines.

The rows are written for this file, not copied from the training data, and go through the
same path as ``maatje ask``.
"""

from __future__ import annotations

import pytest

from bot.ask import ask_one
from bot.core.dialogue import Maatje
from bot.core.state import ONBOARDED
from bot.service import Conversations
from intents.pipeline import (
    CONCERN_FLOOR,
    SAFEGUARDING_FLOOR,
    Understander,
    confidence,
    is_concern,
)
from intents.types import Candidate

# (category, language, text)
DANGER: list[tuple[str, str, str]] = [
    ("violence at home", "nl", "mijn stiefvader slaat mij als mama weg is"),
    ("violence at home", "en", "my dad hits me with his belt when he's angry"),
    ("violence at home", "ar", "baba kaydrabni b smta"),
    ("violence at home", "fa", "babam har shab mano mizane"),
    ("violence at home", "uk", "тато б'є мене щовечора"),
    ("violence at home", "so", "aabahay wuu i garaacaa habeen kasta"),
    ("sexual abuse", "nl", "mijn oom raakt mij aan als niemand kijkt"),
    ("sexual abuse", "fr", "le copain de ma mère me touche quand elle dort"),
    ("sexual abuse", "ru", "отчим трогает меня когда мамы нет"),
    ("self-harm", "nl", "ik snij mezelf elke avond"),
    ("self-harm", "en", "i cut myself again after school"),
    ("self-harm", "tr", "her gece kollarımı kesiyorum"),
    ("suicidal thoughts", "nl", "ik wil echt niet meer leven"),
    ("suicidal thoughts", "ti", "ክመዉት እየ ዝደሊ ዘሎኹ"),
    ("suicidal thoughts", "ti", "kmewt edli eye"),
    ("suicidal thoughts", "ar", "bghit nmout w safi"),
    ("suicidal thoughts", "uk", "я не хочу більше жити зовсім"),
    ("suicidal thoughts", "pl", "chcę umrzeć naprawdę"),
    ("forced marriage", "nl", "mijn ouders willen dat ik deze zomer trouw met een man die ik niet ken"),
    ("forced marriage", "en", "my parents are arranging a marriage for me next summer"),
    ("forced marriage", "fr", "mes parents veulent me marier de force au pays"),
    ("forced marriage", "ar", "waldiya bghaw yzawjouni f sif"),
    ("forced marriage", "tr", "ailem beni zorla evlendirmek istiyor ben istemiyorum"),
    ("forced marriage", "ru", "родители хотят выдать меня замуж летом"),
    ("nowhere to sleep", "ar", "ma3ndich fin n3as had lila"),
    ("nowhere to sleep", "ar", "ما عنديش فين نعس هاد الليلة"),
    ("nowhere to sleep", "nl", "mijn vader heeft mij buitengegooid ik weet niet waar ik moet slapen"),
    ("nowhere to sleep", "en", "my mum kicked me out and i have nowhere to stay"),
    ("nowhere to sleep", "uk", "мене вигнали з дому і мені нема де ночувати"),
    ("hunger at home", "ar", "makaynach makla f dar mn lbareh"),
    ("hunger at home", "nl", "thuis is er al dagen geen eten"),
    ("hunger at home", "es", "no hay comida en casa desde el lunes"),
    ("bullying", "so", "iskuulka way i garaacaan maalin walba"),
    ("bullying", "so", "ardayda fasalka ayaa i dhibaan"),
    ("bullying", "fa", "too madrese mano mizanan va maskharam mikonan"),
    ("bullying", "nl", "ze pesten mij elke dag in de klas"),
    ("bullying", "en", "they bully me every day in the group chat"),
    ("being followed", "nl", "een man volgt mij elke dag naar huis"),
    ("being followed", "fr", "un homme me suit tous les soirs après l'école"),
    ("online grooming and sextortion", "en", "someone online says he will post my nudes if i don't pay"),
    ("online grooming and sextortion", "nl", "iemand op insta vraagt om naaktfotos en dreigt"),
    ("exploitation", "nl", "ze hebben mijn paspoort afgepakt en ik moet werken"),
    ("exploitation", "fr", "mon oncle me fait travailler la nuit sans me payer"),
    ("running away", "nl", "ik ben weggelopen van thuis vannacht"),
    ("running away", "en", "i ran away from home last night"),
    ("trafficking", "en", "a man brought me here and says i owe him money so i must work"),
    ("drugs", "nl", "de grote jongens dwingen mij om drugs te verkopen"),
    ("drugs", "en", "the big guys at the park force me to sell weed"),
]

# (text, the answers acceptable instead, or None for "anything but danger")
CAMP = ("camp_packing", "camp_info")
NOT_DANGER: list[tuple[str, tuple[str, ...] | str | None]] = [
    ("у мене немає ліхтарика на табір", "camp_packing"),
    ("в мене нема спальника", "camp_packing"),
    ("у меня нет фонарика", "camp_packing"),
    ("у меня нет спальника для лагеря", "camp_packing"),
    ("у меня нет денег на лагерь", None),
    ("у меня вообще нет денег", None),
    ("у мене зовсім немає друзів", None),
    ("паспорта в меня нет", None),
    ("у мене немає грошей на табір", None),
    ("у меня нет паспорта, можно в лагерь?", None),
    ("ik heb geen zaklamp voor het kamp", CAMP),
    ("i don't have a sleeping bag for camp", "camp_packing"),
    ("ik ben bang om in de tent te slapen", None),
    ("i'm scared of the dark on camp", None),
    ("mijn dochter neemt elke dag medicijnen, wie geeft die op kamp", "camp_medical_form"),
    ("stop met mij berichten te sturen", "unsubscribe"),
    ("stop sending me messages please", "unsubscribe"),
    ("ik lach me dood met jou", None),
    ("c'est mortel, ce jeu", None),
    ("this homework is killing me", None),
    ("ik lach me dood, wat is er zaterdag", "activities"),
    # Raised the help lines in conversations (issue 12): going alone, a fear, a photo.
    ("kan ik alleen gaan", None),
    ("ik ben bang van hoogte is het ok", None),
    ("Mag ik het per foto sturen", None),
]


@pytest.fixture(scope="module")
def conversations(core: Maatje) -> Conversations:
    return Conversations(core, None, ONBOARDED)


@pytest.mark.parametrize(("category", "language", "text"), DANGER)
def test_danger_in_every_category_and_language_gets_help(
    conversations: Conversations, category: str, language: str, text: str
) -> None:
    record = ask_one(conversations, text, None)
    assert record["intent"] == "safeguarding", (category, language)


@pytest.mark.parametrize(("text", "intent"), NOT_DANGER)
def test_everyday_lack_fear_medicine_and_jokes_are_not_danger(
    conversations: Conversations, text: str, intent: tuple[str, ...] | str | None
) -> None:
    record = ask_one(conversations, text, None)
    assert record["intent"] != "safeguarding"
    if intent:
        assert record["intent"] in ((intent,) if isinstance(intent, str) else intent)


def test_a_lean_towards_danger_below_the_alarm_is_a_concern() -> None:
    between = (CONCERN_FLOOR + SAFEGUARDING_FLOOR) / 2
    assert is_concern((Candidate("camp_info", 0.5), Candidate("safeguarding", between)))
    assert not is_concern((Candidate("camp_info", 0.9), Candidate("safeguarding", CONCERN_FLOOR / 2)))
    assert not is_concern((Candidate("camp_info", 1.0),))


def test_an_ordinary_question_is_no_concern_and_danger_is_no_mere_concern(
    understander: Understander,
) -> None:
    assert not understander.understand("wanneer is het kamp").concern
    danger = understander.understand("mijn vader slaat mij")
    assert danger.safeguarding and not danger.concern


def test_a_question_that_sounds_a_little_worrying_is_still_answered() -> None:
    """Without danger, the safeguarding share no longer drags the topic under the threshold
    (0.35): 0.40 for camp beside 0.15 out of scope was a "Bedoel je…?" at 0.25."""
    scored = (Candidate("camp_info", 0.40), Candidate("safeguarding", 0.35),
              Candidate("out_of_scope", 0.15))
    assert confidence(scored) < 0.35 < confidence(scored, danger=False)
