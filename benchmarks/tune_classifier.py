"""Compare intent-classifier settings by stratified cross-validation of the training examples.

Run: ``.venv/bin/python benchmarks/tune_classifier.py [FILE ...]`` (default: the training
files). Never point it at the held-out test split: tuning on it would make its figures lie.
Prints, per setting, top-1 accuracy, accuracy after the confidence threshold (a low score
counts as out_of_scope, as Maatje's "Bedoel je…?" does), out-of-scope and safeguarding
recall, and training time per fold.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from intents.concepts import ConceptTagger
from intents.crossval import stratified_folds
from intents.examples import read_examples, training_files
from intents.lexicon import Lexicon
from intents.normalize import normalize

Factory = Callable[[], Any]


def char_vectorizer(sublinear: bool, low: int = 2, high: int = 5) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high), sublinear_tf=sublinear,
                           lowercase=False)


class Combined:
    """Character n-grams plus word unigrams and bigrams, side by side."""

    def __init__(self, sublinear: bool) -> None:
        self.char = char_vectorizer(sublinear)
        self.word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=sublinear,
                                    token_pattern=r"\S+", lowercase=False)

    def fit_transform(self, texts: list[str]) -> Any:
        return hstack([self.char.fit_transform(texts), self.word.fit_transform(texts)]).tocsr()

    def transform(self, texts: list[str]) -> Any:
        return hstack([self.char.transform(texts), self.word.transform(texts)]).tocsr()


def evaluate(texts: list[str], labels: np.ndarray, folds: list[list[int]], make_vectorizer: Factory,
             make_model: Factory, threshold: float) -> dict[str, float]:
    predicted = np.empty(len(texts), dtype=object)
    confidence = np.zeros(len(texts))
    seconds = 0.0
    for held_out in folds:
        mask = np.zeros(len(texts), dtype=bool)
        mask[held_out] = True
        train_texts = [t for t, m in zip(texts, mask, strict=True) if not m]
        test_texts = [t for t, m in zip(texts, mask, strict=True) if m]
        start = time.perf_counter()
        vectorizer = make_vectorizer()
        model = make_model().fit(vectorizer.fit_transform(train_texts), labels[~mask])
        seconds += time.perf_counter() - start
        probabilities = model.predict_proba(vectorizer.transform(test_texts))
        predicted[mask] = model.classes_[probabilities.argmax(axis=1)]
        confidence[mask] = probabilities.max(axis=1)
    answered = np.where(confidence >= threshold, predicted, "out_of_scope")

    def recall(intent: str) -> float:
        gold = labels == intent
        return float((answered[gold] == intent).mean())

    return {
        "top1": float((predicted == labels).mean()),
        "answered": float((answered == labels).mean()),
        "oos": recall("out_of_scope"),
        "safe": recall("safeguarding"),
        "median_conf_oos": float(np.median(confidence[labels == "out_of_scope"])),
        "fit_s": seconds / len(folds),
    }


def settings() -> dict[str, tuple[Factory, Factory]]:
    def lr(c: float, balanced: bool = False) -> Factory:
        return lambda: LogisticRegression(C=c, max_iter=3000, tol=1e-3,
                                          class_weight="balanced" if balanced else None)

    return {
        "wb2-5 C20 (foundation)": (lambda: char_vectorizer(False), lr(20)),
        "wb2-5 sublinear C20": (lambda: char_vectorizer(True), lr(20)),
        "wb2-5 sublinear C50": (lambda: char_vectorizer(True), lr(50)),
        "wb2-5 sublinear C10 balanced": (lambda: char_vectorizer(True), lr(10, True)),
        "wb2-5 sublinear C20 balanced": (lambda: char_vectorizer(True), lr(20, True)),
        "wb1-4 sublinear C20": (lambda: char_vectorizer(True, 1, 4), lr(20)),
        "wb3-6 sublinear C20": (lambda: char_vectorizer(True, 3, 6), lr(20)),
        "wb2-5 + words sublinear C20": (lambda: Combined(True), lr(20)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.45)
    parser.add_argument("--only", help="run only settings whose name contains this")
    parser.add_argument("--no-concepts", action="store_true", help="leave out the concept tags")
    parser.add_argument("--lexicon-dir", type=Path, help="gazetteers from this folder")
    args = parser.parse_args()
    examples = read_examples(args.files or training_files())
    lexicon = Lexicon.load(args.lexicon_dir) if args.lexicon_dir else Lexicon.load()
    tagger = ConceptTagger.build(lexicon)
    texts = [normalize(example.text, lexicon.abbreviations) for example in examples]
    if not args.no_concepts:
        texts = [tagger.features(text) for text in texts]
    labels = np.array([example.intent for example in examples], dtype=object)
    folds = stratified_folds(examples, args.folds)
    print(f"{len(texts)} examples, {args.folds} folds, threshold {args.threshold}")
    for name, (vectorizer, model) in settings().items():
        if args.only and args.only not in name:
            continue
        with threadpool_limits(1):  # several BLAS threads on 2 shared cores made fits 8x slower
            scores = evaluate(texts, labels, folds, vectorizer, model, args.threshold)
        print(f"{name:32} " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items()), flush=True)


if __name__ == "__main__":
    main()
