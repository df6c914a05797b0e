"""``/privacy``, ``/mijngegevens`` and ``/vergeet``: see what Maatje keeps, and erase it.

The export and the erasure go through the store's privacy port, which covers every table
that declares personal data. ``/vergeet`` asks first; its button holds the minute it was
shown, so a confirmation pressed much later (or forged) is refused.
"""

from __future__ import annotations

import json

from bot.core.features import Context, Features, Step
from bot.core.messages import Document, Reply
from bot.core.state import UserState
from bot.features import safeguarding
from bot.features.common import stale_button

INTENT = "privacy"
PREFIX = "vergeet"
YES = "ja"
NO = "nee"
#: A ``/vergeet`` confirmation older than this is stale.
CONFIRM_MINUTES = 10
EXPORT_FILENAME = "maatje-mijn-gegevens.json"


def features() -> Features:
    return Features(
        composers={INTENT: explain},
        commands={"privacy": explain, "mijngegevens": export, "vergeet": confirm},
        buttons={PREFIX: forget},
    )


def explain(ctx: Context) -> Step:
    """Six short sentences: what is kept, why, how long, who sees it, and the two commands."""
    return _say(ctx, ctx.render.reply(ctx.render.ui("privacy.explain")))


def export(ctx: Context) -> Step:
    """Everything stored about the person, as a JSON file (never in a group)."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _say(ctx, render.reply(render.ui("group.private")))
    if not ctx.store.durable:
        return _say(ctx, render.reply(render.ui("store.unavailable")))
    document = {
        "person": ctx.incoming.user_key,
        "exported_at": ctx.now.isoformat(),
        "tables": ctx.store.privacy.export(ctx.incoming.user_key),
    }
    data = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    file = Document(EXPORT_FILENAME, data, "application/json")
    return _say(ctx, render.reply(render.ui("privacy.export"), document=file))


def confirm(ctx: Context) -> Step:
    """``/vergeet``: ask first, with a yes button that expires."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _say(ctx, render.reply(render.ui("group.private")))
    minute = _minute(ctx)
    buttons = [
        render.button("button.forget.yes", f"{PREFIX}:{YES}:{minute:x}"),
        render.button("button.forget.no", f"{PREFIX}:{NO}"),
    ]
    return _say(ctx, render.reply(render.ui("privacy.forget.confirm"), buttons))


def forget(ctx: Context, payload: str) -> Step:
    """``vergeet:ja:<minute>``: erase every row about the person, and say so."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _say(ctx, render.reply(render.ui("group.private")))
    parts = payload.split(":")
    if parts == [PREFIX, NO]:
        return _say(ctx, render.reply(render.ui("privacy.forget.kept")))
    if not _fresh_yes(ctx, parts):
        return _say(ctx, stale_button(ctx))
    if not ctx.store.durable:
        return _say(ctx, render.reply(render.ui("store.unavailable")))
    safeguarding.before_erasure(ctx)
    ctx.store.privacy.forget(ctx.incoming.user_key)
    return Step((render.reply(render.ui("privacy.forget.done")),), UserState(), INTENT)


def _fresh_yes(ctx: Context, parts: list[str]) -> bool:
    if len(parts) != 3 or parts[1] != YES:
        return False
    try:
        shown = int(parts[2], 16)
    except ValueError:
        return False
    return 0 <= _minute(ctx) - shown <= CONFIRM_MINUTES


def _minute(ctx: Context) -> int:
    return int(ctx.now.timestamp() // 60)


def _say(ctx: Context, reply: Reply) -> Step:
    return Step((reply,), ctx.state, INTENT)
