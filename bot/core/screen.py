"""One phone screen first: an answer's first message, then "➕ Meer" for the rest.

A pupil on a cheap phone reads the first screen and little else; a parent reading Arabic
must reach her own language without scrolling past a wall of Dutch. So an answer's first
message holds what matters (at most :data:`MAX_WORDS` words a language and
:data:`MAX_BUTTONS` buttons) and the rest waits behind one button. Where the first screen
ends is the content's decision (an answer's ``more`` in answers.yaml, the composers' data):
this module only puts the button under the first message and moves the buttons that do not
fit to the rest.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.messages import Button, Reply

#: Words of one language on an answer's first message (the content check enforces it).
MAX_WORDS = 60
#: Buttons under an answer's first message, "➕ Meer" included.
MAX_BUTTONS = 4
#: Answers that are no phone screen of facts: the help lines (never cut, never behind a
#: button) and the language picker (every language is a choice, two columns of them).
EXEMPT = frozenset({"safeguarding", "language"})
#: A word: letters or digits ("9.00" is one); an emoji used as a signpost is not a word.
_WORD = re.compile(r"\w", re.UNICODE)


def split(
    replies: tuple[Reply, ...],
    more: tuple[Reply, ...],
    more_button: Button | None,
    choices: Reply | None = None,
    pinned: frozenset[str] = frozenset(),
) -> tuple[tuple[Reply, ...], tuple[Reply, ...]]:
    """(what the answer shows, what "➕ Meer" shows).

    With nothing more to show and buttons that fit, the answer is unchanged and there is
    no rest. Otherwise the first message keeps its first buttons and gets "➕ Meer"; the
    buttons that do not fit go under the rest (under ``choices``, a short "more choices"
    message, when the content has no rest to say). A ``pinned`` payload (the button that
    shows the answer in the phone's language) always stays on the first screen.
    """
    if not replies or more_button is None:
        return replies, ()
    first, later = replies[0], replies[1:]
    if not more and len(first.buttons) <= MAX_BUTTONS:
        return replies, ()
    rest = more or ((choices,) if choices is not None else ())
    if not rest:
        return replies, ()
    room = MAX_BUTTONS - 1 - sum(1 for b in first.buttons if b.payload in pinned)
    others = [b for b in first.buttons if b.payload not in pinned]
    kept = [b for b in first.buttons if b.payload in pinned or b in others[:room]]
    moved = others[room:]
    shown = (replace(first, buttons=(*kept, more_button)), *later)
    last = rest[-1]
    return shown, (*rest[:-1], replace(last, buttons=(*last.buttons, *moved)))


def words(text: str) -> int:
    """The words of a text as a reader counts them: emoji and bullets are not words."""
    return sum(1 for token in text.split() if _WORD.search(token))
