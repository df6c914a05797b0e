"""Activities as a pupil sees them: what is coming, what is on Saturday, a calendar file."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from bot.core.dialogue import Maatje
from content.ics import activities_from_ics
from tests.features import Fixed, at, content_folder, core_for, press, sample_folder, say

SATURDAY_ANSWER = "zaterdag 12 december om 14.00 uur"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return sample_folder(tmp_path)


@pytest.fixture
def core(folder: Path) -> Maatje:
    return core_for(folder, Fixed("activities"))


def texts(turn) -> str:  # type: ignore[no-untyped-def]
    return "\n\n".join(reply.text for reply in turn.outcome.replies)


def test_the_list_changes_with_the_date(core: Maatje) -> None:
    before = texts(say(core, "wat is er te doen", now=at(2026, 12, 9)))
    after = texts(say(core, "wat is er te doen", now=at(2026, 12, 13)))
    assert "Schaatsen in Poseidon" in before and SATURDAY_ANSWER in before
    assert "Schaatsen in Poseidon" not in after
    assert "Filmavond" in after and "Voetbal in het park" in after


def test_an_activity_disappears_once_it_is_over(core: Maatje) -> None:
    during = texts(say(core, "activiteiten", now=at(2026, 12, 12, 15)))
    over = texts(say(core, "activiteiten", now=at(2026, 12, 12, 16, 1)))
    assert "Schaatsen" in during
    assert "Schaatsen" not in over


def test_saturday_question_gets_saturdays_activities(core: Maatje) -> None:
    turn = say(core, "is er iets op zaterdag", now=at(2026, 12, 9))
    answer = texts(turn)
    assert "zaterdag 12 december" in turn.outcome.replies[0].text
    assert SATURDAY_ANSWER in answer
    assert "Filmavond" not in answer
    assert turn.outcome.trace.intent == "activities"


def test_the_day_entity_from_understanding_is_used(folder: Path) -> None:
    core = core_for(folder, Fixed("activities", {"day": "zaterdag"}))
    assert SATURDAY_ANSWER in texts(say(core, "iets op za?", now=at(2026, 12, 9)))


def test_nothing_that_day_says_so_and_shows_the_next_ones(core: Maatje) -> None:
    turn = say(core, "is er iets op zondag", now=at(2026, 12, 9))
    header = turn.outcome.replies[0].text
    assert "zondag 13 december" in header and "geen activiteit" in header
    assert "Filmavond" in texts(turn)
    assert "Schaatsen" not in texts(turn), "the next ones come after the day asked about"


def test_each_activity_has_a_calendar_file_that_parses_back(core: Maatje) -> None:
    turn = say(core, "is er iets op zaterdag", now=at(2026, 12, 9))
    card = turn.outcome.replies[1]
    button = card.buttons[0]
    assert button.payload == "ics:schaatsen" and len(button.payload.encode()) <= 64
    sent = press(core, button.payload, now=at(2026, 12, 9)).outcome.replies[0]
    assert sent.document is not None and sent.document.filename.endswith(".ics")
    event = icalendar.Calendar.from_ical(sent.document.data).walk("VEVENT")[0]
    assert str(event["summary"]) == "Schaatsen in Poseidon"
    assert event.decoded("dtstart") == at(2026, 12, 12, 14)
    assert event.decoded("dtend") == at(2026, 12, 12, 16)


def test_calendar_button_of_a_past_activity_says_it_is_over(core: Maatje) -> None:
    reply = press(core, "ics:schaatsen", now=at(2026, 12, 20)).outcome.replies[0]
    assert reply.document is None and "voorbij" in reply.text


def test_arabic_reader_gets_dates_in_arabic_and_readable_times(folder: Path) -> None:
    core = core_for(folder, Fixed("activities", language="ar"))
    turn = say(core, "هل يوجد نشاط يوم السبت", now=at(2026, 12, 9))
    card = turn.outcome.replies[1]
    assert card.languages == ("nl", "ar")
    dutch, arabic = card.text.split("\n\n")
    assert SATURDAY_ANSWER in dutch
    assert "السبت" in arabic and "\u206814:00\u2069" in arabic
    assert "التزلج في بوسيدون" in arabic, "an authored translation of the title is used"


def test_imported_activity_keeps_its_dutch_title_in_every_block(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    feed = (Path(__file__).parent / "data" / "feed.ics").read_bytes()
    imported = activities_from_ics(feed, now=at(2026, 12, 1))
    (folder / "activities-imported.yaml").write_text(
        "\n".join(f"- {a.model_dump_json(exclude_none=True)}" for a in imported), encoding="utf-8")
    core = core_for(folder, Fixed("activities", language="fr"))
    card = say(core, "quelles activités", now=at(2026, 12, 1)).outcome.replies[1]
    dutch, french = card.text.split("\n\n")
    assert "Knutselen in het jeugdhuis" in dutch and "Knutselen in het jeugdhuis" in french
    assert "mercredi 2 décembre à 14 h" in french
