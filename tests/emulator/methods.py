"""Bot API methods that send, edit and delete messages, and the bot's settings.

Each handler takes a ``Call`` and returns the ``result`` part of the answer, or
raises ``ApiError`` with Telegram's status and description.  The update methods
(getUpdates, webhooks) live in ``updates.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from telegram import (
    AcceptedGiftTypes,
    BotCommand,
    ChatFullInfo,
    Document,
    File,
    InlineKeyboardMarkup,
    Location,
    Message,
    Venue,
)

from . import errors
from .errors import ApiError, bad_request, forbidden
from .files import input_file, photo_sizes
from .markup import FormattedText, format_text
from .messages import (
    deliver,
    inline_only,
    link_preview,
    message_json,
    now,
    parse_reply_markup,
    reply_target,
)
from .params import Params
from .state import BotMessage, BotState, ChatState


class Host(Protocol):
    """What handlers need from the server around them."""

    closing: bool

    def webhook_changed(self, state: BotState) -> None:
        """Start or stop pushing updates after setWebhook/deleteWebhook."""


@dataclass
class Call:
    """One Bot API call being answered."""

    state: BotState
    params: Params
    host: Host


Handler = Callable[[Call], Awaitable[Any]]
METHODS: dict[str, Handler] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler; Bot API method names are case-insensitive."""

    def register(handler: Handler) -> Handler:
        for name in names:
            METHODS[name.lower()] = handler
        return handler

    return register


# ---------------------------------------------------------------- chats


def find_chat(state: BotState, chat_id: int | str) -> ChatState | None:
    """A chat by id or by ``@username``."""
    if isinstance(chat_id, int):
        return state.chats.get(chat_id)
    name = chat_id.removeprefix("@").lower()
    for chat in state.chats.values():
        if (chat.chat.username or "").lower() == name:
            return chat
    return None


def known_chat(state: BotState, params: Params) -> ChatState:
    """The chat in ``chat_id``; 400 chat not found if the bot never met it."""
    chat = find_chat(state, params.get_chat_id())
    if chat is None:
        raise bad_request(errors.CHAT_NOT_FOUND)
    return chat


def writable_chat(state: BotState, params: Params) -> ChatState:
    """A chat the bot may write to now: not blocked, and a private chat the user started."""
    chat = known_chat(state, params)
    if chat.blocked:
        raise forbidden(chat.blocked)
    if chat.chat.type == "private" and not chat.started:
        raise forbidden(errors.CANT_INITIATE)
    return chat


def caption(params: Params) -> FormattedText | None:
    """A media caption, parsed and held to Telegram's 1024-character limit."""
    text = params.get_str("caption")
    if not text:
        return None
    entities = params.get_json("caption_entities")
    return format_text(text, params.get_str("parse_mode"), entities, 1024, errors.CAPTION_TOO_LONG)


def send(call: Call, chat: ChatState, method_name: str, **content: Any) -> dict[str, Any]:
    """Create, deliver and return a bot message with the common send parameters."""
    params = call.params
    markup = parse_reply_markup(params.get_json("reply_markup"))
    message = Message(
        chat.new_message_id(),
        now(),
        chat.chat,
        from_user=call.state.bot_user,
        reply_to_message=reply_target(chat, params),
        reply_markup=inline_only(markup),
        **content,
    )
    deliver(chat, message, method_name, markup, params.get_str("parse_mode"))
    call.state.notify()
    return message_json(message)


# ---------------------------------------------------------------- identity


@method("getMe")
async def get_me(call: Call) -> Any:
    """The bot's own user."""
    return call.state.bot_user.to_dict()


@method("logOut", "close")
async def log_out(call: Call) -> Any:
    """Harmless here: nothing to log out of."""
    return True


# ---------------------------------------------------------------- sending


@method("sendMessage")
async def send_message(call: Call) -> Any:
    """A text message, with parse_mode, entities, keyboards and reply parameters."""
    params = call.params
    chat = writable_chat(call.state, params)
    source = params.get_str("text") or ""
    formatted = format_text(source, params.get_str("parse_mode"), params.get_json("entities"))
    if not formatted.text:
        raise bad_request(errors.TEXT_EMPTY)
    return send(
        call,
        chat,
        "sendMessage",
        text=formatted.text,
        entities=formatted.entities or None,
        link_preview_options=link_preview(params),
    )


