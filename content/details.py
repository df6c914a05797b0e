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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
    text: Text
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
        return self

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
        return self

    def detail_for(self, intent: str, text: str) -> Detail | None:
        """The first detail of ``intent`` whose words are in ``text``."""
        if not text.strip():
            return None
        return next((d for d in self.details if intent in d.intents and d.matches(text)), None)

    def referral_for(self, text: str) -> Detail | None:
        """The first referral whose words are in ``text``."""
        if not text.strip():
            return None
        return next((r for r in self.referrals if r.matches(text)), None)

    def texts(self) -> list[tuple[str, Text]]:
        kinds = (("details", self.details), ("referrals", self.referrals))
        return [(f"{kind}.{entry.id}.text", entry.text) for kind, entries in kinds
                for entry in entries]


@cache
def _pattern(word: str) -> re.Pattern[str]:
    """``sns pas`` as whole words; ``huiswerk*`` also "huiswerkklas", ``*werk`` "huiswerk"."""
    head = "" if word.startswith("*") else " "
    tail = "" if word.endswith("*") else " "
    return re.compile(re.escape(f"{head}{simplify(word.replace('*', ' '))}{tail}"))

