"""The web chat in a real browser: Debian's Chromium driven by Playwright's plain sync API
(not pytest-playwright, whose fixtures warn). One browser and one server for the module;
every test is a new visitor (a fresh browser context: no cookie, no history).

What a person notices: the welcome in Arabic, buttons that answer, a camp answer in Dutch
with its Arabic lines right to left, the history still there after a reload, help lines
first in danger, an empty history after /vergeet, a script tag shown as text. And what an
attacker notices: a page of another origin cannot open the WebSocket.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.core.dialogue import Maatje
from bot.features.kit.formfile import attachment
from bot.service import Conversations
from bot.web.identity import COOKIE, CookieSigner, person_key
from bot.web.server import WebChat, build_app
from content.formpdf import file_name
from storage.db import Database
from storage.outbox import ATTACHMENT, OutboxRepository

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser
if not CHROMIUM.exists():
    reason = f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-core fonts-noto-color-emoji"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

ISOLATES = re.compile("\u2068[^\u2069]*\u2069")
DANGER = "mijn vader slaat mij"


class Site:
    """The web chat (and a page of another origin) served on a loop of their own thread, as
    ``maatje web`` serves them, while the test drives the browser."""

    def __init__(self, chat: WebChat) -> None:
        self.chat = chat
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runners: list[web.AppRunner] = []
        self.url = self._start(build_app(chat))
        other = web.Application()
        other.router.add_get("/", another_site)
        self.other_url = self._start(other)

    def _start(self, app: web.Application) -> str:
        async def start() -> str:
            runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            self.runners.append(runner)
            host, port = runner.addresses[0][:2]
            return f"http://{host}:{port}"
        return asyncio.run_coroutine_threadsafe(start(), self.loop).result(timeout=30)

    def stop(self) -> None:
        async def cleanup() -> None:
            for runner in self.runners:
                await runner.cleanup()
        asyncio.run_coroutine_threadsafe(cleanup(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()


async def another_site(request: web.Request) -> web.Response:
    return web.Response(text="<p>another site</p>", content_type="text/html")


@pytest.fixture(scope="module")
def site(core: Maatje, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web")
    database = Database.open(f"sqlite:///{folder / 'maatje.sqlite3'}")
    chat = WebChat(Conversations(core, database), CookieSigner(b"browser test key"),
                   attachments=lambda name: attachment(core.content, name, 30))
    served = Site(chat)
    yield served
    served.stop()
    database.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def errors() -> list[str]:
    """What the page logged as an error (none, unless a test expects one)."""
    return []


@pytest.fixture
def page(browser: Any, site: Site, errors: list[str]) -> Iterator[Any]:
    """A new visitor on a phone-sized screen whose browser is set to Arabic."""
    context = browser.new_context(locale="ar", viewport={"width": 412, "height": 900})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(site.url)
    yield tab
    context.close()
    assert not errors, f"the page logged errors: {errors}"


def bubbles(page: Any) -> Any:
    return page.locator("#log .bubble")


def maatje_says(page: Any, text: str) -> Any:
    """The bubble of Maatje's holding ``text`` (waited for)."""
    bubble = page.locator("#log .bubble:not(.me)").filter(has_text=text).last
    bubble.wait_for()
    return bubble


def send(page: Any, text: str) -> None:
    page.get_by_role("textbox").fill(text)
    page.get_by_role("button", name="أرسل").click()  # "Send", in the browser's Arabic


def onboard_in_arabic(page: Any) -> None:
    maatje_says(page, "بأي لغة تريد أن تقرأ")  # "In which language do you want to read?"
    page.get_by_role("button", name="العربية").click()
    page.get_by_role("button", name="Leerling").click()
    maatje_says(page, "عن ماذا تريد أن تعرف أكثر")  # the menu prompt


def expected_direction(line: str) -> str:
    """What a reader expects: the direction of the line's first letter (a name or date in
    an isolate, as Maatje puts them in Arabic, does not count)."""
    for character in ISOLATES.sub("", line):
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def line_directions(bubble: Any) -> list[tuple[str, str]]:
    return [(line["text"], line["direction"]) for line in bubble.evaluate(
        "b => [...b.querySelectorAll('.line')].map(l => ({text: l.textContent, "
        "direction: getComputedStyle(l).direction}))")]


