"""Low-threshold sports clubs, and finding the ones that fit a question.

"is er een goedkope boksclub in anderlecht" → boxing clubs in Anderlecht, cheapest
first. The sport and commune come from the understanding layer's entities (Dutch
canonical names); when it found none, the sport keys and communes of the clubs
themselves are looked for in the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from content.schema import Text
from content.zone import local
from intents.normalize import normalize

SPORTS = ("voetbal", "basketbal", "boksen", "zwemmen", "cricket", "klimmen", "judo", "dans",
          "tafeltennis")
#: How many clubs one answer lists.
LISTED = 3


class Club(BaseModel):
    """One club, its prices without and with the SNS-pas / Paspartoe, and try-out dates."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)
    sport: str = Field(min_length=1)
    commune: str = Field(min_length=1)
    address: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    age_min: int = Field(ge=0, le=99)
    age_max: int = Field(ge=0, le=99)
    price_year: Decimal = Field(ge=0)
    price_with_sns: Decimal = Field(ge=0)
    initiations: tuple[datetime, ...] = ()
    #: ``register`` in the file (the name would shadow a pydantic method).
    how_to_register: Text = Field(alias="register")
    youth_worker_help: Text

    @field_validator("initiations")
    @classmethod
    def _local(cls, values: tuple[datetime, ...], info: ValidationInfo) -> tuple[datetime, ...]:
        return tuple(local(value, info) for value in values)

    @model_validator(mode="after")
    def _consistent(self) -> Club:
        if self.age_max < self.age_min:
            raise ValueError("age_max must not be below age_min")
        if self.price_with_sns > self.price_year:
            raise ValueError("price_with_sns must not be above price_year")
        return self

    def texts(self) -> Iterator[tuple[str, Text]]:
        yield "register", self.how_to_register
        yield "youth_worker_help", self.youth_worker_help

    def coming_initiations(self, now: datetime) -> list[datetime]:
        return [moment for moment in self.initiations if moment > now]


@dataclass(frozen=True)
class ClubQuery:
    """What the person asked for; ``None`` means "any"."""

    sport: str | None = None
    commune: str | None = None

    @property
    def specific(self) -> bool:
        return self.sport is not None or self.commune is not None


def query_from(clubs: Sequence[Club], sport: str | None, commune: str | None, text: str) -> ClubQuery:
    """The sport and commune asked about: from the entities, else from the message itself."""
    words = f" {normalize(text)} "
    if sport is None:
        sport = next((s for s in _sports(clubs) if _mentions(words, s)), None)
    if commune is None:
        commune = next((c for c in _communes(clubs) if _mentions(words, c)), None)
    return ClubQuery(_canonical(sport, _sports(clubs)), _canonical(commune, _communes(clubs)))


def matching(clubs: Iterable[Club], query: ClubQuery) -> list[Club]:
    """Clubs of that sport in that commune, cheapest (with the pass) first."""
    found = [
        club for club in clubs
        if (query.sport is None or normalize(club.sport) == normalize(query.sport))
        and (query.commune is None or normalize(club.commune) == normalize(query.commune))
    ]
    return sorted(found, key=lambda c: (c.price_with_sns, c.price_year, c.name))


def _mentions(padded_words: str, name: str) -> bool:
    """The name as a word, or its stem before "club": "boksclub", "zwemclub"."""
    key = normalize(name)
    if not key:
        return False
    stem = key[:-3] if key.endswith("mmen") else key[:-2] if key.endswith("en") else key
    return f" {key} " in padded_words or f" {stem}club" in padded_words


def _canonical(value: str | None, known: Iterable[str]) -> str | None:
    if value is None:
        return None
    return next((k for k in known if normalize(k) == normalize(value)), value)


def _sports(clubs: Iterable[Club]) -> list[str]:
    return sorted({club.sport for club in clubs} | set(SPORTS))


def _communes(clubs: Iterable[Club]) -> list[str]:
    return sorted({club.commune for club in clubs}, key=len, reverse=True)
