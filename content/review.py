"""The review sheet: a native speaker checks one language's translations in a spreadsheet.

``maatje content review --lang fa`` writes an .xlsx file (Excel, LibreOffice and Google
Sheets open it) with one row per text: its export key, the Dutch, the translation now, a
column "OK" to tick when the translation is right as it is and a column "Correctie" for a
better one. Safeguarding, consent and medical texts come first (the rule is
:func:`content.loader.is_sensitive`, the one ``maatje doctor`` counts with), marked orange.

``maatje content review --import FILE`` takes the sheet back through the same all-or-nothing
import as ``maatje content import``: a corrected row gets the correction, a ticked or corrected
row becomes ``reviewed: true``, every other row stays as it is. The sheet's words (headers,
the instructions) are Dutch texts under ``staff.review.`` in ``ui.yaml``: reviewers read Dutch,
and every sentence anyone sees lives in the content.
"""

from __future__ import annotations

import math
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from babel import Locale
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from content.bidi import is_rtl
from content.catalog import Entry, Record, entries, import_records
from content.dates import babel_locale
from content.loader import default_content_dir, is_sensitive, load_content
from content.schema import SOURCE_LANGUAGE, placeholders
from intents.types import CONTENT_LANGUAGES

Only = Literal["unreviewed", "safety"]
ONLY: tuple[Only, ...] = ("unreviewed", "safety")
LABEL_PREFIX = "staff.review."
#: The workbook name of the cell that holds the sheet's language code (on the help sheet):
#: named, so that the sheet still says its language after a reviewer moves things around.
LANGUAGE_NAME = "maatje_review_language"
#: The columns, in order, with their widths (in characters).
COLUMNS = (("key", 28), ("dutch", 50), ("translation", 50), ("ok", 7), ("correction", 50),
           ("reviewed", 13))
KEY, DUTCH, TRANSLATION, OK, CORRECTION, REVIEWED = range(1, len(COLUMNS) + 1)
#: The sheet's words, each ``staff.review.<name>`` in ``ui.yaml``.
WORDS = ("sheet", "help_sheet", "intro", "yes", "language", "help",
         *(f"column.{name}" for name, _ in COLUMNS))
INTRO_ROW, HEADER_ROW = 1, 2
HELP_WIDTH = 100
LINE_HEIGHT = 15
#: What counts as a tick in the OK column; anything else written there is asked about.
TICKS = frozenset({"x", "ok", "ja", "yes", "v", "✓", "✔", "✅", "1", "true", "waar"})
HEADER_FILL = PatternFill("solid", start_color="DDDDDD")
EDIT_FILL = PatternFill("solid", start_color="FFF7CC")
SENSITIVE_FILL = PatternFill("solid", start_color="FFC48C")
LEFT_TO_RIGHT, RIGHT_TO_LEFT = 1, 2


@dataclass(frozen=True)
class Row:
    """One text to review: where it lives, its translation now, and whether it comes first."""

    entry: Entry
    text: str
    reviewed: bool
    sensitive: bool


@dataclass(frozen=True)
class Filled:
    """One row as the reviewer sent it back."""

    number: int
    key: str
    dutch: str
    translation: str
    ok: object
    correction: str


def rows(folder: Path, lang: str, only: Only | None = None) -> list[Row]:
    """The texts of ``lang`` to review: sensitive ones first, each group in file order."""
    found = []
    for entry in entries(folder):
        text, reviewed = entry.translation(lang) or ("", False)
        found.append(Row(entry, text, reviewed, is_sensitive(entry.key)))
    if only == "unreviewed":
        found = [row for row in found if not row.reviewed]
    elif only == "safety":
        found = [row for row in found if row.sensitive]
    return sorted(found, key=lambda row: not row.sensitive)


def labels(folder: Path) -> dict[str, str]:
    """The sheet's Dutch words from ``ui.yaml``, by their name after ``staff.review.``; a
    folder copied before the review sheet existed borrows the missing ones from the bundle."""
    found = _labels_in(folder)
    if not set(WORDS) <= found.keys() and folder.resolve() != default_content_dir().resolve():
        found = {**_labels_in(default_content_dir()), **found}
    return found


def _labels_in(folder: Path) -> dict[str, str]:
    ui = load_content(folder, strict=False).ui
    return {key.removeprefix(LABEL_PREFIX): text.nl for key, text in ui.items()
            if key.startswith(LABEL_PREFIX)}


def language_name(lang: str) -> str:
    """``fa`` → "Perzisch (Afghanistan)": the name a Dutch reader knows the language by."""
    return str(Locale.parse(babel_locale(lang)).get_display_name(SOURCE_LANGUAGE))


