"""``maatje staff …``: invite youth workers, list them, take their rights away.

Whoever can run this command on the server is trusted; everyone else becomes staff only
through a one-time link printed here.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bot.config import Settings
from storage.broadcasts import BroadcastRepository
from storage.db import Database
from storage.leads import LeadRepository
from storage.outbox import OutboxRepository
from storage.privacy import PersonalData
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
    invite.add_argument("--bot", help="the bot's username (default: MAATJE_TELEGRAM_USERNAME)")
    actions.add_parser("list", help="list staff members")
    remove = actions.add_parser("remove", help="take staff rights away",
                                description="Take staff rights from a member (by name or "
                                "by the key that 'list' shows).")
    remove.add_argument("who", help="name or key (e.g. tg:12345)")

    leads = commands.add_parser("leads", help="export the interest follow-up list",
                                description="Leads: people who want to take part and agreed "
                                "to be contacted by a youth worker.")
    leads.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    lead_actions = leads.add_subparsers(dest="leads_command", metavar="ACTION", required=True)
    export = lead_actions.add_parser("export", help="write every lead as CSV",
                                     description="Write every lead as CSV for Excel (UTF-8 "
                                     "with BOM, ';' between fields).")
    export.add_argument("--csv", action="store_true", required=True, help="CSV (the only format)")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")

    broadcast = commands.add_parser("broadcast", help="see how announcements are going",
                                    description="Announcements staff sent with /bericht.")
    broadcast.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    broadcast_actions = broadcast.add_subparsers(dest="broadcast_command", metavar="ACTION",
                                                 required=True)
    status = broadcast_actions.add_parser("status", help="progress of recent announcements",
                                          description="Progress of the recent announcements: "
                                          "delivered, blocked, failed, still to send.")
    status.add_argument("--limit", type=int, default=5, help="how many (default 5)")

    outbox = commands.add_parser("outbox", help="deliver or inspect the outbox",
                                 description="The outbox holds every message Maatje still has "
                                 "to send to a chat (staff notices, answers, announcements).")
    outbox.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    outbox_actions = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    run = outbox_actions.add_parser("run", help="only deliver the outbox (no conversations)",
                                    description="Deliver the outbox until stopped (Ctrl-C). "
                                    "Safe next to 'maatje run': one sender sends at a time.")
    run.add_argument("--base-url", help="Bot API server to use instead of Telegram's (for tests)")
    outbox_actions.add_parser("status", help="count messages per state")


def now_in(settings: Settings) -> datetime:
    return datetime.now(settings.zone)


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
    bot = args.bot or settings.telegram_username or "<bot>"
    print(INVITE_LINK.format(bot=bot.lstrip("@"), token=invite.token))
    print(f"Works once, until {invite.expires_at.astimezone(settings.zone):%Y-%m-%d %H:%M}.")
    if bot == "<bot>":
        print("Replace <bot> by the bot's username, or set MAATJE_TELEGRAM_USERNAME.")
    return 0


def _list(repository: StaffRepository, settings: Settings) -> int:
    rows = repository.listing()
    if not rows:
        print("No staff yet. Invite someone with: maatje staff invite --name NAME")
    zone = settings.zone
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


def outbox(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        if args.outbox_command == "status":
            with database.session() as session:
                counts = OutboxRepository(session).counts()
            print("  ".join(f"{state}: {count}" for state, count in counts.items()))
            return 0
        return _run_outbox(database, settings, args.base_url or settings.telegram_base_url)
    finally:
        database.close()


def _run_outbox(database: Database, settings: Settings, base_url: str | None) -> int:
    """Deliver until SIGTERM or Ctrl-C; another process takes over if this one dies."""
    from bot.assembly import build_sender
    from bot.telegram.outbox_runner import sending
    from content.loader import load_content

    if not settings.telegram_token:
        print("maatje: set MAATJE_TELEGRAM_TOKEN to deliver the outbox", file=sys.stderr)
        return 2
    content = load_content(settings.content_dir, zone=settings.zone)
    parts = build_sender(database, lambda: content, settings.telegram_token, base_url, settings,
                         lambda: now_in(settings))

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        async with sending(parts):
            await stop.wait()

    asyncio.run(serve())
    return 0


def leads(args: argparse.Namespace, settings: Settings) -> int:
    from bot.features.leads import leads_csv
    from content.loader import load_content

    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            rows = LeadRepository(session).everything()
            privacy = PersonalData(session)
            subjects: list[str | None] = list(dict.fromkeys(lead.user_key for lead in rows))
            for subject in subjects or [None]:
                privacy.audit("cli", "leads.export", subject, at=now_in(settings))
    finally:
        database.close()
    data = leads_csv(load_content(settings.content_dir, zone=settings.zone), rows, settings.zone)
    if args.output:
        args.output.write_bytes(data)
        print(f"{len(rows)} lead(s) written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


BAR_WIDTH = 30


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """``[##########----------]``: the share of ``total`` that is ``done``."""
    filled = width if total == 0 else round(width * min(done, total) / total)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def broadcast(args: argparse.Namespace, settings: Settings) -> int:
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            outbox = OutboxRepository(session)
            rows = [(row, outbox.counts(row.id)) for row in BroadcastRepository(session).recent(
                args.limit)]
    finally:
        database.close()
    if not rows:
        print("No announcements yet.")
    for row, counts in rows:
        done = counts["sent"] + counts["blocked"] + counts["failed"]
        print(f"#{row.id} {row.state:<9} {row.audience or '-':<24} {progress_bar(done, row.total)} "
              f"{done}/{row.total}  delivered {counts['sent']}  blocked {counts['blocked']}  "
              f"failed {counts['failed']}  to send {counts['pending'] + counts['sending']}")
    return 0
