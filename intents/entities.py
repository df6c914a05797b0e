"""Entities the answers need: sport, day, commune, activity, and the Dutch word asked about.

Gazetteer phrases (any language → a canonical Dutch key) are found by word n-grams, with
rapidfuzz for typos in longer words. The word in "wat betekent slaapzak?" is the part of a
word-meaning question that is not the question itself, found with per-language trigger
phrases (``intents/data/meaning_triggers.yaml``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from intents.examples import DATA_DIR
from intents.lexicon import Lexicon, Match, PhraseTable, read_yaml, without
from intents.normalize import normalize

#: Entity keys the answers rely on; stable, never renamed.
SPORT, DAY, COMMUNE, ACTIVITY, WORD = "sport", "day", "commune", "activity", "word"
GAZETTEER_KINDS = (SPORT, DAY, COMMUNE, ACTIVITY)
#: One or two Latin-script words between quotation marks of any kind ("…", “…”, „…”, «…»,
#: '…', ‘…’): how pupils write the Dutch word they ask about in their own language's message.
QUOTED = re.compile(r"[\"“„«‘'‚]\s*([^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*)?)\s*[\"”“»’'‘]")
#: Beside a quoted word asked about alone, at most one word this short: a conjunction
#: ("en", "et", "و", "а", "ve", "y", "and").
SHORT_WORD = 3


def quoted_alone(text: str) -> str | None:
    """The word in `et "drinkfles" ?` or `و "korting"؟`, normalised: right after "what does
    'zwembroek' mean?", the next word is asked about with no question words at all, in every
    language. Only a Latin-script word counts (the Dutch word), with at most a short
    conjunction beside it; anything longer is a sentence of its own."""
    found = list(QUOTED.finditer(text))
    if len(found) != 1 or not _latin(found[0].group(1)):
        return None
    match = found[0]
    rest = normalize(f"{text[:match.start()]} {text[match.end():]}").split()
    if len(rest) > 1 or any(len(word) > SHORT_WORD for word in rest):
        return None
    return normalize(match.group(1)) or None


def _latin(words: str) -> bool:
    """Latin letters only (accents allowed): "drinkfles", "één", not "نعم" or "так"."""
    return all(not char.isalpha() or "LATIN" in unicodedata.name(char, "") for char in words)


@dataclass(frozen=True)
class MeaningQuestion:
    """Trigger phrases of "what does … mean" and filler words around the asked word."""

    triggers: PhraseTable
    fillers: frozenset[str]

    @classmethod
    def load(cls, path: Path = DATA_DIR / "meaning_triggers.yaml") -> MeaningQuestion:
        data = read_yaml(path)
        triggers = {normalize(phrase): "trigger" for phrases in (data.get("triggers") or {}).values()
                    for phrase in phrases}
        fillers = frozenset(normalize(word) for word in str(data.get("fillers", "")).split())
        return cls(PhraseTable.build(triggers), fillers)

    def asked_word(self, words: list[str]) -> tuple[str, list[Match]] | None:
        """The asked-about word or phrase (normalised) and where it is, or ``None``."""
        triggers = self.triggers.find_all(words)
        if not triggers:
            return None
        rest = [(i, w) for i, w in enumerate(words)
                if not any(m.start <= i < m.end for m in triggers) and w not in self.fillers
                and w.isascii() and w.isalpha()]
        if not rest:
            return None
        if len(rest) > 2:
            rest = [max(rest, key=lambda item: len(item[1]))]
        return " ".join(w for _, w in rest), [Match(i, i + 1, w) for i, w in rest]


@dataclass(frozen=True)
class EntityFinder:
    """Finds every entity kind in a normalised message."""

    tables: Mapping[str, PhraseTable]
    meaning: MeaningQuestion
    #: Every long single-word phrase of every kind in one table, so that typo matching
    #: costs one rapidfuzz search per word instead of one per kind.
    typos: PhraseTable

    @classmethod
    def build(cls, lexicon: Lexicon) -> EntityFinder:
        combined = {phrase: f"{kind}\t{value}"
                    for kind in reversed(GAZETTEER_KINDS) if kind in lexicon.entities
                    for phrase, value in lexicon.entities[kind].phrases.items() if " " not in phrase}
        return cls(lexicon.entities, MeaningQuestion.load(), PhraseTable.build(combined))

    def find(self, words: list[str]) -> dict[str, str]:
        """Sport, day, commune and activity keys found in the message (typos tolerated)."""
        found: dict[str, str] = {}
        for kind in GAZETTEER_KINDS:
            table = self.tables.get(kind)
            match = table.first(words) if table else None
            if match:
                found[kind] = match.value
        if len(found) < len(GAZETTEER_KINDS):
            for match in self.typos.find_all(words, fuzzy=True):
                kind, value = match.value.split("\t", 1)
                found.setdefault(kind, value)
        return found

    def day_alone(self, words: list[str], fillers: frozenset[str]) -> bool:
        """Only a day and filler words: "zaterdag", "en morgen?", "в суботу?"."""
        table = self.tables.get(DAY)
        days = table.find_all(words, fuzzy=True) if table else []
        taken = {i for match in days for i in range(match.start, match.end)}
        return bool(days) and all(w in fillers for i, w in enumerate(words) if i not in taken)

    def asked_word(self, words: list[str]) -> tuple[str, list[str]] | None:
        """For a word-meaning question: the word (canonical if known) and the other words."""
        known = self.tables.get(WORD)
        match = known.first(words, fuzzy=True) if known else None
        if match:
            return match.value, without(words, [match])
        asked = self.meaning.asked_word(words)
        if asked is None:
            return None
        word, spans = asked
        return word, without(words, spans)