def write_sheet(folder: Path, lang: str, target: Path, only: Only | None = None) -> int:
    """Write the review sheet of ``lang`` to ``target``; return how many texts it lists."""
    words = labels(folder)
    chosen = rows(folder, lang, only)
    book = Workbook()
    review = book.worksheets[0]
    review.title = words["sheet"]
    _fill_review(review, chosen, lang, words)
    helper = book.create_sheet(words["help_sheet"])
    language_cell = _fill_help(helper, lang, words)
    book.defined_names[LANGUAGE_NAME] = DefinedName(
        LANGUAGE_NAME, attr_text=f"{quote_sheetname(helper.title)}!{language_cell}")
    book.save(target)
    return len(chosen)


def _fill_review(sheet: Worksheet, chosen: Sequence[Row], lang: str, words: Mapping[str, str]) -> None:
    """The texts under a frozen header, right to left for ar/fa/ps, ticks offered as "x"."""
    sheet.sheet_view.rightToLeft = is_rtl(lang)
    _fill_header(sheet, lang, words)
    for number, row in enumerate(chosen, start=HEADER_ROW + 1):
        _fill_row(sheet, number, row, lang, words)
    end = HEADER_ROW + max(len(chosen), 1)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{end}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    ticks = DataValidation(type="list", formula1='"x"', allow_blank=True, showErrorMessage=False)
    sheet.add_data_validation(ticks)
    column = get_column_letter(OK)
    ticks.add(f"{column}{HEADER_ROW + 1}:{column}{end}")


