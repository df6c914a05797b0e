"""The core's names for Telegram users and chats (``tg:<id>``), without importing Telegram.

Why a module of its own: the composition root names the staff from ``MAATJE_STAFF_IDS``
with these keys, and a command such as ``maatje ask`` should not pay for importing
python-telegram-bot to do so.
"""

from __future__ import annotations

PREFIX = "tg:"


def user_key(user_id: int) -> str:
    return f"{PREFIX}{user_id}"


def chat_key(chat_id: int) -> str:
    return f"{PREFIX}{chat_id}"


def chat_id_of(key: str) -> int:
    """The Telegram chat id behind a ``tg:`` chat key."""
    return int(key.removeprefix(PREFIX))
