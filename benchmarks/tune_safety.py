"""Tune the danger check on a development set: danger weight in the loss × alarm floor.

Run: ``.venv/bin/python benchmarks/tune_safety.py intents/data/dev-safety.jsonl
[--weights 1,2,3] [--floors 0.45,0.5,0.55,0.6] [--add FILE ...] [--cache DIR]
[--concern 0.1,0.2] [--concern-weights 0,5,10] [--dump FILE]``.

The development set is written by other hands and never trained on (not a ``train*`` name);
a training file given as the set is left out of training (leave-one-file-out).
The held-out ``test*.jsonl`` sets are refused: tuning on them would make their figures lie.
Each weight trains the real classifier on every training file (as ``maatje train`` does),
reusing the embeddings of the model cache ``--cache``.
Prints, per weight and floor, danger recall and false alarms on the development set; how
often an ordinary message would get the gentle "Gaat het goed met je?" question, and how
many of the danger lines the alarm missed it would ask (at each ``--concern`` floor, on
the probability plus each ``--concern-weights`` × the neighbours' margin); and per category
of the development set what the floor missed and where it raised false alarms. The alarm
reads the score the pipeline reads (:func:`intents.pipeline.danger_score`: the probability
moved by the danger neighbours' margin when the full model ran). ``--dump`` keeps each line's readings (no
text) for other floors.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from intents.classifier import IntentClassifier
from intents.concepts import ConceptTagger
from intents.embedding import SentenceEncoder
from intents.entities import EntityFinder
from intents.examples import DATA_DIR, Example, read_examples, training_files
from intents.language import LanguageIdentifier
from intents.language_model import CharLanguageModel
from intents.lexicon import Lexicon
from intents.normalize import clean, normalize
from intents.pipeline import (
    CONCERN_FLOOR,
    SAFEGUARDING,
    Understander,
    danger_score,
    embed_examples,
    safeguarding_score,
    train_classifier,
)
from intents.types import Candidate

#: Per dev message: danger by phrase alone, an idiom in it, the raw safeguarding
#: probability, and the danger neighbours' margin (0 on the fast path). The alarm floor
#: reads :func:`intents.pipeline.danger_score` of the probability and the margin.
Reading = tuple[bool, bool, float, float]


def readings(understander: Understander, dev: list[Example]) -> list[Reading]:
    """Per dev message, as :meth:`Understander.understand` reads it (see ``Reading``)."""
    out = []
    for example in dev:
        cleaned = clean(example.text)
        words = normalize(cleaned, understander.lexicon.abbreviations).split()
        candidates, margin = understander.scores(" ".join(words), cleaned)
        phrase = understander.tagger.calls_for_help(cleaned) or understander.is_danger(words, ())
        idiom = bool(understander.lexicon.not_danger.find_all(words))
        out.append((phrase, idiom, safeguarding_score(candidates), margin))
    return out


def danger_p(p: float, margin: float) -> float:
    """The pipeline's danger score from a probability and a margin."""
    return danger_score((Candidate(SAFEGUARDING, p),), margin)


def table(weight: float, dev: list[Example], read: list[Reading], floors: list[float],
          concern_floors: list[float], concern_weights: list[float]) -> None:
    gold = np.array([example.intent == SAFEGUARDING for example in dev])
    raw = np.array([r[2] for r in read])
    margin = np.array([r[3] for r in read])
    others = max(1, (~gold).sum())
    for floor in floors:
        said = np.array([phrase or (not idiom and danger_p(p, m) >= floor)
                         for phrase, idiom, p, m in read])
        recall = (said & gold).sum() / max(1, gold.sum())
        alarms = (said & ~gold).sum() / others
        print(f"weight {weight:4.1f} floor {floor:.2f}: recall {recall:.3f} "
              f"({(~said & gold).sum()} missed)  false alarms {alarms:.3f} "
              f"({(said & ~gold).sum()})")
        for concern_weight in concern_weights:
            for concern_floor in concern_floors:
                asked = ~said & (raw + concern_weight * margin >= concern_floor)
                print(f"    concern p + {concern_weight:g} × margin >= {concern_floor:.2f}: "
                      f"asked of ordinary {(asked & ~gold).sum() / others:.3f} ({(asked & ~gold).sum()}), "
                      f"of missed danger {(asked & gold).sum()} of {(~said & gold).sum()}")
        categories(dev, said, gold)


