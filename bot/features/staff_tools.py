"""The youth-worker tools as one registration: staff, interest follow-up, hand-over, broadcasts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import partial

from bot.core.features import Composer, Features, Job, merge
from bot.features import (
    activity_staff,
    attendance,
    broadcast,
    camp,
    groups,
    handover,
    interest,
    leads,
    phrasebook,
    relay,
    safeguarding,
    staff,
    stats,
    subscriptions,
)


def features() -> Features:
    """Every youth-worker feature, with the staff menu wired to the staff commands."""
    parts = [
        safeguarding.features(), staff.features(), relay.features(), broadcast.features(),
        interest.features(), leads.features(), handover.features(), subscriptions.features(),
        stats.features(),
        camp.features(), activity_staff.features(), groups.features(), phrasebook.features(),
    ]
    commands: dict[str, Composer] = {}
    for part in parts:
        commands.update(part.commands)
    return merge(*parts, staff.staff_menu(commands))


def jobs(
    lead_reminder: timedelta, camp_reminder: timedelta = timedelta(days=7),
    safeguarding_realert: timedelta = timedelta(minutes=15), safeguarding_alerts: int = 3,
    form_by_pupil_from_age: int | None = None,
) -> Sequence[Job]:
    """The scheduled work of the youth-worker tools, run by the deployment's one leader
    (:mod:`bot.scheduler`)."""
    return [
        partial(safeguarding.realert, every=safeguarding_realert, limit=safeguarding_alerts),
        partial(leads.remind_unclaimed, after=lead_reminder),
        broadcast.start_due,
        partial(camp.remind_medical_form, before=camp_reminder,
                form_by_pupil_from_age=form_by_pupil_from_age),
        attendance.remind_day_before,
    ]
