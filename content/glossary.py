"""Hard Dutch words explained simply: "wat betekent slaapzak?".

The word comes from the understanding layer's ``word`` entity when it found one;
otherwise the glossary is searched in the message itself, with typo tolerance
(rapidfuzz), and failing that the rarest word of the message is taken as the one asked
about, so Maatje can say kindly that it does not know it yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from content.schema import Text
from intents.normalize import normalize

#: A typed word counts as a glossary word when it is this similar (0–100).
SIMILAR = 85
MIN_FUZZY_LENGTH = 4
#: Words this common (Zipf) are part of the question, not the word asked about.
COMMON_DUTCH = 5.0
COMMON_ELSEWHERE = 3.5
OTHER_LANGUAGES = ("en", "fr", "es", "tr")
#: wordfreq's small lists (words down to Zipf 3) answer "is this word common?" as well as
#: the large ones; the large lists of five languages held 120 MB once a batch of messages
#: in many languages had asked about words (peak RSS of `ask --batch`: 363 → see notes).
WORDLIST = "small"


class GlossaryEntry(BaseModel):
    """One hard word: a very simple Dutch explanation, and the word plus explanation in each language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    explanation: Text


@dataclass(frozen=True)
class Lookup:
    """The glossary word found (``key``), or the word asked about that is not in the glossary."""

    asked: str | None
    key: str | None = None


def look_up(glossary: Mapping[str, GlossaryEntry], entity: str | None, text: str) -> Lookup:
    """Which glossary word the person asks about."""
    for candidate in (entity, text):
        key = find_key(glossary, candidate) if candidate else None
        if key is not None:
            return Lookup(key, key)
    return Lookup(entity or asked_word(text))


def find_key(glossary: Mapping[str, GlossaryEntry], text: str) -> str | None:
    """A glossary word in ``text``: the whole phrase, or a near spelling of one."""
    normalized = normalize(text)
    keys = {normalize(key): key for key in glossary}
    padded = f" {normalized} "
    for plain in sorted(keys, key=len, reverse=True):
        if f" {plain} " in padded:
            return keys[plain]
    words = normalized.split()
    pieces = [*words, *(" ".join(pair) for pair in pairwise(words))]
    best = None
    for piece in pieces:
        if len(piece) < MIN_FUZZY_LENGTH:
            continue
        match = process.extractOne(piece, list(keys), scorer=fuzz.ratio, score_cutoff=SIMILAR)
        if match is not None and (best is None or match[1] > best[1]):
            best = match
    return keys[best[0]] if best else None


def asked_word(text: str) -> str | None:
    """The rarest Dutch-looking word of the message: "wat betekent blorp" → "blorp".

    Question words ("wat betekent", "what does … mean", "que veut dire") are common in
    Dutch or in another language the pupils write, so they are never the word asked about.
    """
    words = [word for word in normalize(text).split()
             if word.isascii() and word.isalpha() and _could_be_asked(word)]
    if not words:
        return None
    from wordfreq import zipf_frequency

    return min(words, key=lambda word: (zipf_frequency(word, "nl", wordlist=WORDLIST), -len(word)))


def _could_be_asked(word: str) -> bool:
    from wordfreq import zipf_frequency  # costs 0.3 s to import: only when a word is unknown

    dutch = zipf_frequency(word, "nl", wordlist=WORDLIST)
    if dutch >= COMMON_DUTCH:
        return False
    other = max(zipf_frequency(word, lang, wordlist=WORDLIST) for lang in OTHER_LANGUAGES)
    return not (other >= COMMON_ELSEWHERE and other > dutch)
