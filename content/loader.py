"""Load and validate the content folder into one immutable :class:`Content` object.

Content is read once at start (and again on reload) and then passed to whoever needs it;
nothing reads the files while answering. Every problem is reported with its file and
key, so a youth worker who broke a file knows where to look.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from content.activities import Activity
from content.schema import Answer, Text
from intents.types import INTENTS

ANSWERS_FILE = "answers.yaml"
UI_FILE = "ui.yaml"
ACTIVITIES_FILE = "activities.yaml"
IMPORTED_ACTIVITIES_FILE = "activities-imported.yaml"

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """Content that cannot be used, with every problem found (file, key, reason)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Content:
    """All authored texts and facts, validated."""

    answers: Mapping[str, Answer]
    ui: Mapping[str, Text]
    directory: Path
    activities: tuple[Activity, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def answer(self, intent: str) -> Answer:
        """The answer for ``intent``; unknown intents get the help answer."""
        return self.answers.get(intent) or self.answers["help"]

    def ui_text(self, key: str, lang: str, **fields: object) -> str:
        """A UI string in ``lang`` with its ``{placeholders}`` filled in."""
        text = self.ui.get(key)
        if text is None:
            raise KeyError(f"ui string {key!r} is missing from {UI_FILE}")
        template = text.get(lang)
        return template.format(**fields) if fields else template

    def has_ui(self, key: str) -> bool:
        return key in self.ui


def default_content_dir() -> Path:
    """The sample content shipped with Maatje."""
    return Path(__file__).resolve().parent / "data"


def load_content(directory: Path | None = None, *, strict: bool = False) -> Content:
    """Read and validate the content folder; raise :class:`ContentError` listing every problem.

    ``strict`` also demands every intent's answer and every translation of authored
    content, as ``maatje content check`` does.
    """
    folder = directory or default_content_dir()
    problems: list[str] = []
    answers = _load_mapping(folder / ANSWERS_FILE, Answer, problems)
    ui = _load_mapping(folder / UI_FILE, Text, problems)
    activities = _load_activities(folder, problems, strict)
    for required in ("help", "out_of_scope", "safeguarding"):
        if required not in answers:
            problems.append(f"{ANSWERS_FILE}: {required}: this answer is required")
    content = Content(answers=answers, ui=ui, directory=folder, activities=activities)
    if strict:
        problems.extend(completeness_problems(content))
    if problems:
        raise ContentError(problems)
    return content


def completeness_problems(content: Content) -> list[str]:
    """Missing answers and missing translations of authored (not imported) content."""
    problems = [
        f"{ANSWERS_FILE}: {intent}: no answer" for intent in INTENTS if intent not in content.answers
    ]
    for intent, answer in content.answers.items():
        problems.extend(_missing(ANSWERS_FILE, f"{intent}.text", answer.text))
    for key, text in content.ui.items():
        problems.extend(_missing(UI_FILE, key, text))
    for activity in content.activities:
        if not activity.imported:
            for name, text in activity.texts():
                problems.extend(_missing(ACTIVITIES_FILE, f"{activity.id}.{name}", text))
    return problems


def _missing(file: str, key: str, text: Text) -> list[str]:
    return [f"{file}: {key}: no {lang} translation" for lang in text.missing_languages()]


def _load_activities(folder: Path, problems: list[str], strict: bool) -> tuple[Activity, ...]:
    authored = _load_list(
        folder / ACTIVITIES_FILE, Activity, problems, "activities", optional=not strict
    )
    imported = _load_list(
        folder / IMPORTED_ACTIVITIES_FILE, Activity, problems, "activities", optional=True
    )
    seen: set[str] = set()
    for activity in (*authored, *imported):
        if activity.id in seen:
            problems.append(f"{ACTIVITIES_FILE}: {activity.id}: this id is used twice")
        seen.add(activity.id)
    return (*authored, *(a.model_copy(update={"imported": True}) for a in imported))


def _load_list(
    path: Path, model: type[M], problems: list[str], key: str, *, optional: bool = False
) -> list[M]:
    """Entries of a file that holds a list, a ``{key: [...]}`` mapping or an ``{id: {...}}`` mapping."""
    if optional and not path.is_file():
        return []
    raw = read_yaml(path, problems, allow_list=True)
    if raw is None:
        return []
    entries = _entries(raw, key)
    if entries is None:
        problems.append(f"{path.name}: expected a list of entries under '{key}'")
        return []
    adapter = TypeAdapter(model)
    result: list[M] = []
    for index, entry in enumerate(entries):
        label = entry.get("id", index) if isinstance(entry, dict) else index
        try:
            result.append(adapter.validate_python(entry))
        except ValidationError as error:
            problems.extend(_describe(path, str(label), error))
    return result


def _entries(raw: Any, key: str) -> list[Any] | None:
    if isinstance(raw, list):
        return raw
    if isinstance(raw, dict) and isinstance(raw.get(key), list):
        return list(raw[key])
    if isinstance(raw, dict) and key not in raw:
        return [
            {"id": str(name), **value} if isinstance(value, dict) else value
            for name, value in raw.items()
        ]
    return None


def _load_mapping(path: Path, model: type[M], problems: list[str]) -> dict[str, M]:
    raw = read_yaml(path, problems)
    if not isinstance(raw, dict):
        return {}
    result: dict[str, M] = {}
    adapter = TypeAdapter(model)
    for key, value in raw.items():
        try:
            result[str(key)] = adapter.validate_python(value)
        except ValidationError as error:
            problems.extend(_describe(path, str(key), error))
    return result


def _describe(path: Path, key: str, error: ValidationError) -> list[str]:
    """One line per validation error: ``file: key.field: reason``."""
    lines = []
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"])
        lines.append(f"{path.name}: {f'{key}.{where}' if where else key}: {detail['msg']}")
    return lines


def read_yaml(path: Path, problems: list[str], *, allow_list: bool = False) -> Any:
    """Parse a YAML mapping (or list), recording (not raising) what is wrong with the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
        return None
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}")
        return None
    if isinstance(data, dict) or (allow_list and isinstance(data, list)):
        return data
    problems.append(f"{path.name}: must be a mapping of keys to entries")
    return None
