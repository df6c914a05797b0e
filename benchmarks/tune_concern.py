"""Choose the "ask gently" floor (``CONCERN_FLOOR``) by cross-validation.

Run: ``.venv/bin/python benchmarks/tune_concern.py [--folds 5] [--cache DIR]``. Trains one
model per fold on the training files, runs the whole understanding pipeline on the held-out
fold, then replays the concern decision for a range of floors. ``--cache`` reuses the
embeddings ``maatje eval --cross-validate`` cached (``<data dir>/cache``).

For each floor it prints:
- ordinary: the share of messages that are not danger (and got no alarm) that would get the
  gentle "is all well?" button. The issue allows about 3 %.
- near-misses: of the danger messages the classifier scored below the alarm floor (caught,
  if at all, only by a danger phrase), the share it still scored at or above the floor: what
  the button would catch of a danger message worded in a way the phrase list does not know.
- unseen: the same for the danger messages no phrase matched (the true misses of the phrases).
- per language and per intent: the ordinary share, to see where the button would show up.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from _common import fold_pipelines

from intents.examples import Example, read_examples, training_files
from intents.pipeline import (
    OUT_OF_SCOPE,
    SAFEGUARDING,
    SAFEGUARDING_FLOOR,
    Understander,
    safeguarding_score,
)
from intents.types import Candidate

ALARM_FLOORS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
FLOORS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.18, 0.2, 0.25, 0.3, 0.35)


@dataclass(frozen=True)
class Seen:
    example: Example
    score: float  # the classifier's safeguarding probability
    alarm: bool  # the pipeline's danger decision
    phrase: bool  # a danger phrase (or 🆘) was found
    idiom: bool  # a not-danger idiom was found ("ik lach me dood")


def observe(understander: Understander, examples: list[Example], folds: int,
            cache: Path | None) -> list[Seen]:
    seen: list[Seen] = []
    for fold, held_out in fold_pipelines(understander, examples, folds, cache):
        for index in held_out:
            example = examples[index]
            result = fold.understand(example.text)
            words = result.normalized.split()
            phrase = (fold.tagger.calls_for_help(example.text)
                      or fold.is_danger(words, (Candidate(OUT_OF_SCOPE, 1.0),)))
            idiom = bool(fold.lexicon.not_danger.find_all(words))
            seen.append(Seen(example, safeguarding_score(result.candidates),
                             result.safeguarding, phrase, idiom))
        print(f"fold done ({len(seen)} judged)", flush=True)
    return seen


def share(items: list[Seen], floor: float) -> str:
    hits = sum(s.score >= floor for s in items)
    return f"{hits / len(items):.3f} ({hits}/{len(items)})" if items else "-"


def alarms(seen: list[Seen]) -> None:
    """Recall and false alarms had the alarm floor been another (the concern floor's ceiling)."""
    danger = [s for s in seen if s.example.intent == SAFEGUARDING]
    other = [s for s in seen if SAFEGUARDING not in s.example.intents]
    for floor in ALARM_FLOORS:
        def alarm(s: Seen, floor: float = floor) -> bool:
            return s.phrase or (not s.idiom and s.score >= floor)
        print(f"alarm floor {floor:.2f}  recall {sum(map(alarm, danger)) / len(danger):.4f}  "
              f"false alarms {sum(map(alarm, other)) / len(other):.4f}")
    print()


def report(seen: list[Seen]) -> None:
    ordinary = [s for s in seen if SAFEGUARDING not in s.example.intents and not s.alarm]
    danger = [s for s in seen if s.example.intent == SAFEGUARDING]
    near = [s for s in danger if s.score < SAFEGUARDING_FLOOR]
    unseen = [s for s in danger if not s.phrase]
    print(f"danger {len(danger)}, of which scored below the alarm floor {len(near)}, "
          f"without a phrase {len(unseen)}; ordinary {len(ordinary)}")
    for floor in FLOORS:
        print(f"floor {floor:.2f}  ordinary {share(ordinary, floor)}  "
              f"near-misses {share(near, floor)}  unseen {share(unseen, floor)}")
    for key in ("language", "intent"):
        groups: defaultdict[str, list[Seen]] = defaultdict(list)
        for s in ordinary:
            groups[getattr(s.example, key)].append(s)
        print(f"\nordinary share by {key} at each floor")
        for name in sorted(groups):
            group = groups[name]
            cells = (f"{sum(s.score >= f for s in group) / len(group):.3f}" for f in FLOORS)
            print(f"  {name:18} " + "  ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder of cached embeddings (<data dir>/cache)")
    args = parser.parse_args()
    understander = Understander.load(cache_dir=args.cache)
    seen = observe(understander, read_examples(training_files()), args.folds, args.cache)
    alarms(seen)
    report(seen)


if __name__ == "__main__":
    main()
