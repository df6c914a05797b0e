"""Bot API error bodies exactly as Telegram sends them.

python-telegram-bot picks its exception class from the HTTP status and reads
``parameters.retry_after``; bots log or compare the ``description``.  So every
error here carries the real status, the real description and, where Telegram
sends them, the real parameters.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API failure, answered as ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    """400 with Telegram's ``Bad Request:`` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """403 with Telegram's ``Forbidden:`` prefix."""
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 flood-wait, with ``parameters.retry_after`` as python-telegram-bot reads it."""
    return ApiError(
        429,
        f"Too Many Requests: retry after {retry_after}",
        {"retry_after": retry_after},
    )


def conflict(detail: str) -> ApiError:
    """409, e.g. two getUpdates at once or getUpdates while a webhook is set."""
    return ApiError(409, f"Conflict: {detail}")


NOT_FOUND = ApiError(404, "Not Found")
UNAUTHORIZED = ApiError(401, "Unauthorized")
CHAT_NOT_FOUND = "chat not found"
BLOCKED_BY_USER = "bot was blocked by the user"
USER_DEACTIVATED = "user is deactivated"
CANT_INITIATE = "bot can't initiate conversation with a user"
MESSAGE_TOO_LONG = "message is too long"
CAPTION_TOO_LONG = "message caption is too long"
TEXT_EMPTY = "message text is empty"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
MESSAGE_TO_EDIT_NOT_FOUND = "message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "message to delete not found"
MESSAGE_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"
WEBHOOK_ACTIVE = (
    "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
TERMINATED_BY_OTHER = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)


def kicked_description(chat_type: str) -> str:
    """What Telegram says when the bot writes to a chat it was removed from or blocked in."""
    if chat_type == "private":
        return BLOCKED_BY_USER
    if chat_type == "group":
        return "bot was kicked from the group chat"
    if chat_type == "channel":
        return "bot was kicked from the channel chat"
    return "bot was kicked from the supergroup chat"
