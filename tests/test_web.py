"""The web chat without a browser: who a visitor is (the signed cookie), who may open the
WebSocket (the Origin check), and what a frame gets back. The page itself is tested in
Chromium (tests/test_web_browser.py)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import signal
import stat
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.core.dialogue import Maatje
from bot.features.kit.formfile import attachment
from bot.flood import FloodPolicy
from bot.service import Conversations
from bot.web.addresses import client_address, proxy_networks
from bot.web.channel import MESSAGE_LIMIT, language_hint
from bot.web.identity import COOKIE, VALID_SECONDS, CookieSigner, person_key, signing_key
from bot.web.server import WebChat, build_app
from content.formpdf import file_name
from storage.db import Database
from storage.outbox import ATTACHMENT, PENDING, OutboxRepository
from storage.staff import StaffRepository
from tests.emulator import BotApiEmulator

KEY = b"a test key, not a secret"
NOW = 1_796_000_000.0


class Clock:
    """The server's time, moved on by the test."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    opened = Database.open(sqlite_url)
    yield opened
    opened.close()


@pytest_asyncio.fixture
async def site(core: Maatje, database: Database) -> AsyncIterator[tuple[TestClient[Any, Any], Clock]]:
    clock = Clock()
    flood = FloodPolicy(burst=4, window_seconds=60, pause_seconds=60)
    chat = WebChat(Conversations(core, database, flood=flood), CookieSigner(KEY), clock=clock)
    async with TestClient(TestServer(build_app(chat))) as client:
        yield client, clock


def own_origin(client: TestClient[Any, Any]) -> str:
    return f"http://{client.host}:{client.port}"


async def visit(client: TestClient[Any, Any], language: str = "nl") -> str:
    """Open the page as a browser does; the cookie it was given."""
    response = await client.get("/", headers={"Accept-Language": language})
    assert response.status == 200
    return response.cookies[COOKIE].value


async def frames_after(ws: aiohttp.ClientWebSocketResponse, frame: dict[str, Any]) -> list[Any]:
    """What Maatje sends back for one frame: every frame up to its "done"."""
    await ws.send_json(frame)
    received = []
    while (next_frame := await ws.receive_json(timeout=30))["type"] != "done":
        received.append(next_frame)
    return received


def test_a_cookie_names_its_person_for_90_days_and_only_when_signed_with_this_key() -> None:
    signer = CookieSigner(KEY)
    value = signer.issue("abc123", NOW)
    assert signer.person(value, NOW + VALID_SECONDS - 1) == "abc123"
    assert signer.person(value, NOW + VALID_SECONDS + 1) is None, "expired after 90 days"
    assert CookieSigner(b"another deployment").person(value, NOW) is None
    person, issued, signature = value.split(".")
    assert signer.person(f"someone-else.{issued}.{signature}", NOW) is None, "forged"
    assert signer.person(f"{person}.{int(NOW) + 999}.{signature}", NOW) is None, "altered"
    assert signer.person("", NOW) is None and signer.person("a.b", NOW) is None


def test_the_key_is_the_setting_or_made_once_in_the_data_folder(tmp_path: Path) -> None:
    assert signing_key("from-the-setting", tmp_path) == b"from-the-setting"
    assert not (tmp_path / "web-secret").exists()
    made = signing_key(None, tmp_path)
    assert len(made) >= 40 and signing_key(None, tmp_path) == made, "kept for the next start"
    assert stat.S_IMODE((tmp_path / "web-secret").stat().st_mode) == 0o600


def test_the_browser_language_is_the_preferred_content_language() -> None:
    assert language_hint("ar-MA,ar;q=0.9,fr;q=0.8") == "ar"
    assert language_hint("de-DE,de;q=0.9,uk;q=0.5,en;q=0.4") == "uk"
    assert language_hint("en;q=0.2, fa;q=0.9") == "fa"
    assert language_hint("de") == "de", "no content language: passed on as Telegram would"
    assert language_hint(None) is None and language_hint("*;q=0.1,,;;") is None


