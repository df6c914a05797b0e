"""Short follow-up questions ("hoeveel kost het", "en waar is dat?") and their kind.

A follow-up asks about the topic just answered, not about a topic of its own: the classifier
reads "hoeveel kost het" as out of scope, and "waar is dat" as the youth house's address. So
the pipeline only reports the *kind* of follow-up (price, place, time…); the dialogue answers
it about the topic it remembers. The phrases live in ``intents/data/followups.yaml``, checked
against the schema below at start-up, so that a misspelt kind never fails silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from intents.examples import DATA_DIR
from intents.lexicon import Match, PhraseTable, read_yaml
from intents.normalize import normalize
from intents.types import CONTENT_LANGUAGES

#: The follow-up kinds the answers know; stable names (``maatje ask --json`` reports them).
KINDS = ("price", "place", "address", "time", "who", "bring", "someone_else")
FILE = "followups.yaml"
#: Beside its phrases and fillers, a bare follow-up has this many other words at most:
#: none, since one more word ("waar is het jeugdhuis") names a thing of its own.
BARE_EXTRA_WORDS = 0


class FollowUpFile(BaseModel):
    """The schema of ``followups.yaml``: every kind in every content language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_words: int = Field(ge=1, le=20)
    kinds: dict[str, dict[str, list[str]]]
    fillers: dict[str, str] = Field(default_factory=dict)
    standalone: list[str] = Field(default_factory=list)

    @field_validator("kinds")
    @classmethod
    def _known_kinds_in_every_language(
        cls, kinds: dict[str, dict[str, list[str]]]
    ) -> dict[str, dict[str, list[str]]]:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown follow-up kinds {unknown}; known: {list(KINDS)}")
        missing = [f"{kind}: {lang}" for kind in KINDS for lang in CONTENT_LANGUAGES
                   if not kinds.get(kind, {}).get(lang)]
        if missing:
            raise ValueError(f"follow-up phrases missing for {missing}")
        return kinds

    @field_validator("standalone")
    @classmethod
    def _known_standalone(cls, kinds: list[str]) -> list[str]:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown standalone kinds {unknown}")
        return kinds


@dataclass(frozen=True)
class FollowUp:
    """A follow-up found in a message: its kind, and whether the message is nothing else."""

    kind: str
    bare: bool
    #: With no topic remembered, the classifier's sure topic answers it (see the file).
    standalone: bool = False


@dataclass(frozen=True)
class FollowUps:
    """The follow-up phrases of every kind, ready for matching."""

    phrases: PhraseTable
    fillers: frozenset[str]
    max_words: int
    standalone: frozenset[str] = frozenset()

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, abbreviations: dict[str, str] | None = None
             ) -> FollowUps:
        """The phrases of ``followups.yaml``; a phrase under two kinds is a data mistake."""
        raw = read_yaml(data_dir / FILE)
        if not raw:  # a test's own data folder without the file: no follow-up is ever found
            return NONE
        data = FollowUpFile.model_validate(raw)
        table: dict[str, str] = {}
        for kind, languages in data.kinds.items():
            for phrase in (p for phrases in languages.values() for p in phrases):
                key = normalize(phrase, abbreviations)
                if table.get(key, kind) != kind:
                    raise ValueError(f"{FILE}: {phrase!r} is under {table[key]} and {kind}")
                if key:
                    table[key] = kind
        # A filler the chat spellings expand ("svp": "s'il vous plaît") is its words.
        fillers = frozenset(part for words in data.fillers.values() for word in words.split()
                            for part in normalize(word, abbreviations).split())
        return cls(PhraseTable.build(table), fillers, data.max_words, frozenset(data.standalone))

    def find(self, words: list[str]) -> FollowUp | None:
        """The follow-up in a short message (its longest phrase), or ``None``."""
        if not words or len(words) > self.max_words:
            return None
        matches = self.phrases.find_all(words)
        if not matches:
            return None
        first = max(matches, key=lambda m: (m.end - m.start, -m.start))
        return FollowUp(first.value, self._bare(words, matches), first.value in self.standalone)

    def _bare(self, words: list[str], matches: list[Match]) -> bool:
        taken = {i for match in matches for i in range(match.start, match.end)}
        rest = [w for i, w in enumerate(words) if i not in taken and w not in self.fillers]
        return len(rest) <= BARE_EXTRA_WORDS



#: No follow-up phrases at all: nothing is ever read as a follow-up.
NONE = FollowUps(PhraseTable(), frozenset(), 0)
