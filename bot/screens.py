"""The content check's phone-screen pass: every answer's first message, as people get it.

Where an answer's first screen ends is written in the content (an answer's ``more``, the
items marked ``more``), but what a person sees is what the features make of it, with the
facts of every file under the answer. So this pass asks the core itself: it presses each
topic in every content language, as a pupil and as a parent, and measures the first
message (:mod:`bot.core.screen`), then presses "➕ Meer" and checks its buttons too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.core.dialogue import Maatje
from bot.core.messages import Button, Incoming, Kind, Reply
from bot.core.payloads import MORE
from bot.core.screen import EXEMPT, MAX_BUTTONS, MAX_WORDS, words
from bot.core.state import ONBOARDED, UserState
from content.loader import ANSWERS_FILE, Content
from content.schema import MAX_LABEL
from intents.types import CONTENT_LANGUAGES, Understanding

ROLES = ("pupil", "parent")


class _Unused:
    """Buttons need no understanding: a typed message here is a bug of this module."""

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        raise AssertionError(f"the screen check typed {text!r}; it only presses buttons")


def screen_problems(content: Content, now: datetime | None = None) -> list[str]:
    """One line for each first message over :data:`MAX_WORDS` words in a language or
    :data:`MAX_BUTTONS` buttons, and for each button label a phone would cut."""
    from bot.features import registry  # the features import the core: load them only here

    core = Maatje(content, _Unused(), features=registry())
    problems: list[str] = []
    for intent in content.answers:
        if intent in EXEMPT:
            continue
        for role in ROLES:
            problems.extend(_answer_problems(core, intent, role, now))
    return sorted(set(problems))


def _answer_problems(core: Maatje, intent: str, role: str, now: datetime | None) -> Iterator[str]:
    where = f"{ANSWERS_FILE}: {intent}"
    dutch = _first(core, intent, ONBOARDED.with_(role=role), now)
    if dutch is None:
        return
    dutch_words = words(_text(dutch))
    if dutch_words > MAX_WORDS:
        yield (f"{where}: the first message has {dutch_words} Dutch words (a {role}); one "
               f"phone screen holds {MAX_WORDS}: put the rest behind ➕ Meer (more:)")
    for lang in CONTENT_LANGUAGES[1:]:
        state = ONBOARDED.with_(role=role, language=lang)
        first = _first(core, intent, state, now)
        if first is None:
            continue
        own = words(_text(first)) - dutch_words
        if own > MAX_WORDS:
            yield (f"{where}: the first message has {own} {lang} words (a {role}); one "
                   f"phone screen holds {MAX_WORDS}")
        if len(first.buttons) > MAX_BUTTONS:
            yield (f"{where}: the first message has {len(first.buttons)} buttons (a {role}, "
                   f"{lang}); at most {MAX_BUTTONS}")
        for button in [*first.buttons, *_more_buttons(core, first, state, now)]:
            cut = _cut(button)
            if cut:
                yield f"{where}: the {lang} button «{button.label}» {cut}"


def _first(core: Maatje, intent: str, state: UserState, now: datetime | None) -> Reply | None:
    turn = core.handle(Incoming("screen:check", Kind.BUTTON, payload=f"i:{intent}"), state,
                       now=now)
    return turn.outcome.replies[0] if turn.outcome.replies else None


def _more_buttons(
    core: Maatje, first: Reply, state: UserState, now: datetime | None
) -> Iterator[Button]:
    """The buttons "➕ Meer" shows under the rest of the answer."""
    for button in first.buttons:
        if MORE.parse(button.payload) is not None:
            pressed = core.handle(Incoming("screen:check", Kind.BUTTON, payload=button.payload),
                                  state, now=now)
            for reply in pressed.outcome.replies:
                yield from reply.buttons


def _cut(button: Button) -> str | None:
    """Why a phone would cut this label (and lose its translation), or ``None``."""
    if len(button.label) > MAX_LABEL:
        return f"has {len(button.label)} characters; a phone shows {MAX_LABEL}"
    if button.label.endswith("…"):
        return "was cut: write a shorter label"
    return None


def _text(reply: Reply) -> str:
    return reply.text or (reply.document.caption if reply.document else "")

