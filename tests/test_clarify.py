""""Bedoel je…?": at most three topics, each at least half as likely as the first, each once,
and the 🆘 button once — even when the classifier leaned towards safeguarding."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.dialogue import Maatje, suggestions
from bot.core.messages import Incoming, Kind
from bot.core.payloads import SOS
from bot.core.state import ONBOARDED
from intents.types import Candidate, LanguageGuess, Understanding


def understood(*scores: tuple[str, float]) -> Understanding:
    return Understanding("x", "x", LanguageGuess("nl", 0.9),
                         tuple(Candidate(i, s) for i, s in scores), confidence=0.1)


@dataclass(frozen=True)
class Unsure:
    understanding: Understanding

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        return self.understanding


def test_only_topics_at_least_half_as_likely_as_the_first() -> None:
    leaning = understood(("out_of_scope", 0.5), ("camp_info", 0.2), ("camp_packing", 0.12),
                         ("activities", 0.09), ("club_join", 0.05))
    assert suggestions(leaning) == ["camp_info", "camp_packing"]


def test_at_most_three_and_never_safeguarding_or_twice() -> None:
    even = understood(("safeguarding", 0.3), ("camp_info", 0.2), ("camp_info", 0.2),
                      ("activities", 0.19), ("club_join", 0.18), ("contact", 0.17))
    assert suggestions(even) == ["camp_info", "activities", "club_join"]


def test_the_sos_button_shows_once(core: Maatje) -> None:
    leaning = understood(("safeguarding", 0.3), ("contact", 0.25), ("help", 0.2))
    unsure = replace(core, understander=Unsure(leaning))
    turn = unsure.handle(Incoming("t", Kind.TEXT, text="euh"), ONBOARDED)
    assert turn.outcome.trace.fallback == "clarify"
    buttons = turn.outcome.replies[0].buttons
    labels = [b.label for b in buttons]
    assert len(labels) == len(set(labels)), labels
    assert [b.payload for b in buttons].count(SOS) == 1
    assert len(buttons) <= 4
