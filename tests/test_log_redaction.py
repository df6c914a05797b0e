"""At DEBUG, every logger on: the log of a whole session holds no token, id, name or text.

The real bot (python-telegram-bot, httpx, the outbox sender) runs against the Bot API
emulator with the root logger at DEBUG and the redaction filter that ``maatje`` installs
(:func:`bot.logredact.install`) on the one handler. A pupil asks to join, passes on a question; a youth worker
answers through Maatje; she asks for her data and has it erased (the notices about her are taken back),
and writes again. Then everything the
handler wrote is searched.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from telegram import User

from bot.core.dialogue import Maatje
from bot.core.state import UserState
from bot.logredact import Redact, install, redact
from storage.staff import StaffRepository
from tests.emulator import BotApiEmulator, BotMessage
from tests.features import brussels_now
from tests.staffworld import World, running_world

pytestmark = pytest.mark.e2e

PUPIL_ID, STAFF_ID, GROUP_ID = 7351904268, 5081733941, -1009876543210
FIRST, LAST, USERNAME = "Yasmina", "Karimova", "yasmina_k_2011"
STAFF_NAME = "Saraswati"
PHONE = "0485 11 22 33"
TEXTS = (
    f"hallo ik ben {FIRST} {LAST}",
    f"mijn nummer is {PHONE} bel me",
    "mijn stiefvader slaat mij thuis in Kuregem",
)
QUESTION = f"Mag mijn broertje Karimullah mee naar de sporthal? Bel {PHONE}"
STAFF_REPLY = "Hoi, kom zaterdag naar de Vaartstraat en vraag naar Jozefien"


@pytest.fixture
def debug_log(bot_token: str) -> Iterator[io.StringIO]:
    """Every logger at DEBUG into one handler on the root, with the filter installed (as
    ``maatje`` does before it builds anything)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install(root, [bot_token])
    named = ("telegram", "httpx", "httpcore", "bot", "storage", "intents", "content", "aiohttp")
    levels = {name: logging.getLogger(name).level for name in named}
    for name in named:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield stream
    for each in root.handlers:
        for found in [f for f in each.filters if isinstance(f, Redact)]:
            each.removeFilter(found)
    root.removeHandler(handler)
    root.setLevel(old_level)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _data(message: BotMessage, prefix: str) -> str:
    found = [b.callback_data for row in message.inline_keyboard for b in row
             if isinstance(b.callback_data, str) and b.callback_data.startswith(prefix)]
    assert found, f"no {prefix} button: {message.buttons}"
    return found[0]


async def _session(world: World, pupil: User, staff: User) -> None:
    emu, token = world.emu, world.token
    group = emu.group(token, GROUP_ID, "Jeugdwerkers", members=[staff])
    with world.database.session() as session:
        invite = StaffRepository(session).invite(STAFF_NAME, brussels_now(), timedelta(hours=1))
    await world.command(staff, "/start", f"staff-{invite.token}")
    await world.command(staff, "/staffchat@MaatjeTestBot", chat=group)

    consent = await world.said(pupil, "ik wil meedoen met voetbal")
    if not any(p.startswith("int:ok:") for p in _all_data(consent)):
        consent = await world.press(pupil, consent, data=_data(consent, "int:t:"))
    age = await world.press(pupil, consent, data=_data(consent, "int:ok:"))
    await world.press(pupil, age, label="🧑 13 of ouder")
    notice = await world.next(group.id)
    await world.said(staff, STAFF_REPLY, chat=group, reply_to=notice)
    await world.next(pupil.id)

    await world.said(pupil, "kan ik met iemand praten")  # who to call, then the offer
    offer = await world.next(pupil.id)
    await world.press(pupil, offer, data="ho:yes")
    await world.said(pupil, QUESTION)
    question = await world.next(group.id)
    await world.said(staff, STAFF_REPLY, chat=group, reply_to=question)
    await world.next(pupil.id)

    await emu.send_command(token, pupil, "/mijngegevens")
    summary, file = await emu.wait_for_bot_messages(token, pupil.id, count=2)
    assert "Dit bewaar ik over jou" in (summary.text or "") and file.method == "sendDocument"
    asked = await world.command(pupil, "/vergeet")
    await world.press(pupil, asked, data=_data(asked, "vergeet:ja:"))
    erased = await world.next(group.id)
    assert (erased.text or "") in {"🗑️ #L1 is gewist", "🗑️ #V1 is gewist"}
    await _taken_back(world, group.id, {notice.message_id, question.message_id})
    for text in TEXTS:  # last: the answer to a danger message has more than one part
        await emu.send_text(token, pupil, text)
        await emu.wait_for_bot_messages(token, pupil.id)


async def _taken_back(world: World, chat_id: int, message_ids: set[int]) -> None:
    """The notices about her in the staff group are deleted (a bounded wait for the sender)."""
    for _ in range(100):
        gone = {m.message_id for m in world.emu.bot_messages(world.token, chat_id) if m.deleted}
        if message_ids <= gone:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"notices {message_ids - gone} about her were not deleted")


def _all_data(message: BotMessage) -> list[str]:
    return [str(b.callback_data) for row in message.inline_keyboard for b in row]


async def test_a_debug_log_of_a_whole_session_names_nobody(
    emulator: BotApiEmulator, bot_token: str, sqlite_url: str, staff_core: Maatje,
    debug_log: io.StringIO,
) -> None:
    async with running_world(emulator, bot_token, sqlite_url, staff_core,
                             UserState(onboarded=True)) as world:
        pupil = emulator.user(bot_token, PUPIL_ID, FIRST, last_name=LAST, username=USERNAME,
                              language_code="nl")
        staff = emulator.user(bot_token, STAFF_ID, STAFF_NAME, language_code="nl")
        await _session(world, pupil, staff)

    logged = debug_log.getvalue()
    assert "Calling Bot API endpoint `sendMessage`" in logged, "the libraries spoke at DEBUG"
    assert "answered intent=" in logged and "person erased" in logged, "and Maatje did"
    secrets = (bot_token, bot_token.split(":")[1], str(PUPIL_ID), str(STAFF_ID), str(GROUP_ID),
               FIRST, LAST, USERNAME, STAFF_NAME, "Karimullah", "Kuregem", "Vaartstraat",
               "Jozefien", "stiefvader", *TEXTS, QUESTION, STAFF_REPLY)
    lowered = logged.lower()
    for secret in secrets:
        assert secret.lower() not in lowered, f"{secret!r} is in the DEBUG log"
    assert _digits(PHONE) not in _digits(logged.replace("\n", " "))
    for line in logged.splitlines():
        assert _digits(PHONE) not in _digits(line)


def test_redaction_keeps_what_a_line_is_about() -> None:
    token = "123456789:AAHk-secret_token_abcdefghijklmnop"
    line = (f"Calling Bot API endpoint `sendMessage` with parameters "
            f"`{{'chat_id': 7351904268, 'text': \"Hoi Yasmina, 't is zaterdag\"}}` "
            f"POST http://127.0.0.1:8081/bot{token}/sendMessage \"HTTP/1.1 200 OK\"")
    cleaned = redact(line, [token], library=True)
    assert cleaned == ("Calling Bot API endpoint `sendMessage` with parameters "
                       "`{'chat_id': <id>, 'text': '…'}` POST http://127.0.0.1:<id>/bot<token>"
                       "/sendMessage \"HTTP/1.1 200 OK\"")
    ours = redact("update tg:7351904268 handled", library=False)
    assert ours == "update tg:<id> handled"
