"""One word per thing in each language: the term list (``terms.yaml``).

Translations made in several rounds called the same person "animateur" in one text and
"éducateur" in the next; a reader then thinks of two people. Each term names the Dutch
word it translates and, per language, the word to use and the words to avoid.
``maatje content check`` fails a translation of a text about that thing that uses an
avoided word, unless its Dutch also names another term that uses the word (a French
"animateur" is right where the Dutch says "begeleider").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from intents.types import CONTENT_LANGUAGES

#: The content languages a term can have an entry for: all but Dutch.
TERM_LANGUAGES = CONTENT_LANGUAGES[1:]


class Usage(BaseModel):
    """The word to use in one language, and the words a translation must not use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    use: str = Field(min_length=1)
    avoid: tuple[str, ...] = ()
    #: The avoided words as whole words only: Dari "تو" (informal you), not "توشک".
    whole_words: bool = False


class Term(BaseModel):
    """A thing with one name per language. ``nl``: the Dutch word (its start, so
    "jeugdwerker" covers "jeugdwerkers") that makes a text be about the thing; ``*``
    for every text (a register: Dari addresses every reader with شما)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str = Field(min_length=1)
    en: Usage | None = None
    fr: Usage | None = None
    ar: Usage | None = None
    uk: Usage | None = None
    ru: Usage | None = None
    fa: Usage | None = None
    ps: Usage | None = None
    ti: Usage | None = None
    so: Usage | None = None
    tr: Usage | None = None
    es: Usage | None = None

    def usage(self, lang: str) -> Usage | None:
        found = getattr(self, lang, None) if lang in TERM_LANGUAGES else None
        return found if isinstance(found, Usage) else None


@dataclass(frozen=True)
class Misuse:
    """A translation that uses a word the term list says to avoid."""

    term: str
    lang: str
    word: str
    use: str

    def __str__(self) -> str:
        return f"the {self.lang} text says «{self.word}»; terms.yaml: {self.term} is «{self.use}»"


@cache
def _pattern(word: str, whole: bool) -> re.Pattern[str]:
    """The word at the start of a word, in any case ("animateur" finds "Animateur");
    a ``*`` stands for any letters ("animateur*" finds "animateurs"); ``whole``: the
    word must end there too (a zero-width non-joiner joins a Persian word)."""
    body = r"\w*".join(re.escape(part) for part in word.split("*"))
    end = r"(?![\w\u200c])" if whole else ""
    return re.compile(rf"(?<![\w\u200c]){body}{end}", re.IGNORECASE)


def mentions(text: str, word: str, *, whole: bool = False) -> bool:
    return _pattern(word, whole).search(text) is not None


def misuses(terms: Mapping[str, Term], dutch: str, translations: Iterable[tuple[str, str]]
            ) -> Iterator[Misuse]:
    """The avoided words in the translations of one text (``(lang, text)`` pairs)."""
    about = [(name, term) for name, term in terms.items() if mentions(dutch, term.nl)]
    for lang, text in translations:
        for name, term in about:
            usage = term.usage(lang)
            if usage is None:
                continue
            others = [found.use for other, kept in about
                      if other != name and (found := kept.usage(lang))]
            for word in usage.avoid:
                if (mentions(text, word, whole=usage.whole_words)
                        and not any(mentions(use, word) for use in others)):
                    yield Misuse(name, lang, word, usage.use)
