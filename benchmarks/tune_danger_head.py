"""Does a second opinion for danger move the recall / false-alarm curve? (issue 12)

Run: ``.venv/bin/python benchmarks/tune_danger_head.py intents/data/dev-safety.jsonl
[intents/data/train-safety3.jsonl ...] [--add FILE ...] [--cache DIR] [--cs 2,20] [--ks 3,10]``.

Each set is judged as :mod:`benchmarks.tune_safety` judges it (a training file given as the
set is left out of training; ``test*.jsonl`` is refused). Beside today's rule (a danger
phrase, or the multiclass safeguarding probability from a floor, never beside an idiom) it
scores second opinions that are cheap at answer time:

* ``bin`` a binary logistic regression danger-vs-rest on the same features (n-grams and
  embedding), alone, OR'ed with today's floor (``or``), as the maximum (``max``) or the
  mean (``avg``) with the multiclass probability;
* ``knn`` the margin between the mean cosine of the k nearest danger training examples and
  that of the k nearest others, on the e5 embeddings, OR'ed with today's floor;
* ``odds`` the multiclass log-odds of safeguarding against the best other intent (a
  message split over several intents has a low probability but may still lean to danger).

A second opinion that needs the embedding counts only when the full model ran (on the
fast path no embedding is computed). Prints, per set, a table per rule and threshold, then
per rule the best recall at each false-alarm budget, so rules compare at equal false alarms.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from tune_safety import pipeline, training_set

from intents.classifier import char_ngrams
from intents.concepts import ConceptTagger
from intents.embedding import SentenceEncoder
from intents.examples import DATA_DIR, Example, read_examples
from intents.lexicon import Lexicon
from intents.normalize import clean, normalize
from intents.pipeline import (
    SAFEGUARDING,
    SAFEGUARDING_FLOOR,
    SURE_WITHOUT_EMBEDDING,
    embed_examples,
    train_classifier,
)

Floats = npt.NDArray[np.float64]
BUDGETS = (0.005, 0.01, 0.015, 0.02, 0.03, 0.05)
GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))
#: Thresholds for a probability plus a weighted neighbour margin (it may pass 1).
WIDE = tuple(round(0.05 * i, 2) for i in range(1, 27))
#: Weights of the neighbour margin (a cosine difference, mostly within ±0.1) beside p.
LAMBDAS = (5.0, 10.0, 20.0)


@dataclass
class Readings:
    """Per judged message: the gold label and every score a rule may read."""

    gold: npt.NDArray[np.bool_]
    phrase: npt.NDArray[np.bool_]
    idiom: npt.NDArray[np.bool_]
    full: npt.NDArray[np.bool_]
    multi: Floats
    odds: Floats
    second: dict[str, Floats]


def features(examples: Sequence[Example], lexicon: Lexicon, tagger: ConceptTagger) -> list[str]:
    """The classifier's input text per example (normalised and tagged as messages are)."""
    return [tagger.features(normalize(cleaned, lexicon.abbreviations), cleaned)
            for cleaned in (clean(example.text) for example in examples)]


def multiclass_readings(examples: list[Example], vectors: npt.NDArray[np.float32],
                        dev: list[Example], dev_vectors: npt.NDArray[np.float32],
                        lexicon: Lexicon, tagger: ConceptTagger,
                        encoder: SentenceEncoder) -> tuple[Floats, Floats, Floats, Floats, Floats]:
    """Today's pipeline on ``dev``: phrase, idiom, full model ran, probability, log-odds."""
    model = train_classifier(examples, lexicon, tagger, vectors)
    known = encoder.remembering([clean(e.text) for e in dev], dev_vectors)
    understander = pipeline(model, lexicon, tagger, known)
    rows = []
    for example in dev:
        cleaned = clean(example.text)
        words = normalize(cleaned, lexicon.abbreviations).split()
        candidates = understander.classify(" ".join(words), cleaned)
        phrase = tagger.calls_for_help(cleaned) or understander.is_danger(words, ())
        idiom = bool(lexicon.not_danger.find_all(words))
        scores = {c.intent: c.score for c in candidates}
        fast = model.predict_fast(tagger.features(" ".join(words), cleaned)) if words else []
        full = not (fast and fast[0].score >= SURE_WITHOUT_EMBEDDING
                    and fast[0].intent not in {SAFEGUARDING, "out_of_scope"})
        p = scores.get(SAFEGUARDING, 0.0)
        other = max((s for i, s in scores.items() if i != SAFEGUARDING), default=1e-9)
        rows.append((phrase, idiom, full, p, math.log(max(p, 1e-9)) - math.log(max(other, 1e-9))))
    a, b, c, d, e = (np.array(column, dtype=np.float64) for column in zip(*rows, strict=True))
    return a, b, c, d, e


