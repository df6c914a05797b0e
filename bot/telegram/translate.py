"""Translate Telegram updates into neutral messages, and neutral replies into Bot API calls.

Only translation lives here: which updates are meant for Maatje (in a group: only a
mention or a reply to Maatje), what kind of message it is, and how a :class:`Reply`
becomes messages (split under Telegram's limit, keyboards, pins, files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType

from bot.core.messages import Attachment, Button, Incoming, Kind, Outcome, Reply
from bot.telegram.keys import chat_key, user_key

MESSAGE_LIMIT = 4096
MENU_COLUMNS = 2
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup


@dataclass(frozen=True)
class BotIdentity:
    """Who Maatje is in Telegram, to recognise a mention or a reply in a group."""

    id: int
    username: str

    @property
    def mention(self) -> str:
        return f"@{self.username}".lower()


def incoming_from_update(update: Update, me: BotIdentity) -> Incoming | None:
    """The neutral message behind an update, or ``None`` for updates Maatje leaves alone."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or user.is_bot or chat is None or chat.type == ChatType.CHANNEL:
        return None
    group = chat.type in GROUPS
    hint = None if group else user.language_code  # a phone's language is personal
    key = user_key(user.id)
    base = Incoming(key, language_hint=hint, first_name=None if group else user.first_name,
                    chat_key=chat_key(chat.id), in_group=group)
    if update.callback_query is not None:
        return replace(base, kind=Kind.BUTTON, payload=update.callback_query.data or "")
    message = update.message or update.edited_message
    if message is None or (update.edited_message is not None and not message.text):
        return None
    if group and not addressed_to(message, me):
        return None
    quoted = replied_bot_text(message, me.id)
    text = message.text
    if group and text:
        text = without_mention(text, me) or "/start"  # a bare mention: say how to ask
    if text is not None:
        kind = Kind.COMMAND if text.startswith("/") else Kind.TEXT
        return replace(base, kind=kind, text=text, reply_to_text=quoted)
    return replace(base, kind=message_kind(message), text=message.caption or "",
                   reply_to_text=quoted, attachment=attachment_of(message))


def addressed_to(message: Message, me: BotIdentity) -> bool:
    """In a group: a reply to Maatje, a mention of Maatje, or a command ending in @Maatje."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == me.id:
        return True
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    for entity, value in entities.items():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == me.id:
            return True
        if entity.type == MessageEntity.MENTION and value.lower() == me.mention:
            return True
        if entity.type == MessageEntity.BOT_COMMAND and value.lower().endswith(me.mention):
            return True
    return False


def without_mention(text: str, me: BotIdentity) -> str:
    """``"@MaatjeBot wanneer is het kamp"`` → ``"wanneer is het kamp"``; ``/start@MaatjeBot`` → ``/start``."""
    pattern = re.compile(rf"@{re.escape(me.username)}\b", re.IGNORECASE)
    return " ".join(pattern.sub(" ", text).split())


def replied_bot_text(message: Message, bot_id: int | None) -> str | None:
    """The text of Maatje's own message this one replies to (a staff reply to a notice)."""
    replied = message.reply_to_message
    if replied is None or bot_id is None or replied.from_user is None:
        return None
    if replied.from_user.id != bot_id:
        return None
    return replied.text or replied.caption or ""


def attachment_of(message: Message) -> Attachment | None:
    """A photo or document sent along, by file id (staff announcements)."""
    if message.photo:
        return Attachment("photo", message.photo[-1].file_id)
    if message.document:
        return Attachment("document", message.document.file_id)
    return None


def message_kind(message: Message) -> Kind:
    """What kind of non-text message a person sent."""
    if message.voice or message.audio:
        return Kind.VOICE
    if message.sticker:
        return Kind.STICKER
    if message.photo:
        return Kind.PHOTO
    if message.video or message.video_note or message.animation:
        return Kind.VIDEO
    if message.location or message.venue:
        return Kind.LOCATION
    if message.contact:
        return Kind.CONTACT
    return Kind.OTHER


def utf16_length(text: str) -> int:
    """Telegram measures text in UTF-16 code units: an emoji counts twice."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long answer into messages under Telegram's limit, at paragraph, line or word ends."""
    chunks: list[str] = []
    rest = text.strip()
    while utf16_length(rest) > limit:
        cut = _cut(rest, _fitting_prefix(rest, limit))
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return [chunk for chunk in chunks if chunk]


def _cut(text: str, fits: int) -> int:
    """Where to cut: the last paragraph end, else line end, else space in the second half."""
    for separator in ("\n\n", "\n", " "):
        cut = text.rfind(separator, 0, fits)
        if cut > fits // 2:
            return cut
    return fits


def _fitting_prefix(text: str, limit: int) -> int:
    """The number of characters of ``text`` that fit in ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def markup_for(reply: Reply, in_group: bool = False) -> Markup | None:
    """Inline buttons under the message; else the persistent main menu (never in a group)."""
    if reply.buttons:
        columns = max(reply.columns, 1)
        buttons = [_inline_button(b) for b in reply.buttons]
        return InlineKeyboardMarkup([buttons[i : i + columns] for i in range(0, len(buttons), columns)])
    if reply.menu and not in_group:
        menu = list(reply.menu)
        rows = [menu[i : i + MENU_COLUMNS] for i in range(0, len(menu), MENU_COLUMNS)]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)
    return None


def _inline_button(button: Button) -> InlineKeyboardButton:
    if button.url:
        return InlineKeyboardButton(button.label, url=button.url)
    return InlineKeyboardButton(button.label, callback_data=button.payload)


async def send_outcome(
    bot: Bot, chat_id: int, outcome: Outcome, *, in_group: bool = False, reply_to: int | None = None
) -> None:
    """Send every reply; text is plain (never parsed as markup), the keyboard on its last part."""
    answer_to = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    for reply in outcome.replies:
        await send_reply(bot, chat_id, reply, markup_for(reply, in_group), answer_to)
        answer_to = None


async def send_reply(
    bot: Bot, chat_id: int, reply: Reply, markup: Markup | None, answer_to: ReplyParameters | None
) -> None:
    """One reply: its text (in parts), then its map pin, then its file; markup on the last."""
    chunks = split_text(reply.text) if reply.text else []
    attachments = int(reply.venue is not None) + int(reply.document is not None)
    for number, chunk in enumerate(chunks, start=1):
        last = number == len(chunks) and not attachments
        await bot.send_message(chat_id, chunk, reply_markup=markup if last else None,
                               reply_parameters=answer_to)
        answer_to = None
    if reply.venue is not None:
        venue = reply.venue
        await bot.send_venue(chat_id, venue.latitude, venue.longitude, venue.title, venue.address,
                             reply_markup=markup if reply.document is None else None,
                             reply_parameters=answer_to)
        answer_to = None
    if reply.document is not None:
        await send_document(bot, chat_id, reply, markup, answer_to)


async def send_document(
    bot: Bot, chat_id: int, reply: Reply, markup: Markup | None, answer_to: ReplyParameters | None
) -> None:
    """A picture is shown as a photo; any other file as a document."""
    document = reply.document
    assert document is not None
    caption = document.caption or None
    if document.mime_type.startswith("image/"):
        await bot.send_photo(chat_id, document.data, caption=caption, filename=document.filename,
                             reply_markup=markup, reply_parameters=answer_to)
        return
    await bot.send_document(chat_id, document.data, filename=document.filename, caption=caption,
                            reply_markup=markup, reply_parameters=answer_to)
