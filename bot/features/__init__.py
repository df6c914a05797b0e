"""Feature modules: each registers its composers, commands and buttons here."""

from __future__ import annotations

from bot.core.features import Features


def registry() -> Features:
    """All features Maatje has. Add a feature by merging its mappings in here."""
    return Features(composers={}, commands={}, buttons={})
