"""What Maatje remembers about a person between messages (kept in the database by the service)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class UserState:
    """Settings Maatje needs to answer, and the little conversation memory it keeps.

    ``misses`` counts consecutive "Bedoel je…?" answers, so the second miss offers a person.
    """

    language: str | None = None
    role: str | None = None
    onboarded: bool = False
    misses: int = 0
    consents: frozenset[str] = field(default_factory=frozenset)
    #: ``"u13"`` (under 13: nothing beyond the settings Maatje needs) or ``"13+"``; asked once.
    age_band: str | None = None
    #: The question the last reply asked with buttons, as (answer, payload) pairs: the next
    #: typed message may answer it ("ja graag" presses ✅). Lasts exactly one message.
    asked: tuple[tuple[str, str], ...] = ()

    def with_(self, **changes: object) -> UserState:
        return replace(self, **changes)  # type: ignore[arg-type]


#: A person who has already gone through onboarding, as ``maatje ask`` answers.
ONBOARDED = UserState(onboarded=True)