@method("sendDocument")
async def send_document(call: Call) -> Any:
    """A document: an upload or a file_id, with its name, type and caption kept."""
    chat = writable_chat(call.state, call.params)
    text = caption(call.params)
    stored = input_file(call.state, call.params, "document", "document")
    document = Document(
        stored.file_id,
        stored.file_unique_id,
        file_name=stored.filename,
        mime_type=stored.mime_type,
        file_size=len(stored.data),
    )
    return send(
        call,
        chat,
        "sendDocument",
        document=document,
        caption=text.text if text else None,
        caption_entities=(text.entities or None) if text else None,
    )


@method("sendPhoto")
async def send_photo(call: Call) -> Any:
    """A photo, answered with Telegram's size variants."""
    chat = writable_chat(call.state, call.params)
    text = caption(call.params)
    stored = input_file(call.state, call.params, "photo", "photo")
    return send(
        call,
        chat,
        "sendPhoto",
        photo=photo_sizes(call.state, stored),
        caption=text.text if text else None,
        caption_entities=(text.entities or None) if text else None,
    )


def coordinates(params: Params) -> Location:
    """latitude/longitude, checked for range like Telegram does."""
    latitude = params.get_float("latitude")
    longitude = params.get_float("longitude")
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        raise bad_request("wrong latitude/longitude specified")
    return Location(
        longitude,
        latitude,
        horizontal_accuracy=params.get_float("horizontal_accuracy"),
        live_period=params.get_int("live_period"),
        heading=params.get_int("heading"),
        proximity_alert_radius=params.get_int("proximity_alert_radius"),
    )


@method("sendLocation")
async def send_location(call: Call) -> Any:
    """A map point."""
    chat = writable_chat(call.state, call.params)
    return send(call, chat, "sendLocation", location=coordinates(call.params))


@method("sendVenue")
async def send_venue(call: Call) -> Any:
    """A venue: map pin with title and address (the message also carries the location)."""
    params = call.params
    chat = writable_chat(call.state, params)
    location = coordinates(params)
    venue = Venue(
        Location(location.longitude, location.latitude),
        params.required_str("title"),
        params.required_str("address"),
        foursquare_id=params.get_str("foursquare_id"),
        foursquare_type=params.get_str("foursquare_type"),
        google_place_id=params.get_str("google_place_id"),
        google_place_type=params.get_str("google_place_type"),
    )
    return send(call, chat, "sendVenue", venue=venue, location=venue.location)


CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice",
    "upload_voice", "upload_document", "choose_sticker", "find_location",
    "record_video_note", "upload_video_note",
}  # fmt: skip


