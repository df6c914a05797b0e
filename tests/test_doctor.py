"""``maatje doctor``: the go-live check an operator runs before pupils and parents use Maatje."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from functools import partial
from pathlib import Path

import pytest

from bot.assembly import ensure_staff
from storage.db import Database
from storage.forms import new_key
from tests.conftest import needs_whisper
from tests.emulator import BotApiEmulator, Webhook
from tests.features import content_folder

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


async def doctor(*args: str, env: dict[str, str], data_dir: Path) -> tuple[int, str]:
    """``maatje doctor`` as its own process (the emulator answers in this event loop)."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("MAATJE_")}
    environment.update({"MAATJE_DATA_DIR": str(data_dir), **env})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "doctor", *args, env=environment,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    assert "Traceback" not in stderr.decode(), stderr.decode()[-3000:]
    return process.returncode, stdout.decode()


def filled_in(tmp_path: Path) -> Path:
    """The organisation's own content: examples replaced, promises kept, translations checked."""
    folder = content_folder(tmp_path)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^example: true\n", "", text, flags=re.MULTILINE)
        text = re.sub(r"^(\s*)promise: true.*$", r"\1promise: true\n\1confirmed: true", text,
                      flags=re.MULTILINE)
        text = text.replace("reviewed: false", "reviewed: true")
        path.write_text(text, encoding="utf-8")
    return folder


async def test_on_the_shipped_examples_it_lists_what_to_do(tmp_path: Path) -> None:
    code, report = await doctor(env={}, data_dir=tmp_path)
    assert code == 0, "without --strict it only reports"
    assert "TODO  example content" in report
    for example_file in ("activities.yaml", "camp.yaml", "clubs.yaml", "contacts.yaml"):
        assert example_file in report
    for promise in ("Halal en vegetarisch eten kan altijd", "vrouwelijke begeleiders",
                    "We bellen u altijd meteen"):
        assert promise in report
    assert "TODO  sensitive translations" in report
    assert "TODO  backups" in report and "MAATJE_BACKUPS_CONFIRMED" in report
    assert "TODO  medical form: MAATJE_FORMS_KEY is not set, so the digital medical form is off" in report
    assert "TODO  staff: no staff member yet" in report
    assert "TODO  Telegram: no bot token" in report
    code, _ = await doctor("--strict", env={}, data_dir=tmp_path)
    assert code == 1


async def test_a_filled_in_installation_is_ready_to_go_live(
    tmp_path: Path, emulator: BotApiEmulator, bot_token: str
) -> None:
    database = Database.open(f"sqlite:///{tmp_path / 'maatje.sqlite3'}",
                             prepare=partial(ensure_staff, [4242]))
    database.close()
    env = {"MAATJE_CONTENT_DIR": str(filled_in(tmp_path)), "MAATJE_BACKUPS_CONFIRMED": "true",
           "MAATJE_TELEGRAM_TOKEN": bot_token, "MAATJE_FORMS_KEY": new_key()}
    code, report = await doctor("--strict", "--base-url", emulator.url, env=env, data_dir=tmp_path)
    assert "TODO" not in report, report
    assert report.strip().endswith("Ready to go live.")
    assert "1 active staff member" in report
    assert code == 0

    emulator.state(bot_token).webhook = Webhook(
        "https://maatje.example.org/telegram", last_error_message="Connection refused")
    code, report = await doctor("--strict", "--base-url", emulator.url, env=env, data_dir=tmp_path)
    assert code == 1
    assert "TODO  webhook: Telegram cannot deliver to https://maatje.example.org/telegram: " \
           "Connection refused" in report


async def test_a_revoked_token_and_a_database_not_migrated_are_reported(
    tmp_path: Path, emulator: BotApiEmulator, bot_token: str
) -> None:
    emulator.revoke(bot_token)
    code, report = await doctor("--base-url", emulator.url, data_dir=tmp_path,
                                env={"MAATJE_TELEGRAM_TOKEN": bot_token})
    assert code == 0
    assert "TODO  Telegram: Telegram refused the bot token" in report
    assert "TODO  migrations: the database schema is not current" in report
    _, again = await doctor(data_dir=tmp_path, env={})
    assert "TODO  migrations: the database schema is not current" in again, "it changed nothing"


def test_every_start_warns_in_one_line_per_open_check(caplog: pytest.LogCaptureFixture) -> None:
    from bot.config import Settings
    from bot.doctor import warn_at_start
    from content.loader import load_content

    with caplog.at_level("WARNING", logger="bot.doctor"):
        warn_at_start(load_content(), Settings(backups_confirmed=True), None)
    lines = [record.getMessage() for record in caplog.records]
    assert all("\n" not in line and line.startswith("not ready to go live") for line in lines)
    assert any("example content" in line for line in lines)
    assert any("parent_questions.sick.answer" in line for line in lines)
    assert not any("backups" in line for line in lines)
    assert [line for line in lines if "medical form" in line] == [
        "not ready to go live: medical form: MAATJE_FORMS_KEY is not set, so the digital medical "
        "form is off (paper forms still work): make a key with 'maatje forms new-key'"], "one line"
    assert not any("«" in line for line in lines), "the log names promises, the doctor quotes them"


def test_voice_set_off_or_not_installed_is_said_and_no_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    from bot.config import Settings
    from bot.doctor import voice_check

    off = voice_check(Settings(data_dir=tmp_path, voice=False))
    assert off.ok and off.message.startswith("off (MAATJE_VOICE=false)")
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *rest: None if name == "faster_whisper" else find_spec(name, *rest))
    missing = voice_check(Settings(data_dir=tmp_path, voice=True))
    assert missing.ok and "maatje[voice] is not installed" in missing.message


@needs_whisper
def test_voice_on_names_the_model_found_and_its_hash_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.config import Settings
    from bot.doctor import render, voice_check
    from bot.voice import model

    settings = Settings(data_dir=tmp_path, voice=True)
    wheels = voice_check(settings)
    assert wheels.ok and wheels.message.startswith("on (Dutch): the speech model is in the wheels")
    assert "SHA-256 verified" in wheels.message
    assert not (tmp_path / "cache").exists(), "the doctor changes nothing"
    model.model_folder(tmp_path / "cache")
    joined = voice_check(settings)
    assert joined.ok and f"joined in {tmp_path / 'cache' / model.FOLDER}" in joined.message
    monkeypatch.setattr(model, "MODEL_SHA256", "0" * 64)
    changed = voice_check(settings)
    assert not changed.ok and "SHA-256 differs" in changed.message
    assert "TODO  voice notes: off: the speech model in the wheels" in render([changed])
