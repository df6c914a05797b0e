"""Build Maatje's parts once from the settings and hand them to whoever needs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.core.dialogue import Maatje
from bot.core.hours import WorkingHours
from bot.core.state import UserState
from bot.features import registry
from bot.flood import FloodPolicy
from bot.jobs import retention_policy
from bot.service import Conversations
from bot.telegram.translate import user_key
from content.holder import ContentHolder
from content.loader import load_content
from intents.pipeline import Understander
from storage.db import Database
from storage.staff import StaffRepository


def build_core(settings: Settings) -> Maatje:
    """Content and understanding, loaded and validated; no database."""
    content = load_content(settings.content_dir)
    understander = Understander.load(cache_dir=settings.data_dir / "cache",
                                     encoder_threads=settings.encoder_threads)
    hours = settings.safeguarding_hours
    return Maatje(
        content, understander, threshold=settings.confidence_threshold, features=registry(),
        bot_username=settings.telegram_username,
        safeguarding_hours=WorkingHours.parse(hours) if hours else None,
        topic_memory=timedelta(minutes=settings.topic_memory_minutes),
    )


def build_conversations(
    settings: Settings, core: Maatje | None = None, new_user: UserState | None = None,
    wait_for_database: bool = False,
) -> Conversations:
    """The core plus the database (migrated), as the bot and the console use it.

    The content is watched: edited files go live with the next message. With
    ``wait_for_database`` (the bot) a database that is down is no reason to stop: danger is
    answered without it, and it is connected and migrated once it is back.
    """
    url, timeouts = settings.resolved_database_url(), settings.database_timeouts()
    prepare = partial(ensure_staff, settings.staff_ids) if settings.staff_ids else None
    database = (Database.waiting(url, timeouts, prepare) if wait_for_database
                else Database.open(url, timeouts, prepare))
    core = core or build_core(settings)
    holder = ContentHolder(core.content)
    flood = FloodPolicy(
        settings.flood_burst, settings.flood_window_seconds, settings.flood_pause_seconds
    )
    return Conversations(core, database, new_user or UserState(), content=holder, flood=flood,
                         retention=retention_policy(settings))


def ensure_staff(staff_ids: list[int], session: Session) -> None:
    """Every Telegram id in ``MAATJE_STAFF_IDS`` is an active staff member, without an invite.

    Run once the database is migrated (at the start, or when it is back); a new one is
    named "Jeugdwerker <id>" until an invite gives a name.
    """
    staff, now = StaffRepository(session), datetime.now(UTC)
    for staff_id in staff_ids:
        staff.ensure(user_key(staff_id), f"Jeugdwerker {staff_id}", now)
