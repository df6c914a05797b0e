"""``maatje activities attendees ID``: who said "🙋 Ik kom" to one activity, for staff.

The same first names youth workers see on the activity's card in ``/activiteit``, for
whoever prepares the list on a computer (the pupil was told, when pressing, that the youth
worker sees their first name). One name a line, or CSV with ``--csv``. With ``--absent``,
those who said they will not be there instead (never why: no reason is kept).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys

from bot.config import Settings
from bot.core.activityports import ID_PREFIX
from bot.features.attendance import attendee_names, first_names
from content.activities import ID_PATTERN
from content.loader import load_content
from storage.activities import AttendanceRepository
from storage.db import Database

UNNAMED = "(zonder naam)"


def add_parser(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    attendees = actions.add_parser(
        "attendees", help='list who said "Ik kom" to an activity',
        description='Print the first name of everyone who said "🙋 Ik kom" to the activity '
        "ID (as in activities.yaml, or st-12 for one made with /activiteit), one a line, in "
        "the order they pressed.")
    attendees.add_argument("activity", metavar="ID")
    attendees.add_argument("--csv", action="store_true", help="CSV with first_name,language")
    attendees.add_argument("--absent", action="store_true",
                           help="list who said they will not be there instead")
    attendees.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")


def attendees(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands import UserError

    if re.fullmatch(ID_PATTERN, args.activity) is None:
        raise UserError(f"not an activity id: {args.activity!r} (e.g. schaatsen-2026-12-19, st-12)")
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            attendance = AttendanceRepository(session)
            found = attendance.attendees(args.activity)
            absent = attendance.absentees(args.activity) if args.absent else []
    finally:
        database.close()
    if not found and not absent and not _known(args.activity, settings):
        raise UserError(f"no activity {args.activity!r} and nobody said they come to it")
    if args.absent:
        _print_absent(first_names(absent, UNNAMED), args.csv)
        return 0
    names = attendee_names(found, UNNAMED)
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["first_name", "language"])
        writer.writerows([name, a.language] for name, a in zip(names, found, strict=True))
    else:
        for name in names:
            print(name)
    return 0


def _print_absent(names: list[str], as_csv: bool) -> None:
    """Who said they are absent: one a line, or CSV with only ``first_name`` (an absence
    keeps no language)."""
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["first_name"])
        writer.writerows([name] for name in names)
        return
    for name in names:
        print(name)


def _known(activity_id: str, settings: Settings) -> bool:
    """An authored activity, or a staff one (``st-…``): its list may simply be empty."""
    if activity_id.startswith(ID_PREFIX):
        return True
    content = load_content(settings.content_dir, zone=settings.zone)
    return any(a.id == activity_id for a in content.activities)
