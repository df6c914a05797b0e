"""``details.yaml``: short answers to one precise question, chosen by words in the message.

Two kinds, one format:

- *details* answer a question inside a topic the understanding layer already found:
  "wat is de SNS-pas?" is ``club_join``, but the club list does not say what the pass is;
  "ik heb geen slaapzak" is ``camp_packing``, but the list again does not say where to
  borrow one;
- *referrals* answer what Maatje does not do (homework, the OCMW/CPAS, asylum…) when the
  message is out of scope: a short pointer to a youth worker or a partner service instead
  of a dead end.

Each entry lists its words per language; a message matches when one of them is in it as
whole words (``*`` at an end of a word matches any ending or beginning: ``huiswerk*``).
Words of every language are tried, since a French message may say "SNS-pas". The first
entry in the file that matches wins, so put the precise ones first.

A detail may answer with a parents' camp question (``question: food``) instead of a text
of its own, so that answer is written once, in ``camp.yaml``. One marked ``unsure: true``
is precise enough to answer even when Maatje is unsure of the topic, as long as the topic
is among its guesses ("mon fils ne sait pas nager" is half camp, half absence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from content.questions import simplify
from content.schema import Text
from intents.types import CONTENT_LANGUAGES, INTENTS

#: The out-of-scope topic, whose message may get a referral.
OUT_OF_SCOPE = "out_of_scope"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Detail(_Frozen):
    """One short answer: its key, the words that call it, the text and the topic buttons."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    #: The topics this detail answers within (empty for a referral: out of scope).
    intents: tuple[str, ...] = ()
    words: Mapping[str, tuple[str, ...]] = Field(min_length=1)
    #: The answer; or ``question``: the id of a parents' question in ``camp.yaml``.
    text: Text | None = None
    question: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    #: The text as a parent reads it ("uw kind"), where it differs.
    parent: Text | None = None
    #: Also answered when the topic is only one of Maatje's guesses.
    unsure: bool = False
    #: Topics shown as buttons under the answer.
    buttons: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _known_names(self) -> Detail:
        unknown_languages = set(self.words) - set(CONTENT_LANGUAGES)
        if unknown_languages:
            raise ValueError(f"words: unknown language(s) {sorted(unknown_languages)}")
        unknown_intents = {*self.intents, *self.buttons} - set(INTENTS)
        if unknown_intents:
            raise ValueError(f"unknown topic(s) {sorted(unknown_intents)}")
        for lang, words in self.words.items():
            if not words or any(not simplify(word.replace("*", "")) for word in words):
                raise ValueError(f"words.{lang}: an empty word")
        if (self.text is None) == (self.question is None):
            raise ValueError("give either a text or a camp parents' question, not both")
        if self.parent is not None and self.text is None:
            raise ValueError("a parent wording goes with a text of its own")
        return self

    def for_parent(self) -> Detail:
        """This detail as a parent reads it: the parent wording where there is one."""
        return self if self.parent is None else self.model_copy(update={"text": self.parent})

    def matches(self, text: str) -> bool:
        """One of this entry's words, in any language, is in ``text``."""
        padded = f" {simplify(text)} "
        return any(_pattern(word).search(padded) for words in self.words.values() for word in words)


class Details(_Frozen):
    """``details`` (inside a topic) and ``referrals`` (out of scope), each in file order."""

    details: tuple[Detail, ...] = ()
    referrals: tuple[Detail, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> Details:
        ids = [entry.id for entry in (*self.details, *self.referrals)]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"id(s) used twice: {twice}")
        if any(entry.intents for entry in self.referrals):
            raise ValueError("a referral is for out-of-scope messages: no 'intents'")
        if any(not entry.intents for entry in self.details):
            raise ValueError("a detail needs the topic(s) it answers in: 'intents'")
        if any(entry.text is None or entry.unsure for entry in self.referrals):
            raise ValueError("a referral has its own text and no 'unsure'")
        return self

    def for_parent(self) -> Details:
        """The details as a parent reads them (see :meth:`Detail.for_parent`)."""
        return self.model_copy(update={"details": tuple(d.for_parent() for d in self.details)})

    def detail_for(self, intent: str, text: str) -> Detail | None:
        """The first detail of ``intent`` whose words are in ``text``."""
        if not text.strip():
            return None
        return next((d for d in self.details if intent in d.intents and d.matches(text)), None)

    def unsure_detail(self, intents: Iterable[str], text: str) -> tuple[str, Detail] | None:
        """For a message Maatje is unsure of: the first of its guessed topics (best first)
        with an ``unsure`` detail whose words are in ``text``, and that detail."""
        for intent in intents:
            found = self.detail_for(intent, text)
            if found is not None and found.unsure:
                return intent, found
        return None

    def referral_for(self, text: str) -> Detail | None:
        """The first referral whose words are in ``text``."""
        if not text.strip():
            return None
        return next((r for r in self.referrals if r.matches(text)), None)

    def texts(self) -> list[tuple[str, Text]]:
        kinds = (("details", self.details), ("referrals", self.referrals))
        found = [(f"{kind}.{entry.id}.text", entry.text) for kind, entries in kinds
                 for entry in entries if entry.text is not None]
        found.extend((f"details.{d.id}.parent", d.parent) for d in self.details if d.parent)
        return found

    def questions(self) -> list[tuple[str, str]]:
        """Each detail that answers with a camp parents' question: its key and that id."""
        return [(f"details.{d.id}.question", d.question) for d in self.details if d.question]


@cache
def _pattern(word: str) -> re.Pattern[str]:
    """``sns pas`` as whole words; ``huiswerk*`` also "huiswerkklas", ``*werk`` "huiswerk"."""
    head = "" if word.startswith("*") else " "
    tail = "" if word.endswith("*") else " "
    return re.compile(re.escape(f"{head}{simplify(word.replace('*', ' '))}{tail}"))

