"""A typed answer to a question Maatje asked with buttons ("ja graag" for ✅ Ja).

Every question can be answered by typing, in every content language: people with cheap
phones or little reading type "ok" or "نعم" rather than find the button. The words live
in ``questions.yaml``; this module only compares.
"""

from __future__ import annotations

import re
import unicodedata

from content.questions import Questions

#: "ja graag ik wil dat" is still a yes: an answer with at most this many words after it.
EXTRA_WORDS = 3
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
    phrases = {answer: {simplify(word) for word in questions.words_for(answer)}
               for answer, _ in pending}
    for answer, payload in pending:
        if said in phrases[answer]:
            return payload
    starting = [(answer, payload, size) for answer, payload in pending
                if (size := _prefix(words, phrases[answer]))]
    if len(starting) != 1:
        return None
    answer, payload, size = starting[0]
    others = set().union(*(phrases[a] for a, _ in pending if a != answer))
    return None if others & set(words[size:]) else payload


def _prefix(words: list[str], phrases: set[str]) -> int:
    """How many first words form an answer phrase, with few words after it (0: none)."""
    sizes = range(len(words), max(1, len(words) - EXTRA_WORDS) - 1, -1)
    return next((size for size in sizes if " ".join(words[:size]) in phrases), 0)
