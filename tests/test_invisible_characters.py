"""Invisible characters and decoration never hide a danger message (issue 13, item 4).

A soft hyphen copied from a web page, a word joiner or Arabic letter mark a keyboard
inserts, vowel marks on Arabic letters, letters stretched for emphasis: a reader sees the
same words, so Maatje must too. Each row goes through the core as ``maatje ask`` does.
"""

from __future__ import annotations

import pytest

from bot.ask import ask_one
from bot.core.dialogue import Maatje
from bot.core.state import ONBOARDED
from bot.service import Conversations

SHY, WJ, CGJ, ALM, ZWNJ, ZWJ = "\u00ad", "\u2060", "\u034f", "\u061c", "\u200c", "\u200d"

# (message as typed, Telegram app language)
PERTURBED_DANGER = [
    (f"ik wil niet meer le{SHY}ven", None),
    (f"mijn va{SHY}der slaat mij", None),
    (f"papa sl{WJ}aat mij", None),
    (f"ik wil er een ei{WJ}nde aan maken", None),
    (f"ik wil er een ei{CGJ}nde aan maken", None),
    (f"mijn vader sl{CGJ}aat me elke dag", None),
    (f"ik wil er een ei{ALM}nde aan maken", None),
    (f"أبي يض{ALM}ربني", "ar"),
    ("أَبِي يَضْرِبُنِي", "ar"),  # harakat
    ("أمي تُحْرِقُنِي بالملعقة", "ar"),
    ("أبي يضـــربني", "ar"),  # tatweel
    (f"je pense à me tu{SHY}er", "fr"),
    (f"я не хочу жи{WJ}ть", "ru"),
    ("ik wil dooooood", None),
    ("ik wil er een eeeeeinde aan maken", None),
    ("papa slaaaaat mij", None),
    (f"ik wil d{SHY}ooooo{WJ}d", None),
]

NOT_DANGER = ["ik ben doooood moe", f"kamp is pijn{SHY}lijk duur", "hallooooo"]


@pytest.fixture(scope="module")
def conversations(core: Maatje) -> Conversations:
    return Conversations(core, None, ONBOARDED)


@pytest.mark.parametrize(("text", "hint"), PERTURBED_DANGER)
def test_danger_with_invisible_or_decorating_characters_gets_the_help_lines(
    conversations: Conversations, text: str, hint: str | None
) -> None:
    record = ask_one(conversations, text, hint)
    assert record["intent"] == "safeguarding"
    assert "112" in record["reply"]


@pytest.mark.parametrize("text", NOT_DANGER)
def test_stretched_or_hyphenated_idioms_are_still_not_danger(
    conversations: Conversations, text: str
) -> None:
    assert ask_one(conversations, text, None)["intent"] != "safeguarding"


def test_persian_keeps_its_zero_width_non_joiner() -> None:
    from intents.normalize import clean

    assert clean(f"نمی{ZWNJ}خواهم زنده باشم") == f"نمی{ZWNJ}خواهم زنده باشم"
    assert clean(f"می{ZWNJ}{SHY}خواهم") == f"می{ZWNJ}خواهم"


@pytest.mark.parametrize("emoji", [
    f"👩{ZWJ}💻", f"👨{ZWJ}👩{ZWJ}👧", f"🏳\ufe0f{ZWJ}🌈", f"👩🏽{ZWJ}💻", f"❤\ufe0f{ZWJ}🔥",
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
])
def test_emoji_sequences_survive_cleaning(emoji: str) -> None:
    from intents.normalize import clean

    assert clean(f"ik ben {emoji} ok") == f"ik ben {emoji} ok"


def test_cleaning_drops_what_a_reader_does_not_see() -> None:
    from intents.normalize import clean

    assert clean(f"ei{SHY}n{WJ}d{CGJ}e{ALM} a{ZWJ}b\ufeff") == "einde ab"
    assert clean("أَبِي يضـــربني") == "أبي يضربني"
    assert clean("doooood") == "dood"
    assert clean("kkkkk lol") == "kkkkk lol", "a word of one letter has no word to restore"
    assert clean("1000 euro") == "1000 euro"
    assert clean(clean(f"do{SHY}oooood")) == clean(f"do{SHY}oooood") == "dood"
