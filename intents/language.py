"""Detect the language of a message, robustly enough for one- to three-word texts.

The Unicode script narrows the choice (Ge'ez is Tigrinya; Arabic script is Arabic, Dari
or Pashto; Cyrillic is Ukrainian, Russian or Bulgarian). Within a script three kinds of
evidence are multiplied: marker letters ("ښ" Pashto, "ї" Ukrainian, "ğ" Turkish), very
common words per language (``intents/data/language_words.yaml``, the only reliable signal
for "merci" or "salam"), and lingua's statistical guess, whose models ship inside its
wheel. Telegram's language code only breaks near-ties; it is never the answer by itself.
Last, a character n-gram model learnt from the labelled examples (:mod:`intents.language_model`)
weighs in; it also knows Russian, Persian or Tigrinya typed in Latin letters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from intents.examples import DATA_DIR
from intents.language_model import CharLanguageModel
from intents.lexicon import read_yaml
from intents.normalize import normalize
from intents.scripts import (
    SCRIPT_LANGUAGES,
    absence_votes,
    letter_votes,
    looks_like_words,
    script_of,
    spelling_votes,
)
from intents.types import LanguageGuess

UNDETERMINED = "und"
LOANWORDS = "loanwords"
#: What a loanword beside other words still counts for its languages (a full word counts 1):
#: "kamp datum" stays Dutch, "kamp goorma" becomes Somali.
LOANWORD_WEIGHT = 0.5

#: How much one marker letter, one known word and the hint multiply a language's odds.
LETTER_FACTOR = 8.0
WORD_FACTOR = 6.0
HINT_FACTOR = 1.5
#: lingua's probabilities are flattened on one- and two-word texts, where it is often wrong.
SHORT_TEXT_EXPONENTS = {1: 0.3, 2: 0.5}
LINGUA_FLOOR = 0.05
#: The learnt model's probability is floored so that it never vetoes alone; a language
#: not usual in the script ("kak dela": Russian in Latin letters) starts at this weight
#: against the script's own languages. Chosen by 5-fold cross-validation (0.03, 0.1, 0.3, 1).
MODEL_FLOOR = 0.01
FOREIGN_SCRIPT_PRIOR = 0.3
#: Votes beyond this add nothing; without a cap a long message of repeated words overflows.
MAX_VOTES = 20.0

_LINGUA: dict[str, Language] = {
    "nl": Language.DUTCH,
    "en": Language.ENGLISH,
    "fr": Language.FRENCH,
    "so": Language.SOMALI,
    "tr": Language.TURKISH,
    "es": Language.SPANISH,
    "ro": Language.ROMANIAN,
    "pt": Language.PORTUGUESE,
    "pl": Language.POLISH,
    "uk": Language.UKRAINIAN,
    "ru": Language.RUSSIAN,
    "bg": Language.BULGARIAN,
    "ar": Language.ARABIC,
    "fa": Language.PERSIAN,
}
_CODES = {language: code for code, language in _LINGUA.items()}
#: lingua has no Pashto; Persian's probability stands in for it (letters and words decide).
_STAND_IN = {"ps": "fa"}
#: Arabizi: lingua cannot judge Arabic in Latin letters, so Arabic gets an even share there.
_NEUTRAL = {("latin", "ar")}

_ARABIC_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه",
                              "ـ": None})
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")


def fold_arabic(word: str) -> str:
    """One spelling for Arabic-script variants, so word lists need each word once."""
    return _ARABIC_MARKS.sub("", word.translate(_ARABIC_FOLD))


def _drop_trailing_repeat(token: str) -> str:
    """ "halloo" → "hallo", "heyy" → "hey": emphasis that normalising keeps."""
    return token[:-1] if len(token) > 2 and token[-1] == token[-2] else token


@dataclass(frozen=True)
class WordLists:
    """Common words per language, folded as messages are."""

    languages_of: Mapping[str, tuple[str, ...]]
    #: Dutch words pupils drop into any language ("kamp goorma", "slaapzak ma keenaa"):
    #: beside a word of their own they say nothing about the language of the message.
    loanwords: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = DATA_DIR / "language_words.yaml") -> WordLists:
        data = read_yaml(path)
        loanwords = frozenset(normalize(word) for word in str(data.pop(LOANWORDS, "")).split())
        index: defaultdict[str, list[str]] = defaultdict(list)
        for code, text in data.items():
            for word in {fold_arabic(normalize(word)) for word in str(text).split()}:
                index[word].append(str(code))
        return cls({word: tuple(codes) for word, codes in index.items()}, loanwords)

    def split_loanwords(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        """The message's own words and its Dutch loanwords; all words are its own when
        nothing but loanwords is there ("kamp", "slaapzak?")."""
        own = [token for token in tokens if token not in self.loanwords]
        if not own:
            return tokens, []
        return own, [token for token in tokens if token in self.loanwords]

    def _listing(self, token: str) -> tuple[str, ...]:
        return self.languages_of.get(token, ())

    def votes(self, tokens: list[str]) -> defaultdict[str, float]:
        """One vote per known word for every language that lists it."""
        votes: defaultdict[str, float] = defaultdict(float)
        for token in tokens:
            languages = self._listing(token) or self._listing(_drop_trailing_repeat(token))
            if not languages and token.startswith("ال") and len(token) > 3:
                languages = ("ar",)
            for code in languages:
                votes[code] += 1
        return votes


def _weigh(
    rules: Mapping[str, float], learnt: Mapping[str, float], exponent: float
) -> dict[str, float]:
    """The rules' scores times the learnt model's, flattened by ``exponent`` on one or two
    words (where a hint must still break a tie: "merci" from a Dutch phone); languages only
    the model proposes for this script (Russian in Latin letters) start at
    ``FOREIGN_SCRIPT_PRIOR``."""
    if not learnt:
        return dict(rules)
    raw = {code: (rules[code] + MODEL_FLOOR if code in rules else FOREIGN_SCRIPT_PRIOR)
           * (learnt.get(code, 0.0) + MODEL_FLOOR) ** exponent for code in {*rules, *learnt}}
    total = sum(raw.values())
    return {code: value / total for code, value in raw.items()}


def _decisive(votes: Mapping[str, float], tokens: int) -> str | None:
    """The language of a one- or two-word message whose every word only that language lists.

    lingua adds little there and costs its model loading ("hallo", "dankjewel", "дякую").
    """
    if tokens > 2 or not votes:
        return None
    ranked = sorted(votes.values(), reverse=True)
    best = max(votes, key=lambda code: votes[code])
    if ranked[0] >= tokens and (len(ranked) == 1 or ranked[1] < ranked[0]):
        return best
    return None


@dataclass(frozen=True)
class LanguageIdentifier:
    """Script rules, word lists and lingua; built once and shared."""

    detector: LanguageDetector
    word_lists: WordLists
    model: CharLanguageModel | None = None

    @classmethod
    def build(
        cls, model: CharLanguageModel | None = None, high_accuracy: bool = False
    ) -> LanguageIdentifier:
        builder = LanguageDetectorBuilder.from_languages(*_LINGUA.values())
        if not high_accuracy:
            builder = builder.with_low_accuracy_mode()
        # Models load on first use, per script: "maatje ask hallo" never pays for Cyrillic.
        return cls(builder.build(), WordLists.load(), model)

    def with_model(self, model: CharLanguageModel) -> LanguageIdentifier:
        """The same rules with another learnt model (cross-validation trains one per fold)."""
        return replace(self, model=model)

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess:
        """The language of ``text`` and a confidence; ``hint`` breaks near-ties."""
        script = script_of(text)
        candidates = SCRIPT_LANGUAGES.get(script)
        if not candidates:
            return LanguageGuess(UNDETERMINED, 0.0)
        if len(candidates) == 1:
            return LanguageGuess(candidates[0], 0.95)
        scores = self.scores(text, candidates, hint)
        if not scores:
            return LanguageGuess(UNDETERMINED, 0.0)
        if self.model:
            exponent = SHORT_TEXT_EXPONENTS.get(len(text.split()), 1.0)
            scores = _weigh(scores, self.model.posteriors(text), exponent)
        best = max(scores, key=lambda code: scores[code])
        return LanguageGuess(best, round(scores[best], 3))

    def scores(self, text: str, candidates: tuple[str, ...], hint: str | None) -> dict[str, float]:
        """Posterior-like scores over ``candidates`` (summing to 1); empty when nothing is known."""
        tokens, borrowed = self.word_lists.split_loanwords(
            [fold_arabic(token) for token in normalize(text).split()])
        if borrowed:  # lingua too judges the message's own words
            text = " ".join(word for word in text.split()
                            if normalize(word) not in self.word_lists.loanwords) or text
        words = self.word_lists.votes(tokens)
        for code, vote in self.word_lists.votes(borrowed).items():
            words[code] += LOANWORD_WEIGHT * vote
        if not words and not looks_like_words(text):
            return {}
        evidence = letter_votes(text)
        for code, vote in absence_votes(text).items():
            evidence[code] += vote
        for code, vote in spelling_votes(tokens).items():
            words[code] += vote
        decisive = _decisive(words, len(tokens))
        statistical = {decisive: 1.0} if decisive else self._lingua(text, candidates, script_of(text))
        exponent = SHORT_TEXT_EXPONENTS.get(len(tokens), 1.0)
        raw: dict[str, float] = {}
        for code in candidates:
            odds = (statistical.get(code, 0.0) + LINGUA_FLOOR) ** exponent
            odds *= LETTER_FACTOR ** min(evidence.get(code, 0.0), MAX_VOTES)
            odds *= WORD_FACTOR ** min(words.get(code, 0.0), MAX_VOTES)
            if code == hint:
                odds *= HINT_FACTOR
            raw[code] = odds
        total = sum(raw.values())
        return {code: value / total for code, value in raw.items()}

    def _lingua(self, text: str, candidates: tuple[str, ...], script: str) -> dict[str, float]:
        values = {
            _CODES[value.language]: value.value
            for value in self.detector.compute_language_confidence_values(text)
            if value.language in _CODES
        }
        judged = [code for code in candidates if (script, code) not in _NEUTRAL]
        within = {code: values.get(_STAND_IN.get(code, code), 0.0) for code in judged}
        total = sum(within.values())
        if total <= 0:
            return {}
        share = len(judged) / len(candidates)
        scores = {code: share * value / total for code, value in within.items()}
        scores.update({code: 1 / len(candidates) for code in candidates if code not in within})
        return scores
