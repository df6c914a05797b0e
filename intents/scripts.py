"""Evidence about a message's language that its letters alone give.

A letter such as Pashto "ښ", Ukrainian "ї" or Turkish "ğ" says more about a short message
than any statistical detector can. Each rule here is a hint with the languages it points
to; :mod:`intents.language` weighs them together with word lists and lingua.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

#: The languages each script can be, among the sixteen Maatje recognises.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "latin": ("nl", "en", "fr", "so", "tr", "es", "ro", "pt", "pl", "ar"),
    "cyrillic": ("uk", "ru", "bg"),
    "arabic": ("ar", "fa", "ps"),
    "ethiopic": ("ti",),
}

#: Letters (casefolded, accents kept) and the languages that use them.
_MARKERS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("ığ", ("tr",)),
    **dict.fromkeys("öü", ("tr",)),
    "ş": ("tr", "ro"),
    **dict.fromkeys("ăţțș", ("ro",)),
    "î": ("ro", "fr"),
    "â": ("ro", "fr", "pt", "tr"),
    **dict.fromkeys("łąęśźżćń", ("pl",)),
    **dict.fromkeys("ãõ", ("pt",)),
    **dict.fromkeys("ñ¿¡", ("es",)),
    **dict.fromkeys("œèùû", ("fr",)),
    "ç": ("fr", "pt", "tr"),
    "ê": ("fr", "pt"),
    "ô": ("fr", "pt"),
    "à": ("fr", "pt"),
    **dict.fromkeys("áíú", ("es", "pt")),
    **dict.fromkeys("іїєґ", ("uk",)),
    **dict.fromkeys("ыэё", ("ru",)),
    **dict.fromkeys("ъѝ", ("bg",)),
    **dict.fromkeys("ټډړږښګڼځڅېۍ", ("ps",)),
    **dict.fromkeys("پچژگکی", ("fa", "ps")),
    **dict.fromkeys("ةىأإؤيك", ("ar",)),
}

_UKRAINIAN = set("іїєґ")

#: Digits that stand for Arabic sounds in Arabizi ("3ayez", "7abibi", "ma3a").
_ARABIZI_DIGITS = set("235679")


def script_of(text: str) -> str:
    """The script of the message: latin, cyrillic, arabic, ethiopic… or ``none``.

    Latin words inside another script are nearly always Dutch words being asked about
    ("slaapzak یعنی چه", "slaapzak треба?"), so any other script wins over Latin.
    """
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            scripts[name.split(" ")[0].lower() if name else "unknown"] += 1
    if not scripts:
        return "none"
    others = [(count, script) for script, count in scripts.items() if script != "latin"]
    return max(others)[1] if others else "latin"


def absence_votes(text: str) -> dict[str, float]:
    """Evidence from letters a language would have used by now.

    Ukrainian writes "і" in almost every sentence; a Cyrillic message of some length
    without і, ї or є is very likely Russian or Bulgarian.
    """
    letters = [char for char in text.casefold() if "CYRILLIC" in unicodedata.name(char, "")]
    if len(letters) >= 12 and not set(letters) & _UKRAINIAN:
        return {"uk": -0.5}
    return {}


_VOWELS = set("aeiouyаеёиоуыэюяіїєاوی")
_LAUGHS = re.compile(r"^(?:h[aeiou]){2,}h?$|^(?:l+o+)+l+$|^x+d*$|^h+m+$")


def looks_like_words(text: str) -> bool:
    """False for keyboard mashing, laughter and sounds ("asdfgh", "hahaha", "hmm", "xxx")."""
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        latin = all(char.isascii() for char in word)
        if not latin:
            return True
        vowels = sum(char in _VOWELS for char in word)
        if _LAUGHS.match(word) or (len(word) >= 3 and len(set(word)) <= 2):
            continue
        if vowels and (len(word) < 5 or vowels / len(word) >= 0.2):
            return True
    return False


def letter_votes(text: str) -> defaultdict[str, float]:
    """One vote per distinct marker letter, shared among the languages that use it."""
    votes: defaultdict[str, float] = defaultdict(float)
    for char in set(text.casefold()):
        languages = _MARKERS.get(char)
        if languages:
            for language in languages:
                votes[language] += 1 / len(languages)
    return votes


def spelling_votes(words: list[str]) -> defaultdict[str, float]:
    """Votes from how words are spelled: Dutch "ij", Arabizi digits inside a word."""
    votes: defaultdict[str, float] = defaultdict(float)
    for word in words:
        if "ij" in word and word.isalpha():
            votes["nl"] += 0.5
        letters = sum(char.isalpha() for char in word)
        if letters >= 1 and any(char in _ARABIZI_DIGITS for char in word) and letters >= len(word) / 2:
            votes["ar"] += 1
        elif word in ("l", "f"):
            votes["ar"] += 0.5
    return votes