def binary_heads(train_texts: list[str], vectors: npt.NDArray[np.float32], gold: list[bool],
                 dev_texts: list[str], dev_vectors: npt.NDArray[np.float32],
                 cs: list[float]) -> dict[str, Floats]:
    """Danger-vs-rest logistic regressions on the multiclass model's own features."""
    if not cs:
        return {}
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    vectorizer = TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True)
    train = hstack([vectorizer.fit_transform(train_texts), csr_matrix(vectors)]).tocsr()
    test = hstack([vectorizer.transform(dev_texts), csr_matrix(dev_vectors)]).tocsr()
    out = {}
    for c in cs:
        for weight in (None, "balanced"):
            started = time.perf_counter()
            model = LogisticRegression(C=c, max_iter=3000, tol=1e-3, class_weight=weight)
            with threadpool_limits(1):
                model.fit(train, gold)
            name = f"bin C={c:g}{' bal' if weight else ''}"
            out[name] = model.predict_proba(test)[:, 1]
            print(f"   {name} trained in {time.perf_counter() - started:.0f} s")
    return out


def project(vectors: npt.NDArray[np.float32], dims: int,
            basis: npt.NDArray[np.float32] | None = None) -> tuple[npt.NDArray[np.float32], ...]:
    """Unit rows in the ``dims`` main directions of the training rows (all when 0): a
    smaller matrix to search, so the neighbours cost less at answer time."""
    if dims == 0:
        return vectors, np.eye(vectors.shape[1], dtype=np.float32)
    if basis is None:
        centred = vectors - vectors.mean(axis=0)
        basis = np.linalg.svd(centred, full_matrices=False)[2][:dims].T.astype(np.float32)
    reduced = vectors @ basis
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-9
    return reduced.astype(np.float32), basis


def knn_margins(vectors: npt.NDArray[np.float32], gold: npt.NDArray[np.bool_],
                dev_vectors: npt.NDArray[np.float32], ks: list[int],
                dims: list[int]) -> dict[str, Floats]:
    """Mean cosine to the k nearest danger examples minus that to the k nearest others."""
    out = {}
    for dim in dims:
        train, basis = project(vectors, dim)
        test, _ = project(dev_vectors, dim, basis)
        sims = test @ train.T
        danger, other = sims[:, gold], sims[:, ~gold]
        for k in ks:
            top_d = -np.sort(-danger, axis=1)[:, :k].mean(axis=1)
            top_o = -np.sort(-other, axis=1)[:, :k].mean(axis=1)
            out[f"knn k={k} d={dim or vectors.shape[1]}"] = (top_d - top_o).astype(np.float64)
    return out


Verdict = Callable[[float], npt.NDArray[np.bool_]]


def _above(score: Floats) -> Verdict:
    return lambda t: np.asarray(score >= t)


def _or_today(r: Readings, second: Floats) -> Verdict:
    today = r.multi >= SAFEGUARDING_FLOOR
    return lambda t: np.asarray(today | (r.full & (second >= t)))


def _on_full(r: Readings, combined: Floats) -> Floats:
    """``combined`` where the full model ran, the multiclass probability elsewhere."""
    return np.where(r.full, combined, r.multi)


def rules(r: Readings) -> dict[str, tuple[Sequence[float], Verdict]]:
    """Every rule family: its thresholds and the raw (pre-phrase, pre-idiom) verdict."""
    out: dict[str, tuple[Sequence[float], Verdict]] = {
        "today (floor)": (GRID, _above(r.multi)),
        "odds": (tuple(float(t) for t in np.arange(-3.0, 3.01, 0.25)), _above(r.odds)),
    }
    for name, s in r.second.items():
        if name.startswith("bin"):
            out[f"{name} alone"] = (GRID, _above(_on_full(r, s)))
            out[f"{name} or"] = (GRID, _or_today(r, s))
            out[f"{name} max"] = (GRID, _above(_on_full(r, np.maximum(s, r.multi))))
            out[f"{name} avg"] = (GRID, _above(_on_full(r, (s + r.multi) / 2)))
        else:
            for weight in LAMBDAS:
                out[f"{name} {weight:g}m+p"] = (WIDE, _above(_on_full(r, r.multi + weight * s)))
    return out


