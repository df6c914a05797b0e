"""copyMessage and forwardMessage: passing a message on, with or without its origin.

Staff replies are relayed to pupils this way; copyMessage hides who wrote the
original, forwardMessage shows it (``forward_origin``).
"""

from __future__ import annotations

from typing import Any

from telegram import Message, MessageId, MessageOriginUser

from .errors import bad_request
from .markup import format_text
from .messages import message_json
from .methods import Call, find_chat, method, send, writable_chat
from .state import ChatState

CONTENT = (
    "text", "entities", "document", "photo", "voice", "sticker", "video", "audio",
    "animation", "location", "venue", "contact", "caption", "caption_entities",
)  # fmt: skip


def source_message(call: Call, action: str) -> tuple[ChatState, Message]:
    """The message in ``from_chat_id`` / ``message_id`` that is copied or forwarded."""
    params = call.params
    chat = find_chat(call.state, params.get_chat_id("from_chat_id"))
    if chat is None:
        raise bad_request("chat not found")
    message = chat.messages.get(params.get_int("message_id") or 0)
    if message is None:
        raise bad_request(f"message to {action} not found")
    return chat, message


def content_of(message: Message) -> dict[str, Any]:
    """The parts of a message that travel with a copy, as Message keyword arguments."""
    data = message_json(message)
    kept = {key: data[key] for key in CONTENT if key in data}
    if not kept or set(kept) <= {"caption", "caption_entities"}:
        raise bad_request("message can't be copied")
    rebuilt = Message.de_json({**kept, "message_id": 0, "date": 0, "chat": data["chat"]}, None)
    return {key: getattr(rebuilt, key) for key in kept}


@method("copyMessage")
async def copy_message(call: Call) -> Any:
    """A copy without a link to the original; returns only the new MessageId."""
    target = writable_chat(call.state, call.params)
    _, original = source_message(call, "copy")
    content = content_of(original)
    new_caption = call.params.get_str("caption")
    if new_caption is not None and "text" not in content:
        formatted = format_text(new_caption, call.params.get_str("parse_mode"), None, 1024)
        content["caption"] = formatted.text or None
        content["caption_entities"] = formatted.entities or None
    sent = send(call, target, "copyMessage", **content)
    return MessageId(sent["message_id"]).to_dict()


@method("forwardMessage")
async def forward_message(call: Call) -> Any:
    """A forward that shows who wrote the original."""
    target = writable_chat(call.state, call.params)
    _, original = source_message(call, "forward")
    origin = MessageOriginUser(original.date, original.from_user) if original.from_user else None
    return send(call, target, "forwardMessage", forward_origin=origin, **content_of(original))
