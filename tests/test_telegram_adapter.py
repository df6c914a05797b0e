"""The Telegram adapter's translation, without a network: which updates reach Maatje, and how."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import (
    Chat,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    Sticker,
    Update,
    User,
)

from bot.core.messages import Button, Kind, Reply
from bot.telegram.translate import (
    BotIdentity,
    incoming_from_update,
    markup_for,
    split_text,
    utf16_length,
    without_mention,
)

ME = BotIdentity(999, "MaatjeBot")
BOT = User(999, "Maatje", True, username="MaatjeBot")
PUPIL = User(7, "Amal", False, language_code="ar")
PRIVATE = Chat(7, Chat.PRIVATE)
CLASS = Chat(-100123, Chat.SUPERGROUP, title="OKAN 3A")
NOW = datetime(2025, 5, 1, 10, 0, tzinfo=UTC)


def message(text: str | None, chat: Chat = PRIVATE, **extra: object) -> Message:
    return Message(1, NOW, chat, from_user=PUPIL, text=text, **extra)  # type: ignore[arg-type]


def mention(text: str, word: str) -> list[MessageEntity]:
    return [MessageEntity(MessageEntity.MENTION, text.index(word), len(word))]


def test_private_text_keeps_the_phone_language() -> None:
    incoming = incoming_from_update(Update(1, message=message("hallo")), ME)
    assert incoming is not None
    assert (incoming.kind, incoming.text, incoming.language_hint, incoming.in_group) == (
        Kind.TEXT, "hallo", "ar", False)


def test_group_message_without_mention_is_left_alone() -> None:
    update = Update(1, message=message("wanneer is het kamp", CLASS))
    assert incoming_from_update(update, ME) is None


def test_group_mention_is_answered_without_the_name_or_phone_language() -> None:
    text = "@MaatjeBot wanneer is het kamp"
    update = Update(1, message=message(text, CLASS, entities=mention(text, "@MaatjeBot")))
    incoming = incoming_from_update(update, ME)
    assert incoming is not None
    assert (incoming.text, incoming.in_group, incoming.language_hint) == (
        "wanneer is het kamp", True, None)


def test_group_reply_to_maatje_is_answered() -> None:
    ours = Message(5, NOW, CLASS, from_user=BOT, text="Hallo allemaal")
    update = Update(1, message=message("en de paklijst?", CLASS, reply_to_message=ours))
    incoming = incoming_from_update(update, ME)
    assert incoming is not None and incoming.text == "en de paklijst?"


def test_group_command_for_another_bot_is_left_alone() -> None:
    text = "/start@OtherBot"
    entities = [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text))]
    assert incoming_from_update(Update(1, message=message(text, CLASS, entities=entities)), ME) is None
    mine = "/start@MaatjeBot"
    entities = [MessageEntity(MessageEntity.BOT_COMMAND, 0, len(mine))]
    incoming = incoming_from_update(Update(1, message=message(mine, CLASS, entities=entities)), ME)
    assert incoming is not None and (incoming.kind, incoming.text) == (Kind.COMMAND, "/start")


def test_edited_text_is_answered_as_the_corrected_question() -> None:
    incoming = incoming_from_update(Update(2, edited_message=message("wat neem ik mee")), ME)
    assert incoming is not None and incoming.text == "wat neem ik mee"
    sticker = Sticker("f", "u", 512, 512, False, False, "regular")
    edited_media = Update(3, edited_message=message(None, sticker=sticker))
    assert incoming_from_update(edited_media, ME) is None


def test_sticker_is_recognised() -> None:
    sticker = Sticker("f", "u", 512, 512, False, False, "regular")
    incoming = incoming_from_update(Update(1, message=message(None, sticker=sticker)), ME)
    assert incoming is not None and incoming.kind is Kind.STICKER


def test_mention_removal() -> None:
    assert without_mention("@maatjebot, hoe laat?", ME) == ", hoe laat?"
    assert without_mention("/start@MaatjeBot kamp-ar", ME) == "/start kamp-ar"
    assert without_mention("vraag voor @MaatjeBot", ME) == "vraag voor"


def test_long_answers_are_split_under_the_limit_at_line_ends() -> None:
    line = "🎒 Neem een slaapzak mee naar het kamp."
    text = "\n".join([line] * 300)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(utf16_length(part) <= 4096 for part in parts)
    assert all(part.endswith("kamp.") for part in parts)
    assert "\n".join(parts) == text


def test_a_word_longer_than_the_limit_is_cut() -> None:
    parts = split_text("x" * 9000)
    assert [len(part) for part in parts] == [4096, 4096, 808]


def test_language_picker_buttons_in_two_columns_and_menu_only_in_private() -> None:
    reply = Reply("Kies", buttons=tuple(Button(str(n), f"lang:{n}") for n in range(5)), columns=2)
    markup = markup_for(reply)
    assert isinstance(markup, InlineKeyboardMarkup)
    assert [len(row) for row in markup.inline_keyboard] == [2, 2, 1]
    menu = Reply("Klaar", menu=("a", "b", "c"))
    assert isinstance(markup_for(menu), ReplyKeyboardMarkup)
    assert markup_for(menu, in_group=True) is None
