"""Shared helpers for the benchmark scripts (messages to send, percentiles, the CLI)."""

from __future__ import annotations

import json
import os
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intents.examples import Example
    from intents.pipeline import Understander

ROOT = Path(__file__).resolve().parent.parent
#: ``maatje`` in a fresh interpreter that reports its own peak RSS (KiB) on stderr at exit.
MAATJE = [sys.executable, "-c", "import resource, sys\n"
          "from bot.cli import main\n"
          "code = main(sys.argv[1:])\n"
          "print('peak-rss-kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
          "status = open('/proc/self/status').read().split()\n"
          "for key in ('RssAnon:', 'RssFile:'):\n"
          "    print(key, status[status.index(key) + 1], file=sys.stderr)\n"
          "sys.exit(code)"]


def rss_parts_mib(stderr: str) -> str:
    """Private and file-backed resident memory at exit, as a ``MAATJE`` run reported it.

    The sentence model is a read-only file mapped into memory: its pages count in RSS as
    they are touched (new words touch new rows), but they are shared between processes
    and the kernel can drop them, unlike private memory.
    """
    parts = dict(line.split()[:2] for line in stderr.splitlines()
                 if line.startswith(("RssAnon:", "RssFile:")))
    return (f"private {int(parts.get('RssAnon:', 0)) / 1024:.0f} MiB, "
            f"file-backed {int(parts.get('RssFile:', 0)) / 1024:.0f} MiB")


def peak_rss_mib(stderr: str) -> float:
    """The peak RSS a ``MAATJE`` run reported."""
    for line in stderr.splitlines():
        if line.startswith("peak-rss-kib"):
            return int(line.split()[1]) / 1024
    return float("nan")


def messages(path: Path | None = None, limit: int | None = None) -> list[dict[str, str]]:
    """Labelled messages as ``{"text", "language_code"}`` (default: the training examples)."""
    files = [path] if path else sorted((ROOT / "intents" / "data").glob("train*.jsonl"))
    rows: list[dict[str, str]] = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({"text": row["text"], "language_code": row.get("language_code") or ""})
    return rows[:limit] if limit else rows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name}: n={len(ms)} p50={percentile(ms, 0.5):.3f} ms p90={percentile(ms, 0.9):.3f} ms "
            f"p99={percentile(ms, 0.99):.3f} ms max={max(ms):.3f} ms mean={statistics.fmean(ms):.3f} ms")


def environment(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "MAATJE_DATA_DIR": str(data_dir)}


def fold_pipelines(
    understander: Understander, examples: list[Example], folds: int, cache: Path | None = None
) -> Iterator[tuple[Understander, list[int]]]:
    """For each of ``folds`` stratified folds: the pipeline trained without it, and its
    held-out indices. The sentence embeddings are computed once (and cached in ``cache``)
    and looked up by the cleaned text, as the pipeline encodes it."""
    from intents.crossval import stratified_folds
    from intents.normalize import clean
    from intents.pipeline import embed_examples, train_classifier

    embeddings = embed_examples(understander.encoder, examples, cache)
    understander = understander.with_encoder(understander.encoder.remembering(
        [clean(example.text) for example in examples], embeddings))
    for held_out in stratified_folds(examples, folds):
        kept = set(held_out)
        rows = [i for i in range(len(examples)) if i not in kept]
        model = train_classifier([examples[i] for i in rows], understander.lexicon,
                                 understander.tagger, embeddings[rows])
        yield understander.with_classifier(model), held_out
