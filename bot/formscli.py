"""``maatje forms new-key``: a key for the digital medical form; ``maatje forms rotate``:
every form re-encrypted with the first key of ``MAATJE_FORMS_KEY``.

The key never goes into the database or its backups: keep it in the deployment's secrets
and one copy apart (a password manager, a sealed envelope). Lost, no form can be read again
and parents are asked to fill it in once more.
"""

from __future__ import annotations

import argparse

from bot.config import Settings


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


def forms(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands import UserError
    from storage.db import Database
    from storage.forms import FormRepository, forms_cipher, new_key

    if args.forms_command == "new-key":
        print(new_key())
        return 0
    cipher = forms_cipher(settings.forms_key)
    if cipher is None:
        raise UserError("MAATJE_FORMS_KEY is not set: nothing to rotate")
    database = Database.open(args.db or settings.resolved_database_url())
    try:
        with database.session() as session:
            rotated = FormRepository(session, cipher).rotate()
    finally:
        database.close()
    print(f"{rotated} medical form(s) re-encrypted with the first key.")
    return 0
