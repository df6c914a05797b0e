"""Tune the danger check on a development set: danger weight in the loss × alarm floor.

Run: ``.venv/bin/python benchmarks/tune_safety.py intents/data/dev-safety.jsonl
[--weights 1,2,3] [--floors 0.45,0.5,0.55,0.6] [--cache DIR]``.

The development set is written by other hands and never trained on (not a ``train*`` name);
a training file given as the set is left out of training (leave-one-file-out).
The held-out ``test*.jsonl`` sets are refused: tuning on them would make their figures lie.
Each weight trains the real classifier on every training file (as ``maatje train`` does),
reusing the embeddings of the model cache ``--cache``.
Prints, per weight and floor, danger recall and false alarms on the development set, and
how often an ordinary message would get the gentle "Gaat het goed met je?" question.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from intents.examples import Example, read_examples, training_files
from intents.normalize import clean, normalize
from intents.pipeline import (
    CONCERN_FLOOR,
    SAFEGUARDING,
    Understander,
    embed_examples,
    safeguarding_score,
    train_classifier,
)


def readings(understander: Understander, dev: list[Example]) -> list[tuple[bool, bool, float]]:
    """Per dev message: (danger by phrase alone, an idiom in it, safeguarding score)."""
    out = []
    for example in dev:
        cleaned = clean(example.text)
        words = normalize(cleaned, understander.lexicon.abbreviations).split()
        candidates = understander.classify(" ".join(words), cleaned)
        phrase = understander.tagger.calls_for_help(cleaned) or understander.is_danger(words, ())
        idiom = bool(understander.lexicon.not_danger.find_all(words))
        out.append((phrase, idiom, safeguarding_score(candidates)))
    return out


def table(weight: float, dev: list[Example], read: list[tuple[bool, bool, float]],
          floors: list[float]) -> None:
    gold = np.array([example.intent == SAFEGUARDING for example in dev])
    for floor in floors:
        said = np.array([phrase or (not idiom and score >= floor) for phrase, idiom, score in read])
        scores = np.array([score for _, _, score in read])
        concern = ~said & (scores >= CONCERN_FLOOR)
        recall = (said & gold).sum() / max(1, gold.sum())
        alarms = (said & ~gold).sum() / max(1, (~gold).sum())
        asked = (concern & ~gold).sum() / max(1, (~gold).sum())
        print(f"weight {weight:4.1f} floor {floor:.2f}: recall {recall:.3f} "
              f"({(~said & gold).sum()} missed)  false alarms {alarms:.3f} "
              f"({(said & ~gold).sum()})  gently asked {asked:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--weights", default="1,2,3")
    parser.add_argument("--floors", default="0.45,0.5,0.55,0.6")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/models/cache"),
                        help="the model cache (embeddings are reused from it)")
    args = parser.parse_args()
    if args.dev.name.startswith("test"):
        parser.error("held-out test sets are never tuned on")
    args.cache.mkdir(parents=True, exist_ok=True)
    base = Understander.load(cache_dir=args.cache)
    files = training_files()
    examples = read_examples(files)
    vectors = embed_examples(base.encoder, examples, args.cache)
    dev = read_examples([args.dev])
    if args.dev.resolve() in {path.resolve() for path in files}:  # leave that file out
        held = {(e.text, e.intent) for e in dev}
        kept = [i for i, e in enumerate(examples) if (e.text, e.intent) not in held]
        examples, vectors = [examples[i] for i in kept], vectors[kept]
        print(f"trained without {args.dev.name}: {len(examples):,} examples")
    floors = [float(f) for f in args.floors.split(",")]
    for weight in (float(w) for w in args.weights.split(",")):
        started = time.perf_counter()
        model = train_classifier(examples, base.lexicon, base.tagger, vectors,
                                 class_weight={SAFEGUARDING: weight})
        tuned = base.with_classifier(model)
        print(f"-- weight {weight} trained in {time.perf_counter() - started:.0f} s")
        table(weight, dev, readings(tuned, dev), floors)


if __name__ == "__main__":
    main()
