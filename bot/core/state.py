"""What Maatje remembers about a person between messages (kept in the database by the service)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Prompt:
    """The question the last reply asked with buttons, as it was shown (Maatje's own words).

    A question typed instead of an answer is answered, then this is shown again, once
    (``repeated`` says it was), so the prompt is never silently lost.
    """

    text: str
    languages: tuple[str, ...] = ("nl",)
    buttons: tuple[tuple[str, str], ...] = ()
    repeated: bool = False


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
    #: A parent's child, asked before a parent's first consent (the interest or question is
    #: about the child; the parent's consent covers it): the first name as typed, and the
    #: child's age band (``"u13"`` or ``"13+"``).
    child_name: str | None = None
    child_band: str | None = None
    #: A parent from before the child was asked (set by migration 0021): asked once, at
    #: the next message, for the child; cleared when asked, whatever the answer.
    ask_child: bool = False
    #: The question the last reply asked with buttons, as (answer, payload) pairs: the next
    #: typed message may answer it ("ja graag" presses ✅). Lasts exactly one message.
    asked: tuple[tuple[str, str], ...] = ()
    #: That question as shown, to repeat it after a question typed in between.
    prompt: Prompt | None = None
    #: The last topic answered (an intent), so that "hoeveel kost het" is answered about it.
    topic: str | None = None
    #: What that topic was about: entity kind → value (``sport=voetbal``, ``day=zaterdag``).
    topic_entities: tuple[tuple[str, str], ...] = ()
    #: When the last message about the topic came; the memory lasts a few minutes from it.
    topic_at: datetime | None = None

    def with_(self, **changes: object) -> UserState:
        return replace(self, **changes)  # type: ignore[arg-type]

    def current_topic(self, now: datetime, memory: timedelta) -> str | None:
        """The remembered topic while it is fresh (``memory`` after its last message)."""
        if self.topic is None or self.topic_at is None or now - self.topic_at > memory:
            return None
        return self.topic

    def remembering(self, topic: str, entities: dict[str, str], now: datetime) -> UserState:
        """The state with ``topic`` (and what it was about) as the conversation's subject."""
        return self.with_(topic=topic, topic_entities=tuple(sorted(entities.items())),
                          topic_at=now)


#: A person who has already gone through onboarding, as ``maatje ask`` answers.
ONBOARDED = UserState(onboarded=True)