async def test_the_page_gives_an_httponly_samesite_cookie_that_keeps_the_person(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, clock = site
    response = await client.get("/", headers={"Accept-Language": "ar"})
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert f"Max-Age={VALID_SECONDS}" in header
    first = response.cookies[COOKIE].value
    assert 'lang="ar" dir="rtl"' in await response.text()
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    clock.now += 80 * 24 * 3600
    again = await visit(client)
    assert again != first and again.split(".")[0] == first.split(".")[0], "same person, renewed"
    clock.now += 100 * 24 * 3600
    client.session.cookie_jar.clear()
    client.session.cookie_jar.update_cookies({COOKIE: again})
    assert (await visit(client)).split(".")[0] != first.split(".")[0], "expired: a new person"


async def test_the_socket_answers_a_page_of_this_site_with_its_cookie(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, _ = site
    await visit(client, "uk")
    async with client.ws_connect("/ws", origin=own_origin(client),
                                 headers={"Accept-Language": "uk"}) as ws:
        [welcome] = await frames_after(ws, {"text": "/start", "id": "m1"})
        assert "Hallo, ik ben Maatje" in welcome["text"] and "Привіт" in welcome["text"]
        assert any(button["label"] == "Українська" for button in welcome["buttons"])
        assert await frames_after(ws, {"text": "/start", "id": "m1"}) == [], (
            "sent again after a lost connection: answered once")


async def test_a_socket_from_another_site_or_without_a_cookie_is_refused(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, _ = site
    for origin in ("http://evil.example", f"http://{client.host}:{client.port + 1}", None):
        await visit(client)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", origin=origin)
        assert refused.value.status == 403
    client.session.cookie_jar.clear()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", origin=own_origin(client))
    assert refused.value.status == 403
    forged = CookieSigner(b"not this site's key").issue("someone", NOW)
    client.session.cookie_jar.update_cookies({COOKIE: forged})
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect("/ws", origin=own_origin(client))


async def test_a_message_over_4096_characters_gets_a_short_refusal(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, _ = site
    await visit(client)
    async with client.ws_connect("/ws", origin=own_origin(client),
                                 headers={"Accept-Language": "fr"}) as ws:
        [refusal] = await frames_after(ws, {"text": "kamp " * (MESSAGE_LIMIT // 5 + 1)})
        assert refusal["text"].startswith("✂️ Je bericht is te lang.")
        assert "Ton message est trop long" in refusal["text"]
        [answer] = await frames_after(ws, {"text": "x" * MESSAGE_LIMIT})
        assert "te lang" not in answer["text"]
        await ws.send_str("{" + " " * 40_000 + "}")  # bigger than any message: not even read
        closed = await ws.receive(timeout=10)
        assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)


async def test_a_flood_is_slowed_down_and_then_ignored(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, _ = site
    await visit(client)
    async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
        for number in range(4):
            assert await frames_after(ws, {"text": "hallo", "id": f"h{number}"})
        [warning] = await frames_after(ws, {"text": "hallo", "id": "h4"})
        assert warning["text"].startswith("🐢 Rustig aan!")
        assert await frames_after(ws, {"text": "hallo", "id": "h5"}) == [], "then ignored"


async def test_a_flood_from_one_address_is_slowed_whatever_the_cookies_but_danger_passes(
    core: Maatje, database: Database,
) -> None:
    """A new cookie per message would dodge the per-person limit: the address has one too.
    A call for help is still answered over it."""
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), clock=Clock(),
                   address_burst=5)
    async with TestClient(TestServer(build_app(chat))) as client:
        await visit(client)
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            await frames_after(ws, {"text": "/start", "id": "a1"})
            await frames_after(ws, {"text": "hallo", "id": "a2"})
            [answer] = await frames_after(ws, {"text": "hallo", "id": "a3"})
            assert not answer["text"].startswith("🐢")
            [slowed] = await frames_after(ws, {"text": "hallo", "id": "a4"})
            assert slowed["text"].startswith("🐢 Rustig aan!")
            help_lines, *_ = await frames_after(ws, {"text": "mijn vader slaat mij", "id": "a5"})
            assert "112" in help_lines["text"], "danger is never slowed down"
        client.session.cookie_jar.clear()
        response = await client.get("/", headers={"Accept-Language": "fr"})
        assert response.status == 429 and COOKIE not in response.cookies
        assert "Rustig aan" in await response.text() and "Doucement" in await response.text()


def test_x_forwarded_for_names_the_visitor_only_when_a_trusted_proxy_sends_it() -> None:
    proxies = proxy_networks(["10.0.0.0/8", "::1"])
    assert client_address("203.0.113.9", "198.51.100.1", proxies) == "203.0.113.9", "not a proxy"
    assert client_address("10.0.0.1", "198.51.100.1", ()) == "10.0.0.1", "no proxy configured"
    assert client_address("10.0.0.1", "198.51.100.1", proxies) == "198.51.100.1"
    assert client_address("::1", "198.51.100.1, 10.0.0.2", proxies) == "198.51.100.1"
    assert client_address("10.0.0.1", "6.6.6.6, 198.51.100.1", proxies) == "198.51.100.1", (
        "what the visitor wrote herself, left of her own address, is not believed")
    assert client_address("10.0.0.1", "junk", proxies) == "10.0.0.1"
    assert client_address("10.0.0.1", None, proxies) == "10.0.0.1"
    with pytest.raises(ValueError):
        proxy_networks(["nginx"])


@pytest.mark.parametrize("trusted", [True, False])
async def test_each_address_behind_the_proxy_has_its_own_limit_and_a_forged_header_none(
    core: Maatje, database: Database, trusted: bool,
) -> None:
    proxies = proxy_networks(["127.0.0.1", "::1"]) if trusted else ()
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), clock=Clock(),
                   trusted_proxies=proxies, address_burst=1)
    async with TestClient(TestServer(build_app(chat))) as client:
        async def status(forwarded: str) -> int:
            return (await client.get("/", headers={"X-Forwarded-For": forwarded})).status

        assert await status("203.0.113.7") == 200
        assert await status("203.0.113.7") == 429
        assert await status("203.0.113.8") == (200 if trusted else 429)


async def test_the_whole_page_is_under_100_kb_and_all_from_maatje(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, _ = site
    page = await (await client.get("/")).text()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(asset.startswith("/") for asset in assets), "nothing from elsewhere"
    sizes = [len(page.encode())]
    for asset in assets:
        response = await client.get(asset)
        assert response.status == 200
        sizes.append(len(await response.read()))
    assert sum(sizes) < 100_000
    assert "<style" not in page and "<script>" not in page, "nothing inline (the CSP allows none)"


async def test_what_maatje_wrote_her_meanwhile_is_shown_on_her_next_visit_once(
    site: tuple[TestClient[Any, Any], Clock], database: Database,
) -> None:
    """A youth worker's reply (or any notice) for a web visitor waits in the outbox: the
    Telegram sender leaves it alone, the page shows it when she comes back."""
    client, _ = site
    person = person_key((await visit(client)).split(".")[0])
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    with database.session() as session:
        outbox = OutboxRepository(session)
        outbox.add(person, "💬 Sara, jeugdwerker: Ja, je mag mee op kamp!", (), now)
        outbox.add("tg:42", "🏕️ Het kamp begint maandag.", (), now)
        claimed = outbox.claim(now, limit=10, channel="tg:")
    assert [item.chat_key for item in claimed] == ["tg:42"], "Telegram's sender takes its own"
    async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
        notice = await ws.receive_json(timeout=30)
        assert notice["text"] == "💬 Sara, jeugdwerker: Ja, je mag mee op kamp!"
    async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
        answers = await frames_after(ws, {"text": "hallo"})
        assert all("Sara" not in frame["text"] for frame in answers), "shown once"


async def test_a_youth_workers_reply_reaches_a_connected_visitor_without_her_writing(
    core: Maatje, database: Database,
) -> None:
    """While her page is open, what is queued for her arrives by itself (the web sender),
    and is marked sent only then; a visitor who is not connected keeps hers for later."""
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), notice_poll=0.05)
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    async with TestClient(TestServer(build_app(chat))) as client:
        person = person_key((await visit(client)).split(".")[0])
        with database.session() as session:
            OutboxRepository(session).add("web:someone-away", "🏕️ Het kamp begint maandag.", (), now)
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            await frames_after(ws, {"text": "/start"})
            with database.session() as session:
                OutboxRepository(session).add(person, "💬 Sara, jeugdwerker: Ja, je mag mee!", (), now)
            notice = await ws.receive_json(timeout=30)
            assert notice["text"] == "💬 Sara, jeugdwerker: Ja, je mag mee!"

            def in_state(state: str) -> list[str]:
                with database.session() as session:
                    return [item.chat_key for item in OutboxRepository(session).in_state(state)]

            for _ in range(300):  # recorded just after the write: a bounded wait, not a timing
                if person in in_state("sent"):
                    break
                await asyncio.sleep(0.1)
            assert person in in_state("sent"), "marked sent once her socket took it"
            assert in_state(PENDING) == ["web:someone-away"], "not connected: waits for her visit"
            assert await chat.notices.deliver(chat.on_stored, ["web:someone-away"]) == 0


async def test_a_notice_whose_page_went_away_waits_for_her_next_visit(
    core: Maatje, database: Database,
) -> None:
    """Marked sent only once a socket took it: her socket closed, the row is pending again."""
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), notice_poll=3600)
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    async with TestClient(TestServer(build_app(chat))) as client:
        person = person_key((await visit(client)).split(".")[0])
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            await frames_after(ws, {"text": "/start"})
            [server_side] = chat.notices.sockets[person]
            await server_side.close()
            with database.session() as session:
                OutboxRepository(session).add(person, "💬 Sara: tot morgen!", (), now)
            assert await chat.notices.deliver(chat.on_stored, [person]) == 0
        with database.session() as session:
            assert [item.chat_key for item in OutboxRepository(session).in_state(PENDING)] == [person]
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            assert (await ws.receive_json(timeout=30))["text"] == "💬 Sara: tot morgen!"


