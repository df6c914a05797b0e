"""The understanding of a message read twice is worked out once.

A channel reads each message twice: first the danger check that sends the help lines
before anything waits on the database (``Conversations.urgent_outcome``), then the stored
turn. Both ask the same understander about the same text, which cost a second embedding
and classification (37 ms and 45 ms per message in the web chat's load benchmark). The
understander is a pure function of the text and the language hint, so the last few
answers are kept — per conversation service, never process-wide — and the second read
is free. Nothing is kept beyond the last ``size`` messages, and nothing is written.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from bot.core.dialogue import Understands
from intents.types import Understanding

#: Messages in flight at once are few: the triage and the stored turn of each.
RECENT = 64


class RecentUnderstandings:
    """An understander that answers a text it read a moment ago from memory."""

    def __init__(self, inner: Understands, size: int = RECENT) -> None:
        self.inner = inner
        self.size = size
        self._recent: OrderedDict[tuple[str, str | None], Understanding] = OrderedDict()
        self._lock = threading.Lock()  # the triage and the stored turn run on other threads

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        key = (text, language_hint)
        with self._lock:
            found = self._recent.get(key)
            if found is not None:
                self._recent.move_to_end(key)
                return found
        understood = self.inner.understand(text, language_hint)
        with self._lock:
            self._recent[key] = understood
            while len(self._recent) > self.size:
                self._recent.popitem(last=False)
        return understood


def remembering(inner: Understands) -> Understands:
    """``inner`` with the recent answers kept (once: an understander already keeping them
    is returned as it is)."""
    return inner if isinstance(inner, RecentUnderstandings) else RecentUnderstandings(inner)
