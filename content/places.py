"""Places (youth house, meeting points) and the people to contact."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from content.schema import Text

ID = r"^[a-z0-9][a-z0-9_-]*$"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Place(_Frozen):
    """A place with coordinates (sent as a map pin) and its nearest metro/tram stop."""

    id: str = Field(pattern=ID)
    name: str = Field(min_length=1)
    address: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    stop: str | None = None
    directions: Text | None = None

    def texts(self) -> Iterator[tuple[str, Text]]:
        if self.directions is not None:
            yield "directions", self.directions


class Organisation(_Frozen):
    """The organisation's general number and where to find it."""

    name: str = Field(min_length=1)
    phone: str = Field(min_length=1)
    email: str | None = None
    place: str | None = None
    when: Text


class YouthWorker(_Frozen):
    """A youth worker a pupil or parent can call (first name only)."""

    id: str = Field(pattern=ID)
    name: str = Field(min_length=1)
    role: Text
    phone: str = Field(min_length=1)
    groups: tuple[str, ...] = ()
    when: Text
    #: Shown after "➕ Meer", not on the contact answer's first phone screen.
    more: bool = False


class Contacts(_Frozen):
    """``contacts.yaml``: the organisation and its youth workers."""

    organisation: Organisation
    youth_workers: tuple[YouthWorker, ...] = ()

    def texts(self) -> Iterator[tuple[str, Text]]:
        yield "organisation.when", self.organisation.when
        for worker in self.youth_workers:
            yield f"youth_workers.{worker.id}.role", worker.role
            yield f"youth_workers.{worker.id}.when", worker.when
