"""``maatje doctor``: is this installation ready to go live? Also warned at every ``maatje run``.

Nothing else stops a deployment from answering parents with the shipped examples: invented
youth workers with real-looking phone numbers, invented camp dates, and promises (halal
food, female leaders, "we always call you") the organisation may not keep. Each check says
what is wrong and what to do; ``--strict`` exits 1 when any needs attention, for a
deployment pipeline.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import failures
from bot.config import Settings
from content.loader import (
    STAFF_ONLY_PREFIX,
    UI_FILE,
    Content,
    ContentError,
    authored_texts,
    is_sensitive,
    load_content,
)
from intents.types import CONTENT_LANGUAGES

if TYPE_CHECKING:
    from storage.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """One go-live check: passed or not, and one line saying what it found and what to do."""

    name: str
    ok: bool
    message: str


def command(args: argparse.Namespace, settings: Settings) -> int:
    """``maatje doctor [--strict]``: every check, one line each."""
    checks = run_checks(settings, args.base_url or settings.telegram_base_url)
    print(render(checks))
    return 1 if args.strict and any(not check.ok for check in checks) else 0


def run_checks(settings: Settings, base_url: str | None) -> list[Check]:
    try:
        checks = content_checks(load_content(settings.content_dir, zone=settings.zone))
    except ContentError as error:
        first, *rest = error.problems or ["unknown problem"]
        checks = [Check("content", False, f"not valid: {first} (and {len(rest)} more: "
                        "maatje content check lists them)")]
    checks += [backups_check(settings), forms_check(settings), voice_check(settings)]
    checks += database_checks(settings)
    checks += telegram_checks(settings, base_url)
    return checks


def render(checks: Iterable[Check]) -> str:
    checks = list(checks)
    lines = [f"{'ok  ' if check.ok else 'TODO'}  {check.name}: {check.message}" for check in checks]
    todo = sum(not check.ok for check in checks)
    lines.append("Ready to go live." if not todo else
                 f"{todo} of {len(checks)} checks need attention before Maatje goes live.")
    return "\n".join(lines)


def content_checks(content: Content) -> list[Check]:
    """The example markers, the promises not yet confirmed, the sensitive texts unreviewed."""
    return [examples_check(content), *promise_checks(content), reviews_check(content)]


def examples_check(content: Content) -> Check:
    if not content.examples:
        return Check("example content", True, "every content file holds the organisation's own texts")
    return Check("example content", False,
                 f"{', '.join(sorted(content.examples))} still hold the shipped examples (invented "
                 "people, phone numbers, dates and prices): replace them, then delete the line "
                 "'example: true' at the top of each file")


def promise_checks(content: Content) -> list[Check]:
    """One check per promise to parents the organisation has not confirmed yet."""
    promises = [(file, key, text) for file, key, text in authored_texts(content) if text.promise]
    open_ones = [Check("promise to parents", False,
                       f"{file} {key}: «{text.nl}» — make sure the organisation keeps it, then "
                       "add 'confirmed: true' beside 'promise: true' (or change the text)")
                 for file, key, text in promises if not text.confirmed]
    if open_ones:
        return open_ones
    return [Check("promises to parents", True, f"{len(promises)} confirmed")]


def reviews_check(content: Content) -> Check:
    """Safeguarding, consent and medical translations no native speaker checked yet."""
    waiting: Counter[str] = Counter()
    for file, key, text in authored_texts(content):
        if (file == UI_FILE and key.startswith(STAFF_ONLY_PREFIX)) or not is_sensitive(f"{file}.{key}"):
            continue
        waiting.update(lang for lang, translation in text.translations.items() if not translation.reviewed)
    if not waiting:
        return Check("sensitive translations", True, "safeguarding, consent and medical texts are reviewed")
    per_language = ", ".join(f"{lang} {waiting[lang]}" for lang in CONTENT_LANGUAGES if waiting[lang])
    return Check("sensitive translations", False,
                 f"{sum(waiting.values())} translations of safeguarding, consent and medical texts "
                 f"are not reviewed ({per_language}): have a native speaker check them, then set "
                 "'reviewed: true' (maatje content export --lang L lists them)")


def forms_check(settings: Settings) -> Check:
    """Without ``MAATJE_FORMS_KEY`` the digital medical form is off (paper forms still work)."""
    from storage.forms import BadFormsKey, forms_cipher

    try:
        cipher = forms_cipher(settings.forms_key)
    except BadFormsKey as error:
        return Check("medical form", False, str(error))
    if cipher is not None:
        age = settings.form_by_pupil_from_age
        pupils = (f"; pupils of {age} or older fill in their own (MAATJE_FORM_BY_PUPIL_FROM_AGE)"
                  if age is not None else "")
        return Check("medical form", True, "parents fill it in in Maatje, encrypted with "
                     "MAATJE_FORMS_KEY (keep a copy of the key apart from the database backups)"
                     + pupils)
    return Check("medical form", False, "MAATJE_FORMS_KEY is not set, so the digital medical "
                 "form is off (paper forms still work): make a key with 'maatje forms new-key'")


def voice_check(settings: Settings) -> Check:
    """Voice notes on or off; when on, the speech model found and its SHA-256 the pinned one.
    Off is no problem (a kind "cannot listen"); a model that is not the tested one is."""
    from bot.voice.model import ModelUnavailable, verified

    if not settings.voice:
        return Check("voice notes", True, "off (MAATJE_VOICE=false): they get 'Ik kan nog niet "
                     "luisteren'")
    if importlib.util.find_spec("faster_whisper") is None:
        return Check("voice notes", True, "off: maatje[voice] is not installed, so they get 'Ik "
                     "kan nog niet luisteren' (pip install 'maatje[voice]' to hear them)")
    try:
        found = verified(settings.data_dir / "cache")
    except (ModelUnavailable, OSError) as error:
        return Check("voice notes", False, f"off: {error}")
    return Check("voice notes", True, f"on (Dutch): the speech model is {found}, SHA-256 verified")


def backups_check(settings: Settings) -> Check:
    if settings.backups_confirmed:
        return Check("backups", True, "confirmed by the operator (MAATJE_BACKUPS_CONFIRMED)")
    return Check("backups", False, "not confirmed: back up the database every day (and try a "
                 "restore once), then set MAATJE_BACKUPS_CONFIRMED=true")


def database_checks(settings: Settings) -> list[Check]:
    """Migrations current and someone on staff, read without changing the database."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        current, staff = _database_state(settings)
    except SQLAlchemyError as error:
        explained = failures.explain(error)
        return [Check("database", False, explained.message if explained else str(error))]
    checks = [Check("migrations", True, "the database schema is current") if current else
              Check("migrations", False, "the database schema is not current: maatje run "
                    "migrates it at start (or run maatje staff list once)")]
    return [*checks, staff_check(staff, settings)]