def test_a_visitor_is_welcomed_in_arabic_and_onboarded_with_buttons(page: Any) -> None:
    welcome = maatje_says(page, "Hallo, ik ben Maatje")
    assert "مرحبًا، أنا Maatje" in welcome.inner_text()
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("textbox").get_attribute("placeholder") == "اكتب سؤالك…"
    assert page.get_by_role("log").get_attribute("aria-live") == "polite"
    tree = page.locator("main").aria_snapshot()
    for node in ('- log "محادثة مع Maatje"', '- button "العربية"', '- textbox "اكتب سؤالك…"',
                 '- button "أرسل"'):
        assert node in tree, f"{node} not in the accessibility tree:\n{tree}"
    onboard_in_arabic(page)
    size = page.get_by_role("button", name="Kamp").bounding_box()
    assert size["height"] >= 44 and size["width"] >= 44, "a big tap target"
    send(page, "hallo")
    maatje_says(page, "Hallo")
    for name, (text, background) in colours(page).items():
        assert contrast(text, background) >= 4.5, f"{name}: {text} on {background}"


COLOURED = {"Maatje's line": "#log .bubble:not(.me) .line", "her own line": "#log .bubble.me .line",
            "a button": "#log .buttons button", "the send button": "#send", "the text box": "#text"}


#: An element's text colour and the background it is drawn on (the nearest one set).
DRAWN_ON = """e => {
    let b = e;
    while (b && getComputedStyle(b).backgroundColor === "rgba(0, 0, 0, 0)") b = b.parentElement;
    return [getComputedStyle(e).color, getComputedStyle(b || document.body).backgroundColor];
}"""


def colours(page: Any) -> dict[str, tuple[str, str]]:
    """Each element's colours as the browser computed them."""
    return {name: tuple(page.locator(selector).first.evaluate(DRAWN_ON))
            for name, selector in COLOURED.items()}


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two ``rgb(…)`` colours."""
    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_camp_question_is_answered_in_dutch_and_arabic_each_line_in_its_direction(
    page: Any,
) -> None:
    onboard_in_arabic(page)
    send(page, "wanneer is het kamp")
    answer = maatje_says(page, "Ardennen")
    lines = line_directions(answer)
    assert any("في الصيف نذهب" in text for text, _ in lines), "the Arabic under the Dutch"
    wrong = [(text, shown) for text, shown in lines if shown != expected_direction(text)]
    assert not wrong, f"lines in the wrong direction: {wrong}"
    # The first screen (issue 18: ≤ 60 words a language): several lines of each direction.
    assert sum(shown == "rtl" for _, shown in lines) >= 3
    assert sum(shown == "ltr" for _, shown in lines) >= 3
    arabic = answer.locator(".line").filter(has_text="في الصيف نذهب").first
    right_aligned = arabic.evaluate(
        "l => { const r = document.createRange(); r.selectNodeContents(l);"
        " return l.getBoundingClientRect().right - r.getBoundingClientRect().right; }")
    assert right_aligned < 4, "an Arabic line starts at the right"


def test_a_topic_button_answers_and_the_history_survives_a_reload(page: Any) -> None:
    onboard_in_arabic(page)
    page.get_by_role("button", name="Kamp").click()
    maatje_says(page, "Ardennen")
    shown = bubbles(page).count()
    page.reload()
    maatje_says(page, "Ardennen")
    assert bubbles(page).count() == shown, "the same conversation, nothing sent again"
    page.get_by_role("button", name="Paklijst").last.click()
    maatje_says(page, "slaapzak")


def test_a_danger_message_gets_the_help_lines_first(page: Any) -> None:
    onboard_in_arabic(page)
    before = bubbles(page).count()
    send(page, DANGER)
    maatje_says(page, "jeugdwerker")
    replies = bubbles(page).nth(before + 1)  # the first after her own message
    assert "112" in replies.inner_text() and "102" in replies.inner_text()


def test_a_youth_workers_reply_appears_while_she_has_the_page_open(page: Any, site: Site) -> None:
    """Queued in the outbox (as a staff reply is), it appears without her writing, and
    stays in her history after a reload."""
    onboard_in_arabic(page)
    [cookie] = [c for c in page.context.cookies() if c["name"] == COOKIE]
    person = site.chat.signer.person(cookie["value"], site.chat.clock())
    assert person is not None and site.chat.conversations.database is not None
    reply = "💬 Sara, jeugdwerker: Ja, je mag mee op kamp!"
    with site.chat.conversations.database.session() as session:
        OutboxRepository(session).add(person_key(person), reply, (), datetime.now(UTC))
    maatje_says(page, "je mag mee op kamp")
    page.reload()
    maatje_says(page, "je mag mee op kamp")
    assert page.get_by_role("log").inner_text().count("je mag mee op kamp") == 1, "shown once"


def queue(site: Site, page: Any, text: str, **file: str) -> None:
    """Put a notice for this page's visitor in the outbox, as a feature does."""
    [cookie] = [c for c in page.context.cookies() if c["name"] == COOKIE]
    person = site.chat.signer.person(cookie["value"], site.chat.clock())
    assert person is not None and site.chat.conversations.database is not None
    with site.chat.conversations.database.session() as session:
        OutboxRepository(session).add(person_key(person), text, (), datetime.now(UTC), **file)


