"""Turn what a pupil types on a phone into a stable form the classifier can match.

Lowercase, Latin accents removed (pupils often skip them), letters repeated for
emphasis squeezed ("kaaaamp" → "kaamp"), punctuation and emoji dropped, and chat
spellings ("wnr", "plz") expanded. Non-Latin letters keep their marks: removing them
would turn Cyrillic "й" into "и"; only Arabic variants that people mix freely ("أ"/"ا",
"ى"/"ي", vowel marks) are made one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_REPEATS = re.compile(r"(\w)\1{2,}")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\ufeff"))
#: Arabic spelling variants people mix freely: hamza on alef, alef maqsura, tatweel, vowel marks.
_ARABIC = {**dict.fromkeys(map(ord, "أإآٱ"), "ا"), ord("ى"): "ي", ord("ـ"): None,
           **dict.fromkeys(range(0x064B, 0x0653), None)}


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
    cleaned = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_ARABIC).casefold()
    cleaned = strip_latin_accents(cleaned)
    cleaned = _REPEATS.sub(r"\1\1", cleaned)
    cleaned = _NON_WORD.sub(" ", cleaned).replace("_", " ")
    words = _SPACES.sub(" ", cleaned).strip().split(" ")
    if abbreviations:
        words = [abbreviations.get(word, word) for word in words]
    return " ".join(word for word in words if word)
