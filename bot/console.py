"""``maatje chat``: talk to Maatje in the terminal, through the same core as Telegram.

Buttons are shown as numbered choices; typing the number presses the button.

One console is one person (``console:local``; ``--as fatima`` is ``console:fatima``, named
Fatima), so two terminals on one data folder are two people: a pupil and her parent. What
Maatje writes a person on its own (a notice: "Is Fatima je ouder?", a camp permission
request) waits in the outbox; the console shows it with the person's next reply, as
Telegram would have shown it in between, and typing answers it as in Telegram.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.core.messages import Button, Document, Incoming, Kind, Outcome, Reply
from bot.service import Conversations
from storage.camp import CampRepository
from storage.outbox import UNSEND, OutboxItem, OutboxRepository

CONSOLE_PREFIX = "console:"
CONSOLE_USER = f"{CONSOLE_PREFIX}local"
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


def to_incoming(typed: str, buttons: list[Button], language: str | None,
                person: str | None = None) -> Incoming:
    """A number picks a button; a menu entry is sent as its label, like Telegram does.

    ``person``: the name given with ``--as`` (the first name Telegram would report)."""
    user = f"{CONSOLE_PREFIX}{person.lower()}" if person else CONSOLE_USER
    if typed.isdigit() and 1 <= int(typed) <= len(buttons):
        button = buttons[int(typed) - 1]
        if button.payload:
            return Incoming(user, Kind.BUTTON, payload=button.payload, first_name=person,
                            language_hint=language)
        typed = button.label
    kind = Kind.COMMAND if typed.startswith("/") else Kind.TEXT
    return Incoming(user, kind, text=typed, first_name=person, language_hint=language)


def waiting(conversations: Conversations, chat_key: str) -> tuple[Reply, ...]:
    """The notices queued for this person, as replies (then marked sent: shown once).

    They are shown after the reply, so the next line typed answers the last question shown:
    a notice's question ("Is Fatima je ouder?") is remembered as the one asked, as the
    feature that queued it did, since this turn's answer replaced that memory.
    """
    database = conversations.database
    if database is None:
        return ()
    questions = conversations.live_core().content.questions
    with database.session() as session:
        items = OutboxRepository(session).take_for(chat_key, conversations.now())
        shown = tuple(_as_reply(item) for item in items if item.file_kind != UNSEND)
        last = next((reply for reply in reversed(shown) if reply.buttons), None)
        if last is not None and questions is not None:
            asked = questions.pending_in([button.payload for button in last.buttons])
            if asked:
                CampRepository(session).remember_question(chat_key, asked)
    return shown


def _as_reply(item: OutboxItem) -> Reply:
    document = Document(item.file_id, b"", "") if item.file_id else None
    return Reply(item.text, buttons=item.buttons, document=document)


def chat(
    conversations: Conversations,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    language: str | None = None,
    person: str | None = None,
) -> None:
    """The console loop; ends on EOF, Ctrl-C or /quit."""
    buttons: list[Button] = []
    typed = "/start"
    while True:
        incoming = to_incoming(typed, buttons, language, person)
        outcome = conversations.handle(incoming)
        if outcome is not None:
            notices = waiting(conversations, incoming.reply_chat)
            shown = replace(outcome, replies=(*outcome.replies, *notices))
            text, buttons = render_outcome(shown)
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
