"""``maatje eval``: the figures a youth worker would paste into notes, and its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from bot.core.state import ONBOARDED
from bot.eval import Judged, Report, Thresholds, cross_validate
from bot.service import Conversations
from intents.examples import Example, read_examples, training_files

LINES = [
    {"text": "hallo", "intent": "greeting", "language": "nl"},
    {"text": "wat moet ik meenemen naar het kamp", "intent": "camp_packing", "language": "nl"},
    {"text": "ما الذي أحتاجه للمخيم", "intent": "camp_packing", "language": "ar", "language_code": "ar"},
    {"text": "wie wordt er kampioen in de premier league", "intents": ["out_of_scope"],
     "language": "nl"},
]


def run_eval(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MAATJE_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "bot.cli", "eval", *args], capture_output=True,
                          text=True, env=environment, timeout=300, check=False)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "small.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in LINES),
                    encoding="utf-8")
    return path


def test_eval_prints_every_figure(labelled: Path, tmp_path: Path,
                                  warm: Callable[[Path], Path]) -> None:
    result = run_eval(str(labelled), "--threshold-accuracy", "0", "--threshold-oos-recall", "0",
                      "--threshold-language", "0", data_dir=warm(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    for figure in ("accuracy", "oos_recall", "safeguarding_recall", "false_alarms",
                   "language_2plus_words", "label / answered", "camp_packing"):
        assert figure in result.stdout


def test_eval_fails_below_a_threshold(labelled: Path, tmp_path: Path,
                                      warm: Callable[[Path], Path]) -> None:
    result = run_eval(str(labelled), "--json", "--threshold-accuracy", "1.01",
                      data_dir=warm(tmp_path))
    assert result.returncode == 1
    figures = json.loads(result.stdout)
    assert figures["messages"] == 4
    assert any("intent accuracy" in failure for failure in figures["failures"])


def test_eval_without_a_file_says_what_it_needs(tmp_path: Path) -> None:
    result = run_eval(data_dir=tmp_path)
    assert result.returncode == 2
    assert "--cross-validate" in result.stderr and "Traceback" not in result.stderr


def judged(text: str, gold: str, answered: str, language: str = "nl") -> Judged:
    return Judged(Example(text, (gold,), language), answered, language)


def test_report_counts_false_alarms_and_clarify_as_out_of_scope() -> None:
    report = Report([
        judged("ik heb geen geld voor de club", "club_join", "safeguarding"),
        judged("papa slaat mij", "safeguarding", "safeguarding"),
        judged("wie wint de match", "out_of_scope", "out_of_scope"),
        judged("hallo", "greeting", "greeting"),
    ])
    assert report.false_alarms == pytest.approx(1 / 3)
    assert report.recall("safeguarding") == 1.0
    assert report.recall("out_of_scope") == 1.0
    assert report.accuracy == 0.75
    assert any("false alarms" in failure for failure in report.failures(Thresholds()))


def test_cross_validation_judges_every_example_once_with_models_trained_without_it(
    core: Maatje, tmp_path: Path
) -> None:
    examples = read_examples(training_files())[::150]
    report = cross_validate(Conversations(core, None, ONBOARDED), examples, folds=3,
                            cache_dir=tmp_path)
    assert sorted(j.example.text for j in report.judged) == sorted(e.text for e in examples)
    assert list(tmp_path.glob("embeddings-*.npy"))
    assert 0.3 < report.summary()["accuracy"] <= 1.0
