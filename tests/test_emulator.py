"""The Bot API emulator, driven by the real python-telegram-bot through its own HTTP layer.

Each test builds a tiny bot with python-telegram-bot's Application (no Maatje code),
points it at the emulator and acts as a Telegram user.  What is asserted is what a
user would see, or the exception the bot's code would get from Telegram.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from tests.emulator import BotApiEmulator, tiny_png
from tests.emulator.ptb import polling, webhook
from tests.emulator.remote import RemoteEmulator

pytestmark = pytest.mark.e2e

AnyApp = Application[Any, Any, Any, Any, Any, Any]


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer text with the same text and one inline button."""
    message = update.effective_message
    assert message is not None and message.text is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Nog eens", callback_data="again")]])
    await message.reply_text(f"Je zei: {message.text}", reply_markup=keyboard, do_quote=True)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, naming the deep-link payload, with a persistent reply keyboard."""
    assert update.effective_message is not None
    payload = context.args[0] if context.args else "geen"
    menu = ReplyKeyboardMarkup([[KeyboardButton("🏕️ Kamp"), KeyboardButton("⚽ Sportclub")]])
    await update.effective_message.reply_text(f"Welkom! Onderwerp: {payload}", reply_markup=menu)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button press and replace the message text."""
    query = update.callback_query
    assert query is not None
    await query.answer("Gelukt")
    await query.edit_message_text(f"Je koos: {query.data}")


def echo_bot(emu: BotApiEmulator, token: str) -> AnyApp:
    app = emu.application_builder(token).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@pytest.fixture
async def bot(emulator: BotApiEmulator, bot_token: str) -> AsyncIterator[Bot]:
    """A bare python-telegram-bot Bot pointed at the emulator, for calls a test makes itself."""
    async with Bot(bot_token, base_url=emulator.base_url(), base_file_url=emulator.base_file_url()) as b:
        yield b


# ---------------------------------------------------------------- conversations


async def test_polling_round_trip(emulator: BotApiEmulator, bot_token: str) -> None:
    user = emulator.user(bot_token, 1001, "Amal", language_code="ar")
    async with polling(echo_bot(emulator, bot_token)):
        sent = await emulator.send_text(bot_token, user, "hallo")
        [reply] = await emulator.wait_for_bot_messages(bot_token, user.id)
    assert reply.text == "Je zei: hallo"
    assert reply.buttons == ["Nog eens"]
    assert reply.message.reply_to_message is not None
    assert reply.message.reply_to_message.message_id == sent.message_id
    assert emulator.unknown_methods(bot_token) == []


async def test_start_with_deep_link_payload_and_reply_keyboard(
    emulator: BotApiEmulator, bot_token: str
) -> None:
    user = emulator.user(bot_token, 1002, "Yusuf")
    async with polling(echo_bot(emulator, bot_token)):
        await emulator.send_command(bot_token, user, "/start", payload="kamp-ar")
        [reply] = await emulator.wait_for_bot_messages(bot_token, user.id)
        assert reply.text == "Welkom! Onderwerp: kamp-ar"
        assert reply.keyboard == ["🏕️ Kamp", "⚽ Sportclub"]
        await emulator.press_reply_button(bot_token, user, "🏕️ Kamp")
        [answer] = await emulator.wait_for_bot_messages(bot_token, user.id)
    assert answer.text == "Je zei: 🏕️ Kamp"


async def test_inline_button_press_is_answered_and_message_edited(
    emulator: BotApiEmulator, bot_token: str
) -> None:
    user = emulator.user(bot_token, 1003, "Lina")
    async with polling(echo_bot(emulator, bot_token)):
        await emulator.send_text(bot_token, user, "kamp")
        [reply] = await emulator.wait_for_bot_messages(bot_token, user.id)
        query_id = await emulator.press_button(bot_token, user, reply, label="Nog eens")
        answer = await emulator.wait_for_answer(bot_token, query_id)
        await emulator.wait_for(bot_token, lambda: reply.text == "Je koos: again")
    assert answer["text"] == "Gelukt"
    assert reply.buttons == []  # editing without reply_markup removes the keyboard
    assert [old.text for old in reply.history] == ["Je zei: kamp"]


