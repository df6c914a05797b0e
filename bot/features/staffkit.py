"""Shared pieces of the youth-worker tools: the role check, staff texts, staff notices.

The role is checked here, in the core, for every staff command and button, by the
person's channel id; a menu that only shows staff buttons to staff would not be enough,
because anyone can type a command or forge a button payload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from bot.core.consent import PARENT, UNDER_13
from bot.core.features import Composer, Context, Step, Surroundings
from bot.core.languages import LanguagePlan
from bot.core.messages import Button, Reply
from bot.core.outboxports import Notice
from bot.core.render import Renderer
from bot.core.staffports import StaffMember, StaffPort
from bot.features.kit.replies import stale_button

#: Staff work in Dutch: their own texts are written in Dutch only.
DUTCH = LanguagePlan(("nl",))
REFUSED = "not_allowed"
STAFF_INTENT = "staff"
#: The staff menu: label key → the command it runs.
MENU = (
    ("staff.menu.leads", "opvolging"),
    ("staff.menu.broadcast", "bericht"),
    ("staff.menu.stats", "statistiek"),
    ("staff.menu.questions", "vragen"),
    ("staff.menu.activities", "activiteit"),
    ("staff.menu.camp", "kamp"),
)

#: The length of the first name a lead or a question keeps (storage/models.py).
NAME_LENGTH = 64

StaffComposer = Callable[[Context, StaffMember], Step]
#: A pressed button's payload, as its codec read it.
P = TypeVar("P")


def staff_render(ctx: Surroundings) -> Renderer:
    return Renderer(ctx.content, DUTCH)


def staff_reply(
    ctx: Context, key: str, buttons: Iterable[Button | None] = (), **fields: object
) -> Reply:
    """A Dutch reply for a staff member."""
    render = staff_render(ctx)
    return render.reply(render.ui(key, **fields), buttons)


def staff_text(ctx: Surroundings, key: str, **fields: object) -> str:
    return ctx.content.ui_text(key, "nl", **fields)


#: The channel of a person who writes from the web chat (bot/web): she has no first name.
WEB = "web:"


def staff_name(ctx: Surroundings, first_name: str | None, user_key: str) -> str:
    """Who wrote, for staff: her first name, or where she wrote from when she gave none
    (a web visitor has no Telegram name; "?" told a youth worker nothing)."""
    if first_name and first_name.strip():
        return first_name.strip()
    key = "staff.name.web" if user_key.startswith(WEB) else "staff.name.none"
    return ctx.content.ui_text(key, "nl")


def staff_button(ctx: Surroundings, key: str, payload: str) -> Button | None:
    return staff_render(ctx).button(key, payload)


def step(ctx: Context, *replies: Reply, intent: str = STAFF_INTENT) -> Step:
    return Step(tuple(replies), ctx.state, intent)


def refused(ctx: Context) -> Step:
    """The same short answer for every staff-only thing a non-staff person tries."""
    return Step((ctx.render.reply(ctx.render.ui(REFUSED)),), ctx.state, REFUSED)


def staff_only(handler: StaffComposer) -> Composer:
    """A command that runs only for an active staff member."""

    def guarded(ctx: Context) -> Step:
        member = ctx.store.staff.member(ctx.incoming.user_key)
        return refused(ctx) if member is None else handler(ctx, member)

    guarded.__doc__ = handler.__doc__
    return guarded


def staff_buttons(handler: Callable[[Context, StaffMember, P], Step]) -> Callable[[Context, P], Step]:
    """A button handler that runs only for an active staff member."""

    def guarded(ctx: Context, payload: P) -> Step:
        member = ctx.store.staff.member(ctx.incoming.user_key)
        return stale_button(ctx) if member is None else handler(ctx, member, payload)

    guarded.__doc__ = handler.__doc__
    return guarded


def staff_targets(staff: StaffPort) -> list[str]:
    """Where staff notices go: the staff chat, or else each staff member's own chat."""
    chat = staff.staff_chat()
    return [chat] if chat else staff.member_keys()


def name_for_staff(ctx: Context) -> str:
    """The first name a lead or a question passed on keeps: a parent's says whose parent
    ("Fatima, ouder van Amal (13+)"), since what a parent asks is about the child."""
    name = ctx.incoming.first_name or ""
    state = ctx.state
    if state.role != PARENT or not state.child_name or state.child_band is None:
        return name
    band = staff_text(ctx, "staff.lead.child_u13" if state.child_band == UNDER_13
                      else "staff.lead.child_13")
    return staff_text(ctx, "staff.lead.parent_of", name=name or "?", child=state.child_name,
                      band=band)[:NAME_LENGTH]


def notify_staff(
    ctx: Surroundings, text: str, buttons: Iterable[Button | None] = (), ref: str | None = None,
    about: str | None = None, names: str | None = None,
) -> bool:
    """Queue a notice for staff; ``False`` when there is nobody or nothing is kept.

    ``about`` is the person the notice is about and ``names`` anyone else it names (the
    parent who opened a link), so their ``/vergeet`` reaches it.
    """
    kept = [b for b in buttons if b is not None]
    delivered = False
    for chat in staff_targets(ctx.store.staff):
        notice = Notice(chat, text, tuple(kept), ref, about=about, names=names)
        delivered = ctx.store.outbox.notify(notice, ctx.now) or delivered
    return delivered


def audit_reads(ctx: Context, member: StaffMember, action: str, subjects: Iterable[str]) -> None:
    """One audit entry per person whose data a staff member saw (an internal id is kept);
    one without a subject when the list was empty, so the look itself is on record."""
    seen: list[str | None] = list(dict.fromkeys(subjects))
    for subject in seen or [None]:
        ctx.store.privacy.audit(member.user_key, action, subject, at=ctx.now)


def menu_labels(ctx: Context) -> tuple[str, ...]:
    render = staff_render(ctx)
    return tuple(label for key, _ in MENU if (label := render.label(key)))


def short_time(ctx: Surroundings, moment: datetime) -> str:
    """``"12/12 14:05"`` in the configured time zone, for staff lists."""
    return moment.astimezone(ctx.content.zone).strftime("%d/%m %H:%M")
