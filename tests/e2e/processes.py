"""Start, watch and kill bot processes (``tests/e2e/botprocess.py``) from a test."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BotProcess:
    """One running bot; its output goes to ``log``."""

    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL: no clean-up, no flush, as a power cut or the OOM killer would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def bot_env(token: str, api_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAATJE_")}
    env.update({
        "MAATJE_TELEGRAM_TOKEN": token,
        "MAATJE_TELEGRAM_BASE_URL": api_url,
        "MAATJE_DATA_DIR": str(data_dir),
        "MAATJE_FLOOD_BURST": "10000",
        "PYTHONUNBUFFERED": "1",
    })
    env.update({f"MAATJE_{key.upper()}": value for key, value in settings.items()})
    return env


def start_bot(env: dict[str, str], log: Path, *args: str) -> BotProcess:
    with log.open("ab") as handle:  # the child has its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.botprocess", *args],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
        )
    return BotProcess(process, log)


async def until(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    """Wait (letting the in-process emulator run) until ``predicate()`` holds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f}s for {what or predicate}")
        await asyncio.sleep(0.05)
