"""The content tools as a youth worker or translator runs them: check, export, import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from content.catalog import import_lines, records
from content.gettext import export_catalogs, import_catalog
from content.loader import load_content
from tests.features import BRUSSELS, at, content_folder, sample_folder


# The timeout guards against a hang, not a speed goal: two of these commands failed once
# with 120 s while the machine was loaded four times over (4 December 2026).
def maatje(*args: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args, "--dir", str(folder)],
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "MAATJE_DATA_DIR": str(folder.parent / "data")})


HARD = ("Indien je wenst deel te nemen aan het kamp dien je uiterlijk vrijdag het formulier "
        "betreffende je gezondheid in te dienen bij de begeleiding van de jeugdwerking.")


def test_check_passes_on_the_real_content_and_lists_unreviewed_translations(tmp_path: Path) -> None:
    result = maatje("content", "check", folder=content_folder(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:]
    assert "not yet reviewed" in result.stdout


def test_check_fails_on_a_hard_dutch_sentence_and_names_file_key_and_sentence(
    tmp_path: Path,
) -> None:
    folder = content_folder(tmp_path)
    answers = folder / "answers.yaml"
    text = answers.read_text(encoding="utf-8")
    start = text.index('nl: "', text.index("\nhelp:\n")) + len('nl: "')
    end = text.index('"\n', start)
    answers.write_text(text[:start] + HARD + text[end:], encoding="utf-8")
    result = maatje("content", "check", folder=folder)
    assert result.returncode == 1
    assert "answers.yaml: help.text: zin-te-lang" in result.stdout
    assert "formeel woord 'indien'" in result.stdout
    assert HARD in result.stdout
    assert "Traceback" not in result.stderr


def test_check_fails_on_a_first_message_longer_than_one_phone_screen(tmp_path: Path) -> None:
    """Every youth worker on the contact answer's first screen (none marked ``more``):
    87 Dutch words, more than a phone shows before scrolling."""
    folder = content_folder(tmp_path)
    contacts = folder / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("    more: true\n", ""),
                        encoding="utf-8")
    result = maatje("content", "check", folder=folder)
    assert result.returncode == 1
    assert "answers.yaml: contact: the first message has" in result.stdout
    assert "Dutch words (a pupil); one phone screen holds 60" in result.stdout


def test_export_then_import_round_trip_changes_only_what_changed(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    exported = [json.loads(r.to_json()) for r in records(folder)]
    assert {row["key"] for row in exported} >= {"glossary.slaapzak", "ui.button.help",
                                                  "camp.medical_form.what", "answers.help.text"}
    slaapzak = next(r for r in exported if r["key"] == "glossary.slaapzak" and r["lang"] == "ar")
    assert slaapzak["reviewed"] is False
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    reviewed = {**slaapzak, "reviewed": True}
    count, problems = import_lines(folder, [json.dumps(row, ensure_ascii=False)
                                            for row in [*exported, reviewed]])
    assert problems == [] and count == 1
    after = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    assert [name for name in before if before[name] != after[name]] == ["glossary.yaml"]
    entry = load_content(folder, strict=False).glossary["slaapzak"].explanation.translations["ar"]
    assert entry.reviewed is True


def test_import_refuses_the_whole_file_when_one_line_is_wrong(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    before = (folder / "ui.yaml").read_text(encoding="utf-8")
    lines = [
        json.dumps({"key": "ui.button.help", "lang": "fr", "text": "Aide", "reviewed": True}),
        json.dumps({"key": "ui.no.such.key", "lang": "fr", "text": "x", "reviewed": True}),
        json.dumps({"key": "ui.activities.on_day", "lang": "fr", "text": "Le jour", "reviewed": True}),
    ]
    count, problems = import_lines(folder, lines)
    assert count == 0
    assert any("line 2" in p and "no text has this key" in p for p in problems)
    assert any("line 3" in p and "placeholders" in p for p in problems)
    assert (folder / "ui.yaml").read_text(encoding="utf-8") == before


def test_import_on_the_command_line(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    line = {"key": "ui.button.help", "lang": "es", "text": "🧭 Menú", "reviewed": True}
    source = tmp_path / "review.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = maatje("content", "import", str(source), folder=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    exported = maatje("content", "export", "--lang", "es", folder=folder)
    rows = [json.loads(row) for row in exported.stdout.splitlines()]
    assert {"key": "ui.button.help", "lang": "es", "text": "🧭 Menú", "reviewed": True} in rows
    assert {row["lang"] for row in rows} == {"es"}


def test_po_catalogs_keep_the_reviewed_flag_through_a_round_trip(tmp_path: Path) -> None:
    folder = sample_folder(tmp_path)
    written = export_catalogs(folder, ["ar"])
    catalog = next(path for path in written if path.suffix == ".po")
    assert catalog.parts[-3:] == ("ar", "LC_MESSAGES", "maatje.po")
    text = catalog.read_text(encoding="utf-8")
    marker = 'msgctxt "glossary.slaapzak"'
    assert "# reviewed: false\n#. glossary.yaml\n" + marker in text
    catalog.write_text(text.replace("# reviewed: false\n#. glossary.yaml\n" + marker,
                                    "# reviewed: true\n#. glossary.yaml\n" + marker),
                       encoding="utf-8")
    count, problems = import_catalog(folder, catalog)
    assert problems == [] and count == 1
    entry = load_content(folder, strict=False).glossary["slaapzak"].explanation.translations["ar"]
    assert entry.reviewed


def test_activities_import_from_an_ics_file(tmp_path: Path) -> None:
    from bot.content_tools import import_activities

    folder = content_folder(tmp_path)
    feed = Path(__file__).parent / "data" / "feed.ics"
    assert import_activities(folder, str(feed), BRUSSELS, now=at(2026, 12, 1)) == 0
    activities = load_content(folder, strict=False).activities
    titles = [a.title.nl for a in activities if a.imported]
    assert titles.count("Knutselen in het jeugdhuis") == 3 and "Kerstfeest" in titles


def test_activities_import_refuses_a_file_that_is_not_a_calendar(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    junk = tmp_path / "junk.ics"
    junk.write_text("not a calendar", encoding="utf-8")
    result = maatje("activities", "import", str(junk), folder=folder)
    assert result.returncode == 2 and "not an iCalendar file" in result.stderr
    assert not (folder / "activities-imported.yaml").exists()


@pytest.mark.parametrize("args", [("content", "export", "--lang", "xx")])
def test_wrong_language_is_explained_in_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = maatje(*args, folder=content_folder(tmp_path))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_check_names_the_file_and_byte_of_a_windows_1252_character(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    ui = folder / "ui.yaml"
    offset = len(ui.read_bytes()) + len(b"# caf")
    ui.write_bytes(ui.read_bytes() + b"# caf\xe9\n")
    result = maatje("content", "check", folder=folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stdout.splitlines() if line.startswith("ui.yaml")]
    assert len(problems) == 1 and f"byte {offset}" in problems[0], result.stdout[-2000:]


def test_check_names_a_folder_where_a_file_should_be(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    (folder / "answers.yaml").unlink()
    (folder / "answers.yaml").mkdir()
    result = maatje("content", "check", folder=folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(line.startswith("answers.yaml: ") and "folder" in line
               for line in result.stdout.splitlines()), result.stdout[-2000:]