def judge(r: Readings, raw: npt.NDArray[np.bool_]) -> tuple[float, float, int, int]:
    said = r.phrase | (~r.idiom & raw)
    missed = int((~said & r.gold).sum())
    alarms = int((said & ~r.gold).sum())
    return (1 - missed / max(1, r.gold.sum()), alarms / max(1, (~r.gold).sum()), missed, alarms)


def report(name: str, r: Readings) -> None:
    print(f"\n== {name}: {int(r.gold.sum())} danger, {int((~r.gold).sum())} other; "
          f"{int((r.gold & ~r.full).sum())} danger and {int((~r.gold & ~r.full).sum())} other "
          "on the fast path; phrase alone: "
          f"recall {judge(r, np.zeros_like(r.gold))[0]:.3f}")
    families = rules(r)
    today = judge(r, r.multi >= SAFEGUARDING_FLOOR)[1]
    print(f"{'rule':24s} " + " ".join(f"FA<={b * 100:.1f}%" for b in BUDGETS)
          + f"  FA<=today ({today * 100:.1f}%)")
    for rule, (grid, verdict) in families.items():
        points = [(t, *judge(r, verdict(t))) for t in grid]
        best = []
        for budget in (*BUDGETS, today):
            fits = [p for p in points if p[2] <= budget + 1e-12]
            best.append(max(fits, key=lambda p: (p[1], -p[2])) if fits else None)
        cells = " ".join(f"{p[1]:.3f}@{p[0]:<5g}"[:11].rjust(11) if p else "     -     "
                         for p in best)
        print(f"{rule:24s} {cells}")
    print("\ncurves (threshold: recall / false alarms):")
    for rule, (grid, verdict) in families.items():
        cells = "  ".join(f"{t:g}: {rec:.3f}/{fa * 100:.1f}%" for t in grid[::2]
                          for rec, fa, _, _ in [judge(r, verdict(t))])
        print(f"  {rule}: {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", type=Path, nargs="+")
    parser.add_argument("--add", type=Path, nargs="*", default=[])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/models/cache"))
    parser.add_argument("--cs", default="2,20")
    parser.add_argument("--ks", default="3,10")
    parser.add_argument("--dims", default="0", help="PCA sizes for the neighbours (0: all)")
    args = parser.parse_args()
    if any(path.name.startswith("test") for path in args.dev):
        parser.error("held-out test sets are never tuned on")
    lexicon = Lexicon.load(DATA_DIR)
    tagger = ConceptTagger.build(lexicon, DATA_DIR)
    encoder = SentenceEncoder.load(1)
    for path in args.dev:
        started = time.perf_counter()
        examples, vectors = training_set(path, args.add, encoder, args.cache)
        dev = read_examples([path])
        dev_vectors = embed_examples(encoder, dev, args.cache)
        gold_train = np.array([e.intent == SAFEGUARDING for e in examples])
        phrase, idiom, full, multi, odds = multiclass_readings(
            examples, vectors, dev, dev_vectors, lexicon, tagger, encoder)
        print(f"   multiclass trained and read in {time.perf_counter() - started:.0f} s")
        second = binary_heads(features(examples, lexicon, tagger), vectors, list(gold_train),
                              features(dev, lexicon, tagger), dev_vectors,
                              [float(c) for c in args.cs.split(",") if c])
        second |= knn_margins(vectors, gold_train, dev_vectors,
                              [int(k) for k in args.ks.split(",")],
                              [int(d) for d in args.dims.split(",")])
        readings = Readings(np.array([e.intent == SAFEGUARDING for e in dev]),
                            phrase.astype(bool), idiom.astype(bool), full.astype(bool),
                            multi, odds, second)
        report(f"{path.name}{' + ' + ', '.join(p.name for p in args.add) if args.add else ''}",
               readings)


if __name__ == "__main__":
    main()
