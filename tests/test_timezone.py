"""One configured time zone (MAATJE_TIMEZONE) from the settings to every date a person sees.

The same moment in the content is shown as the local time of the configured zone; the
content's own ``timezone`` must agree with the setting, and a reload keeps the zone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.assembly import build_core
from bot.config import Settings
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED
from bot.service import Conversations
from content.holder import ContentHolder
from content.loader import ContentError, load_content
from tests.features import Fixed, content_folder

#: 02:00 UTC on Saturday 6 June 2099: Saturday 4.00 in Brussels, Friday 22.00 in New York.
IMPORTED = """activities:
  - id: ics-nacht
    title: {nl: Nachtwandeling}
    start: "2099-06-06T02:00:00+00:00"
"""


def folder_in(tmp_path: Path, zone: str) -> Path:
    """The real content, its activities one imported event, the files written in ``zone``."""
    folder = content_folder(tmp_path)
    (folder / "activities.yaml").write_text(f"timezone: {zone}\nactivities: []\n", encoding="utf-8")
    (folder / "activities-imported.yaml").write_text(IMPORTED, encoding="utf-8")
    return folder


def activities_answer(tmp_path: Path, zone: str) -> str:
    settings = Settings(timezone=zone, content_dir=folder_in(tmp_path, zone), data_dir=tmp_path)
    conversations = Conversations(build_core(settings, Fixed("activities")), None, ONBOARDED)
    outcome = conversations.handle(Incoming("test:1", Kind.TEXT, text="activiteiten"))
    assert outcome is not None
    return "\n".join(reply.text for reply in outcome.replies)


def test_the_configured_zone_changes_the_day_and_hour_a_pupil_is_told(tmp_path: Path) -> None:
    brussels = activities_answer(tmp_path / "be", "Europe/Brussels")
    new_york = activities_answer(tmp_path / "us", "America/New_York")
    assert "zaterdag 6 juni om 4.00 uur" in brussels, brussels
    assert "vrijdag 5 juni om 22.00 uur" in new_york, new_york


def test_content_written_for_another_zone_is_refused_with_the_setting_named(tmp_path: Path) -> None:
    folder = folder_in(tmp_path, "Europe/Brussels")
    settings = Settings(timezone="America/New_York", content_dir=folder, data_dir=tmp_path)
    with pytest.raises(ContentError) as error:
        build_core(settings, Fixed("activities"))
    assert any("MAATJE_TIMEZONE" in problem and "Europe/Brussels" in problem
               for problem in error.value.problems), error.value.problems


def test_content_that_names_no_zone_is_read_in_the_configured_one(tmp_path: Path) -> None:
    folder = folder_in(tmp_path, "America/New_York")
    (folder / "activities.yaml").write_text("activities: []\n", encoding="utf-8")
    zone = Settings(timezone="Asia/Tokyo").zone
    assert load_content(folder, zone=zone).zone == zone


def test_a_reload_keeps_the_configured_zone(tmp_path: Path) -> None:
    folder = folder_in(tmp_path, "America/New_York")
    holder = ContentHolder(load_content(folder, zone=Settings(timezone="America/New_York").zone))
    (folder / "activities-imported.yaml").write_text(IMPORTED + "\n", encoding="utf-8")
    assert holder.reload().changed
    [activity] = holder.current().activities
    assert (activity.start.hour, str(activity.start.tzinfo)) == (22, "America/New_York")
