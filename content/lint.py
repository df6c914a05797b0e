"""Check that a Dutch text is simple enough for a newcomer (level A2).

Maatje's readers learn Dutch in a reception class (OKAN). A youth worker who edits a
text cannot always judge how hard it is, so this module points at the sentence that is
too long, the rare word, the passive verb or the formal word. The functions are pure:
they take a text and the word sets and return offences; the only I/O is reading the
word lists shipped in ``content/wordlists``.

Messages are in Dutch because the people who fix the texts are Dutch-speaking youth workers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wordfreq import zipf_frequency

#: A sentence may never be longer than this many words.
MAX_SENTENCE_WORDS = 15
#: The sentences of one text may not be longer than this on average.
MAX_AVERAGE_WORDS = 10.0
#: A whole answer longer than this should become steps or buttons.
MAX_TEXT_WORDS = 60
#: Words below this Zipf frequency (wordfreq, Dutch) count as rare.
MIN_ZIPF = 3.0
#: Both parts of a compound must be at least this common ("paklijst" = pak + lijst).
MIN_PART_ZIPF = 3.5
MIN_PART_LENGTH = 3
#: Longer compounds are hard to read even when their parts are common.
MAX_COMPOUND_LENGTH = 14

WORDLIST_DIR = Path(__file__).resolve().parent / "wordlists"

RULE_SENTENCE = "zin-te-lang"
RULE_AVERAGE = "zinnen-gemiddeld-te-lang"
RULE_TEXT = "tekst-te-lang"
RULE_RARE = "moeilijk-woord"
RULE_PASSIVE = "lijdende-vorm"
RULE_FORMAL = "formeel-woord"
#: Formal for a pupil, who is told "je"; the register a parent is addressed in.
POLITE_WORDS = frozenset({"u", "uw"})


@dataclass(frozen=True)
class Offence:
    """One thing that makes a text harder than A2, and the sentence where it is."""

    rule: str
    message: str
    sentence: str


# Things that are not words for a reader: they are skipped before counting.
_SKIP = re.compile(
    r"""
      \{[^{}]*\}                     # placeholders: {date}
    | https?://\S+ | www\.\S+        # links
    | \S+@\S+\.\w+                   # e-mail addresses
    | (?<![\w/])/[A-Za-z_]+          # commands: /vergeet
    | \+?\d[\d .\-/:\u00a0]*\d | \d  # numbers, times, dates, phone numbers
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_DOUBLED = re.compile(r"([bcdfgklmnprst])\1$")

_PASSIVE_AUX = frozenset({"wordt", "worden", "werd", "werden"})
_STATE_AUX = frozenset({"is", "zijn", "was", "waren"})
_PARTICIPLE = re.compile(r"^[a-z]*ge[a-z]{2,}(?:d|t|en)$")
# Words that look like a participle but are not one.
_NOT_PARTICIPLES = frozenset(
    {"gezond", "gebied", "geluid", "gezicht", "gewicht", "gerecht", "gedicht", "gebit",
     "gebed", "gesprek", "gevecht", "genoeg", "geleden", "gebeuren", "jongeren", "tegen",
     "morgen", "regen", "zorgen", "volgen", "ogen", "dragen", "vragen", "liggen",
     "leggen", "zeggen", "gelegen", "genieten", "gezellig", "geheim", "gedoe"}
)


def lint_text(
    text: str,
    *,
    glossary: set[str] | frozenset[str],
    allow: set[str] | frozenset[str],
    max_words: int = MAX_TEXT_WORDS,
    polite: bool = False,
) -> list[Offence]:
    """Every A2 offence in ``text``; an empty list means the text is simple enough.

    ``glossary`` holds the hard words Maatje explains (they may be used), ``allow``
    names of places, clubs and people and Belgian words. Both are compared in lower case.
    ``polite``: the text is written for parents, who are told "u" (:data:`POLITE_WORDS`).
    """
    known = _lower_words(glossary) | _lower_words(allow)
    sentences = split_sentences(text)
    offences: list[Offence] = []
    counts: list[int] = []
    for sentence in sentences:
        words = words_of(sentence)
        if not words:
            continue
        counts.append(len(words))
        offences.extend(_sentence_offences(sentence, words, known, polite))
    if len(counts) > 1 and sum(counts) / len(counts) > MAX_AVERAGE_WORDS:
        average = sum(counts) / len(counts)
        offences.append(
            Offence(RULE_AVERAGE, f"gemiddeld {average:.1f} woorden per zin (max "
                    f"{MAX_AVERAGE_WORDS:g}): maak de zinnen korter", text)
        )
    if sum(counts) > max_words:
        offences.append(
            Offence(RULE_TEXT, f"{sum(counts)} woorden (max {max_words}): "
                    "maak de tekst korter of verdeel hem in stappen", text)
        )
    return offences


