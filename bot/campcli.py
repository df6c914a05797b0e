"""``maatje camp parent-link``: a one-time link (and QR code) for a pupil's parent;
``maatje camp list``: the camp list, as a table or CSV; ``maatje camp sheet -o FILE.pdf``:
the camp sheet (medical essentials) as a PDF, for the camp leaders.

The same link as the "👪 Link voor ouder" button on ``/kamp``, and the same list, for staff
who prepare the camp letters on a computer.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.features.camp_list import camp_csv, camp_lines, camp_table
from bot.features.camp_parent import VALID_FOR, start_parameter
from bot.features.deeplinks import link_url
from bot.staffcli import now_in
from storage.camp import CampRepository
from storage.db import Database


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    camp = commands.add_parser("camp", help="camp registrations: the list, links for parents, "
                               "the camp sheet",
                               description="The camp list that staff keep with /kamp.")
    camp.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    actions = camp.add_subparsers(dest="camp_command", metavar="ACTION", required=True)
    link = actions.add_parser("parent-link", help="print a one-time link for a pupil's parent",
                              description="Print a link for this registration's parent. "
                              "It works once and expires. Whoever opens it gets nothing about "
                              "the pupil until she (13 or older) confirms in Maatje that this "
                              "is her parent; for a younger pupil, or one without a chat, any "
                              "youth worker confirms (a link from this command has no maker). "
                              "Then they get the camp status and the medical-form reminders.")
    link.add_argument("--registration", type=int, required=True, metavar="N",
                      help="the registration number (#K3 on /kamp is 3)")
    link.add_argument("--days", type=float, help=f"days the link works (default {VALID_FOR.days})")
    link.add_argument("--bot", help="the bot's username (default: MAATJE_TELEGRAM_USERNAME, "
                      "or Telegram's getMe with the token)")
    link.add_argument("-o", "--output", type=Path, metavar="FILE.png",
                      help="also save the link as a QR code")
    listing = actions.add_parser("list", help="print the camp list",
                                 description="Print everyone on the camp list: the parents' "
                                 "permission (given by a parent in Maatje, ticked by staff, or "
                                 "missing), the medical form (digital, paper or missing), paid, "
                                 "and whether a parent is linked.")
    listing.add_argument("--csv", action="store_true",
                         help="CSV for Excel (UTF-8, ';' between fields) instead of a table")
    listing.add_argument("--incomplete", action="store_true",
                         help="only pupils still missing the permission, the form or payment")
    sheet = actions.add_parser("sheet", help="write the camp sheet (medical essentials) as a PDF",
                               description="Write every pupil on the camp list with allergies, "
                               "medication, diet, health, the emergency contact and the doctor "
                               "(from the digital form; 'papier' for a paper form; 'ontbreekt') "
                               "to a PDF for the camp leaders, where there is no network. "
                               "Needs MAATJE_FORMS_KEY to read digital forms. Each print is "
                               "audited, one entry per pupil. Keep the file private.")
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf",
                       help="where to write the PDF")


def camp(args: argparse.Namespace, settings: Settings) -> int:
    if args.camp_command == "list":
        return camp_list(args, settings)
    if args.camp_command == "sheet":
        return camp_sheet(args, settings)
    return parent_link(args, settings)


def camp_list(args: argparse.Namespace, settings: Settings) -> int:
    """The list on stdout; nothing is changed."""
    from content.loader import load_content

    content = load_content(settings.content_dir, zone=settings.zone)
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            lines = camp_lines(CampRepository(session), incomplete=args.incomplete)
    finally:
        database.close()
    zone = settings.zone
    if args.csv:
        sys.stdout.buffer.write(camp_csv(content, lines, zone))
        sys.stdout.flush()
        return 0
    print(camp_table(content, lines, zone))
    return 0


def camp_sheet(args: argparse.Namespace, settings: Settings) -> int:
    """The sheet to a file; every pupil on it audited as a read by ``cli``."""
    from bot.commands import UserError
    from bot.features.camp_sheet import AUDIT, audit_subjects, sheet_lines, sheet_pdf
    from content.loader import load_content
    from storage.forms import FormRepository, forms_cipher
    from storage.privacy import PersonalData

    content = load_content(settings.content_dir, zone=settings.zone)
    cipher = forms_cipher(settings.forms_key)
    now = now_in(settings)
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            lines = sheet_lines(CampRepository(session), FormRepository(session, cipher))
            privacy = PersonalData(session)
            subjects: list[str | None] = [*audit_subjects(lines)]
            for subject in subjects or [None]:
                privacy.audit("cli", AUDIT, subject, at=now)
    finally:
        database.close()
    try:
        args.output.write_bytes(sheet_pdf(content, lines, now))
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror}") from error
    unread = "" if cipher else " (MAATJE_FORMS_KEY is not set: digital forms show as missing)"
    print(f"{len(lines)} pupil(s) on the camp sheet: {args.output}{unread}")
    return 0


def parent_link(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands import UserError, resolve_username
    from bot.qr import write_qr

    username = resolve_username(args.bot, settings)
    valid_for = timedelta(days=args.days) if args.days else VALID_FOR
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            invite = CampRepository(session).parent_invite(args.registration, now_in(settings),
                                                           valid_for)
    finally:
        database.close()
    if invite is None:
        raise UserError(f"no camp registration #{args.registration} (see /kamp)")
    url = link_url(username, start_parameter(invite.token))
    print(url)
    until = invite.expires_at.astimezone(settings.zone)
    print(f"For the parent of {invite.registration.first_name or '?'} (#{invite.registration.ref}). "
          f"Works once, until {until:%Y-%m-%d %H:%M}; "
          f"confirmed by the pupil (13+) or a youth worker before the parent sees anything.")
    if args.output:
        try:
            write_qr(url, args.output)
        except OSError as error:
            raise UserError(f"cannot write {args.output}: {error.strerror}") from error
        print(f"QR code: {args.output}")
    return 0
