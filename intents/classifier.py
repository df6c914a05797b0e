"""Intent classifier: logistic regression over character n-grams and a sentence embedding.

Character n-grams survive typos, missing accents and SMS spelling, and need no
language-specific tokeniser for the sixteen languages; the sentence embedding
(:mod:`intents.embedding`) carries meaning across languages and rewordings. Both are
features of one model, so each covers the other's blind spots. scikit-learn trains the model
(a second or so, from the repository's own examples); the weights are then exported
to plain NumPy arrays and cached by the examples' hash, so answering a message needs
neither scikit-learn nor retraining.

A second, smaller model reads the n-grams alone. It is the fast path: when it is sure of a
topic (most "hallo", "wanneer is het kamp", "dank je"), the message needs no embedding, which
is nine tenths of the time spent on a message (see :mod:`intents.pipeline`).

Beside them the model keeps the training embeddings for a second opinion on danger
(:mod:`intents.neighbours`): how much closer a message lies to danger examples than to others.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from intents.arrays import load_arrays, save_arrays
from intents.neighbours import DangerNeighbours
from intents.types import Candidate

MODEL_VERSION = "char-tfidf-e5-lr-6-knn"
NGRAM_RANGE = (2, 5)
SUBLINEAR_TF = True
#: Scale of the (unit-length) embedding beside the (unit-length) n-gram vector. Equal
#: weight beat half weight by 1 point of held-out accuracy.
EMBEDDING_WEIGHT = 1.0
Vector = npt.NDArray[np.float32]
Weights = npt.NDArray[np.float32]


def char_ngrams(text: str) -> list[str]:
    """Character n-grams inside word boundaries, as scikit-learn's ``char_wb`` makes them."""
    grams: list[str] = []
    low, high = NGRAM_RANGE
    for word in text.split():
        padded = f" {word} "
        for size in range(low, high + 1):
            if len(padded) < size:
                break
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


@dataclass(frozen=True)
class IntentClassifier:
    """Two trained models as arrays over one vocabulary: the full model (n-grams and
    embedding) and the fast one (n-grams alone), and the danger neighbours. Float32 halves
    their memory."""

    vocabulary: dict[str, int]
    idf: Weights
    coef: Weights
    embedding_coef: Weights
    intercept: Weights
    fast_coef: Weights
    fast_intercept: Weights
    classes: tuple[str, ...]
    neighbours: DangerNeighbours

    def danger_margin(self, embedding: Vector) -> float:
        """How much closer ``embedding`` lies to danger examples than to others (a cosine
        difference, mostly within plus or minus 0.1)."""
        return self.neighbours.margin(embedding)

    def predict(self, normalized: str, embedding: Vector) -> list[Candidate]:
        """Every intent with its probability, most likely first."""
        logits = self._gram_logits(normalized, self.coef, self.intercept)
        logits += (EMBEDDING_WEIGHT * embedding.astype(np.float64)) @ self.embedding_coef
        return self._ranked(logits)

    def predict_fast(self, normalized: str) -> list[Candidate]:
        """The n-gram model's guess: no embedding, a tenth of the time."""
        return self._ranked(self._gram_logits(normalized, self.fast_coef, self.fast_intercept))

    def _gram_logits(
        self, normalized: str, coef: Weights, intercept: Weights
    ) -> npt.NDArray[np.float64]:
        counts = Counter(
            index for gram in char_ngrams(normalized)
            if (index := self.vocabulary.get(gram)) is not None
        )
        logits = intercept.astype(np.float64)
        if counts:
            indices = np.fromiter(counts.keys(), dtype=np.int64)
            tf = np.fromiter(counts.values(), dtype=np.float64)
            weights = (1.0 + np.log(tf) if SUBLINEAR_TF else tf) * self.idf[indices]
            weights /= np.linalg.norm(weights)
            logits += weights @ coef[indices]
        return logits

    def _ranked(self, logits: npt.NDArray[np.float64]) -> list[Candidate]:
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        order = np.argsort(-probabilities)
        return [Candidate(self.classes[i], float(probabilities[i])) for i in order]

    @classmethod
    def train(
        cls, texts: Sequence[str], embeddings: Vector, labels: Sequence[str],
        regularization: float = 20.0, class_weight: Mapping[str, float] | None = None,
        danger_intent: str = "safeguarding",
    ) -> IntentClassifier:
        """Fit on normalised texts and their embeddings; imports scikit-learn only here.

        ``class_weight`` weighs an intent's examples in the full model's loss (a missed
        danger message costs more than a false alarm); the fast n-gram model never decides
        danger, so it stays unweighted. The examples of ``danger_intent`` and the others
        become the danger neighbours."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        vectorizer = TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=SUBLINEAR_TF)
        grams = vectorizer.fit_transform(texts)
        matrix = hstack([grams, csr_matrix(EMBEDDING_WEIGHT * embeddings)]).tocsr()
        model = LogisticRegression(C=regularization, max_iter=3000, tol=1e-3,
                                   class_weight=dict(class_weight) if class_weight else None)
        fast = LogisticRegression(C=regularization, max_iter=3000, tol=1e-3)
        with threadpool_limits(1):  # BLAS threads fighting over 2 shared cores made this 8x slower
            model.fit(matrix, labels)
            fast.fit(grams, labels)
        split = grams.shape[1]
        return cls(
            vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
            idf=_weights(vectorizer.idf_),
            coef=_weights(model.coef_[:, :split].T),
            embedding_coef=_weights(model.coef_[:, split:].T),
            intercept=_weights(model.intercept_),
            fast_coef=_weights(fast.coef_.T),
            fast_intercept=_weights(fast.intercept_),
            classes=tuple(str(c) for c in model.classes_),
            neighbours=DangerNeighbours.build(
                embeddings, np.array([label == danger_intent for label in labels], dtype=bool)),
        )

    def save(self, path: Path) -> None:
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        arrays |= {f"neighbour_{name}": getattr(self.neighbours, name) for name in _NEIGHBOURS}
        save_arrays(path, arrays, {"vocabulary": self.vocabulary, "classes": self.classes})

    @classmethod
    def load(cls, path: Path) -> IntentClassifier:
        arrays, meta = load_arrays(path)
        neighbours = DangerNeighbours(
            **{name: arrays[f"neighbour_{name}"] for name in _NEIGHBOURS})
        if neighbours.basis.shape[0] != arrays["embedding_coef"].shape[0]:
            raise ValueError("the danger neighbours were made for another embedding size")
        return cls(vocabulary=meta["vocabulary"], classes=tuple(meta["classes"]),
                   neighbours=neighbours, **{name: arrays[name] for name in _ARRAYS})


_ARRAYS = ("idf", "coef", "embedding_coef", "intercept", "fast_coef", "fast_intercept")
_NEIGHBOURS = ("basis", "danger", "other")


def _weights(array: npt.ArrayLike) -> Weights:
    return np.ascontiguousarray(array, dtype=np.float32)
