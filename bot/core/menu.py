"""The persistent main menu: the six big buttons a pupil or parent always sees."""

from __future__ import annotations

from bot.core.render import Renderer

#: The topics of the main menu, in the order they are shown.
MAIN_CHOICES = ("activities", "camp_info", "club_join", "register_interest", "contact", "language")


def main_menu(render: Renderer) -> tuple[str, ...]:
    """The menu labels in the person's languages (a tap comes back as its label)."""
    return tuple(button.label for button in render.intent_buttons(MAIN_CHOICES))
