"""``questions.yaml``: every question Maatje asks with buttons, and the typed answers it takes.

A question is known by its buttons: when a reply carries a button for each answer of a
question, the person's next typed message is first compared with that answer's words, in
every language, and taken as the press. In a payload pattern ``*`` matches anything and
``{name}`` a part without ``:`` that must be the same in every answer: ``consent:{p}:yes``
and ``consent:{p}:no`` are one question only when both are about the same purpose (the
consent overview, with one switch per purpose, is not a yes/no question).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from intents.types import CONTENT_LANGUAGES

#: Words that mean the same in every language (emoji).
ANY = "any"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Questions(_Frozen):
    """``questions``: question → answer → payload pattern; ``words``: answer → language → words."""

    questions: Mapping[str, Mapping[str, str]] = Field(min_length=1)
    words: Mapping[str, Mapping[str, tuple[str, ...]]]
    #: Free text that asks for something that changes things ("verwijder mijn gegevens"):
    #: action → language → phrases; Maatje asks with one tap first (never does it at once).
    actions: Mapping[str, Mapping[str, tuple[str, ...]]] = Field(default_factory=dict)
    #: Questions whose answer may be named anywhere in a message ("je veux changer la langue
    #: en français" names ``lang:fr``), unless the message says no (``negations``).
    named: tuple[str, ...] = ()
    #: Questions not shown again after a question typed at them (the language picker: a
    #: person who opened it and then asks about the camp has a language already).
    optional: tuple[str, ...] = ()
    negations: Mapping[str, tuple[str, ...]] = Field(default_factory=dict)
    #: The words of each answer as :func:`simplify` leaves them, made once at load: the
    #: next message after every question is compared with them.
    _phrases: dict[str, frozenset[str]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._phrases = {answer: frozenset(simplify(word) for word in self.words_for(answer))
                         for answer in self.words}

    @model_validator(mode="after")
    def _every_answer_has_words(self) -> Questions:
        for question, answers in self.questions.items():
            for answer in answers:
                if answer not in self.words:
                    raise ValueError(f"{question}.{answer}: no words for this answer")
        for section, names in (("named", self.named), ("optional", self.optional)):
            for name in names:
                if name not in self.questions:
                    raise ValueError(f"{section}: {name} is not a question")
        unknown_negations = set(self.negations) - set(CONTENT_LANGUAGES)
        if unknown_negations:
            raise ValueError(f"negations: unknown language(s) {sorted(unknown_negations)}")
        for section, entries in (("words", self.words), ("actions", self.actions)):
            for answer, by_language in entries.items():
                unknown = set(by_language) - {ANY, *CONTENT_LANGUAGES}
                if unknown:
                    raise ValueError(f"{section}.{answer}: unknown language(s) {sorted(unknown)}")
        return self

    def pending_in(self, payloads: list[str]) -> tuple[tuple[str, str], ...]:
        """(answer, payload) for the first question whose every answer is among ``payloads``."""
        for answers in self.questions.values():
            found = _match_all(list(answers.items()), payloads, {})
            if found is not None:
                return found
        return ()

    def phrases(self, answer: str) -> frozenset[str]:
        """The answer's words, simplified (see :func:`simplify`)."""
        return self._phrases.get(answer, frozenset())

    def action_in(self, text: str) -> str | None:
        """The first action whose phrase is in ``text`` as whole words, if any."""
        said = f" {simplify(text)} "
        for action, by_language in self.actions.items():
            phrases = (simplify(p) for words in by_language.values() for p in words)
            if any(phrase and f" {phrase} " in said for phrase in phrases):
                return action
        return None

    def named_answer(self, question: str, text: str) -> str | None:
        """The payload of the one answer of a ``named`` question that ``text`` names as
        whole words; ``None`` when it names none or several, or says no ("ik spreek geen
        Frans" is no wish for French)."""
        answers = self.questions.get(question)
        if question not in self.named or not answers:
            return None
        said = f" {simplify(text)} "
        if any(f" {simplify(word)} " in said for words in self.negations.values() for word in words):
            return None
        named = {payload for answer, payload in answers.items()
                 if any(phrase and f" {phrase} " in said for phrase in self.phrases(answer))}
        return named.pop() if len(named) == 1 else None

    def named_question(self, pending: tuple[tuple[str, str], ...]) -> str | None:
        """The ``named`` question the ``pending`` (answer, payload) pairs belong to, if any."""
        return self._among(self.named, pending)

    def asks_again(self, pending: tuple[tuple[str, str], ...]) -> bool:
        """Whether the question is shown again after a question typed at it (not ``optional``)."""
        return self._among(self.optional, pending) is None

    def _among(self, names: tuple[str, ...], pending: tuple[tuple[str, str], ...]) -> str | None:
        """The first of ``names`` that ``pending`` is: the same answers, each with one of its
        own payloads (the yes/no questions all share the names of their answers)."""
        asked = dict(pending)
        for name in names:
            answers = self.questions[name]
            if set(answers) == set(asked) and all(matches(answers[a], asked[a]) for a in asked):
                return name
        return None

    def words_for(self, answer: str) -> tuple[str, ...]:
        """Every word for ``answer``, in all languages."""
        return tuple(word for words in self.words.get(answer, {}).values() for word in words)


def _match_all(
    answers: list[tuple[str, str]], payloads: list[str], bound: dict[str, str]
) -> tuple[tuple[str, str], ...] | None:
    """A payload for each answer, with every ``{name}`` taking one value throughout."""
    if not answers:
        return ()
    (answer, pattern), rest = answers[0], answers[1:]
    for payload in payloads:
        match = _regex(pattern).fullmatch(payload)
        if match is None:
            continue
        captured = match.groupdict()
        if any(bound.get(name, value) != value for name, value in captured.items()):
            continue
        found = _match_all(rest, payloads, {**bound, **captured})
        if found is not None:
            return ((answer, payload), *found)
    return None


def matches(pattern: str, payload: str) -> bool:
    """Whether ``payload`` is a button of the answer with this ``pattern``."""
    return _regex(pattern).fullmatch(payload) is not None


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\*|\{[a-z_]+\})", pattern)
    regex = "".join(
        ".*" if part == "*" else f"(?P<{part[1:-1]}>[^:]*)" if part.startswith("{")
        else re.escape(part)
        for part in parts
    )
    return re.compile(regex)


#: Letters only: "jaaa" is "ja", but "11" stays eleven.
_REPEATS = re.compile(r"([^\W\d_])\1+")


def simplify(text: str) -> str:
    """Lowercase, no punctuation, Latin accents and skin tones gone, repeats squeezed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = []
    for char in unicodedata.normalize("NFD", text):
        category = unicodedata.category(char)
        if category.startswith("P") or category == "Sk" or char == "\ufe0f":
            kept.append(" ")
        elif category == "Mn" and _latin_mark(char):
            continue
        else:
            kept.append(char)
    squeezed = _REPEATS.sub(r"\1", unicodedata.normalize("NFC", "".join(kept)))
    return " ".join(squeezed.split())


def _latin_mark(char: str) -> bool:
    """Combining accents (é, ï) go; Arabic or Ge'ez marks are part of the word."""
    return "\u0300" <= char <= "\u036f"
