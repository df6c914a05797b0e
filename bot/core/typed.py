"""A typed answer to a question Maatje asked with buttons ("ja graag" for ✅ Ja).

Every question can be answered by typing, in every content language: people with cheap
phones or little reading type "ok" or "نعم" rather than find the button. The words live
in ``questions.yaml``; this module only compares.
"""

from __future__ import annotations

from content.questions import Questions, simplify

#: "ja graag ik wil dat" is still a yes: an answer with at most this many words after it.
EXTRA_WORDS = 3


def typed_answer(
    questions: Questions, pending: tuple[tuple[str, str], ...], text: str
) -> str | None:
    """The payload ``text`` answers among the ``pending`` (answer, payload) pairs, if any."""
    said = simplify(text)
    if not said:
        return None
    words = said.split()
    phrases = {answer: questions.phrases(answer) for answer, _ in pending}
    for answer, payload in pending:
        if said in phrases[answer]:
            return payload
    starting = sorted(((size, answer, payload) for answer, payload in pending
                       if (size := _prefix(words, phrases[answer]))), reverse=True)
    if not starting or (len(starting) > 1 and starting[1][0] == starting[0][0]):
        return None  # "no lo sé" starts with "no" too: the longer answer is what was said
    size, answer, payload = starting[0]
    others = set().union(*(phrases[a] for a, _ in pending if a != answer))
    return None if _mentions(words[size:], others) else payload


def _mentions(words: list[str], phrases: set[str]) -> bool:
    """Whether the words hold one of ``phrases`` ("nee weet ik niet": not a plain no)."""
    return any(" ".join(words[start:end]) in phrases
               for start in range(len(words)) for end in range(start + 1, len(words) + 1))


def _prefix(words: list[str], phrases: frozenset[str]) -> int:
    """How many first words form an answer phrase, with few words after it (0: none)."""
    sizes = range(len(words), max(1, len(words) - EXTRA_WORDS) - 1, -1)
    return next((size for size in sizes if " ".join(words[:size]) in phrases), 0)
