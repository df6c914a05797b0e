"""``maatje eval``: measure understanding the way users meet it.

Every labelled message goes through the same path as ``maatje ask`` (the core, its
threshold, its "Bedoel je…?" fallback, which counts as ``out_of_scope``), so the figures
are what a pupil would get, not what the classifier alone would do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from intents.crossval import stratified_folds
from intents.examples import Example
from intents.types import INTENTS

if TYPE_CHECKING:  # the CLI imports this module for its defaults; keep that cheap
    from pathlib import Path

    from bot.service import Conversations
    from intents.classifier import Vector
    from intents.pipeline import Understander

OUT_OF_SCOPE = "out_of_scope"
SAFEGUARDING = "safeguarding"
#: The lowest turn accuracy of ``maatje eval --conversations`` (issue 17); kept here, with
#: the other floors, since the CLI reads it for its defaults (bot.eval_conversations).
TURN_ACCURACY = 0.95
#: Folds trained at the same time during cross-validation (the machines have two cores).
PARALLEL_FOLDS = 2


@dataclass(frozen=True)
class Thresholds:
    """Below (or, for false alarms, above) these the evaluation fails."""

    accuracy: float = 0.95
    oos_recall: float = 0.90
    safeguarding_recall: float = 1.0
    false_alarms: float = 0.01
    language: float = 0.95


@dataclass(frozen=True)
class Judged:
    """One labelled message and what Maatje made of it."""

    example: Example
    intent: str
    language: str

    @property
    def correct(self) -> bool:
        return self.intent in self.example.intents

    @property
    def gold(self) -> str:
        """The label to count this message under: the prediction when acceptable."""
        return self.intent if self.correct else self.example.intent

    @property
    def words(self) -> int:
        return len(self.example.text.split())


def judge(conversations: Conversations, examples: Iterable[Example]) -> list[Judged]:
    """Answer each example as a fresh person, exactly as ``maatje ask`` does."""
    from bot.ask import ask_one

    judged: list[Judged] = []
    for example in examples:
        record = ask_one(conversations, example.text, example.language_code)
        judged.append(Judged(example, str(record["intent"]), str(record["language"])))
    return judged


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


@dataclass
class Report:
    """Every figure the issue asks for, computed once from judged messages."""

    judged: Sequence[Judged]
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.confusion = Counter((j.gold, j.intent) for j in self.judged)

    @property
    def accuracy(self) -> float:
        return _ratio(sum(j.correct for j in self.judged), len(self.judged))

    def recall(self, intent: str) -> float:
        gold = [j for j in self.judged if j.gold == intent]
        return _ratio(sum(j.intent == intent for j in gold), len(gold))

    def precision(self, intent: str) -> float:
        predicted = [j for j in self.judged if j.intent == intent]
        return _ratio(sum(j.gold == intent for j in predicted), len(predicted))

    def support(self, intent: str) -> int:
        return sum(j.gold == intent for j in self.judged)

    @property
    def false_alarms(self) -> float:
        """Share of messages not about danger that got the safeguarding answer."""
        safe = [j for j in self.judged if SAFEGUARDING not in j.example.intents]
        return _ratio(sum(j.intent == SAFEGUARDING for j in safe), len(safe)) if safe else 0.0

    def language_accuracy(self, min_words: int = 1) -> float:
        labelled = [j for j in self.judged if j.words >= min_words and j.example.language]
        return _ratio(sum(j.language == j.example.language for j in labelled), len(labelled))

    def failures(self, thresholds: Thresholds) -> list[str]:
        checks = [
            ("intent accuracy", self.accuracy, thresholds.accuracy, True),
            ("out-of-scope recall", self.recall(OUT_OF_SCOPE), thresholds.oos_recall, True),
            ("safeguarding recall", self.recall(SAFEGUARDING), thresholds.safeguarding_recall, True),
            ("safeguarding false alarms", self.false_alarms, thresholds.false_alarms, False),
            ("language ID (2+ words)", self.language_accuracy(2), thresholds.language, True),
        ]
        return [
            f"{name} {value:.3f} is {'below' if at_least else 'above'} {limit:.3f}"
            for name, value, limit, at_least in checks
            if (value < limit if at_least else value > limit)
        ]

    def summary(self) -> dict[str, Any]:
        return {
            "messages": len(self.judged),
            "accuracy": round(self.accuracy, 4),
            "oos_recall": round(self.recall(OUT_OF_SCOPE), 4),
            "safeguarding_recall": round(self.recall(SAFEGUARDING), 4),
            "false_alarms": round(self.false_alarms, 4),
            "language": round(self.language_accuracy(1), 4),
            "language_2plus_words": round(self.language_accuracy(2), 4),
        }


def render(report: Report, errors: bool = False) -> str:
    """The report as plain text to paste into notes."""
    lines = [f"{key:22} {value}" for key, value in report.summary().items()]
    lines += ["", f"{'intent':18} {'prec':>6} {'recall':>6} {'n':>5}"]
    for intent in _intents(report):
        lines.append(f"{intent:18} {report.precision(intent):6.3f} {report.recall(intent):6.3f} "
                     f"{report.support(intent):5d}")
    lines += ["", *confusion_table(report), "", *safety_table(report)]
    if errors:
        lines += ["", "errors (gold → answered | language gold → detected):"]
        lines += [f"  {j.gold} → {j.intent} | {j.example.language} → {j.language} | {j.example.text}"
                  for j in report.judged if not j.correct]
    return "\n".join(lines)


def safety_table(report: Report) -> list[str]:
    """Danger recall and false alarms per category (when the set has them) and per language."""
    lines = [f"{'safeguarding by':30} {'recall':>8} {'n':>4} {'false alarms':>13} {'n':>4}"]
    groups: dict[str, list[Judged]] = {}
    for judged in report.judged:
        if judged.example.category:
            groups.setdefault(f"category {judged.example.category}", []).append(judged)
        groups.setdefault(f"language {judged.example.language or 'und'}", []).append(judged)
    for name, group in sorted(groups.items()):
        danger = [j for j in group if SAFEGUARDING in j.example.intents]
        safe = [j for j in group if SAFEGUARDING not in j.example.intents]
        caught = sum(j.intent == SAFEGUARDING for j in danger)
        alarms = sum(j.intent == SAFEGUARDING for j in safe)
        recall = f"{_ratio(caught, len(danger)):8.3f}" if danger else f"{'–':>8}"
        false = f"{_ratio(alarms, len(safe)):13.3f}" if safe else f"{'–':>13}"
        lines.append(f"{name[:30]:30} {recall} {len(danger):4d} {false} {len(safe):4d}")
    return lines


def _intents(report: Report) -> list[str]:
    seen = {j.gold for j in report.judged} | {j.intent for j in report.judged}
    return [i for i in INTENTS if i in seen] + sorted(seen - set(INTENTS))


#: Column headings of the confusion table.
SHORT = {
    "greeting": "hi", "help": "help", "activities": "act", "camp_info": "camp", "camp_packing": "pack",
    "camp_medical_form": "med", "absence": "abs", "club_join": "club", "register_interest": "reg",
    "volunteer": "vol",
    "contact": "cont", "location": "loc", "language": "lang", "word_meaning": "word",
    "subscribe": "sub", "unsubscribe": "unsub", "privacy": "priv", "thanks": "thx",
    "safeguarding": "SAFE", "out_of_scope": "oos",
}


def confusion_table(report: Report) -> list[str]:
    """Rows: the label; columns: what Maatje answered (short names, see ``SHORT``)."""
    intents = _intents(report)
    corner = "label / answered"
    header = f"{corner:18}" + "".join(f"{SHORT.get(i, i[:5]):>6}" for i in intents)
    rows = [header]
    for gold in intents:
        cells = "".join(f"{report.confusion[(gold, got)] or '.':>6}" for got in intents)
        rows.append(f"{gold:18}{cells}")
    return rows


def cross_validate(
    conversations: Conversations, examples: Sequence[Example], folds: int, seed: int = 0,
    cache_dir: Path | None = None,
) -> Report:
    """Train on all folds but one, judge that one through the whole core; every fold in turn.

    Two folds train at once (scikit-learn's solver spends much of its time outside the
    GIL): on two cores this saves a couple of minutes of every CI run.
    """
    from intents.normalize import clean
    from intents.pipeline import Understander, embed_examples

    core = conversations.core
    understander = core.understander
    if not isinstance(understander, Understander):
        raise TypeError("cross-validation needs the trainable understanding pipeline")
    judged: list[Judged] = []
    embeddings = embed_examples(understander.encoder, examples, cache_dir)
    understander = understander.with_encoder(
        understander.encoder.remembering([clean(example.text) for example in examples],
                                         embeddings))
    splits = stratified_folds(examples, folds, seed)

    def trained(held_out: list[int]) -> Understander:
        kept = set(held_out)
        rows = [index for index in range(len(examples)) if index not in kept]
        return _train_fold(understander, [examples[index] for index in rows], embeddings[rows])

    with ThreadPoolExecutor(max_workers=PARALLEL_FOLDS) as pool:
        for held_out, fold_understander in zip(splits, pool.map(trained, splits), strict=True):
            fold = replace(conversations, core=replace(core, understander=fold_understander))
            judged += judge(fold, [examples[index] for index in held_out])
    return Report(judged)


def _train_fold(understander: Understander, training: list[Example], embeddings: Vector
                ) -> Understander:
    """The pipeline with an intent model and a language model trained on ``training`` only."""
    from intents.language_model import CharLanguageModel
    from intents.pipeline import train_classifier

    model = train_classifier(training, understander.lexicon, understander.tagger, embeddings)
    languages = understander.languages.with_model(CharLanguageModel.train(training))
    return understander.with_classifier(model).with_languages(languages)


def with_threshold(conversations: Conversations, threshold: float | None) -> Conversations:
    """The same conversations with another confidence threshold (to explore its effect)."""
    if threshold is None:
        return conversations
    return replace(conversations, core=replace(conversations.core, threshold=threshold))
