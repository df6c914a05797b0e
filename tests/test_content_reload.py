"""Youth workers edit content while Maatje runs: good edits go live, broken ones are refused."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from content.holder import ContentHolder
from content.loader import ContentError, load_content
from tests.features import content_folder, sample_folder


def _touch_later(path: Path) -> None:
    """Make sure the change is seen even on file systems with coarse timestamps."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 2_000_000_000))


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    _touch_later(path)


def test_a_broken_activity_is_reported_with_file_key_and_field(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    _edit(folder / "activities.yaml", 'start: "2026-12-12T14:00:00"', "start: next saturday")
    with pytest.raises(ContentError) as error:
        load_content(folder)
    assert any(p.startswith("activities.yaml: schaatsen.start:") for p in error.value.problems)


def test_an_edit_goes_live_without_a_restart(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    holder = ContentHolder.load(folder, strict=False)
    _edit(folder / "activities.yaml", "Filmavond", "Filmavond met popcorn")
    titles = [a.title.nl for a in holder.current().activities]
    assert "Filmavond met popcorn" in titles


def test_a_broken_file_is_refused_and_the_old_content_stays(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = sample_folder(tmp_path)
    holder = ContentHolder.load(folder, strict=False)
    before = holder.current()
    with caplog.at_level(logging.ERROR, logger="content.holder"):
        (folder / "ui.yaml").write_text("welcome: [this is: not valid", encoding="utf-8")
        _touch_later(folder / "ui.yaml")
        assert holder.current() is before
    assert "ui.yaml" in caplog.text and "previous content stays live" in caplog.text
    assert holder.current() is before, "a refused file is not reloaded on every message"


def test_a_requested_reload_reports_what_is_wrong(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    holder = ContentHolder.load(folder, strict=False)
    (folder / "answers.yaml").write_text("help: {text: {nl: ''}}\n", encoding="utf-8")
    result = holder.reload()
    assert not result.changed
    assert any("answers.yaml" in problem for problem in result.problems)


def test_the_conversation_service_answers_with_the_edited_content(tmp_path: Path) -> None:
    from bot.core.messages import Incoming, Kind
    from bot.core.state import ONBOARDED
    from bot.service import Conversations
    from tests.features import Fixed, core_for

    folder = content_folder(tmp_path)
    core = core_for(folder, Fixed("help"))
    conversations = Conversations(core, None, ONBOARDED, content=ContentHolder(core.content))
    _edit(folder / "answers.yaml", "Ik weet veel over", "Ik weet echt veel over")
    outcome = conversations.handle(Incoming("t", Kind.TEXT, text="help"))
    assert outcome is not None and "Ik weet echt veel over" in outcome.replies[0].text


def test_a_key_written_twice_is_refused_instead_of_silently_overwritten(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    _edit(folder / "ui.yaml", "welcome:\n", 'welcome:\n  nl: "Dubbel"\n')
    with pytest.raises(ContentError) as error:
        load_content(folder)
    assert any(p.startswith("ui.yaml:") and "written twice" in p for p in error.value.problems)
