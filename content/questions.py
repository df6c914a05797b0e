"""``questions.yaml``: every question Maatje asks with buttons, and the typed answers it takes.

A question is known by its buttons: when a reply carries a button for each answer of a
question (payloads matched as shell-style patterns), the person's next typed message is
first compared with that answer's words, in every language, and taken as the press.
"""

from __future__ import annotations

from collections.abc import Mapping
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field, model_validator

from intents.types import CONTENT_LANGUAGES

#: Words that mean the same in every language (emoji).
ANY = "any"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Questions(_Frozen):
    """``questions``: question → answer → payload pattern; ``words``: answer → language → words."""

    questions: Mapping[str, Mapping[str, str]] = Field(min_length=1)
    words: Mapping[str, Mapping[str, tuple[str, ...]]]

    @model_validator(mode="after")
    def _every_answer_has_words(self) -> Questions:
        for question, answers in self.questions.items():
            for answer in answers:
                if answer not in self.words:
                    raise ValueError(f"{question}.{answer}: no words for this answer")
        for answer, by_language in self.words.items():
            unknown = set(by_language) - {ANY, *CONTENT_LANGUAGES}
            if unknown:
                raise ValueError(f"words.{answer}: unknown language(s) {sorted(unknown)}")
        return self

    def pending_in(self, payloads: list[str]) -> tuple[tuple[str, str], ...]:
        """(answer, payload) for the first question whose every answer is among ``payloads``."""
        for answers in self.questions.values():
            found = []
            for answer, pattern in answers.items():
                match = next((p for p in payloads if fnmatchcase(p, pattern)), None)
                if match is None:
                    break
                found.append((answer, match))
            else:
                return tuple(found)
        return ()

    def words_for(self, answer: str) -> tuple[str, ...]:
        """Every word for ``answer``, in all languages."""
        return tuple(word for words in self.words.get(answer, {}).values() for word in words)
