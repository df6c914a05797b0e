"""The project's own labelled messages (``intents/data/train*.jsonl``), read as data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Example:
    """One labelled message; ``intents`` lists every acceptable label, the first is preferred."""

    text: str
    intents: tuple[str, ...]
    language: str | None = None
    language_code: str | None = None
    #: What kind of message it is, in evaluation sets (``forced_marriage``, ``joke_idiom``…).
    category: str | None = None

    @property
    def intent(self) -> str:
        return self.intents[0]


def training_files(data_dir: Path = DATA_DIR) -> list[Path]:
    return sorted(data_dir.glob("train*.jsonl"))


def read_examples(paths: Iterable[Path]) -> list[Example]:
    """Parse JSON Lines files of ``{"text", "intent" | "intents", "language"}`` objects."""
    examples: list[Example] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                examples.append(parse_example(json.loads(line)))
            except (ValueError, KeyError, TypeError) as error:
                raise ValueError(f"{path.name}:{number}: {error}") from error
    return examples


def parse_example(row: dict[str, object]) -> Example:
    intents = row.get("intents") or [row["intent"]]
    if not isinstance(intents, list) or not all(isinstance(i, str) for i in intents):
        raise ValueError("intents must be a list of intent names")
    code = row.get("language_code")
    return Example(
        text=str(row["text"]),
        intents=tuple(intents),
        language=str(row["language"]) if row.get("language") else None,
        language_code=str(code) if code else None,
        category=str(row["category"]) if row.get("category") else None,
    )


def fingerprint(paths: Iterable[Path], salt: str) -> str:
    """A hash of the training files and the model version, to key the trained-model cache."""
    digest = hashlib.sha256(salt.encode())
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
