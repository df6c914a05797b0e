"""Every user-facing text under a stable dotted key, for translators and reviewers.

``maatje content export`` writes them as JSON Lines (``key``, ``lang``, ``text``,
``reviewed``); ``maatje content import`` takes such lines back, checks them, and writes
the translations into the YAML files without losing the files' comments or layout.

A text is any mapping with an ``nl`` key, wherever it sits in a content file, so a new
field in a file is exported without code changes. Its key is the file's name and the
path to it (list items by their ``id``): ``camp.medical_form.what``,
``activities.schaatsen-2026-12-19.title``, ``ui.button.help``; a glossary entry is
``glossary.<word>``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from content.loader import FAST_LOADER, ContentError, read_text
from content.schema import SOURCE_LANGUAGE, placeholders
from intents.types import CONTENT_LANGUAGES

#: The files whose texts are authored (imported activities are the feed's, Dutch only).
AUTHORED_FILES = ("answers.yaml", "ui.yaml", "activities.yaml", "camp.yaml", "medical_form.yaml",
                  "clubs.yaml",
                  "places.yaml", "contacts.yaml", "volunteering.yaml", "glossary.yaml",
                  "helplines.yaml", "details.yaml", "phrases.yaml")
GLOSSARY = "glossary"
#: Invisible characters kept as ``\\u`` escapes in the files, so editors can see them.
ESCAPED = ("\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f")

Step = str | int


@dataclass(frozen=True)
class Entry:
    """One authored text: its export key, the file and path where it lives, its languages."""

    key: str
    file: str
    path: tuple[Step, ...]
    node: Mapping[str, Any]

    @property
    def dutch(self) -> str:
        return str(self.node[SOURCE_LANGUAGE])

    def translation(self, lang: str) -> tuple[str, bool] | None:
        """The text in ``lang`` and whether it was reviewed; ``None`` when missing."""
        value = self.node.get(lang)
        if isinstance(value, str):
            return value, False
        if isinstance(value, Mapping) and isinstance(value.get("text"), str):
            return value["text"], bool(value.get("reviewed", False))
        return None


@dataclass(frozen=True)
class Record:
    """One exported line."""

    key: str
    lang: str
    text: str
    reviewed: bool

    def to_json(self) -> str:
        return json.dumps({"key": self.key, "lang": self.lang, "text": self.text,
                           "reviewed": self.reviewed}, ensure_ascii=False)


def entries(folder: Path, *, tolerant: bool = False) -> list[Entry]:
    """Every authored text in the folder, in file order.

    A file that cannot be read or parsed raises :class:`ContentError` (one line naming
    it); ``tolerant`` skips it instead, for ``maatje content check``, whose loader pass
    already reports it and which must go on to check the other files.
    """
    found: list[Entry] = []
    problems: list[str] = []
    for name in AUTHORED_FILES:
        path = folder / name
        if path.is_file():
            data = _readable(path, problems)
            for steps, node in _walk(data, ()):
                key = export_key(name, _readable_path(data, steps))
                found.append(Entry(key, name, steps, node))
    if problems and not tolerant:
        raise ContentError(problems)
    return found


def _readable(path: Path, problems: list[str]) -> Any:
    """The file's data; ``None``, with the problem recorded, when it cannot be read or parsed."""
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {' '.join(str(error).split())}")
        return None


def _walk(data: Any, path: tuple[Step, ...]) -> Iterator[tuple[tuple[Step, ...], Mapping[str, Any]]]:
    if isinstance(data, Mapping):
        if isinstance(data.get(SOURCE_LANGUAGE), str):
            yield path, data
            return
        for key, value in data.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, (*path, index))


def export_key(file: str, path: tuple[Step, ...]) -> str:
    """The stable dotted key of a text: list items by id, the file's own top list left out."""
    stem = file.removesuffix(".yaml")
    parts = [str(step) for step in path]
    if parts and parts[0] == stem:
        parts = parts[1:]
    if stem == GLOSSARY and parts[-1:] == ["explanation"]:
        parts = parts[:-1]
    return ".".join([stem, *parts])


def _readable_path(data: Any, path: tuple[Step, ...]) -> tuple[Step, ...]:
    """The path with list indexes replaced by the items' ids, as in the export key."""
    readable: list[Step] = []
    node = data
    for step in path:
        item = node[step]
        if isinstance(step, int) and isinstance(item, Mapping) and item.get("id"):
            readable.append(str(item["id"]))
        else:
            readable.append(step)
        node = item
    return tuple(readable)


def records(folder: Path, languages: Iterable[str] | None = None) -> Iterator[Record]:
    """Export lines: Dutch (always reviewed) and every translation present."""
    wanted = set(languages) if languages else set(CONTENT_LANGUAGES)
    for entry in entries(folder):
        if SOURCE_LANGUAGE in wanted:
            yield Record(entry.key, SOURCE_LANGUAGE, entry.dutch, True)
        for lang in CONTENT_LANGUAGES[1:]:
            found = entry.translation(lang)
            if lang in wanted and found is not None:
                yield Record(entry.key, lang, found[0], found[1])