def categories(dev: list[Example], said: np.ndarray, gold: np.ndarray) -> None:
    """Per dev category: danger lines missed and ordinary lines alarmed, of how many."""
    names = [example.category or example.intent for example in dev]
    total, wrong = Counter(names), Counter[str]()
    for name, alarm, danger in zip(names, said, gold, strict=True):
        wrong[name] += int(alarm != danger)
    print("    " + ", ".join(f"{name} {wrong[name]}/{total[name]}"
                             for name in sorted(total) if wrong[name]))


def dump(path: Path, weight: float, dev: list[Example], read: list[Reading]) -> None:
    """Append one JSON line per dev message: its label, category and readings (no text)."""
    with path.open("a", encoding="utf-8") as out:
        for example, (phrase, idiom, raw, margin) in zip(dev, read, strict=True):
            out.write(json.dumps({"weight": weight, "danger": example.intent == SAFEGUARDING,
                                  "category": example.category, "phrase": phrase,
                                  "idiom": idiom, "raw": raw, "margin": margin}) + "\n")


def pipeline(classifier: IntentClassifier, lexicon: Lexicon, tagger: ConceptTagger,
             encoder: SentenceEncoder) -> Understander:
    """The real pipeline around ``classifier``, built from today's word lists."""
    languages = CharLanguageModel.train(read_examples(training_files()))
    return Understander(
        classifier=classifier, languages=LanguageIdentifier.build(languages), lexicon=lexicon,
        finder=EntityFinder.build(lexicon), tagger=tagger, encoder=encoder,
    )


def training_set(dev: Path, added: list[Path], encoder: SentenceEncoder,
                 cache: Path) -> tuple[list[Example], np.ndarray]:
    """Every training file plus ``added`` (files not trained on yet), with embeddings.

    The training files and each added file are embedded apart, so their cached rows are
    reused whichever files are tried together. A training file given as ``dev`` is left out.
    """
    groups = [training_files(), *([path] for path in added)]
    examples: list[Example] = []
    blocks = []
    for group in groups:
        part = read_examples(group)
        examples += part
        blocks.append(embed_examples(encoder, part, cache))
    vectors = np.vstack(blocks)
    if dev.resolve() in {path.resolve() for group in groups for path in group}:
        held = {(e.text, e.intent) for e in read_examples([dev])}
        kept = [i for i, e in enumerate(examples) if (e.text, e.intent) not in held]
        examples, vectors = [examples[i] for i in kept], vectors[kept]
        print(f"trained without {dev.name}: {len(examples):,} examples")
    return examples, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--weights", default="1")
    parser.add_argument("--floors", default="0.45,0.5,0.55,0.6")
    parser.add_argument("--add", type=Path, nargs="*", default=[],
                        help="files to train on as well (e.g. intents/data/pending/*.jsonl)")
    parser.add_argument("--concern", default=f"{CONCERN_FLOOR}",
                        help="gentle-question floors")
    parser.add_argument("--concern-weights", default="0,5,10",
                        help="weights of the neighbours' margin in the gentle question's score")
    parser.add_argument("--dump", type=Path,
                        help="write each dev line's readings (JSON Lines) for other floors")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/models/cache"),
                        help="the model cache (embeddings are reused from it)")
    args = parser.parse_args()
    if args.dev.name.startswith("test"):
        parser.error("held-out test sets are never tuned on")
    args.cache.mkdir(parents=True, exist_ok=True)
    lexicon = Lexicon.load(DATA_DIR)
    tagger = ConceptTagger.build(lexicon, DATA_DIR)
    encoder = SentenceEncoder.load(2)
    examples, vectors = training_set(args.dev, args.add, encoder, args.cache)
    dev = read_examples([args.dev])
    print(f"training on {len(examples):,} examples ({len(args.add)} added files)")
    floors = [float(f) for f in args.floors.split(",")]
    for weight in (float(w) for w in args.weights.split(",")):
        started = time.perf_counter()
        model = train_classifier(examples, lexicon, tagger, vectors,
                                 class_weight={SAFEGUARDING: weight})
        tuned = pipeline(model, lexicon, tagger, encoder)
        print(f"-- weight {weight} trained in {time.perf_counter() - started:.0f} s")
        read = readings(tuned, dev)
        if args.dump:
            dump(args.dump, weight, dev, read)
        table(weight, dev, read, floors, [float(f) for f in args.concern.split(",")],
              [float(w) for w in args.concern_weights.split(",")])


if __name__ == "__main__":
    main()
