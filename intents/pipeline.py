"""The understanding pipeline: normalise, detect language, classify, check safety, extract.

Each step is a small function returning scores; :class:`Understander` only wires them
together. It is built once at start-up and shared, since it holds no per-user state.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from intents.classifier import MODEL_VERSION, IntentClassifier
from intents.examples import DATA_DIR, Example, fingerprint, read_examples, training_files
from intents.language import LanguageIdentifier
from intents.lexicon import Lexicon, contains_phrase
from intents.normalize import normalize
from intents.types import Candidate, Understanding

log = logging.getLogger(__name__)

SAFEGUARDING = "safeguarding"
#: The classifier's safeguarding probability above which the danger path wins.
SAFEGUARDING_FLOOR = 0.30


@dataclass(frozen=True)
class Understander:
    """Turns a message into an :class:`Understanding`."""

    classifier: IntentClassifier
    languages: LanguageIdentifier
    lexicon: Lexicon

    @classmethod
    def load(cls, cache_dir: Path | None, data_dir: Path = DATA_DIR) -> Understander:
        lexicon = Lexicon.load(data_dir)
        return cls(
            classifier=load_classifier(cache_dir, data_dir, lexicon),
            languages=LanguageIdentifier.build(),
            lexicon=lexicon,
        )

    def with_classifier(self, classifier: IntentClassifier) -> Understander:
        """The same pipeline with another model (cross-validation trains one per fold)."""
        return replace(self, classifier=classifier)

    def understand(self, text: str, language_hint: str | None = None) -> Understanding:
        normalized = normalize(text, self.lexicon.abbreviations)
        language = self.languages.detect(text, language_hint)
        candidates = tuple(self.classifier.predict(normalized)) if normalized else ()
        if not candidates:
            candidates = (Candidate("out_of_scope", 0.0),)
        return Understanding(
            text=text,
            normalized=normalized,
            language=language,
            candidates=candidates,
            entities=self.entities(normalized),
            safeguarding=self.is_danger(normalized, candidates),
        )

    def is_danger(self, normalized: str, candidates: tuple[Candidate, ...]) -> bool:
        """High recall first: a danger phrase, or a fair safeguarding score, wins."""
        cleaned = normalized
        for phrase in self.lexicon.not_danger:
            if contains_phrase(cleaned, phrase):
                cleaned = f" {cleaned} ".replace(f" {phrase} ", " ").strip()
        if any(contains_phrase(cleaned, phrase) for phrase in self.lexicon.danger):
            return True
        score = next((c.score for c in candidates if c.intent == SAFEGUARDING), 0.0)
        return score >= SAFEGUARDING_FLOOR or candidates[0].intent == SAFEGUARDING

    def entities(self, normalized: str) -> dict[str, str]:
        """Gazetteer matches (sport, day, commune…), longest phrase first."""
        found: dict[str, str] = {}
        for kind, table in self.lexicon.entities.items():
            for phrase in sorted(table, key=len, reverse=True):
                if contains_phrase(normalized, phrase):
                    found[kind] = table[phrase]
                    break
        return found


def load_classifier(cache_dir: Path | None, data_dir: Path, lexicon: Lexicon) -> IntentClassifier:
    """The trained classifier from cache, or trained now and cached under the data's hash."""
    files = training_files(data_dir)
    key = fingerprint(files, MODEL_VERSION)
    cached = cache_dir / f"intents-{key}.npz" if cache_dir else None
    if cached and cached.is_file():
        try:
            return IntentClassifier.load(cached)
        except (OSError, ValueError, KeyError) as error:
            log.warning("intent model cache unreadable, retraining: %s", type(error).__name__)
    classifier = train_classifier(read_examples(files), lexicon)
    if cached:
        classifier.save(cached)
    return classifier


def train_classifier(examples: Sequence[Example], lexicon: Lexicon) -> IntentClassifier:
    """Train on labelled examples, normalised exactly as messages will be."""
    texts = [normalize(example.text, lexicon.abbreviations) for example in examples]
    return IntentClassifier.train(texts, [example.intent for example in examples])