def parse_records(lines: Iterable[str]) -> tuple[list[tuple[int, Record]], list[str]]:
    """The records of a JSON Lines file, and a problem for every line that is not one."""
    parsed: list[tuple[int, Record]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"line {number}: not valid JSON: {error.msg}")
            continue
        if not (isinstance(row, dict) and isinstance(row.get("key"), str)
                and isinstance(row.get("lang"), str) and isinstance(row.get("text"), str)
                and isinstance(row.get("reviewed", False), bool)):
            problems.append(f'line {number}: needs "key", "lang", "text" (strings) and '
                            '"reviewed" (true/false)')
            continue
        parsed.append((number, Record(row["key"], row["lang"], row["text"],
                                      bool(row.get("reviewed", False)))))
    return parsed, problems


def check_records(
    folder: Path, numbered: list[tuple[int, Record]]
) -> tuple[list[tuple[Entry, Record]], list[str]]:
    """Match records to texts; a wrong key, language or placeholder is a problem."""
    index = {entry.key: entry for entry in entries(folder)}
    changes: list[tuple[Entry, Record]] = []
    problems: list[str] = []
    for number, record in numbered:
        entry = index.get(record.key)
        where = f"line {number}: {record.key} ({record.lang})"
        if entry is None:
            problems.append(f"{where}: no text has this key")
        elif record.lang not in CONTENT_LANGUAGES:
            problems.append(f"{where}: unknown language; use one of {', '.join(CONTENT_LANGUAGES)}")
        elif not record.text.strip():
            problems.append(f"{where}: the text is empty")
        elif record.lang == SOURCE_LANGUAGE:
            if record.text != entry.dutch:
                problems.append(f"{where}: the Dutch source is edited in {entry.file}, not imported")
        elif placeholders(record.text) != placeholders(entry.dutch):
            problems.append(f"{where}: placeholders {sorted(placeholders(record.text))} differ "
                            f"from Dutch {sorted(placeholders(entry.dutch))}")
        elif entry.translation(record.lang) != (record.text, record.reviewed):
            changes.append((entry, record))
    return changes, problems


def apply_changes(folder: Path, changes: list[tuple[Entry, Record]]) -> dict[str, str]:
    """The new text of every file that changes (comments and layout kept)."""
    by_file: dict[str, list[tuple[Entry, Record]]] = {}
    for entry, record in changes:
        by_file.setdefault(entry.file, []).append((entry, record))
    written: dict[str, str] = {}
    for file, items in by_file.items():
        source = (folder / file).read_text(encoding="utf-8")
        round_trip = _round_trip()
        data = round_trip.load(source)
        for entry, record in items:
            node = data
            for step in entry.path:
                node = node[step]
            node[record.lang] = _translation(record)
        written[file] = _dump(round_trip, data)
    return written


def _translation(record: Record) -> CommentedMap:
    value = CommentedMap()
    value["text"] = DoubleQuotedScalarString(record.text)
    value["reviewed"] = record.reviewed
    value.fa.set_flow_style()
    return value


def _round_trip() -> YAML:
    round_trip = YAML()
    round_trip.preserve_quotes = True
    round_trip.width = 4096
    round_trip.indent(mapping=2, sequence=4, offset=2)
    return round_trip


def _dump(round_trip: YAML, data: Any) -> str:
    """YAML text; invisible direction marks written as escapes when that changes nothing."""
    out = io.StringIO()
    round_trip.dump(data, out)
    literal = out.getvalue()
    escaped = literal
    for char in ESCAPED:
        escaped = escaped.replace(char, f"\\u{ord(char):04x}")
    same = yaml.load(escaped, Loader=FAST_LOADER) == yaml.load(literal, Loader=FAST_LOADER)
    return escaped if same else literal


def import_lines(folder: Path, lines: Iterable[str]) -> tuple[int, list[str]]:
    """Write the translations of an export file into the content files.

    All or nothing: any wrong line, or files that would no longer load, and nothing is
    written. Returns how many translations changed, and the problems.
    """
    numbered, problems = parse_records(lines)
    if problems:
        return 0, problems
    return import_records(folder, numbered)


def import_records(folder: Path, numbered: list[tuple[int, Record]]) -> tuple[int, list[str]]:
    """Check the records against the folder's texts and write them (all or nothing)."""
    changes, problems = check_records(folder, numbered)
    if problems:
        return 0, problems
    written = apply_changes(folder, changes)
    problems = validate_files(folder, written)
    if problems:
        return 0, problems
    write_files(folder, written)
    return len(changes), []


def validate_files(folder: Path, written: Mapping[str, str]) -> list[str]:
    """Problems the folder would have with these files replaced (checked on a copy)."""
    from content.loader import load_content

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(folder, copy)
        for name, text in written.items():
            (copy / name).write_text(text, encoding="utf-8")
        try:
            load_content(copy, strict=False)
        except ContentError as error:
            return error.problems
    return []


def write_files(folder: Path, written: Mapping[str, str]) -> None:
    """Replace each file at once, so a running bot never reads half a file."""
    for name, text in written.items():
        target = folder / name
        partial = target.with_name(f".{target.name}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