async def test_a_notice_a_stopped_web_server_had_claimed_is_sent_after_the_next_start(
    core: Maatje, database: Database,
) -> None:
    """A crash between claiming and writing leaves a row in "sending": the Telegram sender's
    recovery leaves it to the web chat, whose next start puts it back in line."""
    person, now = person_key("stuck"), datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    with database.session() as session:
        outbox = OutboxRepository(session)
        outbox.add(person, "💬 Sara: bel me even.", (), now)
        assert [item.chat_key for item in outbox.claim_for([person], now, 10)] == [person]
        assert outbox.recover(now, "tg:") == 0, "not Telegram's to send"
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), clock=Clock(),
                   notice_poll=0.05)
    async with TestClient(TestServer(build_app(chat))) as client:
        client.session.cookie_jar.update_cookies({COOKIE: CookieSigner(KEY).issue("stuck", NOW)})
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            assert (await ws.receive_json(timeout=30))["text"] == "💬 Sara: bel me even."


async def test_maatje_web_serves_the_chat_with_a_key_made_in_the_data_folder(
    tmp_path: Path, warm: Callable[[Path], Path], unused_tcp_port: int,
) -> None:
    """``maatje web`` as an operator starts it: the page answers, the cookie key is made
    once in the data folder, and Ctrl-C (SIGINT) stops it without a traceback."""
    data = warm(tmp_path / "data")
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAATJE_")}
    env["MAATJE_DATA_DIR"] = str(data)
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "web", "--port", str(unused_tcp_port), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        assert server.stdout is not None
        while b"Running on" not in (line := await asyncio.wait_for(server.stdout.readline(), 120)):
            assert line, "maatje web stopped before it served"
        async with aiohttp.ClientSession() as session, session.get(
                f"http://127.0.0.1:{unused_tcp_port}/") as response:
            assert response.status == 200 and COOKIE in response.cookies
            assert "Typ je vraag" in await response.text()
        assert (data / "web-secret").exists()
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(server.communicate(), 60)
    assert "Traceback" not in stderr.decode()


