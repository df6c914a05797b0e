"""Concept tags: the same idea in any language becomes one extra token for the classifier.

"hoeveel kost het kamp", "immisa ayuu ku kacayaa kaamka" and "ile kosztuje obóz" share
no character n-grams, but all three carry the tags ``qqcost qqcamp``. With few examples
per language this is what lets a question learnt in Dutch be recognised in Somali.
Concepts come from ``intents/data/concepts.yaml`` plus the gazetteers (any sport, day,
commune or activity) and the word-meaning triggers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intents.examples import DATA_DIR
from intents.lexicon import Lexicon, PhraseTable, read_yaml
from intents.normalize import normalize

TAG_PREFIX = "qq"
#: The emoji concept that always means "help me now".
SOS = "sos"
#: Concepts of a danger situation: a message with one always gets the full model and the
#: danger check's neighbours, never the fast n-gram path ("sunt pe stradă de sâmbătă" was
#: taken there for an address question, sure at 0.98, and never read as danger).
DANGER_CONCEPTS = frozenset({"hurt", "fear", "die", "street", "hunger", "nomoney", "bully",
                             "despair", "touch", "skin", "marriage", SOS, "sad"})
CONCEPTS_FILE = DATA_DIR / "concepts.yaml"
MEANING_FILE = DATA_DIR / "meaning_triggers.yaml"


@dataclass(frozen=True)
class ConceptTagger:
    """Appends concept tags to a normalised message."""

    table: PhraseTable
    emoji: Mapping[str, str] = field(default_factory=dict)

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
        concepts = read_yaml(data_dir / CONCEPTS_FILE.name)
        emoji = {char: str(concept) for concept, chars in (concepts.pop("emoji", None) or {}).items()
                 for char in chars}
        for concept, words in concepts.items():
            phrases.update(dict.fromkeys((normalize(str(w), lexicon.abbreviations) for w in words),
                                         str(concept)))
        phrases.pop("", None)
        return cls(PhraseTable.build(phrases), emoji)

    def tags(self, words: list[str], text: str = "") -> list[str]:
        found = {match.value for match in self.table.find_all(words)}
        found |= {self.emoji[char] for char in text if char in self.emoji}
        return sorted(TAG_PREFIX + concept for concept in found)

    def hints_danger(self, features: str) -> bool:
        """True when the classifier's input (:meth:`features`) carries a danger concept."""
        return any(word.startswith(TAG_PREFIX) and word[len(TAG_PREFIX):] in DANGER_CONCEPTS
                   for word in features.split())

    def calls_for_help(self, text: str) -> bool:
        """True when the message holds an emergency emoji ("🆘"): the danger path, always."""
        return any(self.emoji.get(char) == SOS for char in text)

    def features(self, normalized: str, text: str = "") -> str:
        """The text the classifier sees: the message, then its concept tags.

        ``text`` (the message as typed) adds emoji tags, which normalising removes:
        "👍" is thanks, "🆘" is a call for help.
        """
        tags = self.tags(normalized.split(), text)
        return f"{normalized} {' '.join(tags)}" if tags else normalized