def _fill_header(sheet: Worksheet, lang: str, words: Mapping[str, str]) -> None:
    """The one-line instruction over the whole width, then the column names."""
    sheet.merge_cells(f"A{INTRO_ROW}:{get_column_letter(len(COLUMNS))}{INTRO_ROW}")
    intro = sheet.cell(INTRO_ROW, KEY)
    _put(intro, words["intro"])
    intro.alignment = Alignment(wrap_text=True, vertical="top", readingOrder=LEFT_TO_RIGHT)
    intro.font = Font(bold=True)
    sheet.row_dimensions[INTRO_ROW].height = 2 * LINE_HEIGHT + 4
    for column, (name, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        header = sheet.cell(HEADER_ROW, column)
        _put(header, words[f"column.{name}"].format(language=language_name(lang)))
        header.font = Font(bold=True)
        header.fill = EDIT_FILL if column in (OK, CORRECTION) else HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top", readingOrder=LEFT_TO_RIGHT)


def _fill_row(sheet: Worksheet, number: int, row: Row, lang: str, words: Mapping[str, str]) -> None:
    values = {KEY: row.entry.key, DUTCH: row.entry.dutch, TRANSLATION: row.text, OK: "",
              CORRECTION: "", REVIEWED: words["yes"] if row.reviewed else ""}
    translated = RIGHT_TO_LEFT if is_rtl(lang) else LEFT_TO_RIGHT
    for column, value in values.items():
        cell = sheet.cell(number, column)
        _put(cell, value)
        order = translated if column in (TRANSLATION, CORRECTION) else LEFT_TO_RIGHT
        centred = "center" if column in (OK, REVIEWED) else None
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=centred, readingOrder=order)
        if column in (OK, CORRECTION):
            cell.fill = EDIT_FILL
    if row.sensitive:
        sheet.cell(number, KEY).fill = SENSITIVE_FILL
        sheet.cell(number, DUTCH).fill = SENSITIVE_FILL
    sheet.cell(number, KEY).font = Font(color="666666", size=9)
    sheet.row_dimensions[number].height = LINE_HEIGHT * max(
        _lines(row.entry.dutch, COLUMNS[DUTCH - 1][1]), _lines(row.text, COLUMNS[TRANSLATION - 1][1]))


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` wraps to in a column ``width`` characters wide (Excel
    does not fit a row's height to wrapped text it did not lay out itself)."""
    return sum(max(1, math.ceil(len(part) / (width - 4))) for part in text.split("\n"))


def _fill_help(sheet: Worksheet, lang: str, words: Mapping[str, str]) -> str:
    """The instructions, one line a row, then the language; return the language cell."""
    sheet.column_dimensions["A"].width = HELP_WIDTH
    sheet.column_dimensions["B"].width = 12
    lines = words["help"].format().split("\n")
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(number, 1)
        _put(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top", readingOrder=LEFT_TO_RIGHT)
    cell = sheet.cell(1, 1)
    cell.font = Font(bold=True)
    number = len(lines) + 2
    _put(sheet.cell(number, 1), f"{words['language']} {language_name(lang)}")
    sheet.cell(number, 1).font = Font(bold=True)
    _put(sheet.cell(number, 2), lang)
    return f"$B${number}"


def _put(cell: Cell | MergedCell, value: str) -> None:
    """A text cell, never a formula (a translation may start with "="); empty stays empty."""
    if value:
        cell.value = value
        cell.data_type = "s"


def import_sheet(folder: Path, path: Path, lang: str | None = None) -> tuple[int, list[str]]:
    """Take a filled-in review sheet back (all or nothing, as ``maatje content import``).

    ``lang`` is needed only when the sheet lost the cell that names its language.
    """
    try:
        with warnings.catch_warnings():  # a sheet saved by Google Sheets or Excel: styles and
            warnings.simplefilter("ignore", UserWarning)  # extensions it drops do not matter here
            book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        return 0, [f"{path}: not a readable .xlsx review sheet: {error}"]
    words = labels(folder)
    language, problems = _language(_named_language(book), lang, path)
    if language is None:
        return 0, problems
    sheet = book[words["sheet"]] if words["sheet"] in book.sheetnames else book.worksheets[0]
    index = {entry.key: entry for entry in entries(folder)}
    numbered: list[tuple[int, Record]] = []
    for filled in _filled(sheet, words):
        decided = decide(filled, index.get(filled.key), language)
        if isinstance(decided, str):
            problems.append(decided)
        elif decided is not None:
            numbered.append((filled.number, decided))
    if problems:
        return 0, problems
    return import_records(folder, numbered)


def _named_language(book: Workbook) -> str | None:
    named = book.defined_names.get(LANGUAGE_NAME)
    if named is None:
        return None
    for title, coordinate in named.destinations:
        if title in book.sheetnames:
            value = book[title][coordinate.replace("$", "")].value
            return str(value).strip() if value is not None else None
    return None


def _language(named: str | None, given: str | None, path: Path) -> tuple[str | None, list[str]]:
    """The sheet's language: the one it names, or ``--lang``; both must agree."""
    if named and given and named != given:
        return None, [f"{path}: this sheet is for {named!r}, not {given!r}"]
    lang = named or given
    if lang is None:
        return None, [f"{path}: the sheet does not say its language; add --lang L"]
    if lang not in CONTENT_LANGUAGES or lang == SOURCE_LANGUAGE:
        return None, [f"{path}: language {lang!r} is not one Maatje translates into"]
    return lang, []


def _filled(sheet: Worksheet, words: Mapping[str, str]) -> Iterable[Filled]:
    """The rows under the header (found by its first cell, in case a row was added above)."""
    table = [[*values, *([None] * len(COLUMNS))][: len(COLUMNS)]
             for values in sheet.iter_rows(max_col=len(COLUMNS), values_only=True)]
    keys = [_text(cells[KEY - 1]) for cells in table]
    start = keys.index(words["column.key"]) + 1 if words["column.key"] in keys else HEADER_ROW
    for number, cells in enumerate(table[start:], start=start + 1):
        if keys[number - 1]:
            yield Filled(number, keys[number - 1], _text(cells[DUTCH - 1]), _text(cells[TRANSLATION - 1]),
                         cells[OK - 1], _text(cells[CORRECTION - 1]))


def _text(value: object) -> str:
    """A cell as text, its line ends and outer spaces as a spreadsheet may have left them."""
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").strip()


def decide(filled: Filled, entry: Entry | None, lang: str) -> Record | str | None:
    """What one returned row changes: a reviewed record, nothing, or the problem (one line)."""
    ticked = _ticked(filled.ok)
    if ticked is False and not filled.correction:
        return None
    where = f"row {filled.number}: {filled.key}"
    if ticked is None:
        return f"{where}: write x in the OK column, or leave it empty (it says {_text(filled.ok)!r})"
    if entry is None:
        return f"{where}: no text has this key (renamed or removed since the sheet was made)"
    if filled.dutch != _text(entry.dutch):
        return f"{where}: the Dutch text changed since this sheet was made; make a new sheet for it"
    if filled.correction:
        return _corrected(where, filled.correction, entry, lang)
    current = entry.translation(lang)
    if current is None:
        return f"{where}: there is no translation to approve; write one in the correction column"
    if filled.translation != _text(current[0]):
        return (f"{where}: the translation is not the one in the content files (changed since the "
                "sheet was made, or edited in its column); write changes in the correction column")
    return Record(entry.key, lang, current[0], True)


def _corrected(where: str, correction: str, entry: Entry, lang: str) -> Record | str:
    wanted = placeholders(entry.dutch)
    try:
        found = placeholders(correction)
    except ValueError:
        found = None
    if found != wanted:
        shown = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "none"
        return (f"{where}: the correction breaks the placeholders (the Dutch has {shown}); keep "
                "every {…} exactly as in Dutch")
    return Record(entry.key, lang, correction, True)


def _ticked(value: object) -> bool | None:
    """Whether the OK cell is ticked; ``None`` when it holds something else than a tick."""
    if value is None or value is False or _text(value) == "":
        return False
    if value is True or _text(value).lower() in TICKS:
        return True
    return None
