"""Translate the web chat's frames into neutral messages, and outcomes into frames.

Only translation lives here, as in ``bot/telegram/translate.py``: what the page sent (a
typed text or a pressed button), the browser's language, and how a :class:`Reply` becomes
a JSON frame the page shows. The page puts every text in the page with ``textContent``:
nothing here is HTML, and nothing needs escaping.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.core.languages import base_language
from bot.core.messages import Incoming, Kind, Outcome, Reply, Venue
from bot.core.render import BLOCK_SEPARATOR
from content.loader import Content
from intents.types import CONTENT_LANGUAGES

#: Telegram's limit on a message, kept for the web: longer is refused with a short message.
MESSAGE_LIMIT = 4096
#: A button's payload is short (Telegram allows 64 bytes); anything longer is not Maatje's.
PAYLOAD_LIMIT = 256
#: A frame is at most this big (4,096 characters of 4 bytes, and the JSON around them):
#: bigger, and the server closes the socket instead of reading it.
FRAME_BYTES = 4 * MESSAGE_LIMIT + 1024
#: A file bigger than this is not sent over the socket (the packing list's picture and the
#: medical form are far smaller).
DOCUMENT_BYTES = 2_000_000
MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
LANGUAGE_RANGE = re.compile(r"\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


@dataclass(frozen=True)
class TooLong:
    """A typed message over :data:`MESSAGE_LIMIT`: answered with ``web.too_long``."""


def language_hint(accept_language: str | None) -> str | None:
    """The browser's Accept-Language plays the part of Telegram's ``language_code``: the
    most preferred content language, else the most preferred language at all."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        found = LANGUAGE_RANGE.fullmatch(part)
        if found is None or found.group(1) == "*":
            continue
        try:
            weight = float(found.group(2)) if found.group(2) else 1.0
        except ValueError:
            continue
        if weight > 0:
            ranked.append((-weight, position, str(base_language(found.group(1)))))
    codes = [code for _, _, code in sorted(ranked)]
    return next((code for code in codes if code in CONTENT_LANGUAGES), codes[0] if codes else None)


def incoming_from_frame(
    frame: Any, user_key: str, hint: str | None
) -> Incoming | TooLong | None:
    """The message behind a frame ``{"text": …}`` or ``{"payload": …}``; ``None`` for
    anything else (the page never sends it: it is someone else's)."""
    if not isinstance(frame, dict):
        return None
    text, payload = frame.get("text"), frame.get("payload")
    if isinstance(payload, str) and 0 < len(payload) <= PAYLOAD_LIMIT:
        return Incoming(user_key, Kind.BUTTON, payload=payload, language_hint=hint)
    if not isinstance(text, str) or not text.strip():
        return None
    if len(text) > MESSAGE_LIMIT:
        return TooLong()
    text = text.strip()
    kind = Kind.COMMAND if text.startswith("/") else Kind.TEXT
    return Incoming(user_key, kind, text=text, language_hint=hint)


def message_id(frame: Any) -> str | None:
    """The page's own id for a message, so a message sent again after a lost connection
    is answered once (the update key, as Telegram's update id is)."""
    value = frame.get("id") if isinstance(frame, dict) else None
    return value if isinstance(value, str) and MESSAGE_ID.fullmatch(value) else None


def outcome_frames(outcome: Outcome, keep: bool = True) -> list[dict[str, Any]]:
    """One frame per reply; ``keep``: the page may keep it in its history (not after
    ``/vergeet``, whose last answer must not bring the history back)."""
    return [reply_frame(reply, keep) for reply in outcome.replies]


def reply_frame(reply: Reply, keep: bool = True) -> dict[str, Any]:
    """A reply as the page shows it: lines of text, buttons, a place, a file."""
    buttons: list[dict[str, str]] = [{"label": label, "text": label} for label in reply.menu]
    for button in reply.buttons:
        if button.url is not None:
            if urlsplit(button.url).scheme in ("http", "https"):
                buttons.append({"label": button.label, "url": button.url})
        elif button.payload:
            buttons.append({"label": button.label, "payload": button.payload})
    frame: dict[str, Any] = {"type": "reply", "text": reply.text, "buttons": buttons,
                             "columns": reply.columns, "keep": keep}
    if reply.venue is not None:
        frame["venue"] = venue_frame(reply.venue)
    document = reply.document
    if document is not None and document.data and len(document.data) <= DOCUMENT_BYTES:
        frame["document"] = {"filename": document.filename, "caption": document.caption,
                             "type": document.mime_type,
                             "data": base64.b64encode(document.data).decode("ascii")}
    return frame


def venue_frame(venue: Venue) -> dict[str, str]:
    """A place as its name, its address and a map link (OpenStreetMap: no account, no app)."""
    map_url = (f"https://www.openstreetmap.org/?mlat={venue.latitude:.6f}&mlon={venue.longitude:.6f}"
               f"#map=17/{venue.latitude:.6f}/{venue.longitude:.6f}")
    return {"title": venue.title, "address": venue.address, "map": map_url}


def too_long_frame(content: Content, language: str | None) -> dict[str, Any]:
    """``web.too_long`` in Dutch, and in the person's language under it."""
    lines = [content.ui_text("web.too_long", "nl")]
    if language and language != "nl" and language in CONTENT_LANGUAGES:
        lines.append(content.ui_text("web.too_long", language))
    return {"type": "reply", "text": "\n\n".join(lines), "buttons": [], "columns": 1, "keep": True}


def later_frames(content: Content, outcome: Outcome) -> list[dict[str, Any]]:
    """After a question passed on (a lead, an alert): the answer comes here, live while
    the page is open, else on her next visit (``web.reply_later``, in the reply's languages)."""
    told = next((reply for reply in outcome.replies if reply.hands_over), None)
    if told is None:
        return []
    text = BLOCK_SEPARATOR.join(content.ui_text("web.reply_later", lang) for lang in told.languages)
    return [{"type": "reply", "text": text, "buttons": [], "columns": 1, "keep": True}]


#: The page's own texts (placeholder, send button, status lines), from ``ui.yaml``.
PAGE_TEXTS = ("web.placeholder", "web.send", "web.log", "web.connecting", "web.offline")


def page_texts(content: Content, language: str) -> dict[str, str]:
    """The page's texts in ``language`` (Dutch when it is not a content language)."""
    lang = language if language in CONTENT_LANGUAGES else "nl"
    return {key: content.ui_text(key, lang) for key in PAGE_TEXTS}
