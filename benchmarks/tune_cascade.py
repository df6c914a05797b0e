"""Choose when the n-gram model alone may answer (the fast path), by cross-validation.

Run: ``.venv/bin/python benchmarks/tune_cascade.py [--folds 5] [--cache DIR]``. Trains one
model per fold on the training files (never the held-out test split), keeps both the fast
(n-grams only) and the full (n-grams and embedding) guess for every held-out message, then
replays the cascade for each cut-off: "take the fast guess when its probability reaches the
cut-off and it is neither safeguarding nor out_of_scope". Prints the share of messages that
skip the embedding and the accuracy, out-of-scope recall, safeguarding recall and false
alarms at the configured threshold and safeguarding floor.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tune_thresholds import Seen, report

from bot.config import Settings
from intents.crossval import stratified_folds
from intents.examples import Example, read_examples, training_files
from intents.normalize import normalize
from intents.pipeline import (
    FULL_MODEL_ONLY,
    OUT_OF_SCOPE,
    SAFEGUARDING_FLOOR,
    Understander,
    embed_examples,
    train_classifier,
)
from intents.types import Candidate

#: The configured confidence threshold, as a deployment without settings has it.
THRESHOLD = Settings.model_fields["confidence_threshold"].default
CUTOFFS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1.01)
Guesses = tuple[Example, tuple[Candidate, ...], tuple[Candidate, ...], bool]


def observe(understander: Understander, examples: list[Example], folds: int) -> list[Guesses]:
    """For every example, as a held-out message: the fast guess, the full guess, a phrase."""
    embeddings = embed_examples(understander.encoder, examples)
    guesses: list[Guesses] = []
    for held_out in stratified_folds(examples, folds):
        kept = set(held_out)
        rows = [i for i in range(len(examples)) if i not in kept]
        model = train_classifier([examples[i] for i in rows], understander.lexicon,
                                 understander.tagger, embeddings[rows])
        for index in held_out:
            example = examples[index]
            normalized = normalize(example.text, understander.lexicon.abbreviations)
            features = understander.tagger.features(normalized, example.text)
            if not features:
                empty = (Candidate(OUT_OF_SCOPE, 0.0),)
                guesses.append((example, empty, empty, False))
                continue
            phrase = (understander.tagger.calls_for_help(example.text) or understander.is_danger(
                normalized.split(), (Candidate(OUT_OF_SCOPE, 1.0),)))
            guesses.append((example, tuple(model.predict_fast(features)),
                            tuple(model.predict(features, embeddings[index])), phrase))
        print(f"fold done ({len(guesses)} judged)", flush=True)
    return guesses


def replay(guesses: list[Guesses], cutoff: float) -> tuple[float, list[Seen]]:
    seen: list[Seen] = []
    fast_count = 0
    for example, fast, full, phrase in guesses:
        sure = fast[0].score >= cutoff and fast[0].intent not in FULL_MODEL_ONLY
        fast_count += sure
        seen.append(Seen(example, fast if sure else full, phrase))
    return fast_count / len(guesses), seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None,
                        help="a model cache folder, to skip training on all examples first")
    args = parser.parse_args()
    understander = Understander.load(cache_dir=args.cache)
    guesses = observe(understander, read_examples(training_files()), args.folds)
    for cutoff in CUTOFFS:
        share, seen = replay(guesses, cutoff)
        print(f"cut-off {cutoff:.2f}  fast path {share:.3f}  "
              f"{report(seen, THRESHOLD, SAFEGUARDING_FLOOR)}", flush=True)


if __name__ == "__main__":
    main()
