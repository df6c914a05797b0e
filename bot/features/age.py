"""The answer to "Hoe oud ben je?": taken once, from a fresh button, and applied to what is kept.

Every age button carries the minute it was shown (``int:age:u13:camp:1b3f2a0``; the
features' codecs read it, :mod:`bot.features.kit.gate` asks and takes the answer). Telegram
keeps old keyboards, so a button pressed more than a day later, one shown before buttons
carried the minute, or any age button once the age is known, is old: it gets "this button
does not work any more" and changes nothing.

"Under 13" is applied to what is already stored, not only to what comes next: everything
kept only about someone 13 or older (a lead, a question, a subscription and its groups,
"Ik kom", a question being typed; see ``from_13`` and ``consent`` in storage/models.py)
is erased, with the notices about it; staff hear the references (``#L3``), never a name.
A safeguarding case stays (counselling needs no consent), and so does a place on the camp
list, which staff keep; she is told exactly what went and what stayed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.consent import PARENT, UNDER_13, with_age_band
from bot.core.features import Context, Step
from bot.core.privacyports import AgeErasure
from bot.features.common import lines, per_language, ui
from bot.features.privacy import tell_staff

INTENT = "privacy"
#: An age button older than this (a day) is old.
VALID_MINUTES = 24 * 60


def shown_at(ctx: Context) -> int:
    """The minute an age button shown now carries."""
    return _minute(ctx.now)


def fresh(ctx: Context, minute: int) -> bool:
    """Whether an age button shown at ``minute`` may still be answered (see above)."""
    state = ctx.state
    unknown = state.child_band is None if state.role == PARENT else state.age_band is None
    return unknown and 0 <= _minute(ctx.now) - minute <= VALID_MINUTES


def take(ctx: Context, band: str) -> Context | Step:
    """The context with the age band kept, to go on; or, under 13, the answer to give.

    A parent answers for the child: the band is the child's, and the parent's consent covers
    it, so under 13 erases nothing (a parent may sign a child up)."""
    if ctx.state.role == PARENT:
        return replace(ctx, state=ctx.state.with_(child_band=band))
    aged = replace(ctx, state=with_age_band(ctx.state, band))
    return under_13(ctx, aged) if band == UNDER_13 else aged


def under_13(before: Context, aged: Context) -> Step:
    """Erase what needs 13 or older, tell staff by reference, and tell her what went."""
    render = aged.render
    if not aged.store.durable:
        return Step((render.reply(render.ui("store.unavailable")),), before.state, INTENT)
    user_key = aged.incoming.user_key
    erasure = aged.store.privacy.under_13(user_key, aged.now)
    tell_staff(aged, list(erasure.references), "staff.privacy.under13")
    tell_staff(aged, aged.store.privacy.references(user_key), "staff.privacy.under13_kept")
    text = per_language(render, lambda lang: told(aged, erasure, bool(before.state.consents), lang))
    return Step((render.reply(text),), aged.state, INTENT)


def told(ctx: Context, erasure: AgeErasure, consents: bool, lang: str) -> str:
    """"Je bent jonger dan 13", then each kind of row erased and each kept, in ``lang``."""
    content = ctx.content
    erased = [ui(content, key, lang) for table in erasure.erased
              if content.has_ui(key := f"consent.under13.erased.{table}")]
    if consents:
        erased.append(ui(content, "consent.under13.erased.consents", lang))
    kept = [ui(content, key, lang) for table in erasure.kept
            if content.has_ui(key := f"consent.under13.kept.{table}")]
    if not erased and not kept:
        return ui(content, "consent.under13", lang)
    return lines(
        ui(content, "consent.under13.intro", lang),
        ui(content, "consent.under13.erased", lang) if erased else None,
        *erased,
        *kept,
        ui(content, "consent.under13.nothing_else", lang),
    )


def _minute(now: datetime) -> int:
    return int(now.timestamp() // 60)
