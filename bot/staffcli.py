"""``maatje staff …``: invite youth workers, list them, take their rights away.

Whoever can run this command on the server is trusted; everyone else becomes staff only
through a one-time link printed here.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from storage.db import Database
from storage.staff import StaffRepository

INVITE_LINK = "https://t.me/{bot}?start=staff-{token}"


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff = commands.add_parser("staff", help="invite, list and remove youth workers",
                                description="Manage who is staff (a youth worker) in Maatje.")
    staff.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    invite = actions.add_parser("invite", help="print a one-time invite link",
                                description="Print a link that makes whoever opens it first "
                                "staff. It works once and expires.")
    invite.add_argument("--name", required=True, help="the youth worker's name, as staff see it")
    invite.add_argument("--hours", type=float, help="hours the link works (default 48)")
    invite.add_argument("--bot", help="the bot's username (default: MAATJE_BOT_USERNAME)")
    actions.add_parser("list", help="list staff members")
    remove = actions.add_parser("remove", help="take staff rights away",
                                description="Take staff rights from a member (by name or "
                                "by the key that 'list' shows).")
    remove.add_argument("who", help="name or key (e.g. tg:12345)")


def now_in(settings: Settings) -> datetime:
    return datetime.now(ZoneInfo(settings.timezone))


def staff(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            repository = StaffRepository(session)
            if args.staff_command == "invite":
                return _invite(repository, args, settings)
            if args.staff_command == "list":
                return _list(repository, settings)
            return _remove(repository, args.who, settings)
    finally:
        database.close()


def _invite(repository: StaffRepository, args: argparse.Namespace, settings: Settings) -> int:
    hours = args.hours or settings.staff_invite_hours
    invite = repository.invite(args.name.strip(), now_in(settings), timedelta(hours=hours))
    bot = args.bot or settings.bot_username or "<bot>"
    print(INVITE_LINK.format(bot=bot.lstrip("@"), token=invite.token))
    print(f"Works once, until {invite.expires_at.astimezone(ZoneInfo(settings.timezone)):%Y-%m-%d %H:%M}.")
    if bot == "<bot>":
        print("Replace <bot> by the bot's username, or set MAATJE_BOT_USERNAME.")
    return 0


def _list(repository: StaffRepository, settings: Settings) -> int:
    rows = repository.listing()
    if not rows:
        print("No staff yet. Invite someone with: maatje staff invite --name NAME")
    zone = ZoneInfo(settings.timezone)
    for row in rows:
        status = "active" if row.active else "removed"
        print(f"{row.user_key}\t{row.name}\t{status}\tsince {row.created_at.astimezone(zone):%Y-%m-%d}")
    return 0


def _remove(repository: StaffRepository, who: str, settings: Settings) -> int:
    count = repository.remove(who, now_in(settings))
    if count == 0:
        print(f"No active staff member matches {who!r}.")
        return 1
    print(f"Removed {count} staff member(s).")
    return 0
