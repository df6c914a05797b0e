"""Translate Telegram updates into neutral messages, and neutral replies into Bot API calls."""

from __future__ import annotations

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    Update,
)

from bot.core.messages import Incoming, Kind, Outcome, Reply

MESSAGE_LIMIT = 4096
MENU_COLUMNS = 2


def user_key(user_id: int) -> str:
    return f"tg:{user_id}"


def incoming_from_update(update: Update) -> Incoming | None:
    """The neutral message behind an update, or ``None`` for updates Maatje ignores."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    hint = user.language_code
    key = user_key(user.id)
    if update.callback_query is not None:
        return Incoming(key, Kind.BUTTON, payload=update.callback_query.data or "",
                        language_hint=hint)
    message = update.effective_message
    if message is None:
        return None
    if message.text:
        kind = Kind.COMMAND if message.text.startswith("/") else Kind.TEXT
        return Incoming(key, kind, text=message.text, language_hint=hint)
    return Incoming(key, message_kind(message), text=message.caption or "", language_hint=hint)


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


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long answer into messages under Telegram's limit, at paragraph or line ends."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = max(rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit), rest.rfind(" ", 0, limit))
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return [chunk for chunk in chunks if chunk] or [""]


def markup_for(reply: Reply) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """Menu entries become a persistent keyboard; buttons become inline buttons, one a row."""
    if reply.menu:
        rows = [list(reply.menu[i : i + MENU_COLUMNS]) for i in range(0, len(reply.menu), MENU_COLUMNS)]
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)
    if reply.buttons:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(button.label, callback_data=button.payload)]
             for button in reply.buttons]
        )
    return None


async def send_outcome(bot: Bot, chat_id: int, outcome: Outcome) -> None:
    """Send every reply as plain text (never parsed as markup), the keyboard on the last part."""
    for reply in outcome.replies:
        chunks = split_text(reply.text)
        for number, chunk in enumerate(chunks, start=1):
            markup = markup_for(reply) if number == len(chunks) else None
            await bot.send_message(chat_id, chunk, reply_markup=markup)
        if reply.venue is not None:
            venue = reply.venue
            await bot.send_venue(chat_id, venue.latitude, venue.longitude, venue.title,
                                 venue.address)
        if reply.document is not None:
            document = reply.document
            await bot.send_document(chat_id, document.data, filename=document.filename,
                                    caption=document.caption or None)
