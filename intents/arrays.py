"""One file format for trained models: NumPy arrays plus a JSON header, written atomically.

Both learnt models (intents, languages) are cached this way, so a half-written file never
replaces a good one and loading needs neither pickle nor scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

_META = "meta"


def save_arrays(path: Path, arrays: Mapping[str, npt.ArrayLike], meta: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    header = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    named = {name: np.asarray(array) for name, array in arrays.items()}
    np.savez_compressed(tmp, **named, **{_META: header})  # type: ignore[arg-type]
    tmp.replace(path)


def load_arrays(path: Path) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]]:
    """The arrays and the JSON header of a file written by :func:`save_arrays`.

    The file is opened here, not by NumPy, which leaves it open when the file is cut short.
    """
    with path.open("rb") as handle, np.load(handle) as data:
        meta = json.loads(data[_META].tobytes().decode())
        return {name: data[name] for name in data.files if name != _META}, meta
