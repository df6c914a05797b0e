"""Deployment as an operator meets it: compose.yaml, the Dockerfile, ``maatje health``.

No Docker engine runs here, so the files are parsed and their promises checked: PostgreSQL
with a volume and a health check, content mounted (no rebuild to edit it), the model
trained at build time outside the ``/data`` volume, pinned versions, a HEALTHCHECK.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.health import beat
from tests.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1])
            for line in lines if line and not line.startswith("#")]


def instructions(keyword: str) -> list[str]:
    return [arguments for name, arguments in dockerfile() if name == keyword]


def environment() -> dict[str, str]:
    found: dict[str, str] = {}
    for arguments in instructions("ENV"):
        found.update(dict(re.findall(r"(\w+)=(\S+)", arguments)))
    return found


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


def test_compose_runs_postgresql_with_a_volume_and_a_health_check() -> None:
    db = compose()["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["volumes"][0].split(":")[0] in compose()["volumes"], "a named volume, not the container"


def test_compose_starts_maatje_once_the_database_is_healthy_with_content_mounted() -> None:
    maatje = compose()["services"]["maatje"]
    assert maatje["depends_on"]["db"]["condition"] == "service_healthy"
    assert maatje["environment"]["MAATJE_DATABASE_URL"].startswith("postgresql://maatje:")
    assert "@db:5432/" in maatje["environment"]["MAATJE_DATABASE_URL"]
    mounts = dict(volume.rsplit(":", 1)[::-1] for volume in maatje["volumes"])
    assert mounts["/data"] in compose()["volumes"]
    assert mounts["/content"].startswith("./"), "a folder on the host: edit it, no rebuild"
    assert mounts["/content"] != "/data"
    assert maatje["healthcheck"]["test"][-2:] == ["maatje", "health"]


def test_compose_serves_the_web_chat_on_the_same_database_behind_a_local_port() -> None:
    """``web``: ``maatje web`` on the bot's database (after the bot, which migrates it),
    reachable only from the host's proxy, with its own volume for its cookie key."""
    services = compose()["services"]
    web, maatje = services["web"], services["maatje"]
    command = web["command"]
    assert command[:2] == ["maatje", "web"]
    port = command[command.index("--port") + 1]
    assert command[command.index("--listen") + 1] == "0.0.0.0", "reachable from outside the container"
    assert web["ports"] == [f"127.0.0.1:{port}:{port}"], "only the host's proxy can connect"
    assert web["environment"]["MAATJE_DATABASE_URL"] == maatje["environment"]["MAATJE_DATABASE_URL"]
    assert web["depends_on"]["maatje"]["condition"] == "service_healthy"
    assert "MAATJE_TELEGRAM_TOKEN" not in web["environment"], "staff get alerts through the bot"
    mounts = dict(volume.rsplit(":", 1)[::-1] for volume in web["volumes"])
    assert mounts["/data"] in compose()["volumes"] and mounts["/data"] != dict(
        volume.rsplit(":", 1)[::-1] for volume in maatje["volumes"])["/data"]
    assert mounts["/content"] == "./content/data"
    probe = " ".join(web["healthcheck"]["test"])
    found = re.search(r"http://127\.0\.0\.1:(\d+)(/[\w.]*)", probe)
    assert found is not None and found.group(1) == port
    paths = {resource.canonical for resource in _routes()}
    assert found.group(2) in paths, "the health check asks for a page the web chat serves"


def _routes() -> list[Any]:
    """The web chat's routes (built without starting anything)."""
    from unittest.mock import MagicMock

    from bot.web.server import build_app

    chat = MagicMock()
    return list(build_app(chat).router.resources())


def test_the_image_is_reproducible_trains_at_build_and_reports_its_health() -> None:
    [install] = [run for run in instructions("RUN") if "pip install" in run]
    assert "--constraint constraints.txt" in install
    assert "constraints.txt" in " ".join(instructions("COPY"))
    [train] = [run for run in instructions("RUN") if "maatje train" in run]
    built = re.search(r"MAATJE_DATA_DIR=(\S+)", train)
    assert built is not None and not built.group(1).startswith("/data")
    env = environment()
    assert env["MAATJE_MODEL_CACHE_DIR"] == f"{built.group(1)}/cache"
    assert env["MAATJE_DATA_DIR"] == "/data" and '"/data"' in instructions("VOLUME")[0]
    assert env["MAATJE_CONTENT_DIR"] == "/content"
    assert any(copy.endswith(" /content") for copy in instructions("COPY"))
    [healthcheck] = instructions("HEALTHCHECK")
    assert healthcheck.endswith('CMD ["maatje", "health"]')
    assert "8443" in instructions("EXPOSE")[0].split(), "maatje run --webhook's default port"
    assert "8080" in instructions("EXPOSE")[0].split(), "the web chat's default port"


def test_every_dependency_is_pinned_in_the_constraints() -> None:
    def name(requirement: str) -> str:
        return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {name(line): line.split("==")[1] for line in lines if "==" in line}
    missing = [dep for dep in project["dependencies"] if name(dep) not in pinned]
    assert not missing, f"not in constraints.txt: {missing}"


def test_health_reads_the_heartbeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("MAATJE_DATA_DIR", str(tmp_path))
    assert main(["health"]) == 1
    assert "no heartbeat" in capsys.readouterr().err
    beat(tmp_path / "heartbeat", time.time() - 600)
    assert main(["health"]) == 1
    assert "stuck or stopped" in capsys.readouterr().err
    beat(tmp_path / "heartbeat")
    assert main(["health"]) == 0
    assert capsys.readouterr().out.strip() == "healthy"


async def test_a_running_bot_is_healthy_and_warns_what_is_not_ready(
    tmp_path: Path, warm: Callable[[Path], Path], emulator: BotApiEmulator, bot_token: str
) -> None:
    """``maatje run`` as the container runs it: models from the image's cache, heartbeat,
    the go-live warnings in the log, no migration chatter."""
    built = warm(tmp_path / "image") / "cache"
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAATJE_")}
    env.update({"MAATJE_DATA_DIR": str(tmp_path / "data"), "MAATJE_MODEL_CACHE_DIR": str(built),
                "MAATJE_TELEGRAM_TOKEN": bot_token})
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--base-url", emulator.url, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        for _ in range(1200):
            if (tmp_path / "data" / "heartbeat").exists() or bot.returncode is not None:
                break
            await asyncio.sleep(0.1)
        health = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "health", env=env, stdout=asyncio.subprocess.PIPE)
        out, _ = await health.communicate()
        assert health.returncode == 0 and out.decode().strip() == "healthy"
    finally:
        bot.terminate()
        _, stderr = await asyncio.wait_for(bot.communicate(), 60)
    log = stderr.decode()
    assert "not ready to go live: example content" in log
    assert "training" not in log, "the image's model was used"
    assert "alembic" not in log and "Traceback" not in log
