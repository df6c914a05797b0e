"""Feature modules: each registers its composers, commands and buttons here."""

from __future__ import annotations

from bot.core.features import Features, merge
from bot.features import (
    activities,
    attendance,
    camp_info,
    camp_medical_form,
    camp_packing,
    club_join,
    consent,
    contact,
    location,
    onboarding,
    packing,
    privacy,
    staff_tools,
    volunteer,
    word_meaning,
)


def registry() -> Features:
    """All features Maatje has. Add a feature by merging its mappings in here."""
    more = merged(privacy.features(), consent.features(), onboarding.feature(), packing.feature(),
                  attendance.features())
    return merge(
        Features(
            composers={
                activities.INTENT: activities.compose,
                camp_info.INTENT: camp_info.compose,
                camp_packing.INTENT: camp_packing.compose,
                camp_medical_form.INTENT: camp_medical_form.compose,
                club_join.INTENT: club_join.compose,
                contact.INTENT: contact.compose,
                location.INTENT: location.compose,
                volunteer.INTENT: volunteer.compose,
                word_meaning.INTENT: word_meaning.compose,
                **more.composers,
            },
            commands={**more.commands},
            buttons={
                activities.BUTTON_PREFIX: activities.calendar_file,
                camp_info.BUTTON_PREFIX: camp_info.parent_question,
                club_join.BUTTON_PREFIX: club_join.club_details,
                **more.buttons,
            },
        ),
        staff_tools.features(),
    )


def merged(*parts: Features) -> Features:
    """One :class:`Features` from several; a name registered twice is a mistake."""
    composers: dict[str, object] = {}
    commands: dict[str, object] = {}
    buttons: dict[str, object] = {}
    for part in parts:
        for target, source in ((composers, part.composers), (commands, part.commands),
                               (buttons, part.buttons)):
            clash = target.keys() & source.keys()
            if clash:
                raise ValueError(f"registered twice: {sorted(clash)}")
            target.update(source)
    return Features(composers, commands, buttons)  # type: ignore[arg-type]
