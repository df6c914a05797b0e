"""``maatje forms new-key``: a key for the digital medical form; ``maatje forms rotate``:
every form re-encrypted with the first key of ``MAATJE_FORMS_KEY``; ``maatje forms lost-key``:
the forms no key reads erased, so parents are asked again.

The key never goes into the database or its backups: keep it in the deployment's secrets
and one copy apart (a password manager, a sealed envelope). Lost, no form can be read again:
``lost-key --yes`` then counts them missing and sends the reminders once more.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.forms import FormRepository


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    forms = commands.add_parser("forms", help="the digital medical form's key",
                                description="The key that encrypts the medical forms parents "
                                "fill in in Maatje (MAATJE_FORMS_KEY).")
    forms.add_argument("--db", metavar="URL", help="database URL (default: the configured one)")
    actions = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    actions.add_parser("new-key", help="print a fresh key for MAATJE_FORMS_KEY",
                       description="Print a new key. Set it as MAATJE_FORMS_KEY and keep a copy "
                       "apart from the database backups. To rotate: put the new key first, the "
                       "old one after a comma, restart, run 'maatje forms rotate', then drop "
                       "the old key.")
    actions.add_parser("rotate", help="re-encrypt every form with the first key",
                       description="Re-encrypt every medical form with the first key of "
                       "MAATJE_FORMS_KEY (the others still read old forms until then).")
    lost = actions.add_parser(
        "lost-key", help="erase the forms no key reads, so parents are asked again",
        description="After a lost key: count the forms MAATJE_FORMS_KEY cannot read; with "
        "--yes erase them, count them missing on the camp list again and send the reminders "
        "once more (pupil and parents, within the reminder window). Only with the key truly "
        "lost: an erased form cannot come back.")
    lost.add_argument("--yes", action="store_true", help="erase them (default: only count)")


def forms(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands import UserError
    from storage.db import Database
    from storage.forms import FormRepository, forms_cipher, new_key

    if args.forms_command == "new-key":
        print(new_key())
        return 0
    cipher = forms_cipher(settings.forms_key)
    if cipher is None:
        raise UserError(f"MAATJE_FORMS_KEY is not set: nothing to {args.forms_command}")
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            if args.forms_command == "lost-key":
                return _lost_key(session, FormRepository(session, cipher), args.yes)
            rotated = FormRepository(session, cipher).rotate()
    finally:
        database.close()
    print(f"{rotated} medical form(s) re-encrypted with the first key.")
    return 0


def _lost_key(session: Session, forms: FormRepository, erase: bool) -> int:
    """The forms no key reads: counted, or erased and asked again."""
    from storage.camp import CampRepository

    lost = forms.unreadable()
    if not erase:
        print(f"{len(lost)} medical form(s) cannot be read with MAATJE_FORMS_KEY. If the old key "
              "is really lost, run again with --yes: they are erased and parents asked again.")
        return 0
    camp = CampRepository(session)
    for registration_id in lost:
        forms.erase(registration_id)
        camp.ask_form_again(registration_id)
    print(f"{len(lost)} unreadable medical form(s) erased; the camp list counts them missing "
          "and the reminders ask again.")
    return 0
