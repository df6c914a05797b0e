"""Building messages the way Telegram shapes them, with python-telegram-bot's classes.

Both directions go through here: messages the bot sends (validated like the Bot
API validates them) and messages users send (shaped like a client sends them).
"""

from __future__ import annotations

import datetime as dtm
from typing import Any

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from .errors import BUTTON_DATA_INVALID, bad_request
from .params import Params
from .state import AnyMarkup, BotMessage, ChatState

INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip
SERVICE_FLAGS = (
    "channel_chat_created",
    "delete_chat_photo",
    "group_chat_created",
    "supergroup_chat_created",
)


def now() -> dtm.datetime:
    """Telegram dates are whole seconds."""
    return dtm.datetime.now(dtm.UTC).replace(microsecond=0)


def message_json(message: Message) -> dict[str, Any]:
    """A message as the Bot API sends it: without the false service flags PTB adds."""
    data = message.to_dict()
    for flag in SERVICE_FLAGS:
        if data.get(flag) is False:
            del data[flag]
    return data


def without_reply(message: Message) -> Message:
    """Telegram nests a replied-to message one level deep only."""
    data = message_json(message)
    data.pop("reply_to_message", None)
    return Message.de_json(data, None)


def parse_reply_markup(raw: Any) -> AnyMarkup | None:
    """The ``reply_markup`` parameter as an object, validated like Telegram validates it."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        _check_inline_keyboard(raw["inline_keyboard"])
        return InlineKeyboardMarkup.de_json(raw, None)
    if "keyboard" in raw:
        return _reply_keyboard(raw)
    if raw.get("remove_keyboard"):
        return ReplyKeyboardRemove.de_json(raw, None)
    if raw.get("force_reply"):
        return ForceReply.de_json(raw, None)
    raise bad_request("can't parse reply keyboard markup JSON object")


def _reply_keyboard(raw: dict[str, Any]) -> ReplyKeyboardMarkup:
    rows = raw["keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    buttons = [[KeyboardButton.de_json(_keyboard_button(b), None) for b in row] for row in rows]
    return ReplyKeyboardMarkup(
        buttons,
        resize_keyboard=raw.get("resize_keyboard"),
        one_time_keyboard=raw.get("one_time_keyboard"),
        selective=raw.get("selective"),
        input_field_placeholder=raw.get("input_field_placeholder"),
        is_persistent=raw.get("is_persistent"),
    )


def _keyboard_button(button: Any) -> dict[str, Any]:
    if isinstance(button, str):
        return {"text": button}
    if isinstance(button, dict) and isinstance(button.get("text"), str):
        return button
    raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('can\'t parse inline keyboard: Field "inline_keyboard" must be an Array')
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    actions = [name for name in INLINE_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if "callback_data" in button and (not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64):
        raise bad_request(BUTTON_DATA_INVALID)
    if not str(button["text"]).strip():
        raise bad_request("BUTTON_TEXT_INVALID")


def reply_target(chat: ChatState, params: Params) -> Message | None:
    """The message a bot's message replies to, from reply_parameters or reply_to_message_id."""
    raw = params.get_json("reply_parameters")
    if isinstance(raw, dict):
        target = raw.get("message_id")
        allow = bool(raw.get("allow_sending_without_reply"))
    else:
        target = params.get_int("reply_to_message_id")
        allow = params.get_bool("allow_sending_without_reply")
    if target is None:
        return None
    message = chat.messages.get(int(target))
    if message is None:
        if allow:
            return None
        raise bad_request("message to be replied not found")
    return without_reply(message)


def link_preview(params: Params) -> LinkPreviewOptions | None:
    """link_preview_options as given, or the old disable_web_page_preview flag."""
    raw = params.get_json("link_preview_options")
    if isinstance(raw, dict):
        return LinkPreviewOptions.de_json(raw, None)
    if params.get_bool("disable_web_page_preview"):
        return LinkPreviewOptions(is_disabled=True)
    return None


def deliver(
    chat: ChatState,
    message: Message,
    method: str,
    markup: AnyMarkup | None,
    parse_mode: str | None,
) -> BotMessage:
    """Put a bot message into the user's chat and remember what the user now sees."""
    sent = BotMessage(message, method, markup, parse_mode)
    chat.messages[message.message_id] = message
    chat.bot_messages.append(sent)
    chat.delivered += 1
    if isinstance(markup, ReplyKeyboardMarkup):
        chat.reply_keyboard = markup
    elif isinstance(markup, ReplyKeyboardRemove):
        chat.reply_keyboard = None
    return sent


def inline_only(markup: AnyMarkup | None) -> InlineKeyboardMarkup | None:
    """Only inline keyboards are part of a Message; reply keyboards live in the client."""
    return markup if isinstance(markup, InlineKeyboardMarkup) else None
