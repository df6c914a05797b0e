"""Youth workers edit content while Maatje runs: good edits go live, broken ones are refused."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from content.holder import ContentHolder
from content.loader import Content, ContentError, load_content
from intents.pipeline import Understander
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


def _bad_byte(folder: Path) -> None:
    """What a text editor's "ANSI" save does: one Windows-1252 byte in a UTF-8 file."""
    path = folder / "ui.yaml"
    path.write_bytes(path.read_bytes() + b"# caf\xe9\n")
    _touch_later(path)


def _folder_for_file(folder: Path) -> None:
    """A folder where a content file should be (an unzipped copy, a mistaken drag)."""
    (folder / "clubs.yaml").unlink()
    (folder / "clubs.yaml").mkdir()


BREAKAGES = {"bad byte": _bad_byte, "folder for a file": _folder_for_file}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_file_keeps_the_bot_answering_danger_and_everything_else(
    tmp_path: Path, understander: Understander, breakage: str, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.core.messages import Incoming, Kind
    from bot.core.state import ONBOARDED
    from bot.features import registry
    from bot.service import Conversations

    folder = content_folder(tmp_path)
    core = Maatje(load_content(folder), understander, features=registry())
    conversations = Conversations(core, None, ONBOARDED, content=ContentHolder(core.content))
    BREAKAGES[breakage](folder)
    with caplog.at_level(logging.ERROR, logger="content.holder"):
        danger = conversations.handle(Incoming("t", Kind.TEXT, text="mijn vader slaat mij"))
        normal = conversations.handle(Incoming("t", Kind.TEXT, text="wat moet ik meenemen naar het kamp"))
    assert danger is not None and danger.trace.intent == "safeguarding"
    assert "112" in danger.replies[0].text or "102" in danger.replies[0].text
    assert normal is not None and normal.trace.intent == "camp_packing"
    refusals = [r for r in caplog.records if "previous content stays live" in r.getMessage()]
    assert len(refusals) == 1 and "\n" not in refusals[0].getMessage()


def test_a_failing_content_check_falls_back_to_the_last_good_content(
    tmp_path: Path, understander: Understander
) -> None:
    from bot.core.messages import Incoming, Kind
    from bot.core.state import ONBOARDED
    from bot.features import registry
    from bot.service import Conversations

    class Unreadable(ContentHolder):
        def current(self) -> Content:
            raise OSError("the disk went away")

    core = Maatje(load_content(content_folder(tmp_path)), understander, features=registry())
    conversations = Conversations(core, None, ONBOARDED, content=Unreadable(core.content))
    danger = conversations.handle(Incoming("t", Kind.TEXT, text="mijn vader slaat mij"))
    assert danger is not None and danger.trace.intent == "safeguarding"


def test_any_loader_failure_keeps_the_last_good_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_loader(folder: Path) -> Content:
        raise KeyError("a loader bug, not a validation problem")

    content = load_content(content_folder(tmp_path), strict=False)
    holder = ContentHolder(content, broken_loader)
    with caplog.at_level(logging.ERROR, logger="content.holder"):
        result = holder.reload()
    assert not result.changed and "KeyError" in result.problems[0]
    assert holder.current() is content
    assert "previous content stays live" in caplog.text