def test_the_medical_form_sent_to_a_parent_is_offered_as_a_download(page: Any, site: Site) -> None:
    onboard_in_arabic(page)
    form = file_name(site.chat.conversations.live_core().content, "ar")
    queue(site, page, "🩺 De medische fiche voor het kamp", file_kind=ATTACHMENT, file_id=form)
    maatje_says(page, "De medische fiche voor het kamp")
    with page.expect_download() as download:
        page.get_by_role("link", name=form).click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_a_question_passed_on_says_where_and_when_the_answer_comes(page: Any) -> None:
    onboard_in_arabic(page)
    page.get_by_role("button", name=re.compile("Praat met een jeugdwerker")).click()
    page.get_by_role("button", name=re.compile("^✅")).last.click()
    page.get_by_role("button", name=re.compile("13 of ouder")).click()
    maatje_says(page, "Typ je vraag")
    send(page, "Mag mijn broer ook mee op kamp?")
    later = maatje_says(page, "Het antwoord komt hier")
    assert "الجواب يصل هنا" in later.inner_text()


def test_vergeet_empties_the_history_here_and_after_a_reload(page: Any) -> None:
    onboard_in_arabic(page)
    send(page, "wanneer is het kamp")
    maatje_says(page, "Ardennen")
    send(page, "/vergeet")
    maatje_says(page, "alles over jou wist")
    page.get_by_role("button", name="Ja, wis alles").last.click()
    maatje_says(page, "gewist")
    assert bubbles(page).count() == 1, "only the answer that all is erased"
    assert "Ardennen" not in page.get_by_role("log").inner_text()
    assert page.evaluate("localStorage.getItem('maatje.history')") is None
    page.reload()
    maatje_says(page, "Hallo, ik ben Maatje")  # a stranger again: the welcome
    assert "gewist" not in page.get_by_role("log").inner_text()


def test_a_script_tag_in_a_message_is_shown_as_text(page: Any) -> None:
    onboard_in_arabic(page)
    hostile = '<script>window.hacked = 1</script><img src=x onerror="window.hacked = 2"><b>vet</b>'
    send(page, hostile)
    mine = page.locator("#log .bubble.me").last
    assert mine.inner_text() == hostile
    maatje_says(page, "")  # its answer came
    page.wait_for_timeout(300)
    assert page.evaluate("window.hacked") is None
    assert page.locator("#log img, #log script, #log b").count() == 0
    page.reload()
    assert page.locator("#log .bubble.me").last.inner_text() == hostile
    assert page.evaluate("window.hacked") is None


def test_a_page_of_another_origin_cannot_open_the_websocket(
    page: Any, site: Site, errors: list[str]
) -> None:
    """Same host, another port: the browser sends the person's cookie along (cookies do not
    tell ports apart), so only the Origin check stands between that page and her chat."""
    maatje_says(page, "Hallo, ik ben Maatje")
    opened = """url => new Promise(done => {
        const ws = new WebSocket(url);
        ws.onopen = () => { ws.close(); done("open"); };
        ws.onerror = () => done("refused");
    })"""
    socket = site.url.replace("http://", "ws://") + "/ws"
    assert page.evaluate(opened, socket) == "open", "her own page may"
    page.goto(site.other_url)
    assert page.evaluate(opened, socket) == "refused"
    assert any("403" in error for error in errors), errors
    errors.clear()  # the browser's line about the refused handshake (and the other site's icon)


