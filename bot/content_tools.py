"""The content tools of the command line: check, export, import, and the calendar import.

Each prints for a youth worker or translator (file, key, sentence) and returns the exit
code; ``ToolError`` is a mistake they can fix, printed in one line.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from content.catalog import import_lines, records, validate_files, write_files
from content.check import check_folder
from content.ics import CalendarError, activities_from_ics
from content.loader import IMPORTED_ACTIVITIES_FILE
from intents.types import CONTENT_LANGUAGES

FEED_TIMEOUT = 30
IMPORTED_HEADER = (
    "# Activities imported from the organisation's calendar by `maatje activities import`.\n"
    "# Do not edit: the next import replaces this file. Edit the calendar instead,\n"
    "# or add the activity to activities.yaml (with translations).\n"
)


class ToolError(Exception):
    """A mistake in the command or its input, explained in one line."""


def check(folder: Path, args: argparse.Namespace, zone: ZoneInfo | None = None) -> int:
    """Schema, completeness and simple Dutch; unreviewed translations as information.

    ``zone`` is the configured one: ``activities.yaml`` must name the same."""
    from bot.screens import screen_problems  # the whole core: only for this command

    report = check_folder(folder, zone, screens=screen_problems)
    for problem in report.problems:
        print(problem)
    for finding in report.findings:
        print(finding)
    unreviewed = report.unreviewed_by_language()
    if unreviewed:
        counts = ", ".join(f"{lang} {unreviewed[lang]}" for lang in CONTENT_LANGUAGES if unreviewed[lang])
        print(f"Information: translations not yet reviewed by a native speaker: {counts} "
              "(maatje content export lists them with \"reviewed\": false).")
    summary = (f"{report.texts} texts: {len(report.problems)} problem(s), "
               f"{len(report.findings)} sentence(s) harder than A2.")
    print(summary if report.ok else f"Content NOT OK. {summary}", file=sys.stderr)
    return 0 if report.ok else 1


def export(folder: Path, args: argparse.Namespace) -> int:
    languages = args.lang or None
    unknown = [lang for lang in languages or [] if lang not in CONTENT_LANGUAGES]
    if unknown:
        raise ToolError(f"unknown language {', '.join(unknown)}; use one of {', '.join(CONTENT_LANGUAGES)}")
    if args.po:
        from content.gettext import export_catalogs

        for path in export_catalogs(folder, languages):
            print(path)
        return 0
    for record in records(folder, languages):
        sys.stdout.write(record.to_json() + "\n")
    return 0


def import_file(folder: Path, args: argparse.Namespace) -> int:
    if args.file.endswith(".po"):
        from content.gettext import import_catalog

        count, problems = import_catalog(folder, Path(args.file))
    elif args.file.endswith(".xlsx"):
        from content.review import import_sheet

        count, problems = import_sheet(folder, Path(args.file))
    else:
        count, problems = import_lines(folder, _read_lines(args.file))
    return _imported(count, problems)


def review(folder: Path, args: argparse.Namespace) -> int:
    """``maatje content review``: write one language's review sheet, or take one back."""
    from content.review import import_sheet, write_sheet

    lang = _translation_language(args.lang) if args.lang else None
    if args.sheet is not None:
        return _imported(*import_sheet(folder, args.sheet, lang))
    if lang is None:
        raise ToolError("give --lang L (the language to review) or --import FILE.xlsx")
    target = args.out or Path(f"review-{lang}.xlsx")
    if target.suffix != ".xlsx":
        raise ToolError(f"{target}: the sheet is an .xlsx file; name it FILE.xlsx")
    count = write_sheet(folder, lang, target, args.only)
    print(f"{target}: {count} text(s) in {lang} to review. Send it to a native speaker; take it "
          f"back with: maatje content review --import {target}")
    return 0


def _translation_language(lang: str) -> str:
    if lang not in CONTENT_LANGUAGES:
        raise ToolError(f"unknown language {lang}; use one of {', '.join(CONTENT_LANGUAGES[1:])}")
    if lang == CONTENT_LANGUAGES[0]:
        raise ToolError("Dutch is the source, reviewed by its authors; choose a translation's language")
    return lang


def _imported(count: int, problems: list[str]) -> int:
    """Print what an import did: every problem (nothing written then), or how many changed."""
    for problem in problems:
        print(problem)
    if problems:
        print(f"Nothing imported: {len(problems)} problem(s).", file=sys.stderr)
        return 1
    print(f"{count} translation(s) updated.")
    return 0


def _read_lines(name: str) -> list[str]:
    if name == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(name).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ToolError(f"cannot read {name}: {error.strerror}") from error


def import_activities(
    folder: Path, source: str, zone: ZoneInfo, now: datetime | None = None
) -> int:
    """Replace the imported activities with the coming events of a calendar file or feed;
    ``zone`` is the configured one, which the feed's local times are read in."""
    data = _fetch(source)
    try:
        found = activities_from_ics(data, (now or datetime.now(zone)).astimezone(zone))
    except CalendarError as error:
        raise ToolError(f"{source}: {error}") from error
    entries = [activity.model_dump(mode="json", exclude_none=True, exclude={"imported"})
               for activity in found]
    text = IMPORTED_HEADER + yaml.safe_dump({"activities": entries}, allow_unicode=True,
                                            sort_keys=False, width=4096)
    problems = validate_files(folder, {IMPORTED_ACTIVITIES_FILE: text})
    if problems:
        for problem in problems:
            print(problem)
        print("Nothing imported: the content would not load.", file=sys.stderr)
        return 1
    write_files(folder, {IMPORTED_ACTIVITIES_FILE: text})
    print(f"{len(found)} coming activities imported into {folder / IMPORTED_ACTIVITIES_FILE}.")
    return 0


def _fetch(source: str) -> bytes:
    """A local file, or the organisation's own feed over http(s)."""
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=FEED_TIMEOUT) as response:
                return bytes(response.read())
        return Path(source).read_bytes()
    except OSError as error:
        raise ToolError(f"cannot read {source}: {error}") from error