async def test_a_silent_connection_is_closed(core: Maatje, database: Database) -> None:
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), idle_seconds=0.2)
    async with TestClient(TestServer(build_app(chat))) as client:
        await visit(client)
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            closed = await ws.receive(timeout=30)
            assert closed.type is aiohttp.WSMsgType.CLOSE and closed.data == 4000


async def test_a_web_visitor_in_danger_reaches_the_youth_workers_in_telegram(
    site: tuple[TestClient[Any, Any], Clock], database: Database,
) -> None:
    client, _ = site
    with database.session() as session:
        StaffRepository(session).ensure("tg:900", "Sara", datetime(2026, 12, 1, tzinfo=UTC))
    await visit(client)
    async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
        await frames_after(ws, {"text": "/start"})
        help_lines, *rest = await frames_after(ws, {"text": "mijn vader slaat mij"})
        assert "112" in help_lines["text"]
        assert all("112" not in frame["text"] for frame in rest), "the help lines once"
        [yes] = [button for frame in [help_lines, *rest] for button in frame["buttons"]
                 if button["label"].startswith("✅ Ja")]
        await frames_after(ws, {"payload": yes["payload"]})
    with database.session() as session:
        alerts = [item for item in OutboxRepository(session).in_state(PENDING)
                  if item.chat_key == "tg:900"]
    assert alerts, "the youth worker is alerted in Telegram"


