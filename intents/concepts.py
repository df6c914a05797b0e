"""Concept tags: the same idea in any language becomes one extra token for the classifier.

"hoeveel kost het kamp", "immisa ayuu ku kacayaa kaamka" and "ile kosztuje obóz" share
no character n-grams, but all three carry the tags ``qqcost qqcamp``. With few examples
per language this is what lets a question learnt in Dutch be recognised in Somali.
Concepts come from ``intents/data/concepts.yaml`` plus the gazetteers (any sport, day,
commune or activity) and the word-meaning triggers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intents.examples import DATA_DIR
from intents.lexicon import Lexicon, PhraseTable, read_yaml
from intents.normalize import normalize

TAG_PREFIX = "qq"
CONCEPTS_FILE = DATA_DIR / "concepts.yaml"
MEANING_FILE = DATA_DIR / "meaning_triggers.yaml"


@dataclass(frozen=True)
class ConceptTagger:
    """Appends concept tags to a normalised message."""

    table: PhraseTable

    @classmethod
    def build(cls, lexicon: Lexicon, data_dir: Path = DATA_DIR) -> ConceptTagger:
        phrases: dict[str, str] = {}
        for kind, entity_table in lexicon.entities.items():
            if kind != "word":
                phrases.update(dict.fromkeys(entity_table.phrases, kind))
        meaning: Any = read_yaml(data_dir / MEANING_FILE.name).get("triggers") or {}
        for triggers in meaning.values():
            phrases.update(dict.fromkeys((normalize(t, lexicon.abbreviations) for t in triggers),
                                         "meaning"))
        for concept, words in read_yaml(data_dir / CONCEPTS_FILE.name).items():
            phrases.update(dict.fromkeys((normalize(str(w), lexicon.abbreviations) for w in words),
                                         str(concept)))
        phrases.pop("", None)
        return cls(PhraseTable.build(phrases))

    def tags(self, words: list[str]) -> list[str]:
        return sorted({TAG_PREFIX + match.value for match in self.table.find_all(words)})

    def features(self, normalized: str) -> str:
        """The text the classifier sees: the message, then its concept tags."""
        tags = self.tags(normalized.split())
        return f"{normalized} {' '.join(tags)}" if tags else normalized
