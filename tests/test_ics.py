"""Reading the organisation's calendar feed: repeats unfolded, past events left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.ics import CalendarError, activities_from_ics
from tests.features import at

FEED = (Path(__file__).parent / "data" / "feed.ics").read_bytes()


def test_weekly_event_becomes_dated_activities_without_the_cancelled_week() -> None:
    activities = activities_from_ics(FEED, now=at(2026, 12, 1))
    crafts = [a for a in activities if a.title.nl == "Knutselen in het jeugdhuis"]
    assert [a.start.day for a in crafts] == [2, 9, 23]
    assert all(a.imported and a.description and "kerstkaarten" in a.description.nl for a in crafts)
    assert crafts[0].place == "Jeugdhuis De Ring, Anderlecht"
    assert len({a.id for a in activities}) == len(activities)


def test_past_events_are_not_imported_and_all_day_events_are() -> None:
    titles = [a.title.nl for a in activities_from_ics(FEED, now=at(2026, 12, 1))]
    assert "Voorbij" not in titles
    assert "Kerstfeest" in titles


def test_ids_stay_the_same_on_a_second_import() -> None:
    first = [a.id for a in activities_from_ics(FEED, now=at(2026, 12, 1))]
    again = [a.id for a in activities_from_ics(FEED, now=at(2026, 12, 1))]
    assert first == again


def test_a_file_that_is_not_a_calendar_is_refused() -> None:
    with pytest.raises(CalendarError):
        activities_from_ics(b"hello, this is not a calendar", now=at(2026, 12, 1))
