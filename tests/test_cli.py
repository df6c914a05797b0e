"""The ``maatje`` command line, run as a user would run it (a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CONTRACT_KEYS = {"text", "intent", "fallback", "candidates", "confidence", "language", "reply",
                 "reply_languages", "buttons"}


def maatje(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
           data_dir: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MAATJE_DATA_DIR": str(data_dir), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True, text=True,
        env=environment, timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, warm: Callable[[Path], Path]) -> Path:
    return warm(tmp_path_factory.mktemp("data"))


def test_ask_json_follows_the_contract(data_dir: Path) -> None:
    result = maatje("ask", "--json", "hallo", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record.keys() >= CONTRACT_KEYS
    assert record["text"] == "hallo"
    assert record["intent"] == "greeting"
    assert record["reply_languages"][0] == "nl"
    assert len(record["candidates"]) == 3
    assert record["referral"] is None, "a greeting needs no referral"
    assert 0 <= record["confidence"] <= 1


def test_ask_arabic_replies_in_dutch_then_arabic(data_dir: Path) -> None:
    result = maatje("ask", "--json", "ما الذي أحتاجه للمخيم", data_dir=data_dir)
    record = json.loads(result.stdout)
    assert record["reply_languages"] == ["nl", "ar"]
    assert record["language"] == "ar"


def test_batch_answers_every_line_in_order_and_survives_bad_lines(data_dir: Path) -> None:
    lines = [json.dumps({"text": "hallo"}), "this is not json",
             json.dumps({"text": "wat moet ik meenemen", "language_code": "ar"}), "{}"]
    result = maatje("ask", "--batch", "-", stdin="\n".join(lines) + "\n", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4
    assert records[0]["text"] == "hallo" and records[0].keys() >= CONTRACT_KEYS
    assert "error" in records[1] and "error" in records[3]
    assert records[2]["intent"] == "camp_packing"


def test_ask_stores_nothing_without_db(tmp_path: Path, warm: Callable[[Path], Path]) -> None:
    maatje("ask", "hallo", data_dir=warm(tmp_path))
    assert not list(tmp_path.glob("*.sqlite3"))


def test_run_without_token_says_how_in_one_line(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MAATJE_TELEGRAM_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run"], capture_output=True,
                            text=True, env={**env, "MAATJE_DATA_DIR": str(data_dir)},
                            timeout=60, check=False)
    assert result.returncode != 0
    assert "BotFather" in result.stderr and "MAATJE_TELEGRAM_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_describes_every_command(data_dir: Path) -> None:
    result = maatje("--help", data_dir=data_dir)
    for command in ("chat", "ask", "run", "content"):
        assert command in result.stdout
    ask_help = maatje("ask", "--help", data_dir=data_dir).stdout
    assert "--batch" in ask_help and "--language-code" in ask_help


def test_console_chat_shows_buttons_as_numbers(data_dir: Path) -> None:
    result = maatje("chat", stdin="wat moet ik meenemen\n1\n/quit\n", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout
    assert "slaapzak" in result.stdout
    assert (data_dir / "maatje.sqlite3").exists()


def test_console_chat_as_a_named_person_is_another_person(data_dir: Path) -> None:
    """``--as Fatima`` is ``console:fatima``, named Fatima: a second terminal is a parent."""
    import sqlite3
    from contextlib import closing

    result = maatje("chat", "--as", "Fatima", stdin="/start ouder-forged\n/quit\n",
                    data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Deze link werkt niet" in result.stdout
    with closing(sqlite3.connect(data_dir / "maatje.sqlite3")) as connection:
        keys = {key for (key,) in connection.execute("SELECT channel_key FROM users")}
    assert "console:fatima" in keys


def test_a_wrong_log_level_is_a_one_line_configuration_error(data_dir: Path) -> None:
    result = maatje("ask", "hallo", env={"MAATJE_LOG_LEVEL": "LOUD"}, data_dir=data_dir)
    assert result.returncode == 2
    assert "configuration is not valid" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("breakage", ["bad byte", "folder for a file"])
def test_broken_content_at_start_is_one_line_naming_the_file(
    data_dir: Path, tmp_path: Path, breakage: str
) -> None:
    from tests.features import content_folder

    folder = content_folder(tmp_path)
    if breakage == "bad byte":
        (folder / "camp.yaml").write_bytes((folder / "camp.yaml").read_bytes() + b"# \x92\n")
    else:
        (folder / "camp.yaml").unlink()
        (folder / "camp.yaml").mkdir()
    result = maatje("ask", "hallo", env={"MAATJE_CONTENT_DIR": str(folder)}, data_dir=data_dir)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "camp.yaml" in lines[0], result.stderr[-2000:]


def test_run_logs_at_info_but_never_the_token_in_http_lines() -> None:
    import logging

    from bot.cli import configure_logging

    configure_logging("INFO")
    try:
        assert logging.getLogger("storage.retention").isEnabledFor(logging.INFO)
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    finally:
        configure_logging("WARNING")


def test_ask_json_names_the_referral_of_an_out_of_scope_question(data_dir: Path) -> None:
    result = maatje("ask", "--json", "kan je mij helpen met mijn huiswerk", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record.keys() >= CONTRACT_KEYS | {"referral"}
    assert (record["intent"], record["referral"]) == ("out_of_scope", "homework")
    assert record["reply"].startswith("📚"), "the Dutch referral comes first"
    assert "💬 Praat met een jeugdwerker" in record["buttons"]


def test_ask_json_replies_with_one_phone_screen_dutch_first(data_dir: Path) -> None:
    """The camp question in Arabic: the Dutch block first, then Arabic, each at most 60
    words, and at most four buttons, the last one "➕ Meer" for the rest."""
    result = maatje("ask", "--json", "متى يبدأ المخيم في الصيف", data_dir=data_dir)
    record = json.loads(result.stdout)
    assert record["intent"] == "camp_info", record
    assert record["reply"].startswith("🏕️ In de zomer gaan we samen op kamp")
    dutch, arabic = record["reply"].split("\n\n")
    assert len(dutch.split()) <= 60 and len(arabic.split()) <= 60
    assert "composttoilet" not in record["reply"], "what camp is like waits behind ➕ Meer"
    assert len(record["buttons"]) <= 4
    assert record["buttons"][-1] == "➕ Meer · المزيد"


def test_ask_json_as_a_parent_gets_the_parent_wording(data_dir: Path) -> None:
    asked = ("--json", "wat moet ik doen met de medische fiche")
    parent = json.loads(maatje("ask", "--role", "parent", *asked, data_dir=data_dir).stdout)
    pupil = json.loads(maatje("ask", *asked, data_dir=data_dir).stdout)
    assert parent.keys() >= CONTRACT_KEYS and parent["intent"] == pupil["intent"] == (
        "camp_medical_form")
    assert "U vult de fiche in" in parent["reply"] and "Je ouder" not in parent["reply"]
    assert "Je ouder vult de fiche in" in pupil["reply"]
