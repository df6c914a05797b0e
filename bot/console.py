"""``maatje chat``: talk to Maatje in the terminal, through the same core as Telegram.

Buttons are shown as numbered choices; typing the number presses the button.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.messages import Button, Incoming, Kind, Outcome
from bot.service import Conversations

CONSOLE_USER = "console:local"
QUIT_WORDS = {"/quit", "/exit", "/stop"}


def render_outcome(outcome: Outcome) -> tuple[str, list[Button]]:
    """The text to print and the numbered buttons (menu entries included)."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in outcome.replies:
        if reply.text:
            lines.append(reply.text)
        if reply.venue is not None:
            lines.append(f"📍 {reply.venue.title}, {reply.venue.address}")
        if reply.document is not None:
            lines.append(f"📎 {reply.document.filename}: {reply.document.caption}".rstrip(": "))
        for label in reply.menu:
            buttons.append(Button(label, ""))
        buttons.extend(reply.buttons)
    lines.extend(f"  [{number}] {button.label}" + (f" → {button.url}" if button.url else "")
                 for number, button in enumerate(buttons, 1))
    return "\n".join(lines), buttons


def to_incoming(typed: str, buttons: list[Button], language: str | None) -> Incoming:
    """A number picks a button; a menu entry is sent as its label, like Telegram does."""
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        button = buttons[int(typed) - 1]
        if button.payload:
            return Incoming(CONSOLE_USER, Kind.BUTTON, payload=button.payload,
                            language_hint=language)
        typed = button.label
    kind = Kind.COMMAND if typed.startswith("/") else Kind.TEXT
    return Incoming(CONSOLE_USER, kind, text=typed, language_hint=language)


def chat(
    conversations: Conversations,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    language: str | None = None,
) -> None:
    """The console loop; ends on EOF, Ctrl-C or /quit."""
    buttons: list[Button] = []
    typed = "/start"
    while True:
        outcome = conversations.handle(to_incoming(typed, buttons, language))
        if outcome is not None:
            text, buttons = render_outcome(outcome)
            write(f"\nMaatje:\n{text}\n")
        try:
            typed = read("> ").strip()
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        while not typed:
            try:
                typed = read("> ").strip()
            except (EOFError, KeyboardInterrupt):
                return
        if typed.lower() in QUIT_WORDS:
            return
