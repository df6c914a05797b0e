"""Choose the confidence threshold and the safeguarding floor by cross-validation.

Run: ``.venv/bin/python benchmarks/tune_thresholds.py [--folds 5]``. Trains one model per
fold on the training files (never the held-out test split), runs the whole understanding
pipeline on the held-out fold once, then replays the two decisions for every pair of
settings: "answer the top topic when its lead over out_of_scope reaches the threshold", and
"a safeguarding score at or above the floor means danger, without a danger phrase".
Prints accuracy (a fallback counts as out_of_scope), out-of-scope recall, safeguarding recall
and false alarms for each pair.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from _common import fold_pipelines

from intents.examples import Example, read_examples, training_files
from intents.pipeline import (
    OUT_OF_SCOPE,
    SAFEGUARDING,
    Understander,
)
from intents.types import Candidate


@dataclass(frozen=True)
class Seen:
    example: Example
    candidates: tuple[Candidate, ...]
    phrase: bool  # a danger phrase (or 🆘) was found, whatever the classifier said


def observe(understander: Understander, examples: list[Example], folds: int) -> list[Seen]:
    seen: list[Seen] = []
    for fold, held_out in fold_pipelines(understander, examples, folds):
        for index in held_out:
            example = examples[index]
            result = fold.understand(example.text)
            words = result.normalized.split()
            phrase = (fold.tagger.calls_for_help(example.text)
                      or fold.is_danger(words, (Candidate(OUT_OF_SCOPE, 1.0),)))
            candidates = tuple(sorted(result.candidates, key=lambda c: -c.score))
            seen.append(Seen(example, candidates, phrase))
        print(f"fold done ({len(seen)} judged)", flush=True)
    return seen


def answer(seen: Seen, threshold: float, floor: float) -> str:
    score = {c.intent: c.score for c in seen.candidates}
    if seen.phrase or score.get(SAFEGUARDING, 0.0) >= floor:
        return SAFEGUARDING
    ranked = [c for c in seen.candidates if c.intent != SAFEGUARDING]
    top = ranked[0]
    if top.intent == OUT_OF_SCOPE:
        return OUT_OF_SCOPE
    lead = top.score - score.get(OUT_OF_SCOPE, 0.0)
    return top.intent if lead >= threshold else OUT_OF_SCOPE


def report(seen: list[Seen], threshold: float, floor: float) -> str:
    answers = [answer(s, threshold, floor) for s in seen]
    right = sum(a in s.example.intents for a, s in zip(answers, seen, strict=True))
    oos = [a == OUT_OF_SCOPE for a, s in zip(answers, seen, strict=True)
           if s.example.intent == OUT_OF_SCOPE]
    safe = [a == SAFEGUARDING for a, s in zip(answers, seen, strict=True)
            if s.example.intent == SAFEGUARDING]
    alarms = [a == SAFEGUARDING for a, s in zip(answers, seen, strict=True)
              if SAFEGUARDING not in s.example.intents]
    return (f"threshold {threshold:.2f} floor {floor:.2f}  accuracy {right / len(seen):.4f}  "
            f"oos {sum(oos) / len(oos):.3f}  safeguarding {sum(safe) / len(safe):.4f}  "
            f"false alarms {sum(alarms) / len(alarms):.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    understander = Understander.load(cache_dir=None)
    seen = observe(understander, read_examples(training_files()), args.folds)
    for floor in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45):
        for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.45):
            print(report(seen, threshold, floor), flush=True)


if __name__ == "__main__":
    main()