def test_a_deep_link_opens_the_medical_form_in_arabic_with_its_pdf(page: Any, site: Site) -> None:
    """The camp letter's QR code, for a parent without Telegram: ``/?start=fiche-ar``."""
    page.goto(f"{site.url}/?start=fiche-ar")
    maatje_says(page, "De medische fiche is een formulier")
    assert "الاستمارة الطبية" in page.get_by_role("log").inner_text()
    assert "start=" not in page.url, "a reload does not open the link again"
    with page.expect_download() as download:
        page.get_by_role("link", name="medische-fiche-ar.pdf").click()
    assert download.value.suggested_filename == "medische-fiche-ar.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def test_a_connection_closed_while_silent_opens_again_when_she_writes(
    browser: Any, site: Site
) -> None:
    site.chat.idle_seconds = 0.3
    context = browser.new_context(locale="ar")
    try:
        tab = context.new_page()
        with tab.expect_websocket() as first:
            tab.goto(site.url)
        maatje_says(tab, "Hallo, ik ben Maatje")
        wait_closed(tab, first.value)
        assert tab.locator("#status").is_hidden(), "no alarm: nothing is wrong"
        site.chat.idle_seconds = 900
        with tab.expect_websocket():
            tab.get_by_role("button", name="العربية").click()
        maatje_says(tab, "Ben je leerling of ouder?")
    finally:
        site.chat.idle_seconds = 900
        context.close()


def wait_closed(tab: Any, socket: Any) -> None:
    """Until the page's socket is closed (bounded): on a busy machine it may close before a
    ``wait_for_event("close")`` would start listening, and that wait then never ends."""
    for _ in range(600):
        if socket.is_closed():
            return
        tab.wait_for_timeout(50)
    raise AssertionError("the silent connection was not closed")


#: A network that lets no WebSocket through (a school's filter, an old proxy): every
#: socket fails as a refused one does, never opening (``OPENS`` false), or opens and is cut
#: at once, taking what was sent on it.
NO_WEBSOCKET = """
window.WebSocket = class extends EventTarget {
    constructor(url) {
        super();
        window.socketsTried = (window.socketsTried || 0) + 1;
        this.readyState = 0;
        setTimeout(() => {
            if (OPENS) {
                this.readyState = 1;
                this.dispatchEvent(new Event("open"));
            }
            this.readyState = 3;
            this.dispatchEvent(new Event("error"));
            const closed = new Event("close");
            closed.code = 1006;
            this.dispatchEvent(closed);
        }, 20);
    }
    send() { if (this.readyState !== 1) throw new Error("not open"); }
    close() {}
};
"""


@pytest.mark.parametrize("opens", [False, True], ids=["never-opens", "keeps-closing"])
def test_without_a_websocket_the_page_talks_over_plain_http(
    browser: Any, site: Site, errors: list[str], opens: bool
) -> None:
    """The page falls back to ``POST /say`` and a held ``GET /poll``: the welcome, buttons,
    an answer, and a youth worker's reply appearing by itself. What went out on a socket
    that was cut before its answer is sent again."""
    context = browser.new_context(locale="ar", viewport={"width": 412, "height": 900})
    context.set_default_timeout(20_000)
    context.add_init_script(f"const OPENS = {'true' if opens else 'false'};\n{NO_WEBSOCKET}")
    try:
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        polled: list[str] = []
        tab.on("request", lambda request: polled.append(request.url)
               if request.url.endswith("/poll") else None)
        tab.goto(site.url)
        onboard_in_arabic(tab)
        send(tab, "wanneer is het kamp")
        maatje_says(tab, "Ardennen")
        assert tab.evaluate("window.socketsTried") >= 2, "the socket was tried first"
        [cookie] = [c for c in context.cookies() if c["name"] == COOKIE]
        person = site.chat.signer.person(cookie["value"], site.chat.clock())
        assert person is not None and site.chat.conversations.database is not None
        with site.chat.conversations.database.session() as session:
            OutboxRepository(session).add(person_key(person), "💬 Sara, jeugdwerker: Tot zaterdag!",
                                          (), datetime.now(UTC))
        maatje_says(tab, "Tot zaterdag")
        assert polled, "the reply came through GET /poll"
        assert tab.locator("#status").is_hidden(), "no alarm: it works"
        tab.reload()
        maatje_says(tab, "Tot zaterdag")
        assert tab.get_by_role("log").inner_text().count("Tot zaterdag") == 1, "shown once"
    finally:
        context.close()
    assert not errors, f"the page logged errors: {errors}"
