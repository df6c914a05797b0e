"""The danger neighbours (second opinion on danger) and their place in the saved model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from intents.classifier import IntentClassifier
from intents.neighbours import DangerNeighbours
from intents.pipeline import (
    NEIGHBOUR_DOWN_WEIGHT,
    NEIGHBOUR_WEIGHT,
    SAFEGUARDING_FLOOR,
    danger_score,
)
from intents.types import Candidate


def _cloud(rng: np.random.Generator, centre: np.ndarray, count: int) -> np.ndarray:
    rows = centre + 0.1 * rng.standard_normal((count, centre.size))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _two_clouds() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    danger_centre, other_centre = rng.standard_normal(32), rng.standard_normal(32)
    rows = np.vstack([_cloud(rng, danger_centre, 20), _cloud(rng, other_centre, 40)])
    is_danger = np.array([True] * 20 + [False] * 40)
    return rows, is_danger, danger_centre, other_centre


def test_a_message_near_danger_examples_leans_to_danger() -> None:
    rows, is_danger, danger_centre, other_centre = _two_clouds()
    neighbours = DangerNeighbours.build(rows, is_danger, dimensions=8)
    near_danger = (danger_centre / np.linalg.norm(danger_centre)).astype(np.float32)
    near_other = (other_centre / np.linalg.norm(other_centre)).astype(np.float32)
    assert neighbours.margin(near_danger) > 0.05
    assert neighbours.margin(near_other) < -0.05


def test_without_danger_examples_the_neighbours_say_nothing() -> None:
    rows, _, danger_centre, _ = _two_clouds()
    neighbours = DangerNeighbours.build(rows, np.zeros(len(rows), dtype=bool), dimensions=8)
    assert neighbours.margin(danger_centre.astype(np.float32)) == 0.0


def test_the_margin_moves_the_danger_score_across_the_floor() -> None:
    candidates = (Candidate("feelings", 0.6), Candidate("safeguarding", 0.4))
    assert danger_score(candidates) < SAFEGUARDING_FLOOR
    lift = (SAFEGUARDING_FLOOR - 0.4) / NEIGHBOUR_WEIGHT + 0.01
    assert danger_score(candidates, lift) >= SAFEGUARDING_FLOOR
    assert danger_score(candidates, -lift) < danger_score(candidates)


def test_a_margin_away_from_danger_lowers_the_score_less_than_one_towards_it_lifts() -> None:
    """A short danger situation ("estoy en la calle desde el sábado") lies near address
    questions: the neighbours may hold back a sure classifier only a little."""
    candidates = (Candidate("safeguarding", 0.9), Candidate("location", 0.1))
    assert NEIGHBOUR_DOWN_WEIGHT < NEIGHBOUR_WEIGHT
    assert danger_score(candidates, -0.1) >= SAFEGUARDING_FLOOR
    drop = danger_score(candidates) - danger_score(candidates, -0.05)
    rise = danger_score(candidates, 0.05) - danger_score(candidates)
    assert 0 < drop < rise


def test_the_saved_model_keeps_its_neighbours(tmp_path: Path) -> None:
    rows, is_danger, danger_centre, _ = _two_clouds()
    texts = ["ik wil dood" if danger else "wanneer is het kamp" for danger in is_danger]
    labels = ["safeguarding" if danger else "camp" for danger in is_danger]
    model = IntentClassifier.train(texts, rows, labels)
    model.save(tmp_path / "model.npz")
    loaded = IntentClassifier.load(tmp_path / "model.npz")
    query = danger_centre.astype(np.float32)
    assert loaded.danger_margin(query) > 0.05
    assert loaded.danger_margin(query) == model.danger_margin(query)
