"""Training never waits in silence: it says why in one line and shows how far it is."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from intents.examples import DATA_DIR
from intents.pipeline import Understander
from intents.progress import Progress


def small_data(folder: Path) -> Path:
    """The word lists, and the first 120 training examples instead of 12,000."""
    folder.mkdir()
    for word_list in DATA_DIR.glob("*.yaml"):
        shutil.copy(word_list, folder / word_list.name)
    lines = (DATA_DIR / "train-seed.jsonl").read_text(encoding="utf-8").splitlines()[:120]
    (folder / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_training_says_why_and_shows_progress_then_the_next_start_is_silent(tmp_path: Path) -> None:
    data, cache = small_data(tmp_path / "intents"), tmp_path / "cache"
    shown = io.StringIO()
    Understander.load(cache_dir=cache, data_dir=data, progress=Progress(shown))
    said = shown.getvalue()
    assert "training the understanding model (first start" in said
    assert "120 example messages" in said
    assert "embedding" in said and "120/120" in said, said
    assert "model ready and saved in" in said

    again = io.StringIO()
    understander = Understander.load(cache_dir=cache, data_dir=data, progress=Progress(again))
    assert again.getvalue() == "", "a cached model loads without a word"
    assert understander.understand("hoe is het weer morgen").candidates


def test_changed_examples_say_why_they_train_again(tmp_path: Path) -> None:
    data, cache = small_data(tmp_path / "intents"), tmp_path / "cache"
    Understander.load(cache_dir=cache, data_dir=data, progress=Progress(io.StringIO()))
    with (data / "train.jsonl").open("a", encoding="utf-8") as examples:
        examples.write('{"text": "dank je wel", "intent": "thanks", "language": "nl"}\n')
    shown = io.StringIO()
    Understander.load(cache_dir=cache, data_dir=data, progress=Progress(shown))
    assert "the examples or word lists changed" in shown.getvalue()


def test_train_on_a_current_cache_says_so(
    tmp_path: Path, warm: Callable[[Path], Path]
) -> None:
    environment = {**os.environ, "MAATJE_DATA_DIR": str(warm(tmp_path))}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "train"], capture_output=True,
                            text=True, env=environment, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "is up to date" in result.stderr and "training" not in result.stderr