@method("sendChatAction")
async def send_chat_action(call: Call) -> Any:
    """'typing…' and friends: only checked and logged."""
    writable_chat(call.state, call.params)
    if call.params.get_str("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


# ---------------------------------------------------------------- editing


def edited_message(call: Call) -> tuple[ChatState, BotMessage]:
    """The bot message an edit aims at, with Telegram's errors when it cannot be edited."""
    params = call.params
    if params.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = known_chat(call.state, params)
    message_id = params.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    sent = chat.bot_message(message_id)
    if sent is None or sent.deleted:
        if message_id in chat.messages:
            raise bad_request("message can't be edited")
        raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
    return chat, sent


def replace(
    chat: ChatState,
    sent: BotMessage,
    changes: dict[str, Any],
    markup: InlineKeyboardMarkup | None,
) -> dict[str, Any]:
    """Apply an edit; 'message is not modified' when nothing the user sees changes."""
    old = message_json(sent.message)
    data = {**old, **changes}
    data.pop("reply_markup", None)
    if markup is not None:
        data["reply_markup"] = markup.to_dict()
    data = {key: value for key, value in data.items() if value is not None}
    data.pop("edit_date", None)
    old.pop("edit_date", None)
    if data == old:
        raise bad_request(errors.MESSAGE_NOT_MODIFIED)
    data["edit_date"] = int(now().timestamp())
    new = Message.de_json(data, None)
    sent.history.append(sent.message)
    sent.message = new
    if markup is not None:
        sent.reply_markup = markup
    chat.messages[new.message_id] = new
    return message_json(new)


def edit_markup(params: Params) -> InlineKeyboardMarkup | None:
    """Edits only take inline keyboards."""
    markup = parse_reply_markup(params.get_json("reply_markup"))
    if markup is not None and not isinstance(markup, InlineKeyboardMarkup):
        raise bad_request("inline keyboard expected")
    return markup


@method("editMessageText")
async def edit_message_text(call: Call) -> Any:
    """New text (and keyboard: leaving reply_markup out removes the keyboard)."""
    chat, sent = edited_message(call)
    if sent.message.text is None:
        raise bad_request("there is no text in the message to edit")
    params = call.params
    formatted = format_text(
        params.get_str("text") or "",
        params.get_str("parse_mode"),
        params.get_json("entities"),
    )
    if not formatted.text:
        raise bad_request(errors.TEXT_EMPTY)
    changes = {
        "text": formatted.text,
        "entities": [e.to_dict() for e in formatted.entities] or None,
    }
    result = replace(chat, sent, changes, edit_markup(params))
    sent.parse_mode = params.get_str("parse_mode")
    call.state.notify()
    return result


@method("editMessageCaption")
async def edit_message_caption(call: Call) -> Any:
    """New caption of a media message."""
    chat, sent = edited_message(call)
    text = caption(call.params)
    changes = {
        "caption": text.text if text else None,
        "caption_entities": [e.to_dict() for e in text.entities] or None if text else None,
    }
    result = replace(chat, sent, changes, edit_markup(call.params))
    call.state.notify()
    return result


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(call: Call) -> Any:
    """New inline keyboard, or none."""
    chat, sent = edited_message(call)
    result = replace(chat, sent, {}, edit_markup(call.params))
    call.state.notify()
    return result


@method("deleteMessage")
async def delete_message(call: Call) -> Any:
    """Remove a message from the chat."""
    chat = known_chat(call.state, call.params)
    message_id = call.params.get_int("message_id")
    if message_id is None or message_id not in chat.messages:
        raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    del chat.messages[message_id]
    sent = chat.bot_message(message_id)
    if sent is not None:
        sent.deleted = True
    call.state.notify()
    return True


@method("answerCallbackQuery")
async def answer_callback_query(call: Call) -> Any:
    """Answer a button press once; a second or unknown answer is 'query is too old'."""
    params = call.params
    record = call.state.callback_queries.get(params.required_str("callback_query_id"))
    if record is None or record.answer is not None:
        raise bad_request(errors.QUERY_TOO_OLD)
    record.answer = {
        "text": params.get_str("text"),
        "show_alert": params.get_bool("show_alert"),
        "url": params.get_str("url"),
        "cache_time": params.get_int("cache_time"),
    }
    call.state.notify()
    return True


# ---------------------------------------------------------------- files and chats


@method("getFile")
async def get_file(call: Call) -> Any:
    """Where to download a file: /file/bot<token>/<file_path>."""
    stored = call.state.files.get(call.params.required_str("file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    return File(stored.file_id, stored.file_unique_id, len(stored.data), stored.file_path).to_dict()


@method("getChat")
async def get_chat(call: Call) -> Any:
    """Full information about a chat the bot knows."""
    chat = known_chat(call.state, call.params).chat
    info = ChatFullInfo(
        chat.id,
        chat.type,
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types=AcceptedGiftTypes(False, False, False, False, False),
        title=chat.title,
        username=chat.username,
        first_name=chat.first_name,
        last_name=chat.last_name,
    )
    return info.to_dict()


# ---------------------------------------------------------------- commands and menu


def scope_key(state: BotState, raw: Any) -> str:
    """A BotCommandScope as a dictionary key; validated like Telegram does. A scope of one
    chat names a chat the bot knows (by id or ``@username``), else 400 chat not found."""
    if raw is None:
        return "default"
    if not isinstance(raw, dict) or "type" not in raw:
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = raw["type"]
    if kind in {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
    }:
        return str(kind)
    if kind not in {"chat", "chat_administrators", "chat_member"}:
        raise bad_request("unsupported bot command scope type")
    chat_id = raw.get("chat_id")
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        chat_id = int(chat_id)
    chat = find_chat(state, chat_id) if isinstance(chat_id, int | str) else None
    if chat is None:
        raise bad_request(errors.CHAT_NOT_FOUND)
    if kind == "chat_member":
        return f"chat_member:{chat.chat.id}:{raw.get('user_id')}"
    return f"{kind}:{chat.chat.id}"


def command_key(call: Call) -> tuple[str, str]:
    """Where a command list is kept: scope and two-letter language code ('' for all)."""
    language = call.params.get_str("language_code") or ""
    if language and (len(language) != 2 or not language.isalpha()):
        raise bad_request("invalid language code specified")
    return scope_key(call.state, call.params.get_json("scope")), language.lower()


def parse_commands(raw: Any) -> list[BotCommand]:
    """Commands: 1-32 chars of a-z, 0-9 and _, descriptions of 1-256 characters."""
    if not isinstance(raw, list) or len(raw) > 100:
        raise bad_request("can't parse commands JSON object")
    commands = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name = str(item.get("command", "")).removeprefix("/")
        description = str(item.get("description", ""))
        valid = all(c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in name)
        if not 1 <= len(name) <= 32 or not valid:
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        commands.append(BotCommand(name, description))
    return commands


@method("setMyCommands")
async def set_my_commands(call: Call) -> Any:
    """Commands for a scope and language; an empty list removes them."""
    key = command_key(call)
    commands = parse_commands(call.params.get_json("commands"))
    if commands:
        call.state.commands[key] = commands
    else:
        call.state.commands.pop(key, None)
    call.state.notify()
    return True


@method("getMyCommands")
async def get_my_commands(call: Call) -> Any:
    """Exactly the list for this scope and language (no fallback, as in the Bot API)."""
    return [c.to_dict() for c in call.state.commands.get(command_key(call), [])]


@method("deleteMyCommands")
async def delete_my_commands(call: Call) -> Any:
    """Remove the list for this scope and language."""
    call.state.commands.pop(command_key(call), None)
    call.state.notify()
    return True


@method("setChatMenuButton")
async def set_chat_menu_button(call: Call) -> Any:
    """The menu button of one private chat, or the default one."""
    button = call.params.get_json("menu_button") or {"type": "default"}
    if not isinstance(button, dict) or button.get("type") not in {
        "default",
        "commands",
        "web_app",
    }:
        raise bad_request("can't parse menu button JSON object")
    if call.params.has("chat_id"):
        known_chat(call.state, call.params).menu_button = button
    else:
        call.state.default_menu_button = button
    return True


@method("getChatMenuButton")
async def get_chat_menu_button(call: Call) -> Any:
    """The menu button that applies to a chat."""
    button = call.state.default_menu_button
    if call.params.has("chat_id"):
        button = known_chat(call.state, call.params).menu_button or button
    return button or {"type": "commands"}


def text_setting(kind: str, limit: int) -> tuple[Handler, Handler]:
    """setMy<Kind>/getMy<Kind> for the bot's name, description and short description."""

    async def setter(call: Call) -> Any:
        value = call.params.get_str(kind) or ""
        if len(value) > limit:
            raise bad_request(f"{kind} is too long")
        language = call.params.get_str("language_code") or ""
        call.state.texts[f"{kind}:{language}"] = value
        return True

    async def getter(call: Call) -> Any:
        language = call.params.get_str("language_code") or ""
        texts = call.state.texts
        default = call.state.bot_user.first_name if kind == "name" else ""
        return {kind: texts.get(f"{kind}:{language}", texts.get(f"{kind}:", default))}

    return setter, getter


for _kind, _name, _limit in (
    ("name", "Name", 64),
    ("description", "Description", 512),
    ("short_description", "ShortDescription", 120),
):
    _setter, _getter = text_setting(_kind, _limit)
    method(f"setMy{_name}")(_setter)
    method(f"getMy{_name}")(_getter)


def api_error_for_fault(status: int, description: str | None, retry_after: int | None) -> ApiError:
    """The error an injected fault answers with, worded as Telegram words it."""
    if status == 429:
        return errors.too_many_requests(retry_after or 1)
    defaults = {
        400: f"Bad Request: {errors.CHAT_NOT_FOUND}",
        401: "Unauthorized",
        403: f"Forbidden: {errors.BLOCKED_BY_USER}",
        404: "Not Found",
        409: f"Conflict: {errors.TERMINATED_BY_OTHER}",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    return ApiError(status, description or defaults.get(status, "Internal Server Error"))
