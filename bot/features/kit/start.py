"""``/start <argument>``: Telegram's deep links, as far as several features read them.

Invites (``staff-``), parent links (``ouder-``) and group links (``groep-``) each carry a
token after their prefix; topic links (``kamp-ar``) are :mod:`bot.features.deeplinks`.
"""

from __future__ import annotations

from bot.core.features import Context
from bot.core.messages import Kind


def start_argument(ctx: Context) -> str | None:
    """The deep-link argument of ``/start <argument>``, if this is one."""
    if ctx.incoming.kind is not Kind.COMMAND:
        return None
    parts = ctx.incoming.text.split()
    if len(parts) != 2 or parts[0].split("@")[0].lower() != "/start":
        return None
    return parts[1]


def start_token(ctx: Context, prefix: str) -> str | None:
    """The token of ``/start <prefix><token>`` in a private chat; ``None`` for anything else.

    In a group a link is never taken: it would tie whoever pressed first to it.
    """
    argument = start_argument(ctx)
    if argument is None or not argument.startswith(prefix) or ctx.incoming.in_group:
        return None
    return argument.removeprefix(prefix)
