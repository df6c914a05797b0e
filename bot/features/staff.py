"""Becoming staff through a one-time invite, the staff menu, and registering the staff chat.

``maatje staff invite`` prints ``https://t.me/<bot>?start=staff-<token>``; opening it
sends ``/start staff-<token>``, which makes the sender staff once, before the link
expires. Staff menu buttons arrive as their labels, like the main menu.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from bot.core.features import Composer, Context, Features, Step
from bot.core.messages import Kind, Reply
from bot.core.staffports import StaffMember
from bot.features.kit.start import start_token
from bot.features.onboarding import command_menu
from bot.features.staffkit import MENU, menu_labels, staff_only, staff_render, staff_reply, step
from content.loader import Content

INVITE_PREFIX = "staff-"
#: Staff commands in Telegram's menu of a youth worker's private chat, in this order
#: (``/staffchat`` is for the staff group, so it is not among them).
STAFF_COMMANDS = ("staff", "opvolging", "vragen", "bericht", "activiteit", "kamp", "kampblad",
                  "statistiek", "export", "groep")


def accept_invite(ctx: Context) -> Step | None:
    """``/start staff-<token>`` in a private chat: become staff, once."""
    token = start_token(ctx, INVITE_PREFIX)
    if token is None:
        return None
    member = ctx.store.staff.accept_invite(token, ctx.incoming.user_key, ctx.now)
    if member is None:
        return step(ctx, staff_reply(ctx, "staff.invite_invalid"))
    return step(ctx, menu_reply(ctx, "staff.welcome", name=member.name))


def menu_reply(ctx: Context, key: str, **fields: object) -> Reply:
    """A Dutch reply that brings up the staff menu keyboard."""
    render = staff_render(ctx)
    return render.reply(render.ui(key, **fields), menu=menu_labels(ctx))


@staff_only
def show_menu(ctx: Context, member: StaffMember) -> Step:
    """``/staff``: the staff menu."""
    return step(ctx, menu_reply(ctx, "staff.menu", name=member.name))


@staff_only
def register_staff_chat(ctx: Context, member: StaffMember) -> Step:
    """``/staffchat`` in a group: notifications for staff go to this group from now on."""
    if not ctx.incoming.in_group or not ctx.incoming.chat_key:
        return step(ctx, staff_reply(ctx, "staff.chat_only_in_group"))
    ctx.store.staff.set_staff_chat(ctx.incoming.chat_key, ctx.now)
    return step(ctx, staff_reply(ctx, "staff.chat_registered"))


def staff_command_menu(content: Content, handled: Collection[str]) -> list[tuple[str, str]]:
    """Telegram's command menu for a youth worker: the staff commands (described in Dutch,
    ``staff.commands.<name>``), then everyone's commands. Only commands something answers
    are listed (``handled``: the registered commands)."""
    staff = [(name, content.ui_text(f"staff.commands.{name}", "nl")) for name in STAFF_COMMANDS
             if name in handled and content.has_ui(f"staff.commands.{name}")]
    return [*staff, *command_menu(content, handled)[""]]


def staff_menu(actions: Mapping[str, Composer]) -> Features:
    """The staff menu as an interceptor: a staff member's tap on a label runs its command.

    For anyone else the label is just text and goes on to the normal answer.
    """

    def intercept(ctx: Context) -> Step | None:
        if ctx.incoming.kind is not Kind.TEXT:
            return None
        render = staff_render(ctx)
        text = ctx.incoming.text.strip()
        command = next((c for key, c in MENU if render.label(key) == text), None)
        if command is None or ctx.store.staff.member(ctx.incoming.user_key) is None:
            return None
        action = actions.get(command)
        return action(ctx) if action else step(ctx, staff_reply(ctx, "staff.not_ready"))

    return Features(interceptors=(intercept,))


def features() -> Features:
    return Features(
        commands={"staff": show_menu, "staffchat": register_staff_chat},
        interceptors=(accept_invite,),
    )