async def test_maatje_run_web_serves_the_chat_beside_the_telegram_bot(
    tmp_path: Path, warm: Callable[[Path], Path], emulator: BotApiEmulator, bot_token: str,
    unused_tcp_port: int,
) -> None:
    """One process for both (``maatje run --web``): the bot polls, the page answers."""
    data = warm(tmp_path / "data")
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAATJE_")}
    env.update({"MAATJE_DATA_DIR": str(data), "MAATJE_TELEGRAM_TOKEN": bot_token})
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", "--base-url", emulator.url, "--web",
        "--web-port", str(unused_tcp_port), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    url = f"http://127.0.0.1:{unused_tcp_port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            while bot.returncode is None:
                try:
                    async with session.get(f"{url}/") as response:
                        assert response.status == 200
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)  # still starting
            async with session.ws_connect(f"{url}/ws", origin=url,
                                          headers={"Accept-Language": "ar"}) as ws:
                [welcome] = await frames_after(ws, {"text": "/start"})
                assert "مرحبًا، أنا Maatje" in welcome["text"]
    finally:
        bot.terminate()
        _, stderr = await asyncio.wait_for(bot.communicate(), 60)
    assert "Traceback" not in stderr.decode()


def from_the_page(client: TestClient[Any, Any]) -> dict[str, str]:
    """What this site's page sends with a plain HTTP request (the fallback of the socket)."""
    return {"Origin": own_origin(client), "X-Maatje": "1"}


async def said(client: TestClient[Any, Any], frame: dict[str, Any],
               headers: dict[str, str] | None = None) -> list[Any]:
    """What Maatje streams back for one message over ``POST /say``, up to its "done"."""
    response = await client.post("/say", json=frame, headers=headers or from_the_page(client))
    assert response.status == 200, await response.text()
    assert response.headers["Content-Type"].startswith("application/x-ndjson")
    frames = [json.loads(line) for line in (await response.text()).splitlines()]
    assert frames[-1] == {"type": "done"}
    return frames[:-1]


