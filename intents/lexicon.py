"""Word lists the pipeline matches against: chat abbreviations, entities and danger phrases.

They live in ``intents/data/*.yaml`` so they can grow without touching code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from intents.examples import DATA_DIR
from intents.normalize import normalize


@dataclass(frozen=True)
class Lexicon:
    """Normalised phrase lists, ready for matching."""

    abbreviations: dict[str, str] = field(default_factory=dict)
    entities: dict[str, dict[str, str]] = field(default_factory=dict)
    danger: frozenset[str] = frozenset()
    not_danger: frozenset[str] = frozenset()

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Lexicon:
        gazetteers = _read(data_dir / "gazetteers.yaml")
        abbreviations = {
            normalize(str(k)): normalize(str(v))
            for k, v in (gazetteers.pop("abbreviations", None) or {}).items()
        }
        entities: dict[str, dict[str, str]] = {}
        for kind, table in gazetteers.items():
            if isinstance(table, dict):
                entities[kind] = {
                    normalize(phrase): str(canonical)
                    for canonical, phrases in table.items()
                    for phrase in [canonical, *_strings(phrases)]
                    if normalize(phrase)
                }
        safety = _read(data_dir / "safeguarding.yaml")
        negatives = {normalize(s) for key, value in safety.items() if "not" in str(key)
                     for s in _strings(value)}
        positives = {normalize(s) for key, value in safety.items() if "not" not in str(key)
                     for s in _strings(value)}
        return cls(
            abbreviations=abbreviations,
            entities=entities,
            danger=frozenset(p for p in positives if p),
            not_danger=frozenset(p for p in negatives if p),
        )


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a nested YAML value (lists of phrases, per-language mappings)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def contains_phrase(normalized: str, phrase: str) -> bool:
    """Whole-word containment of a normalised phrase in a normalised message."""
    return f" {phrase} " in f" {normalized} "
