"""Word lists the pipeline matches against: chat abbreviations, entities and danger phrases.

They live in ``intents/data/*.yaml`` so they can grow without touching code. Phrases are
normalised like messages and looked up by word n-grams, longest first, so "kickboksen"
is never read as "boksen" and lookup cost does not grow with the size of the lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from intents.examples import DATA_DIR
from intents.normalize import normalize

#: Gazetteer sections and the stable entity keys the answers receive.
ENTITY_KEYS = {"sports": "sport", "days": "day", "communes": "commune", "activities": "activity",
               "words": "word"}
#: Typo tolerance: only words this long are matched approximately, at this similarity.
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_SCORE = 85.0
#: Danger words are matched approximately only when long and very close ("zelfmoort"), so
#: that "geslaagd" (passed an exam) never reads as "geslagen" (beaten).
DANGER_FUZZY = (8, 88.0)


@dataclass(frozen=True)
class Match:
    """A phrase found in a message: where (word positions), what it stands for, how exactly."""

    start: int
    end: int
    value: str
    score: float = 100.0


@dataclass(frozen=True)
class PhraseTable:
    """Normalised phrases → a value, found by word n-grams; single long words also by typo."""

    phrases: Mapping[str, str] = field(default_factory=dict)
    longest: int = 0
    fuzzy_words: tuple[str, ...] = ()
    min_length: int = FUZZY_MIN_LENGTH
    min_score: float = FUZZY_MIN_SCORE

    @classmethod
    def build(
        cls, phrases: Mapping[str, str], min_length: int = FUZZY_MIN_LENGTH,
        min_score: float = FUZZY_MIN_SCORE,
    ) -> PhraseTable:
        longest = max((len(phrase.split()) for phrase in phrases), default=0)
        singles = tuple(p for p in phrases if " " not in p and len(p) >= min_length)
        return cls(dict(phrases), longest, singles, min_length, min_score)

    def find_all(self, words: list[str], fuzzy: bool = False) -> list[Match]:
        """Non-overlapping matches, longest phrase first, left to right."""
        found: list[Match] = []
        taken: set[int] = set()
        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                value = self.phrases.get(" ".join(words[start : start + size]))
                if value is not None:
                    found.append(Match(start, start + size, value))
                    taken |= span
        if fuzzy:
            found += self._fuzzy(words, taken)
        return sorted(found, key=lambda match: match.start)

    def _fuzzy(self, words: list[str], taken: set[int]) -> list[Match]:
        matches: list[Match] = []
        for index, word in enumerate(words):
            if index in taken or len(word) < self.min_length or not word.isalpha():
                continue
            best = process.extractOne(word, self.fuzzy_words, scorer=fuzz.ratio,
                                      score_cutoff=self.min_score)
            if best is not None:
                matches.append(Match(index, index + 1, self.phrases[best[0]], float(best[1])))
        return matches

    def first(self, words: list[str], fuzzy: bool = False) -> Match | None:
        matches = self.find_all(words, fuzzy)
        return max(matches, key=lambda m: (m.score, m.end - m.start)) if matches else None

    def __bool__(self) -> bool:
        return bool(self.phrases)


@dataclass(frozen=True)
class Lexicon:
    """Normalised phrase lists, ready for matching."""

    abbreviations: dict[str, str] = field(default_factory=dict)
    entities: dict[str, PhraseTable] = field(default_factory=dict)
    danger: PhraseTable = field(default_factory=PhraseTable)
    not_danger: PhraseTable = field(default_factory=PhraseTable)

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Lexicon:
        gazetteers = read_yaml(data_dir / "gazetteers.yaml")
        abbreviations = {
            normalize(str(k)): normalize(str(v))
            for k, v in (gazetteers.pop("abbreviations", None) or {}).items()
        }
        entities = {
            ENTITY_KEYS.get(kind, kind): PhraseTable.build(_canonical_table(table, abbreviations))
            for kind, table in gazetteers.items()
            if isinstance(table, dict)
        }
        safety = read_yaml(data_dir / "safeguarding.yaml")
        negatives = {normalize(s, abbreviations): "" for key, value in safety.items()
                     if "not" in str(key) for s in _strings(value)}
        positives = {normalize(s, abbreviations): "danger" for key, value in safety.items()
                     if "not" not in str(key) for s in _strings(value)}
        return cls(
            abbreviations=abbreviations,
            entities=entities,
            danger=PhraseTable.build({p: v for p, v in positives.items() if p}, *DANGER_FUZZY),
            not_danger=PhraseTable.build({p: v for p, v in negatives.items() if p}),
        )


def _canonical_table(table: dict[Any, Any], abbreviations: Mapping[str, str]) -> dict[str, str]:
    """Every spelling (normalised as messages are) → its canonical key."""
    return {
        normalize(phrase, abbreviations): str(canonical)
        for canonical, phrases in table.items()
        for phrase in [str(canonical), *_strings(phrases)]
        if normalize(phrase, abbreviations)
    }


#: libyaml's parser when PyYAML was built with it: ten times faster, which start-up needs.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping file, or ``{}`` when it is missing or not a mapping."""
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return data if isinstance(data, dict) else {}


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a nested YAML value (lists of phrases, per-language mappings)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def without(words: list[str], matches: list[Match]) -> list[str]:
    """The words outside the matched spans (to drop idioms, or the word being asked about)."""
    dropped = {index for match in matches for index in range(match.start, match.end)}
    return [word for index, word in enumerate(words) if index not in dropped]
