"""Quick replies for youth workers: the staff phrasebook (``phrases.yaml``).

A youth worker answering a pupil's question often says the same few things ("Ik bel je
vandaag."). Written once here in all content languages, such a phrase reaches the pupil
in Dutch and in her own language, where a reply typed by the youth worker stays Dutch.
A phrase may have one slot (a time, a day or a place) the youth worker fills in when
sending it; the value is written for each reader in her language.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from content.schema import MAX_LABEL, Text, placeholders

#: A phrase's id: short, because it travels in the youth worker's pending input.
PHRASE_ID = r"[a-z][a-z0-9_]{0,19}"
#: What a slot holds; its placeholder in the text has the same name (``{time}``).
SLOTS = ("time", "day", "place")
#: Where the slot stands in the youth worker's button ("Kom naar het jeugdhuis om …").
GAP = "…"

Slot = Literal["time", "day", "place"]


class Phrase(BaseModel):
    """One quick reply: its text in every language and the slot it has, if any."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Text
    slot: Slot | None = None

    @model_validator(mode="after")
    def _slot_is_the_placeholder(self) -> Phrase:
        """The text's only placeholder is its slot: any other would stay unfilled."""
        expected = {self.slot} if self.slot else set()
        found = placeholders(self.text.nl)
        if found != expected:
            raise ValueError(f"placeholders {sorted(found)} must be the slot {sorted(expected)}")
        if len(self.label) > MAX_LABEL:
            raise ValueError(f"longer than a button shows ({MAX_LABEL} characters): {self.label}")
        return self

    @property
    def label(self) -> str:
        """The youth worker's button: the Dutch text with a gap for the slot."""
        return self.text.nl.format(**{self.slot: GAP}) if self.slot else self.text.nl