async def test_a_message_over_plain_http_is_answered_as_over_the_socket(
    site: tuple[TestClient[Any, Any], Clock],
) -> None:
    client, _ = site
    await visit(client, "uk")
    [welcome] = await said(client, {"text": "/start", "id": "p1"},
                           {**from_the_page(client), "Accept-Language": "uk"})
    assert "Hallo, ik ben Maatje" in welcome["text"] and "Привіт" in welcome["text"]
    assert await said(client, {"text": "/start", "id": "p1"}) == [], "sent again: answered once"
    [refusal] = await said(client, {"text": "kamp " * (MESSAGE_LIMIT // 5 + 1)})
    assert refusal["text"].startswith("✂️ Je bericht is te lang.")
    response = await client.post("/say", data="{" + " " * 40_000 + "}",
                                 headers=from_the_page(client))
    assert response.status == 413, "bigger than any message: not even read"
    for number in range(3):
        await said(client, {"text": "hallo", "id": f"f{number}"})
    [warning] = await said(client, {"text": "hallo", "id": "f4"})
    assert warning["text"].startswith("🐢 Rustig aan!"), "the same flood control"


async def test_plain_http_from_another_site_or_without_a_cookie_is_refused(
    site: tuple[TestClient[Any, Any], Clock], database: Database,
) -> None:
    """Another site's page (or a form on it) cannot send as her, nor take her notices."""
    client, _ = site
    person = person_key((await visit(client)).split(".")[0])
    with database.session() as session:
        OutboxRepository(session).add(person, "💬 Sara: tot morgen!", (),
                                      datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    foreign = {"Origin": "http://evil.example", "X-Maatje": "1"}
    other_port = {"Origin": f"http://{client.host}:{client.port + 1}", "X-Maatje": "1"}
    for headers in (foreign, other_port, {"X-Maatje": "1"}, {"Origin": own_origin(client)},
                    {**from_the_page(client), "Sec-Fetch-Site": "same-site"}):
        response = await client.post("/say", json={"text": "hallo"}, headers=headers)
        assert response.status == 403, headers
    for headers in (foreign, other_port, {}, {"X-Maatje": "1", "Sec-Fetch-Site": "cross-site"}):
        response = await client.get("/poll", headers=headers)
        assert response.status == 403, headers
    with database.session() as session:
        assert [item.chat_key for item in OutboxRepository(session).in_state(PENDING)] == [person]
    client.session.cookie_jar.clear()
    assert (await client.post("/say", json={"text": "hallo"},
                              headers=from_the_page(client))).status == 403
    assert (await client.get("/poll", headers={"X-Maatje": "1"})).status == 403


async def poll_by_hand(client: TestClient[Any, Any]) -> asyncio.StreamWriter:
    """A ``GET /poll`` on a connection of its own, which the test closes as a page going
    away does (a cancelled client request may keep its connection)."""
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value
    _, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(f"GET /poll HTTP/1.1\r\nHost: {client.host}\r\nX-Maatje: 1\r\n"
                 f"Cookie: {COOKIE}={cookie}\r\n\r\n".encode())
    await writer.drain()
    return writer


async def test_a_held_poll_brings_a_notice_as_soon_as_it_waits_and_marks_it_sent_then(
    core: Maatje, database: Database,
) -> None:
    """``GET /poll`` is held until Maatje writes her something; a poll whose page went away
    takes nothing: the row waits for her next request."""
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), notice_poll=0.05,
                   poll_seconds=60)
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)

    def states() -> dict[str, list[str]]:
        with database.session() as session:
            outbox = OutboxRepository(session)
            return {state: [item.text for item in outbox.in_state(state)]
                    for state in (PENDING, "sending", "sent")}

    async def until(condition: Callable[[], bool]) -> None:
        for _ in range(300):  # a bounded wait, not a timing
            if condition():
                return
            await asyncio.sleep(0.05)
        raise AssertionError("never happened")

    async with TestClient(TestServer(build_app(chat))) as client:
        person = person_key((await visit(client)).split(".")[0])
        headers = {"X-Maatje": "1"}  # a GET of the same origin carries no Origin
        held = asyncio.create_task(client.get("/poll", headers=headers))
        await until(lambda: chat.notices.holding(person) == 1)
        with database.session() as session:
            OutboxRepository(session).add(person, "💬 Sara: je mag mee!", (), now)
        response = await held
        assert response.status == 200
        assert [frame["text"] for frame in (await response.json())["frames"]] == [
            "💬 Sara: je mag mee!"]
        await until(lambda: states()["sent"] == ["💬 Sara: je mag mee!"])  # once written

        away = await poll_by_hand(client)
        await until(lambda: chat.notices.holding(person) == 1)
        [waiter] = chat.notices.polls[person]
        away.close()  # her page went away (a closed tab, a lost network)
        await away.wait_closed()
        await until(waiter.gone)
        with database.session() as session:
            OutboxRepository(session).add(person, "💬 Sara: tot morgen!", (), now)
        await until(lambda: chat.notices.holding(person) == 0)
        assert states()[PENDING] == ["💬 Sara: tot morgen!"], "nobody took it: still waiting"
        again = await client.get("/poll", headers=headers)
        assert [frame["text"] for frame in (await again.json())["frames"]] == [
            "💬 Sara: tot morgen!"]

        chat.poll_seconds = 0.05
        assert (await (await client.get("/poll", headers=headers)).json()) == {"frames": []}
        chat.poll_seconds = 60
        tabs = [await poll_by_hand(client) for _ in range(3)]
        await until(lambda: chat.notices.holding(person) == 3)
        assert (await client.get("/poll", headers=headers)).status == 429, "a few tabs, no more"
        for tab in tabs:
            tab.close()
            await tab.wait_closed()
        await until(lambda: all(waiter.gone() for waiter in chat.notices.polls.get(person, ())))
        chat.notices.wake(person)
        await until(lambda: chat.notices.holding(person) == 0)


async def test_over_plain_http_an_address_over_its_limit_is_slowed_but_danger_passes(
    core: Maatje, database: Database,
) -> None:
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), clock=Clock(),
                   address_burst=4)
    async with TestClient(TestServer(build_app(chat))) as client:
        await visit(client)
        for number in range(3):
            [answer] = await said(client, {"text": "hallo", "id": f"a{number}"})
            assert not answer["text"].startswith("🐢")
        [slowed] = await said(client, {"text": "hallo", "id": "a3"})
        assert slowed["text"].startswith("🐢 Rustig aan!")
        help_lines, *_ = await said(client, {"text": "mijn vader slaat mij", "id": "a4"})
        assert "112" in help_lines["text"], "danger is never slowed down"


