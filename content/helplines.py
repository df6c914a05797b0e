"""``helplines.yaml``: the numbers a pupil in danger is shown, and the chat services.

Which language a line answers in is data, not code: a Dutch reader sees the Dutch-speaking
lines first, a French reader the French-speaking ones, everyone else both, after the lines
that serve everybody (112 first).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from content.schema import Text

#: ``all``: anyone can call in any language (112, 101, 116 000).
Speaks = Literal["all", "nl", "fr"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Helpline(_Frozen):
    """One number to call, with what it is for in every language."""

    number: str = Field(min_length=3, pattern=r"^[0-9 ]+$")
    emoji: str = Field(min_length=1)
    speaks: Speaks = "all"
    label: Text


class ChatService(_Frozen):
    """A chat a pupil can open from a button (Telegram takes only http(s) links)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    url: str = Field(pattern=r"^https://")
    speaks: Speaks = "all"
    label: Text


class Helplines(_Frozen):
    """The lines in the order shown within their group, and the chat services."""

    lines: tuple[Helpline, ...] = Field(min_length=1)
    chats: tuple[ChatService, ...] = ()

    def texts(self) -> Iterator[tuple[str, Text]]:
        for line in self.lines:
            yield f"lines.{line.number.replace(' ', '')}.label", line.label
        for chat in self.chats:
            yield f"chats.{chat.id}.label", chat.label

    def ordered(self, reader: str) -> tuple[Helpline, ...]:
        """Everyone's lines first, then those in the reader's language, then the others."""
        first = "fr" if reader == "fr" else "nl"
        rank = {"all": 0, first: 1}
        return tuple(sorted(self.lines, key=lambda line: rank.get(line.speaks, 2)))

    def chats_for(self, reader: str) -> tuple[ChatService, ...]:
        """Chat services a reader can use; a French reader gets the French ones first."""
        first = "fr" if reader == "fr" else "nl"
        rank = {"all": 0, first: 1}
        return tuple(sorted(self.chats, key=lambda chat: rank.get(chat.speaks, 2)))
