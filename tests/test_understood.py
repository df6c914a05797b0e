"""A message read by the danger check and then by the stored turn is understood once
(bot/understood.py): the second read cost a second embedding in every channel."""

from __future__ import annotations

from pathlib import Path

from bot.assembly import build_conversations
from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.core.messages import Incoming, Kind
from bot.understood import RecentUnderstandings, remembering
from intents.types import Candidate, LanguageGuess, Understanding


class Counting:
    """An understander that counts what it is asked; danger for "help"."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        self.asked.append((text, language_hint))
        danger = text == "help mij, mijn papa slaat mij"
        top = "safeguarding" if danger else "out_of_scope"
        return Understanding(text, text, LanguageGuess("nl", 0.99), (Candidate(top, 0.9),),
                             safeguarding=danger)


def test_the_same_text_and_hint_are_understood_once_others_again() -> None:
    inner = Counting()
    recent = RecentUnderstandings(inner, size=2)
    first = recent.understand("hallo", "nl")
    assert recent.understand("hallo", "nl") is first
    recent.understand("hallo", "fr")
    recent.understand("dag")
    recent.understand("hallo", "nl")  # pushed out by the two after it
    assert inner.asked == [("hallo", "nl"), ("hallo", "fr"), ("dag", None), ("hallo", "nl")]
    assert remembering(recent) is recent


def test_a_danger_message_is_understood_once_for_the_help_lines_and_the_stored_turn(
    core: Maatje, tmp_path: Path,
) -> None:
    from dataclasses import replace

    inner = Counting()
    conversations = build_conversations(Settings(data_dir=tmp_path),
                                        core=replace(core, understander=inner))
    danger = Incoming("tg:5", Kind.TEXT, text="help mij, mijn papa slaat mij")
    urgent = conversations.urgent_outcome(danger)
    assert urgent is not None and urgent.trace.intent == "safeguarding"
    stored = conversations.handle(danger, helped=True)
    assert stored is not None
    assert inner.asked == [("help mij, mijn papa slaat mij", None)]
    assert conversations.database is not None
    conversations.database.close()