def split_sentences(text: str) -> list[str]:
    """The sentences of a text: a line break or . ! ? … followed by a space ends one."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def words_of(sentence: str) -> list[str]:
    """The words a reader has to read; placeholders, numbers, links and emoji are skipped."""
    return _WORD.findall(_SKIP.sub(" ", sentence))


def _sentence_offences(
    sentence: str, words: list[str], known: frozenset[str], polite: bool = False
) -> list[Offence]:
    offences: list[Offence] = []
    if len(words) > MAX_SENTENCE_WORDS:
        offences.append(
            Offence(RULE_SENTENCE, f"zin van {len(words)} woorden (max {MAX_SENTENCE_WORDS})",
                    sentence)
        )
    lower = [word.lower() for word in words]
    for phrase in formal_phrases_in(lower):
        if polite and phrase in POLITE_WORDS:
            continue
        offences.append(
            Offence(RULE_FORMAL, f"formeel woord '{phrase}': kies een gewoon woord", sentence)
        )
    if is_passive(lower):
        offences.append(
            Offence(RULE_PASSIVE, "lijdende vorm: zeg wie iets doet (bv. 'je ouder vult in')",
                    sentence)
        )
    seen: set[str] = set()
    for word in lower:
        if word not in seen and not is_common(word, known):
            offences.append(
                Offence(RULE_RARE, f"moeilijk woord '{word}': kies een gewoon woord "
                        "of zet het in de woordenlijst", sentence)
            )
        seen.add(word)
    return offences


def is_common(word: str, known: frozenset[str] = frozenset()) -> bool:
    """Whether a reader at A2 can be expected to know ``word`` (lower case)."""
    word = word.replace("’", "'")
    if len(word) <= 1 or _known_or_frequent(word, known, MIN_ZIPF):
        return True
    if "-" in word:
        return all(is_common(part, known) for part in word.split("-") if part)
    return len(word) <= MAX_COMPOUND_LENGTH and _is_compound(word, known)


def _known_or_frequent(word: str, known: frozenset[str], minimum: float) -> bool:
    """Known, frequent, or an inflected form of a known or frequent word."""
    return any(
        form in known or zipf_frequency(form, "nl") >= minimum for form in (word, *_stems(word))
    )


def _stems(word: str) -> Iterator[str]:
    """Plain forms of an inflected word: slaapzakken → slaapzak, animators → animator."""
    for suffix in ("en", "s", "'s", "e", "n"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_PART_LENGTH:
            stem = word[: -len(suffix)]
            yield stem
            if _DOUBLED.search(stem):
                yield stem[:-1]


def _is_compound(word: str, known: frozenset[str]) -> bool:
    """A compound of two common words, with or without a linking s or e(n)."""
    for cut in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        head, tail = word[:cut], word[cut:]
        if not _known_or_frequent(tail, known, MIN_PART_ZIPF):
            continue
        heads = [head, f"{head}en", f"{head}{head[-1]}en"]  # zwem-kleren: zwemmen
        for link in ("s", "e", "en"):
            if head.endswith(link) and len(head) - len(link) >= MIN_PART_LENGTH:
                heads.append(head[: -len(link)])
        if any(_known_or_frequent(part, known, MIN_PART_ZIPF) for part in heads):
            return True
    return False


def is_passive(lower_words: list[str]) -> bool:
    """A 'worden' form with a participle, or 'is/zijn … door' with a participle."""
    has_participle = any(
        _PARTICIPLE.match(word) and word not in _NOT_PARTICIPLES for word in lower_words
    )
    if not has_participle:
        return False
    if _PASSIVE_AUX.intersection(lower_words):
        return True
    return bool(_STATE_AUX.intersection(lower_words)) and "door" in lower_words


def formal_phrases_in(lower_words: list[str]) -> list[str]:
    """The formal words and phrases (from ``wordlists/formal.txt``) used in a sentence."""
    found: list[str] = []
    for phrase in formal_phrases():
        size = len(phrase)
        if any(tuple(lower_words[i : i + size]) == phrase
               for i in range(len(lower_words) - size + 1)):
            found.append(" ".join(phrase))
    return found


@cache
def formal_phrases() -> tuple[tuple[str, ...], ...]:
    """The formal words to avoid, each as a tuple of lower-case words."""
    return tuple(tuple(entry.split()) for entry in sorted(load_wordlist("formal")))


@cache
def load_wordlist(name: str) -> frozenset[str]:
    """A word list from ``content/wordlists/<name>.txt``: one entry a line, # comments."""
    lines = (WORDLIST_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(
        entry for line in lines if (entry := line.split("#", 1)[0].strip().lower())
    )


def allow_list() -> frozenset[str]:
    """Names of places, clubs and people, and Belgian words a reader here knows."""
    return load_wordlist("allow")


def glossary_terms(words: Iterable[str]) -> frozenset[str]:
    """The glossary's words and the parts of its phrases ("medische fiche" → both words)."""
    terms: set[str] = set()
    for word in words:
        lower = word.lower()
        terms.add(lower)
        terms.update(_WORD.findall(lower))
    return frozenset(terms)


def _lower_words(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


def dutch_texts(data: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every Dutch text in parsed content (a mapping with an ``nl`` key), with its dotted key.

    Works on any content file, so the content check can lint all of them the same way.
    """
    if isinstance(data, Mapping):
        if isinstance(data.get("nl"), str):
            yield ".".join(path), data["nl"]
            return
        for key, value in data.items():
            yield from dutch_texts(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            label = value.get("id") if isinstance(value, Mapping) else None
            yield from dutch_texts(value, (*path, str(label if label else index)))
