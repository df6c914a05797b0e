"""Feature modules: each registers its composers, commands and buttons here."""

from __future__ import annotations

from bot.core.features import Features, merge
from bot.features import (
    absence,
    activities,
    attendance,
    camp_form,
    camp_info,
    camp_medical_form,
    camp_packing,
    camp_sheet,
    club_join,
    consent,
    details,
    followups,
    location,
    onboarding,
    packing,
    parent_child,
    privacy,
    staff_tools,
    voice,
    volunteer,
    word_meaning,
)
from bot.features.kit.buttons import typed


def registry() -> Features:
    """All features Maatje has. Add a feature by merging its registration in here.

    The "contact" topic is answered by the hand-over (``handover.offer``), which shows
    ``contact.compose`` first and then offers to pass a question on: so ``contact`` is
    not registered on its own.
    """
    return merge(
        Features(
            composers=details.with_details({
                activities.INTENT: activities.compose,
                camp_info.INTENT: camp_info.compose,
                camp_packing.INTENT: camp_packing.compose,
                camp_medical_form.INTENT: camp_medical_form.compose,
                club_join.INTENT: club_join.compose,
                location.INTENT: location.compose,
                volunteer.INTENT: volunteer.compose,
                word_meaning.INTENT: word_meaning.compose,
                details.INTENT: details.referral,
            }),
            buttons={
                activities.CALENDAR.prefix: typed(activities.CALENDAR, activities.calendar_file),
                camp_info.QUESTION.prefix: typed(camp_info.QUESTION, camp_info.parent_question),
                club_join.CLUB.prefix: typed(club_join.CLUB, club_join.club_details),
            },
        ),
        voice.features(), privacy.features(), consent.features(), onboarding.feature(), packing.feature(),
        attendance.features(), camp_form.features(), parent_child.features(),
        camp_sheet.features(), absence.features(),
        staff_tools.features(), followups.features(),
    )
