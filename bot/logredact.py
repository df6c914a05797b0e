"""Logs carry no secret and nobody's data, at every level: a filter on the root handlers.

Maatje's own loggers never write a name, a text or an id (tests/test_logs_staff.py). The
libraries do, at DEBUG: python-telegram-bot prints every update and every Bot API call
with its parameters (names, message texts, chat ids) and the URL with the bot token;
httpx logs each request URL (``…/bot<token>/sendMessage``). :class:`Redact` rewrites every
record before any handler formats it:

* the bot token (the configured one, and anything shaped like a token) → ``<token>``;
* channel keys and Telegram ids → ``tg:<id>`` and ``<id>`` (a web person: ``web:<id>``);
* in the libraries' records, every quoted value (a text, a first name, a username, a
  phone number, a file name) → ``'…'``; dictionary keys and field names stay, so a
  DEBUG line still shows which call was made with which fields.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

#: Loggers whose records are Maatje's own (already free of personal data by test).
OURS = ("bot", "storage", "intents", "content")
TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}")
CHANNEL_KEY = re.compile(r"tg:-?\d+")
#: A web chat person (``maatje web``): ``web:`` and the random id from their cookie.
WEB_KEY = re.compile(r"web:[A-Za-z0-9_-]{8,}")
#: A number as long as a Telegram id (user, chat or group: 6+ digits).
LONG_NUMBER = re.compile(r"-?\d{6,}")
#: In a library's record: any number of 4+ digits (a test user's id is short).
NUMBER = re.compile(r"(?<![\w.])-?\d{4,}(?![\w.])")
#: A quoted string ('…' or "…", with escapes), and whether a ``:`` follows (a dict key).
QUOTED = re.compile(r"""(?P<q>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(?P<key>\s*:)?""")
#: A quoted value that names nothing and helps to read a line: an HTTP status.
HARMLESS = re.compile(r"""^['"]HTTP/[\d.]+ \d{3}[^'"]*['"]$""")
REDACTED = "'…'"


def redact(text: str, secrets: Iterable[str] = (), library: bool = False) -> str:
    """``text`` without the secrets, tokens and ids; a library's quoted values too."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<token>")
    text = TOKEN.sub("<token>", text)
    text = CHANNEL_KEY.sub("tg:<id>", text)
    text = WEB_KEY.sub("web:<id>", text)
    if library:
        text = QUOTED.sub(_quoted, text)
        text = NUMBER.sub("<id>", text)
    return LONG_NUMBER.sub("<id>", text)


def _quoted(match: re.Match[str]) -> str:
    quoted, key = match.group("q"), match.group("key")
    if key is not None or HARMLESS.match(quoted):
        return match.group(0)
    return REDACTED


def is_ours(name: str) -> bool:
    return name.split(".")[0] in OURS


class Redact(logging.Filter):
    """Rewrites each record (message, arguments, traceback) before it is formatted."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        library = not is_ours(record.name)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a record whose arguments do not fit its format
            message = str(record.msg)
        record.msg, record.args = redact(message, self.secrets, library), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets, library)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets, library)
        return True


def install(logger: logging.Logger, secrets: Iterable[str] = ()) -> Redact:
    """Put one :class:`Redact` on every handler of ``logger`` (the root: all output)."""
    found = Redact(secrets)
    for handler in logger.handlers:
        for old in [f for f in handler.filters if isinstance(f, Redact)]:
            handler.removeFilter(old)
        handler.addFilter(found)
    return found
