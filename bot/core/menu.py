"""The persistent main menu: the six big buttons a pupil or parent always sees."""

from __future__ import annotations

from bot.core.messages import Reply
from bot.core.render import Renderer

#: The topics of the main menu, in the order they are shown.
MAIN_CHOICES = ("activities", "camp_info", "club_join", "register_interest", "contact", "language")


def main_menu(render: Renderer) -> tuple[str, ...]:
    """The menu labels in the person's languages (a tap comes back as its label)."""
    return tuple(button.label for button in render.intent_buttons(MAIN_CHOICES))


def stale_reply(render: Renderer) -> Reply:
    """A forged, unknown or outdated button: refused kindly, with the main choices to go on.

    The one answer to every button Maatje cannot take, from the core or from a feature.
    """
    return render.reply(render.ui("button.stale"), render.intent_buttons(MAIN_CHOICES))
