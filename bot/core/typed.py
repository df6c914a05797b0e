"""A typed answer to a question Maatje asked with buttons ("ja graag" for ✅ Ja).

Every question can be answered by typing, in every content language: people with cheap
phones or little reading type "ok" or "نعم" rather than find the button. The words live
in ``questions.yaml``; this module only compares.
"""

from __future__ import annotations

import re
import unicodedata

from content.questions import Questions

#: "ja graag ik wil dat" is still a yes; a longer message is a new question.
MAX_WORDS = 4
#: Letters only: "jaaa" is "ja", but "11" stays eleven.
_REPEATS = re.compile(r"([^\W\d_])\1+")


def simplify(text: str) -> str:
    """Lowercase, no punctuation, Latin accents and skin tones gone, repeats squeezed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept = []
    for char in unicodedata.normalize("NFD", text):
        category = unicodedata.category(char)
        if category.startswith("P") or category == "Sk" or char == "\ufe0f":
            kept.append(" ")
        elif category == "Mn" and _latin_mark(char):
            continue
        else:
            kept.append(char)
    squeezed = _REPEATS.sub(r"\1", unicodedata.normalize("NFC", "".join(kept)))
    return " ".join(squeezed.split())


def _latin_mark(char: str) -> bool:
    """Combining accents (é, ï) go; Arabic or Ge'ez marks are part of the word."""
    return "\u0300" <= char <= "\u036f"


def typed_answer(
    questions: Questions, pending: tuple[tuple[str, str], ...], text: str
) -> str | None:
    """The payload ``text`` answers among the ``pending`` (answer, payload) pairs, if any."""
    said = simplify(text)
    if not said:
        return None
    words = said.split()
    matches = []
    for answer, payload in pending:
        phrases = {simplify(word) for word in questions.words_for(answer)}
        if said in phrases:
            return payload
        if len(words) <= MAX_WORDS and _starts_with(words, phrases):
            matches.append(payload)
    return matches[0] if len(matches) == 1 else None


def _starts_with(words: list[str], phrases: set[str]) -> bool:
    sizes = range(min(len(words), MAX_WORDS), 0, -1)
    return any(" ".join(words[:size]) in phrases for size in sizes)
