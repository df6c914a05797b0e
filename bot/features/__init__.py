"""Feature modules: each registers its composers, commands and buttons here."""

from __future__ import annotations

from bot.core.features import Features
from bot.features import activities, consent, privacy


def registry() -> Features:
    """All features Maatje has. Add a feature by merging its mappings in here."""
    trust = merged(privacy.features(), consent.features())
    return Features(
        composers={activities.INTENT: activities.compose, **trust.composers},
        commands={**trust.commands},
        buttons={activities.BUTTON_PREFIX: activities.calendar_file, **trust.buttons},
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
