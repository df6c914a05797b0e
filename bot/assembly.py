"""Build Maatje's parts once from the settings and hand them to whoever needs them.

The one composition root: the core and its features, the conversation service, the outbox
sender and the scheduler its leader runs (features' jobs and retention) are wired here;
``bot.commands`` and ``bot.staffcli`` only start what this builds.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from cryptography.fernet import MultiFernet
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.core.dialogue import Maatje, Understands
from bot.core.hours import WorkingHours
from bot.core.state import UserState
from bot.delivery.progress import BroadcastProgress
from bot.delivery.sender import OutboxSender, SenderConfig
from bot.features import broadcast, registry, staff_tools
from bot.features.kit.formfile import attachment
from bot.flood import FloodPolicy
from bot.scheduler import Every, Scheduler, feature_jobs
from bot.service import Conversations
from bot.telegram.keys import user_key
from bot.understood import remembering
from content.holder import ContentHolder
from content.loader import Content, load_content
from intents.pipeline import Understander
from intents.progress import Progress
from intents.topic_prior import CONVERSATION_PRIOR
from storage.broadcasts import SubscriberRepository
from storage.db import Database
from storage.forms import BadFormsKey, forms_cipher
from storage.outbox import OutboxItem
from storage.personal import RetentionPolicy
from storage.retention import apply_retention
from storage.staff import StaffRepository

if TYPE_CHECKING:  # the sender's bot; `maatje ask` never imports python-telegram-bot
    from telegram import Bot

#: The scheduler's entries: the features' jobs, and retention (its ``job_runs`` row).
FEATURE_JOBS = "features"
RETENTION = "retention"
DAY = 24 * 3600.0


def build_core(settings: Settings, understander: Understands | None = None) -> Maatje:
    """Content and understanding, loaded and validated; no database.

    ``understander`` is one already loaded (a test's); by default the models are loaded
    from the data folder's cache, trained first if they are missing.
    """
    content = load_content(settings.content_dir, zone=settings.zone)
    if understander is None:
        seed_model_cache(settings)
        understander = Understander.load(cache_dir=settings.data_dir / "cache",
                                         encoder_threads=settings.encoder_threads,
                                         progress=Progress())  # says why and how far, if it trains
    hours = settings.safeguarding_hours
    return Maatje(
        content, understander, threshold=settings.confidence_threshold, features=registry(),
        bot_username=settings.telegram_username,
        safeguarding_hours=WorkingHours.parse(hours) if hours else None,
        topic_memory=timedelta(minutes=settings.topic_memory_minutes),
        topic_prior=CONVERSATION_PRIOR,
        form_by_pupil_from_age=settings.form_by_pupil_from_age,
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
    # Each message is read by the danger check and then by the stored turn: once is enough.
    core = replace(core, understander=remembering(core.understander))
    holder = ContentHolder(core.content)
    flood = FloodPolicy(
        settings.flood_burst, settings.flood_window_seconds, settings.flood_pause_seconds
    )
    return Conversations(core, database, new_user or UserState(), content=holder, flood=flood,
                         retention=retention_policy(settings), forms=usable_forms_key(settings))


def retention_policy(settings: Settings) -> RetentionPolicy:
    """The configured retention: what the job erases and what ``/privacy`` tells."""
    return RetentionPolicy(
        followed_up_leads_days=settings.retention_followed_up_leads_days,
        unanswered_questions_days=settings.retention_unanswered_questions_days,
        inactive_users_days=settings.retention_inactive_users_days,
        safeguarding_days=settings.retention_safeguarding_days,
        forms_days=settings.retention_forms_days,
    )


def build_scheduler(settings: Settings, content: Callable[[], Content], *,
                    retention: bool = True) -> Scheduler:
    """The deployment's one scheduler: the features' jobs every few seconds; retention
    looked at every ``MAATJE_JOBS_CHECK_SECONDS`` and run once a day (``retention``
    false: not at all, for a test's world that moves its clock)."""
    jobs = staff_tools.jobs(timedelta(hours=settings.lead_reminder_hours),
                            timedelta(days=settings.camp_reminder_days),
                            timedelta(minutes=settings.safeguarding_realert_minutes),
                            settings.safeguarding_alerts, settings.form_by_pupil_from_age)
    entries = [Every(FEATURE_JOBS, sender_config(settings).jobs_every, feature_jobs(content, jobs))]
    if retention:
        policy = retention_policy(settings)
        entries.append(Every(RETENTION, settings.jobs_check_seconds,
                             lambda session, now: apply_retention(session, policy, now), period=DAY))
    return Scheduler(entries)


def sender_config(settings: Settings) -> SenderConfig:
    return SenderConfig(
        rate=settings.broadcast_rate,
        chat_interval=settings.broadcast_chat_interval,
        max_attempts=settings.broadcast_max_attempts,
        channel="tg:",  # a web visitor's rows wait for the web chat (maatje web)
    )


def stop_announcements(session: Session, item: OutboxItem, now: datetime) -> None:
    """A chat that blocked Maatje (403) gets no more announcements."""
    SubscriberRepository(session).deactivate_chat(item.chat_key, now)


@dataclass
class SenderParts:
    """The sender and the bot it sends with (initialised and shut down around a run:
    :func:`bot.telegram.outbox_runner.sending`)."""

    sender: OutboxSender
    bot: Bot


def build_sender(
    database: Database,
    content: Callable[[], Content],
    token: str,
    base_url: str | None,
    settings: Settings,
    clock: Callable[[], datetime],
    on_blocked: Callable[[Session, OutboxItem, datetime], None] | None = None,
    scheduler: Scheduler | None = None,
) -> SenderParts:
    """The outbox sender on Telegram, and what its leader runs between sends: the
    scheduler (by default :func:`build_scheduler`'s) and the announcements' progress."""
    # Imported here, not above: `maatje ask` and `maatje chat` build the core from this
    # module and should not pay for importing python-telegram-bot (issue 21, cold start).
    from bot.telegram.transport import TelegramTransport, sender_bot

    config = sender_config(settings)
    days = settings.retention_forms_days
    bot = sender_bot(token, base_url, config.concurrency)
    sender = OutboxSender(
        database, TelegramTransport(bot, lambda name: attachment(content(), name, days)), config, clock,
        tickers=[scheduler or build_scheduler(settings, content), BroadcastProgress(
            lambda tally: broadcast.progress_text(content(), tally))],
        on_blocked=on_blocked or stop_announcements,
    )
    return SenderParts(sender, bot)


def usable_forms_key(settings: Settings) -> MultiFernet | None:
    """The medical forms' cipher; a key that is not one switches the digital form off, as
    no key does (``maatje doctor`` and the start say so in one line), and nothing else."""
    try:
        return forms_cipher(settings.forms_key)
    except BadFormsKey:
        return None


def ensure_staff(staff_ids: list[int], session: Session) -> None:
    """Every Telegram id in ``MAATJE_STAFF_IDS`` is an active staff member, without an invite.

    Run once the database is migrated (at the start, or when it is back); a new one is
    named "Jeugdwerker <id>" until an invite gives a name.
    """
    staff, now = StaffRepository(session), datetime.now(UTC)
    for staff_id in staff_ids:
        staff.ensure(user_key(staff_id), f"Jeugdwerker {staff_id}", now)


def seed_model_cache(settings: Settings) -> None:
    """Models trained ahead (``MAATJE_MODEL_CACHE_DIR``: the Docker image trains at build
    time) into the data folder's cache when it has none of them: the ``/data`` volume hides
    whatever the image put there. Names carry the data's hash, so a stale one never loads.
    """
    source, target = settings.model_cache_dir, settings.data_dir / "cache"
    if source is None or not source.is_dir() or source.resolve() == target.resolve():
        return
    for model in [*source.glob("intents-*.npz"), *source.glob("languages-*.npz")]:
        if not (target / model.name).exists():
            target.mkdir(parents=True, exist_ok=True)
            partial_copy = target / f".{model.name}.tmp"
            shutil.copyfile(model, partial_copy)
            partial_copy.replace(target / model.name)
