"""Stratified folds of the labelled examples, for cross-validation in CI and tuning."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from intents.examples import Example


def stratified_folds(examples: Sequence[Example], folds: int, seed: int = 0) -> list[list[int]]:
    """Indices of ``examples`` in ``folds`` groups, each intent spread evenly over them.

    Deterministic for a seed, so a CI failure can be reproduced.
    """
    if folds < 2:
        raise ValueError("cross-validation needs at least two folds")
    by_intent: defaultdict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        by_intent[example.intent].append(index)
    rng = random.Random(seed)
    groups: list[list[int]] = [[] for _ in range(folds)]
    offset = 0
    for intent in sorted(by_intent):
        indices = by_intent[intent]
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            groups[(position + offset) % folds].append(index)
        offset += len(indices)
    return [sorted(group) for group in groups]
