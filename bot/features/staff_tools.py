"""The youth-worker tools as one registration: staff, interest follow-up, hand-over, broadcasts."""

from __future__ import annotations

from bot.core.features import Composer, Features, merge
from bot.features import staff


def features() -> Features:
    """Every youth-worker feature, with the staff menu wired to the staff commands."""
    parts = [staff.features()]
    commands: dict[str, Composer] = {}
    for part in parts:
        commands.update(part.commands)
    return merge(*parts, staff.staff_menu(commands))