def staff_check(staff: int | None, settings: Settings) -> Check:
    if staff:
        return Check("staff", True, f"{staff} active staff member{'s' if staff > 1 else ''}")
    if settings.staff_ids:
        return Check("staff", True,
                     f"{len(settings.staff_ids)} in MAATJE_STAFF_IDS (staff from the next start)")
    return Check("staff", False, "no staff member yet, so nobody receives a pupil's call for help: "
                 "maatje staff invite --name NAME prints a link for a youth worker")


def _database_state(settings: Settings) -> tuple[bool, int | None]:
    """Whether every migration ran, and how many staff are active (``None`` if unknown)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.orm import Session

    from storage.db import MIGRATIONS, make_engine
    from storage.staff import StaffRepository

    engine = make_engine(settings.resolved_database_url(), settings.database_timeouts())
    try:
        with engine.connect() as connection:
            applied = set(MigrationContext.configure(connection).get_current_heads())
        current = applied == set(ScriptDirectory(str(MIGRATIONS)).get_heads())
        if not current:
            return False, None
        with Session(engine) as session:
            return True, len(StaffRepository(session).member_keys())
    finally:
        engine.dispose()


def telegram_checks(settings: Settings, base_url: str | None) -> list[Check]:
    """The token works, the username matches it, and Telegram reaches the webhook if one is set."""
    if not settings.telegram_token:
        return [Check("Telegram", False, "no bot token: create a bot with @BotFather and set "
                      "MAATJE_TELEGRAM_TOKEN")]
    try:
        username, webhook, webhook_error = asyncio.run(_ask_telegram(settings.telegram_token, base_url))
    except Exception as error:  # whatever Telegram or the network says, explained when known
        explained = failures.explain(error)
        if explained is None:
            raise
        return [Check("Telegram", False, explained.message)]
    checks = [Check("Telegram", True, f"the token belongs to @{username}")]
    configured = (settings.telegram_username or username).lstrip("@")
    if configured.lower() != username.lower():
        checks.append(Check("username", False, f"MAATJE_TELEGRAM_USERNAME is {configured} but the "
                            f"token belongs to @{username}: QR codes would open the wrong bot"))
    if webhook and webhook_error:
        checks.append(Check("webhook", False, f"Telegram cannot deliver to {webhook}: "
                            f"{webhook_error} (check the address, the certificate and the proxy)"))
    elif webhook:
        checks.append(Check("webhook", True, f"Telegram delivers to {webhook}"))
    return checks


async def _ask_telegram(token: str, base_url: str | None) -> tuple[str, str, str | None]:
    from telegram import Bot

    bot = Bot(token, base_url=f"{base_url.rstrip('/')}/bot") if base_url else Bot(token)
    async with bot:
        info = await bot.get_webhook_info()
        return bot.username, info.url, info.last_error_message


def warn_at_start(content: Content, settings: Settings, database: Database | None) -> None:
    """``maatje run``: each open go-live check as one warning line (``maatje doctor`` for all)."""
    checks = [examples_check(content), *promise_checks(content), reviews_check(content),
              backups_check(settings), forms_check(settings)]
    if database is not None and database.ready():
        with database.session() as session:
            from storage.staff import StaffRepository

            checks.append(staff_check(len(StaffRepository(session).member_keys()), settings))
    for check in checks:
        if not check.ok:
            log.warning("not ready to go live: %s: %s", check.name, _without_quote(check.message))


def _without_quote(message: str) -> str:
    """The log names a promise by its key; the text itself is for ``maatje doctor``."""
    return re.sub(r" «[^»]*»", "", message)
