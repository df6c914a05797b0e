"""Turn what a pupil types on a phone into a stable form the classifier can match.

Two steps. :func:`clean` removes what a reader does not see and what only decorates:
format characters (a soft hyphen or word joiner pasted from a web page, a bidi mark a
phone inserts), the combining grapheme joiner, Arabic vowel marks (harakat) and tatweel,
and letters stretched for emphasis. One such character inside a word used to hide a
danger message from the phrase list and the classifier (issue 13: recall 1.0 → 0.86).
The cleaned text is what every part of the understanding reads, for messages and for
training examples alike; it keeps case, punctuation and emoji (they are signals), the
zero-width non-joiner (ZWNJ, part of Persian and Pashto spelling: "می‌خواهم") and the
zero-width joiner inside emoji sequences ("👩‍💻").

:func:`normalize` then makes the matching form: lowercase, Latin accents removed (pupils
often skip them), punctuation and emoji dropped, chat spellings ("wnr", "plz") expanded.
Non-Latin letters keep their marks: removing them would turn Cyrillic "й" into "и"; only
Arabic variants that people mix freely ("أ"/"ا", "ى"/"ي") are made one, and the ZWNJ is
taken out, since phones write "میخواهم" as often as "می‌خواهم".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping

#: Names the cleaning and normalising rules, for the keys of caches of trained models:
#: a model trained on differently normalised examples must not be used.
NORMALIZATION = "clean-2"
ZWNJ = "\u200c"
ZWJ = "\u200d"
#: Tag characters (format characters) spell the flags of England, Scotland and Wales after 🏴.
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)
#: Marks that may sit between an emoji and the ZWJ that joins it to the next one.
_EMOJI_MODIFIERS = frozenset(["\ufe0e", "\ufe0f", *map(chr, range(0x1F3FB, 0x1F400))])
#: Combining grapheme joiner, tatweel, Arabic harakat and the superscript alef.
_DECORATION = dict.fromkeys([0x034F, 0x0640, *range(0x064B, 0x0660), 0x0670])
_LETTER_REPEATS = re.compile(r"([^\W\d_])\1{2,}", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
#: The matching form leaves out the joiners and bidi marks :func:`clean` keeps or meets.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"))
#: Arabic spelling variants people mix freely: hamza on alef, alef maqsura.
_ARABIC = {**dict.fromkeys(map(ord, "أإآٱ"), "ا"), ord("ى"): "ي"}


def clean(text: str) -> str:
    """The message without invisible or decorating characters, letters squeezed to two.

    "ik wil do\u00adoooood" → "ik wil dood". Idempotent, so cleaning twice is harmless.
    """
    return _LETTER_REPEATS.sub(_squeezed, _undecorated(text))


def _squeezed(match: re.Match[str]) -> str:
    """A stretched letter written twice; a word that is nothing but one letter ("aaaa",
    laughter as "kkkk" or "ههههه") has no word to restore and stays as typed, since the
    sentence model reads it as mashing or laughter."""
    text, start, end = match.string, match.start(), match.end()
    alone = (start == 0 or not text[start - 1].isalpha()) and (end == len(text) or not text[end].isalpha())
    return match.group() if alone else match.group(1) * 2


def unstretched(text: str) -> str | None:
    """The cleaned message with each stretched letter written once, or ``None`` when no
    letter is written three times or more.

    Squeezing to two letters restores "doooood" ("dood") but not "eeeeeinde" ("eeinde");
    the danger check reads both forms.
    """
    undecorated = _undecorated(text)
    if not _LETTER_REPEATS.search(undecorated):
        return None
    return _LETTER_REPEATS.sub(r"\1", undecorated)


def _undecorated(text: str) -> str:
    if text.isascii():
        return text
    kept = "".join(_visible(unicodedata.normalize("NFKC", text))).translate(_DECORATION)
    return unicodedata.normalize("NFKC", kept)


def _visible(text: str) -> Iterator[str]:
    """Every character but format characters (category Cf), except those that spell something."""
    previous = ""
    for index, char in enumerate(text):
        if unicodedata.category(char) == "Cf" and not (
            char == ZWNJ
            or (char == ZWJ and _joins_emoji(text, index))
            or (ord(char) in _TAGS and _in_flag(previous))
        ):
            continue
        previous = char
        yield char


def _in_flag(previous: str) -> bool:
    return previous == _BLACK_FLAG or (bool(previous) and ord(previous) in _TAGS)


def _joins_emoji(text: str, index: int) -> bool:
    """True when the ZWJ at ``index`` stands between two pictographs ("👨‍👩‍👧", "🏳️‍🌈")."""
    before = index - 1
    while before >= 0 and text[before] in _EMOJI_MODIFIERS:
        before -= 1
    after = text[index + 1] if index + 1 < len(text) else ""
    return (before >= 0 and unicodedata.category(text[before]) == "So"
            and bool(after) and unicodedata.category(after) == "So")


def strip_latin_accents(text: str) -> str:
    """Remove combining marks from Latin letters only."""
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and out and _is_latin(out[-1]):
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def _is_latin(char: str) -> bool:
    return char.isascii() or "LATIN" in unicodedata.name(char, "")


def normalize(text: str, abbreviations: Mapping[str, str] | None = None) -> str:
    """The canonical form of a message, used for classification and matching."""
    cleaned = clean(text).translate(_INVISIBLE).translate(_ARABIC).casefold()
    cleaned = strip_latin_accents(cleaned)
    cleaned = _LETTER_REPEATS.sub(r"\1\1", cleaned)
    cleaned = _NON_WORD.sub(" ", cleaned).replace("_", " ")
    words = _SPACES.sub(" ", cleaned).strip().split(" ")
    if abbreviations:
        words = [abbreviations.get(word, word) for word in words]
    return " ".join(word for word in words if word)
