"""``maatje eval --conversations``: whole conversations judged turn by turn, with the topic
memory the earlier turns left, as a pupil meets them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.dialogue import Maatje
from bot.eval_conversations import ConversationReport, judge_conversations, read_conversations

FIXTURE = Path(__file__).resolve().parent / "data" / "conversations.jsonl"
NOW = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)


def test_follow_ups_are_judged_with_the_memory_of_the_earlier_turns(core: Maatje) -> None:
    report = ConversationReport(judge_conversations(core, read_conversations(FIXTURE), NOW))
    wrong = [(j.conversation, j.gold.text, j.answered) for j in report.judged if not j.correct]
    assert wrong == []
    summary = report.summary()
    assert summary["conversations"] == 6 and summary["turns"] == 15
    assert summary["follow_up_turns"] == 7 and summary["follow_up_accuracy"] == 1.0


def test_a_turn_is_wrong_when_the_entity_differs_or_bedoel_je_is_not_listed(
    core: Maatje, tmp_path: Path
) -> None:
    path = tmp_path / "wrong.jsonl"
    rows = [
        {"id": "w1", "role": "pupil", "language_code": "nl", "turns": [
            {"text": "ik zoek een voetbalclub", "intents": ["club_join"],
             "entity": {"sport": "boksen"}},
            {"text": "hoeveel kost het", "intents": ["club_join"]}]},
        {"id": "w2", "role": "pupil", "language_code": "nl", "turns": [
            {"text": "hoeveel kost het", "intents": ["club_join"]}]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = ConversationReport(judge_conversations(core, read_conversations(path), NOW))
    assert [j.correct for j in report.judged] == [False, True, False]
    assert report.judged[2].answered == "clarify"
    assert report.conversation_accuracy == 0.0
    assert report.failures(0.95) == ["turn accuracy 0.333 is below 0.950"]


def test_a_malformed_conversation_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "turns": [{"text": "hoi", "intents": ["greeting"]}]}\n'
                    '{"id": "b", "turns": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_conversations(path)


def test_the_command_reports_and_fails_below_the_turn_floor(
    tmp_path: Path, warm: Callable[[Path], Path]
) -> None:
    environment = {**os.environ, "MAATJE_DATA_DIR": str(warm(tmp_path))}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "eval", "--conversations", str(FIXTURE), "--json",
         "--threshold-turns", "1.01"],
        capture_output=True, text=True, env=environment, timeout=300, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    figures = json.loads(result.stdout)
    assert figures["turns"] == 15 and 0 <= figures["follow_up_accuracy"] <= 1
    assert any("turn accuracy" in failure for failure in figures["failures"])
