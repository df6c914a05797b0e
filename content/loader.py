"""Load and validate the content folder into one immutable :class:`Content` object.

Content is read once at start (and again on reload) and then passed to whoever needs it;
nothing reads the files while answering.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from content.schema import Answer, Text
from intents.types import INTENTS

ANSWERS_FILE = "answers.yaml"
UI_FILE = "ui.yaml"

M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """Content that cannot be used, with every problem found (file, key, reason)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Content:
    """All authored texts, validated."""

    answers: Mapping[str, Answer]
    ui: Mapping[str, Text]
    directory: Path

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

    ``strict`` also demands every intent's answer and every translation, as
    ``maatje content check`` does.
    """
    folder = directory or default_content_dir()
    problems: list[str] = []
    answers = _load_mapping(folder / ANSWERS_FILE, Answer, problems)
    ui = _load_mapping(folder / UI_FILE, Text, problems)
    for required in ("help", "out_of_scope", "safeguarding"):
        if required not in answers:
            problems.append(f"{ANSWERS_FILE}: {required}: this answer is required")
    if strict:
        problems.extend(_completeness_problems(answers, ui))
    if problems:
        raise ContentError(problems)
    return Content(answers=answers, ui=ui, directory=folder)


def _completeness_problems(answers: Mapping[str, Answer], ui: Mapping[str, Text]) -> list[str]:
    problems = [f"{ANSWERS_FILE}: {intent}: no answer" for intent in INTENTS if intent not in answers]
    for intent, answer in answers.items():
        for lang in answer.text.missing_languages():
            problems.append(f"{ANSWERS_FILE}: {intent}.text: no {lang} translation")
    for key, text in ui.items():
        for lang in text.missing_languages():
            problems.append(f"{UI_FILE}: {key}: no {lang} translation")
    return problems


def _load_mapping(path: Path, model: type[M], problems: list[str]) -> dict[str, M]:
    raw = read_yaml(path, problems)
    if raw is None:
        return {}
    result: dict[str, M] = {}
    adapter = TypeAdapter(model)
    for key, value in raw.items():
        try:
            result[str(key)] = adapter.validate_python(value)
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"])
                where = f"{key}.{where}" if where else str(key)
                problems.append(f"{path.name}: {where}: {detail['msg']}")
    return result


def read_yaml(path: Path, problems: list[str]) -> dict[str, Any] | None:
    """Parse a YAML mapping, recording (not raising) what is wrong with the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
        return None
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: must be a mapping of keys to entries")
        return None
    return data
