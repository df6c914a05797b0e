"""Helpers for feature tests: a content folder with test data and a core with fixed understanding."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.dialogue import Maatje, Turn
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED
from bot.features import registry
from content.loader import default_content_dir, load_content
from intents.types import Candidate, LanguageGuess, Understanding

BRUSSELS = ZoneInfo("Europe/Brussels")
TEST_DATA = Path(__file__).resolve().parent / "data"


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A moment in Brussels, to freeze the clock of a test."""
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def brussels_now() -> datetime:
    """The real time now, in the zone the tests' content is read in."""
    return datetime.now(BRUSSELS)


SAMPLE_FILES = ("activities.yaml", "places.yaml", "camp.yaml", "clubs.yaml", "contacts.yaml",
                "volunteering.yaml", "glossary.yaml")


def sample_folder(tmp_path: Path) -> Path:
    """The real answers and UI texts with the tests' own facts (activities, camp, clubs…)."""
    return content_folder(tmp_path, *SAMPLE_FILES)


def content_folder(tmp_path: Path, *test_files: str) -> Path:
    """A copy of the real content with some files replaced by the tests' own."""
    folder = tmp_path / "content"
    shutil.copytree(default_content_dir(), folder)
    for name in test_files:
        shutil.copy(TEST_DATA / name, folder / name)
    return folder


@dataclass
class Fixed:
    """An understander that always finds the same intent: tests the feature, not the NLU."""

    intent: str
    entities: dict[str, str] = field(default_factory=dict)
    language: str = "nl"
    #: How sure it is of the intent: below the core's threshold it is an unclear message.
    score: float = 0.99

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        return Understanding(text, text.lower(), LanguageGuess(self.language, 0.99),
                             (Candidate(self.intent, self.score),), dict(self.entities))


def core_for(folder: Path, understander: Fixed) -> Maatje:
    return Maatje(load_content(folder, strict=False), understander, features=registry())


def say(core: Maatje, text: str, now: datetime, hint: str | None = None) -> Turn:
    return core.handle(Incoming("test:1", Kind.TEXT, text=text, language_hint=hint), ONBOARDED,
                       now=now)


def press(core: Maatje, payload: str, now: datetime) -> Turn:
    return core.handle(Incoming("test:1", Kind.BUTTON, payload=payload), ONBOARDED, now=now)
