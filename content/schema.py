"""The schema every content file is validated against when it is loaded.

Youth workers edit YAML; these models turn a typo in a file into a clear message
instead of a wrong answer in front of a pupil.
"""

from __future__ import annotations

import string
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from intents.types import CONTENT_LANGUAGES, INTENTS

SOURCE_LANGUAGE = "nl"
#: Keys beside the languages of a text: whether it promises parents something, and whether
#: the organisation confirmed it keeps that promise.
PROMISE_FLAGS = ("promise", "confirmed")
#: Telegram shows about this many characters of a button; longer labels are cut.
MAX_LABEL = 60
#: Between the Dutch label and the person's language (``bot.core.render``).
LABEL_JOIN = " · "
#: The role (``UserState.role``) whose own wording a text may carry: ``parent:`` in an
#: answer, ``KEY@parent`` in ui.yaml, ``parent`` in camp.yaml (``Content.for_role``).
PARENT_ROLE = "parent"
#: A ui.yaml key ending in this is the parent's wording of the key before it.
PARENT_SUFFIX = f"@{PARENT_ROLE}"
#: The names a parent's wording is written under (answers.yaml, camp.yaml's parent and
#: its parents' questions, which only parents are shown).
PARENT_FIELDS = frozenset({PARENT_ROLE, "parent_more", "parent_questions"})
#: Inside a parents' question, the answer written for a pupil who asks the same.
PUPIL_FIELD = "pupil"


def is_parent_wording(path: tuple[str | int, ...]) -> bool:
    """Whether the text at ``path`` in a content file is written for parents (the polite
    register: "u", "uw kind"), not for pupils ("je"): a parent question's ``pupil`` answer is."""
    if PUPIL_FIELD in path:
        return False
    return any(step in PARENT_FIELDS or (isinstance(step, str) and step.endswith(PARENT_SUFFIX))
               for step in path)


class Translation(BaseModel):
    """A translation and whether a native speaker has checked it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    reviewed: bool = False


class Text(BaseModel):
    """A user-facing text: Dutch source plus translations keyed by ISO 639-1 code."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str = Field(min_length=1)
    translations: dict[str, Translation] = Field(default_factory=dict)
    #: The text promises parents something the organisation must keep (halal food, female
    #: leaders, "we always call you"): ``maatje doctor`` lists it until ``confirmed``.
    promise: bool = False
    confirmed: bool = False

    @model_validator(mode="before")
    @classmethod
    def _split_languages(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"nl": data}
        if not isinstance(data, dict) or "translations" in data:
            return data
        flags = {key: data[key] for key in PROMISE_FLAGS if key in data}
        unknown = [key for key in data if key != SOURCE_LANGUAGE and key not in CONTENT_LANGUAGES
                   and key not in PROMISE_FLAGS]
        if unknown:
            raise ValueError(f"unknown language code(s): {', '.join(sorted(unknown))}")
        translations = {
            lang: ({"text": value} if isinstance(value, str) else value)
            for lang, value in data.items()
            if lang != SOURCE_LANGUAGE and lang not in PROMISE_FLAGS
        }
        return {"nl": data.get(SOURCE_LANGUAGE), "translations": translations, **flags}

    @model_validator(mode="after")
    def _same_placeholders(self) -> Text:
        expected = placeholders(self.nl)
        for lang, translation in self.translations.items():
            found = placeholders(translation.text)
            if found != expected:
                raise ValueError(
                    f"{lang}: placeholders {sorted(found)} differ from Dutch {sorted(expected)}"
                )
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, or the Dutch source when that translation is missing."""
        if lang == SOURCE_LANGUAGE:
            return self.nl
        translation = self.translations.get(lang)
        return translation.text if translation else self.nl

    def has(self, lang: str) -> bool:
        return lang == SOURCE_LANGUAGE or lang in self.translations

    def missing_languages(self) -> list[str]:
        return [lang for lang in CONTENT_LANGUAGES if not self.has(lang)]


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Answer(BaseModel):
    """What Maatje says for one intent, and which follow-up topics it offers as buttons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Text
    #: What "➕ Meer" shows: the rest of an answer whose first screen (``text``, and the
    #: facts a feature adds under it) says the essential thing. ``None``: ``text`` is all.
    more: Text | None = None
    #: What a parent reads instead of ``text`` ("uw kind", the polite register), where the
    #: pupil's wording would be wrong for them. ``None``: parents read ``text`` too.
    parent: Text | None = None
    #: The parent's ``more``; ``None``: parents read ``more``.
    parent_more: Text | None = None
    followups: list[str] = Field(default_factory=list, max_length=4)

    @model_validator(mode="after")
    def _known_followups(self) -> Answer:
        unknown = [intent for intent in self.followups if intent not in INTENTS]
        if unknown:
            raise ValueError(f"unknown follow-up intent(s): {', '.join(unknown)}")
        return self

    @model_validator(mode="after")
    def _parent_like_pupil(self) -> Answer:
        """A parent's wording says the same thing: the same facts filled in, and a rest
        only where the pupil's answer has one."""
        if self.parent_more is not None and self.more is None:
            raise ValueError("parent_more needs more: there is no rest for it to replace")
        for pupil, parent in ((self.text, self.parent), (self.more, self.parent_more)):
            if pupil is not None and parent is not None and (
                    placeholders(parent.nl) != placeholders(pupil.nl)):
                raise ValueError(f"parent: placeholders {sorted(placeholders(parent.nl))} "
                                 f"differ from the pupil's {sorted(placeholders(pupil.nl))}")
        return self

    def for_parent(self) -> Answer:
        """This answer as a parent reads it: the parent wording where there is one."""
        if self.parent is None and self.parent_more is None:
            return self
        return self.model_copy(update={"text": self.parent or self.text,
                                       "more": self.parent_more or self.more})