async def test_a_question_passed_on_says_the_answer_comes_here_open_or_on_the_next_visit(
    core: Maatje, database: Database,
) -> None:
    """A web visitor is reached only while her page is open: when she passes a question on,
    the page says so, in her languages (Telegram says nothing more: it always reaches her)."""
    with database.session() as session:
        StaffRepository(session).ensure("tg:900", "Sara", datetime(2026, 12, 1, tzinfo=UTC))

    def pressed(frames: list[Any], label: str) -> dict[str, str]:
        return {"payload": next(button["payload"] for frame in frames for button in frame["buttons"]
                                if label in button["label"] and "payload" in button)}

    chat = WebChat(Conversations(core, database), CookieSigner(KEY), clock=Clock())
    async with TestClient(TestServer(build_app(chat))) as client:
        await visit(client, "ar")
        async with client.ws_connect("/ws", origin=own_origin(client),
                                     headers={"Accept-Language": "ar"}) as ws:
            welcome = await frames_after(ws, {"text": "/start"})
            role = await frames_after(ws, pressed(welcome, "العربية"))
            await frames_after(ws, pressed(role, "Leerling"))
            age = await frames_after(ws, {"payload": "ho:yes"})
            invited = await frames_after(ws, pressed(age, "13 of ouder"))
            assert all("📬" not in frame["text"] for frame in [*welcome, *role, *age, *invited])
            sent = await frames_after(ws, {"text": "Mag mijn broer ook mee op kamp?"})
    told, later = sent
    assert told["text"].startswith("✅ Je vraag is doorgestuurd.")
    assert later["text"].startswith("📬 Het antwoord komt hier.")
    assert "الجواب يصل هنا" in later["text"] and later["keep"]


async def test_a_notice_with_a_file_brings_the_file_itself_over_the_socket_and_the_poll(
    core: Maatje, database: Database,
) -> None:
    """The medical form sent to a parent is offered as a download, not dropped; a file the
    deployment cannot make any more leaves its text."""
    form = file_name(core.content, "ar")
    chat = WebChat(Conversations(core, database), CookieSigner(KEY), clock=Clock(),
                   attachments=lambda name: attachment(core.content, name, 30))
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    async with TestClient(TestServer(build_app(chat))) as client:
        person = person_key((await visit(client)).split(".")[0])
        with database.session() as session:
            outbox = OutboxRepository(session)
            outbox.add(person, "🩺 De medische fiche", (), now, file_kind=ATTACHMENT, file_id=form)
            outbox.add(person, "📄 Een oud bestand", (), now, file_kind=ATTACHMENT,
                       file_id="weg.pdf")
        async with client.ws_connect("/ws", origin=own_origin(client)) as ws:
            notice = await ws.receive_json(timeout=30)
            gone = await ws.receive_json(timeout=30)
        assert notice["text"] == "🩺 De medische fiche"
        assert notice["document"]["filename"] == form and notice["document"]["type"] == (
            "application/pdf")
        assert base64.b64decode(notice["document"]["data"]).startswith(b"%PDF")
        assert gone["text"] == "📄 Een oud bestand" and "document" not in gone
        with database.session() as session:
            OutboxRepository(session).add(person, "🩺 Nog eens", (), now, file_kind=ATTACHMENT,
                                          file_id=form)
        polled = await (await client.get("/poll", headers={"X-Maatje": "1"})).json()
        [again] = polled["frames"]
        assert base64.b64decode(again["document"]["data"]).startswith(b"%PDF")
