"""The review sheet as an organisation uses it: write one for a native speaker, take it back."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from content.catalog import entries, records
from content.loader import is_sensitive
from content.review import CORRECTION, OK, TRANSLATION, import_sheet, rows, write_sheet
from tests.features import content_folder
from tests.test_content_tools import maatje

TICKED = "ui.consent.ask.announcements"
CORRECTED = "ui.button.help"
LEFT = "answers.safeguarding.text"
WITH_PLACEHOLDER = "answers.camp_medical_form.text"


def opened(path: Path) -> tuple[Workbook, Worksheet, dict[str, int]]:
    """A written sheet file, its review sheet, and the row of each key in it."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    where = {str(cells[0].value): cells[0].row for cells in sheet.iter_rows(min_row=3, max_col=1)}
    return book, sheet, where


def review_sheet(path: Path) -> tuple[Worksheet, dict[str, int]]:
    _, sheet, where = opened(path)
    return sheet, where


def fa_texts(folder: Path) -> dict[str, tuple[str, bool]]:
    return {record.key: (record.text, record.reviewed) for record in records(folder, ["fa"])}


def test_a_ticked_and_a_corrected_row_become_reviewed_and_nothing_else_changes(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    sheet_file = tmp_path / "fa.xlsx"
    written = maatje("content", "review", "--lang", "fa", "--out", str(sheet_file), folder=folder)
    assert written.returncode == 0, written.stdout + written.stderr
    before_texts = fa_texts(folder)
    before_files = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    assert not any(before_texts[key][1] for key in (TICKED, CORRECTED, LEFT))
    book, sheet, where = opened(sheet_file)
    sheet.cell(where[TICKED], OK).value = "x"
    sheet.cell(where[CORRECTED], CORRECTION).value = "🧭 منو"
    assert sheet.cell(where[LEFT], TRANSLATION).value == before_texts[LEFT][0]
    book.save(sheet_file)

    taken = maatje("content", "review", "--import", str(sheet_file), folder=folder)
    assert taken.returncode == 0, taken.stdout + taken.stderr
    assert "2 translation(s) updated." in taken.stdout
    after_texts = fa_texts(folder)
    assert {key for key in after_texts if after_texts[key] != before_texts[key]} == {TICKED, CORRECTED}
    assert after_texts[TICKED] == (before_texts[TICKED][0], True)
    assert after_texts[CORRECTED] == ("🧭 منو", True)
    assert after_texts[LEFT] == before_texts[LEFT]
    after_files = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}
    changed = [line for name in before_files for line in difflib.unified_diff(
        before_files[name].splitlines(), after_files[name].splitlines(), n=0)
        if line.startswith("+") and not line.startswith("+++")]
    assert sorted(changed) == sorted(['+  fa: {text: "🧭 منو", reviewed: true}',
                                      f'+  fa: {{text: "{before_texts[TICKED][0]}", reviewed: true}}'])
    assert {row.entry.key for row in rows(folder, "fa", "unreviewed")}.isdisjoint({TICKED, CORRECTED})


def test_only_safety_lists_the_safeguarding_consent_and_medical_texts(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    write_sheet(folder, "fa", tmp_path / "safety.xlsx", "safety")
    _, where = review_sheet(tmp_path / "safety.xlsx")
    sensitive = {entry.key for entry in entries(folder) if is_sensitive(entry.key)}
    assert set(where) == sensitive
    assert {TICKED, LEFT, WITH_PLACEHOLDER, "helplines.lines.0.label"} <= set(where)
    assert CORRECTED not in where and "ui.welcome" not in where


def test_the_whole_sheet_puts_the_sensitive_texts_first(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    count = write_sheet(folder, "fa", tmp_path / "all.xlsx")
    _, where = review_sheet(tmp_path / "all.xlsx")
    order = sorted(where, key=where.__getitem__)
    assert count == len(order) == len(entries(folder))
    flags = [is_sensitive(key) for key in order]
    assert flags == sorted(flags, reverse=True) and flags[0] and not flags[-1]


def test_a_persian_sheet_reads_right_to_left_with_its_header_frozen(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    write_sheet(folder, "fa", tmp_path / "fa.xlsx", "safety")
    write_sheet(folder, "fr", tmp_path / "fr.xlsx", "safety")
    persian, where = review_sheet(tmp_path / "fa.xlsx")
    assert persian.sheet_view.rightToLeft is True
    assert persian.freeze_panes == "A3"
    assert persian.cell(where[LEFT], TRANSLATION).alignment.readingOrder == 2
    assert persian.cell(where[LEFT], TRANSLATION).alignment.wrap_text is True
    assert persian.cell(2, TRANSLATION).value == "Vertaling: Perzisch (Afghanistan)"
    french, _ = review_sheet(tmp_path / "fr.xlsx")
    assert not french.sheet_view.rightToLeft


def test_a_correction_that_breaks_a_placeholder_is_refused_naming_the_key(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    sheet_file = tmp_path / "fa.xlsx"
    write_sheet(folder, "fa", sheet_file, "safety")
    book, sheet, where = opened(sheet_file)
    sheet.cell(where[TICKED], OK).value = "x"
    current = str(sheet.cell(where[WITH_PLACEHOLDER], TRANSLATION).value)
    broken = current.replace("{camp_deadline}", "{deadline}")
    sheet.cell(where[WITH_PLACEHOLDER], CORRECTION).value = broken
    book.save(sheet_file)
    before = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}

    result = maatje("content", "import", str(sheet_file), folder=folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [problem] = result.stdout.strip().splitlines()
    assert problem.startswith(f"row {where[WITH_PLACEHOLDER]}: {WITH_PLACEHOLDER}: ")
    assert "placeholders" in problem and "{camp_deadline}" in problem
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")} == before


def test_a_word_in_the_ok_column_that_is_no_tick_is_asked_about(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    sheet_file = tmp_path / "fa.xlsx"
    write_sheet(folder, "fa", sheet_file, "safety")
    book, sheet, _ = opened(sheet_file)
    sheet.cell(3, OK).value = "nee"
    book.save(sheet_file)
    count, problems = import_sheet(folder, sheet_file)
    assert count == 0 and len(problems) == 1 and "write x in the OK column" in problems[0]


def test_a_sheet_for_one_language_is_not_taken_as_another(tmp_path: Path) -> None:
    folder = content_folder(tmp_path)
    write_sheet(folder, "fa", tmp_path / "fa.xlsx", "safety")
    count, problems = import_sheet(folder, tmp_path / "fa.xlsx", "ps")
    assert count == 0 and problems == [f"{tmp_path / 'fa.xlsx'}: this sheet is for 'fa', not 'ps'"]


def test_a_content_folder_copied_before_the_sheet_existed_borrows_its_words(tmp_path: Path) -> None:
    """An organisation's own copy of the content has no ``staff.review.`` texts yet."""
    folder = content_folder(tmp_path)
    ui = folder / "ui.yaml"
    ui.write_text(re.sub(r"^staff\.review\..*\n", "", ui.read_text(encoding="utf-8"), flags=re.MULTILINE),
                  encoding="utf-8")
    assert "staff.review." not in ui.read_text(encoding="utf-8")
    write_sheet(folder, "ps", tmp_path / "ps.xlsx", "safety")
    sheet, _ = review_sheet(tmp_path / "ps.xlsx")
    assert sheet.title == "Nakijken" and sheet.cell(2, OK).value == "OK"