async def test_document_upload_is_stored_and_downloadable(emulator: BotApiEmulator, bot_token: str) -> None:
    user = emulator.user(bot_token, 1004, "Sara")
    pdf = b"%PDF-1.4\n% medische fiche\n"

    async def send_form(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        await context.bot.send_document(
            update.effective_chat.id,
            pdf,
            filename="medische-fiche.pdf",
            caption="<b>Fiche</b>",
            parse_mode=ParseMode.HTML,
        )

    app = emulator.application_builder(bot_token).build()
    app.add_handler(CommandHandler("fiche", send_form))
    async with polling(app):
        await emulator.send_command(bot_token, user, "/fiche")
        [reply] = await emulator.wait_for_bot_messages(bot_token, user.id)
        document = reply.message.document
        assert document is not None
        downloaded = await (await app.bot.get_file(document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == pdf
    assert document.file_name == "medische-fiche.pdf"
    assert document.mime_type == "application/pdf"
    assert reply.text == "Fiche"
    stored = emulator.file(bot_token, document.file_id)
    assert (stored.data, stored.filename) == (pdf, "medische-fiche.pdf")


async def test_bot_downloads_what_a_user_sends(emulator: BotApiEmulator, bot_token: str) -> None:
    user = emulator.user(bot_token, 1005, "Omar")
    received: list[bytes] = []

    async def keep_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        biggest = update.effective_message.photo[-1]
        received.append(bytes(await (await biggest.get_file()).download_as_bytearray()))
        await update.effective_message.reply_text(f"{biggest.width}x{biggest.height}")

    app = emulator.application_builder(bot_token).build()
    app.add_handler(MessageHandler(filters.PHOTO, keep_photo))
    picture = tiny_png(400, 300)
    async with polling(app):
        await emulator.send_photo(bot_token, user, picture)
        [reply] = await emulator.wait_for_bot_messages(bot_token, user.id)
    assert reply.text == "400x300"
    assert received == [picture]


async def test_venue_and_photo(emulator: BotApiEmulator, bot_token: str) -> None:
    user = emulator.user(bot_token, 1006, "Nour")

    async def where(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        chat_id = update.effective_chat.id
        await context.bot.send_venue(chat_id, 50.8365, 4.3089, "Jeugdhuis", "Wayezstraat 1, 1070 Anderlecht")
        await context.bot.send_photo(chat_id, tiny_png(1000, 500), caption="Paklijst")

    app = emulator.application_builder(bot_token).build()
    app.add_handler(CommandHandler("waar", where))
    async with polling(app):
        await emulator.send_command(bot_token, user, "/waar")
        venue_message, photo_message = await emulator.wait_for_bot_messages(bot_token, user.id, count=2)
    venue = venue_message.message.venue
    assert venue is not None
    assert (venue.title, venue.address) == ("Jeugdhuis", "Wayezstraat 1, 1070 Anderlecht")
    assert venue.location.latitude == pytest.approx(50.8365)
    assert [(p.width, p.height) for p in photo_message.message.photo][-1] == (1000, 500)
    assert photo_message.text == "Paklijst"


async def test_group_message_reaches_the_bot_only_with_mention_or_reply(
    emulator: BotApiEmulator, bot_token: str
) -> None:
    emulator.bot(bot_token, username="maatje_test_bot", first_name="Maatje")
    pupil = emulator.user(bot_token, 1007, "Hamza")
    group = emulator.group(bot_token, title="OKAN Anderlecht", members=[pupil])
    async with polling(echo_bot(emulator, bot_token)):
        await emulator.send_text(bot_token, pupil, "wie gaat er mee?", chat=group)
        await emulator.send_text(bot_token, pupil, "@maatje_test_bot wanneer is het kamp?", chat=group)
        [reply] = await emulator.wait_for_bot_messages(bot_token, group.id)
        await emulator.send_text(bot_token, pupil, "en de prijs?", chat=group, reply_to=reply)
        [second] = await emulator.wait_for_bot_messages(bot_token, group.id)
    assert reply.text == "Je zei: @maatje_test_bot wanneer is het kamp?"
    assert second.text == "Je zei: en de prijs?"
    assert emulator.delivered(bot_token, group.id) == 2


async def test_webhook_push_carries_the_secret_header(emulator: BotApiEmulator, bot_token: str) -> None:
    user = emulator.user(bot_token, 1008, "Mila")
    app = echo_bot(emulator, bot_token)
    async with webhook(app, secret_token="geheim-123") as url:
        hook = emulator.webhook(bot_token)
        assert hook is not None and hook.url == url and hook.secret_token == "geheim-123"
        await emulator.send_text(bot_token, user, "via webhook")
        [reply] = await emulator.wait_for_bot_messages(bot_token, user.id)
        async with aiohttp.ClientSession() as session, session.post(url, json={"update_id": 1}) as response:
            refused = response.status
        with pytest.raises(Conflict):
            await app.bot.get_updates()
    assert reply.text == "Je zei: via webhook"
    assert refused == 403  # python-telegram-bot refuses a push without the secret header


async def test_failed_webhook_push_is_retried_and_reported(emulator: BotApiEmulator, bot: Bot) -> None:
    token = bot.token
    user = emulator.user(token, 1009, "Ines")
    await bot.set_webhook("http://127.0.0.1:9/nobody-listens")
    await emulator.send_text(token, user, "hallo?")
    await emulator.wait_for(token, lambda: push_failed(emulator, token))
    info = await bot.get_webhook_info()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Connection refused"
    await bot.delete_webhook()
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["hallo?"]


def push_failed(emulator: BotApiEmulator, token: str) -> bool:
    hook = emulator.webhook(token)
    return hook is not None and hook.last_error_message is not None


# ---------------------------------------------------------------- errors as Telegram sends them


async def test_injected_429_is_retry_after(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(bot.token, 1010, "Adam", started=True)
    emulator.inject(bot.token, "sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(user.id, "eerste")
    retry = caught.value.retry_after
    assert (retry.total_seconds() if isinstance(retry, dt.timedelta) else retry) == 3
    await bot.send_message(user.id, "tweede")  # the fault was for one call only
    assert [m.text for m in emulator.bot_messages(bot.token, user.id)] == ["tweede"]


async def test_blocked_user_is_forbidden(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(bot.token, 1011, "Zaid", started=True)
    emulator.block(bot.token, user.id)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(user.id, "nieuws")
    stranger = emulator.user(bot.token, 1012, "Nieuw")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(stranger.id, "hallo")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(4242, "niemand")
    emulator.unblock(bot.token, user.id)
    emulator.inject(bot.token, "sendMessage", status=403, chat_id=user.id, times=None)
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(user.id, "nog steeds niet")
    assert emulator.delivered(bot.token, user.id) == 0


async def test_too_long_text_and_callback_data_are_bad_requests(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(bot.token, 1013, "Lea", started=True)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(user.id, "a" * 4097)
    await bot.send_message(user.id, "😀" * 4096)  # the limit counts characters, not UTF-16 units
    too_much = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(user.id, "kies", reply_markup=too_much)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(user.id, "1 < 2 <b>vet", parse_mode=ParseMode.HTML)
    assert emulator.delivered(bot.token, user.id) == 1


async def test_slow_and_dropped_answers(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(bot.token, 1014, "Rayan", started=True)
    emulator.inject(bot.token, "sendMessage", drop=True)
    with pytest.raises(NetworkError):
        await bot.send_message(user.id, "verloren")
    emulator.inject(bot.token, "sendMessage", delay=1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(user.id, "te laat", read_timeout=0.2)
    await emulator.wait_for(bot.token, lambda: emulator.delivered(bot.token, user.id) == 1)
    assert [m.text for m in emulator.bot_messages(bot.token, user.id)] == ["te laat"]


async def test_unknown_method_is_recorded(emulator: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTeleport", api_kwargs={"chat_id": 1})
    assert emulator.unknown_methods(bot.token) == ["sendTeleport"]


async def test_commands_per_language_and_scope(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(bot.token, 1015, "Hiba", language_code="ar")
    await bot.set_my_commands([BotCommand("start", "Begin")])
    await bot.set_my_commands([BotCommand("start", "ابدأ")], language_code="ar")
    await bot.set_my_commands([BotCommand("taal", "Taal")], scope=BotCommandScopeAllPrivateChats())
    assert [c.description for c in await bot.get_my_commands(language_code="ar")] == ["ابدأ"]
    assert [c.description for c in emulator.commands_for(bot.token, user.id, "ar")] == ["Taal"]
    await bot.delete_my_commands(scope=BotCommandScopeAllPrivateChats())
    assert [c.description for c in emulator.commands_for(bot.token, user.id, "ar")] == ["ابدأ"]
    assert [c.description for c in emulator.commands_for(bot.token, user.id, "fr")] == ["Begin"]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Start!", "x")])


async def test_a_chat_scope_wins_over_all_private_chats_for_that_chat_only(
    emulator: BotApiEmulator, bot: Bot,
) -> None:
    staff = emulator.user(bot.token, 1018, "Sara")
    pupil = emulator.user(bot.token, 1019, "Ali", language_code="ar")
    await bot.set_my_commands([BotCommand("start", "Begin")], scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands([BotCommand("kamp", "Kamplijst"), BotCommand("start", "Begin")],
                              scope=BotCommandScopeChat(staff.id))
    assert [c.command for c in emulator.commands_for(bot.token, staff.id, "ar")] == ["kamp", "start"]
    assert [c.command for c in emulator.commands_for(bot.token, pupil.id, "ar")] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(staff.id))] == [
        "kamp", "start"]
    await bot.delete_my_commands(scope=BotCommandScopeChat(staff.id))
    assert [c.command for c in emulator.commands_for(bot.token, staff.id)] == ["start"]
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("kamp", "x")], scope=BotCommandScopeChat(424242))


async def test_messages_that_are_not_text_reach_the_bot(emulator: BotApiEmulator, bot_token: str) -> None:
    user = emulator.user(bot_token, 1017, "Bilal", language_code="ps")
    seen: list[Update] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)

    app = emulator.application_builder(bot_token).build()
    app.add_handler(TypeHandler(Update, record))
    async with polling(app):
        await emulator.send_voice(bot_token, user, duration=4)
        await emulator.send_sticker(bot_token, user, "🎉")
        await emulator.send_location(bot_token, user, 50.85, 4.35)
        await emulator.send_contact(bot_token, user, "+32470000000", "Bilal", user_id=user.id)
        await emulator.send_video(bot_token, user)
        typed = await emulator.send_text(bot_token, user, "kamp")
        await emulator.edit_text(bot_token, user, typed, "kamp?")
        await emulator.wait_for(bot_token, lambda: len(seen) == 7)
    voice, sticker, location, contact, video, text, edited = seen
    assert voice.message is not None and voice.message.voice is not None
    assert voice.message.voice.mime_type == "audio/ogg"
    assert sticker.message is not None and sticker.message.sticker is not None
    assert sticker.message.sticker.emoji == "🎉"
    assert location.message is not None and location.message.location is not None
    assert contact.message is not None and contact.message.contact is not None
    assert contact.message.contact.user_id == user.id
    assert video.message is not None and video.message.video is not None
    assert text.message is not None and edited.edited_message is not None
    assert edited.edited_message.message_id == text.message.message_id
    assert edited.edited_message.text == "kamp?"
    assert [u.update_id for u in seen] == sorted(u.update_id for u in seen)


async def test_copy_hides_and_forward_shows_the_author(emulator: BotApiEmulator, bot: Bot) -> None:
    pupil = emulator.user(bot.token, 1018, "Yara", started=True)
    staff = emulator.user(bot.token, 1019, "Sara")
    staff_chat = emulator.group(bot.token, title="Jeugdwerkers", members=[staff])
    emulator.bot(bot.token, privacy_mode=False)
    answer = await emulator.send_text(bot.token, staff, "Ja, je mag mee!", chat=staff_chat)
    await bot.copy_message(pupil.id, staff_chat.id, answer.message_id)
    await bot.forward_message(pupil.id, staff_chat.id, answer.message_id)
    copied, forwarded = emulator.bot_messages(bot.token, pupil.id)
    assert copied.text == forwarded.text == "Ja, je mag mee!"
    assert copied.message.forward_origin is None
    assert forwarded.message.forward_origin is not None
    with pytest.raises(BadRequest, match=r"(?i)message to copy not found"):
        await bot.copy_message(pupil.id, staff_chat.id, 999)


async def test_flood_limits_when_asked_for(emulator: BotApiEmulator, bot: Bot) -> None:
    first = emulator.user(bot.token, 1020, "Een", started=True)
    second = emulator.user(bot.token, 1021, "Twee", started=True)
    emulator.limit_flood(bot.token, per_chat_per_second=1.0)
    await bot.send_message(first.id, "1")
    with pytest.raises(RetryAfter):
        await bot.send_message(first.id, "2")  # a second message to the same chat within a second
    await bot.send_message(second.id, "1")  # another chat is not held back
    assert emulator.delivered_counts(bot.token) == {first.id: 1, second.id: 1}


async def test_polling_semantics(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.user(bot.token, 1022, "Noor")
    state = emulator.state(bot.token)
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await emulator.wait_for(bot.token, lambda: state.poll_generation == 1)
    async with Bot(bot.token, base_url=emulator.base_url()) as second_instance:
        await second_instance.get_updates(timeout=0)  # a second bot process polls too
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await waiting
    await emulator.send_text(bot.token, user, "een")
    [update] = await bot.get_updates(timeout=5)
    await emulator.send_text(bot.token, user, "twee")
    assert [u.update_id for u in await bot.get_updates(offset=update.update_id + 1)] == [update.update_id + 1]
    await emulator.redeliver(bot.token, update.update_id)
    again = await bot.get_updates(timeout=0)  # as a restarted bot that forgot its offset
    assert [u.update_id for u in again] == [update.update_id, update.update_id + 1]
    assert emulator.pending_updates(bot.token) == 2
    assert await bot.get_updates(offset=again[-1].update_id + 1, timeout=0) == ()
    emulator.restart_update_numbering(bot.token, 1)
    await emulator.send_text(bot.token, user, "drie")
    restarted = await bot.get_updates(timeout=0)
    assert [u.update_id for u in restarted] == [1]  # lower than ids the bot already handled


# ---------------------------------------------------------------- as a separate process


async def test_emulator_as_a_process_driven_remotely(bot_token: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.emulator", "--port", "0", stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        url = line.strip().rsplit(" ", 1)[-1]
        async with RemoteEmulator(url) as emu:
            user = await emu.user(bot_token, 1016, "Rania")
            app = Application.builder().token(bot_token).base_url(emu.base_url()).build()
            app.add_handler(MessageHandler(filters.TEXT, echo))
            async with polling(app):
                await emu.send_text(bot_token, user, "van ver")
                [reply] = await emu.wait_for_bot_messages(bot_token, user.id)
            assert reply.text == "Je zei: van ver"
            assert reply.buttons == ["Nog eens"]
            assert await emu.delivered(bot_token, user.id) == 1
    finally:
        process.terminate()
        await process.wait()
