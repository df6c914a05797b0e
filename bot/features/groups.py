"""Groups (a class, a school, the buddies): see and leave them, and staff add people.

People join a group through a deep link (``?start=groep-okan-anderlecht``, see
:mod:`bot.features.subscriptions`), or a youth worker adds them from a lead: with the
"👥 Groep" button on the lead, or ``/groep okan-anderlecht #L5``. The person is told,
in their language, and sees their groups in ``/instellingen``, where each can be left.
Being in a group is not consent to announcements: that stays the person's own "yes".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.features import Context, Features, Step
from bot.core.leadports import Lead
from bot.core.messages import Button
from bot.core.payloads import Choice, Codec, Fixed, Match
from bot.core.staffports import StaffMember
from bot.features.common import ui
from bot.features.kit.buttons import GROUP, LEAD, LeadButton, is_group, typed
from bot.features.kit.replies import tell
from bot.features.staffkit import staff_only, staff_reply, staff_text, step

LEAD_REF = re.compile(r"#?L(\d{1,9})", re.IGNORECASE)
MAX_LISTED = 12


@dataclass(frozen=True)
class LeaveButton:
    """``grp:leave:<group>`` (from /instellingen or the list); ``grp:pick`` and
    ``grp:stay``: the yes and the no to "haal me uit de groep" typed."""

    action: str
    group: str | None = None


LEAVE = Codec("grp", LeaveButton, (
    (Fixed("leave", "action"), Match("group", GROUP)),
    (Choice("action", ("pick", "stay")),),
))


# --- the person's side: /instellingen -----------------------------------------------------


def settings_part(ctx: Context) -> tuple[Callable[[str], str | None], list[Button | None]]:
    """For /instellingen: "Je groepen: …" per language, and a button to leave each group."""
    groups = ctx.store.subscribers.groups_of(ctx.incoming.user_key)[:MAX_LISTED]
    if not groups:
        return lambda lang: None, []
    names = ", ".join(groups)
    label = ctx.render.label("settings.leave_group") or "🚪 {group}"
    buttons: list[Button | None] = [Button(label.format(group=g), LEAVE.build(LeaveButton("leave", g)))
                                    for g in groups]
    return lambda lang: ui(ctx.content, "settings.groups", lang, groups=names), buttons


def on_button(ctx: Context, button: LeaveButton) -> Step:
    """``grp:leave:<group>``: leave the group at once; ``grp:pick``: the one group left at
    once, or a button for each; ``grp:stay``: nothing changes."""
    render = ctx.render
    groups = ctx.store.subscribers.groups_of(ctx.incoming.user_key)[:MAX_LISTED]
    if button.action == "stay" or (button.action == "pick" and not groups):
        return Step((render.reply(render.ui("confirm.nothing")),), ctx.state, "subscribe")
    group = button.group or (groups[0] if len(groups) == 1 else None)
    if group is None:
        _, buttons = settings_part(ctx)
        return Step((render.reply(render.ui("group.leave.which"), buttons),), ctx.state,
                    "subscribe")
    ctx.store.subscribers.leave(ctx.incoming.user_key, group)
    return Step((render.reply(render.ui("group.left", group=group)),), ctx.state, "subscribe")


def ask_leave(ctx: Context) -> Step | None:
    """"haal me uit de groep" typed: "Je zit in: … Wil je uit een groep gaan?" [Ja] [Nee].

    Someone in no group is not asked: the message is understood as any other."""
    groups = ctx.store.subscribers.groups_of(ctx.incoming.user_key)[:MAX_LISTED]
    if ctx.incoming.in_group or not groups:
        return None
    render = ctx.render
    buttons = [render.button("button.yes", LEAVE.build(LeaveButton("pick"))),
               render.button("button.no", LEAVE.build(LeaveButton("stay")))]
    reply = render.reply(render.ui("group.leave.confirm", groups=", ".join(groups)), buttons)
    return Step((reply,), ctx.state, "subscribe")


# --- the staff's side -----------------------------------------------------------------------


def pick_group(ctx: Context, member: StaffMember, lead: Lead) -> Step:
    """``lead:<id>:grp``: the known groups as buttons, or how to type a new one."""
    buttons = [Button(staff_text(ctx, "staff.group.button", group=g),
                      LEAD.build(LeadButton(lead.id, "g", g)))
               for g in ctx.store.broadcasts.groups() if is_group(g)]
    return step(ctx, staff_reply(ctx, "staff.group.pick", buttons[:MAX_LISTED],
                                 name=lead.first_name or "?", ref=lead.ref))


def add_to_group(ctx: Context, member: StaffMember, lead: Lead, group: str) -> Step:
    """Put the lead's person in ``group`` and tell them, in their language."""
    if not is_group(group):
        return step(ctx, staff_reply(ctx, "staff.group.usage"))
    ctx.store.subscribers.join(lead.user_key, group, ctx.now)
    tell(ctx, lead.chat_key, lead.language, lambda lang: ui(ctx.content, "group.added", lang, group=group))
    return step(ctx, staff_reply(ctx, "staff.group.added", name=lead.first_name or "?",
                                 group=group))


@staff_only
def command(ctx: Context, member: StaffMember) -> Step:
    """``/groep <groep> #L5``: put the person of lead 5 in the group."""
    words = ctx.incoming.text.split()[1:]
    ref = next((m for w in words if (m := LEAD_REF.fullmatch(w))), None)
    names = [w.lower() for w in words if not LEAD_REF.fullmatch(w)]
    if ref is None or len(names) != 1:
        return step(ctx, staff_reply(ctx, "staff.group.usage"))
    lead = ctx.store.leads.get(int(ref.group(1)))
    if lead is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    return add_to_group(ctx, member, lead, names[0])


def features() -> Features:
    return Features(commands={"groep": command}, buttons={LEAVE.prefix: typed(LEAVE, on_button)},
                    actions={"leave_group": ask_leave})
