"""Becoming a buddy, animator or volunteer: roles, compensation and the next step."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from content.schema import Text


class Role(BaseModel):
    """One way to help, who it suits and what it involves."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: Text
    what: Text
    who: Text


class Volunteering(BaseModel):
    """``volunteering.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    intro: Text
    roles: tuple[Role, ...] = ()
    compensation: Text
    next_step: Text

    def texts(self) -> Iterator[tuple[str, Text]]:
        yield "intro", self.intro
        for role in self.roles:
            for name in ("title", "what", "who"):
                yield f"roles.{role.id}.{name}", getattr(role, name)
        yield "compensation", self.compensation
        yield "next_step", self.next_step
