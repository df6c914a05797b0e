"""Feature modules: each registers its composers, commands and buttons here."""

from __future__ import annotations

from bot.core.features import Features
from bot.features import activities


def registry() -> Features:
    """All features Maatje has. Add a feature by merging its mappings in here."""
    return Features(
        composers={activities.INTENT: activities.compose},
        commands={},
        buttons={activities.BUTTON_PREFIX: activities.calendar_file},
    )
