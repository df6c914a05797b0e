"""What each dependency costs to import: wall time and resident memory, each in a fresh process.

Run: ``.venv/bin/python benchmarks/import_costs.py [--runs 3]``. Prints a table to paste
into notes. Each module is imported alone in a new interpreter, so numbers include what
that module itself imports (numpy for scikit-learn, and so on).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

MODULES = (
    "numpy",
    "yaml",
    "rapidfuzz",
    "lingua",
    "sklearn.linear_model",
    "wordfreq",
    "babel.dates",
    "pydantic",
    "sqlalchemy",
    "telegram",
    "spacy",
    "intents.pipeline",
    "bot.assembly",
)

PROBE = """
import resource, sys, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    __import__(sys.argv[1])
except ImportError:
    print("missing")
    raise SystemExit(0)
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{elapsed * 1000:.0f} {(after - before) / 1024:.1f}")
"""


def measure(module: str, runs: int) -> str:
    times: list[float] = []
    memory: list[float] = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE, module], capture_output=True,
                             text=True, check=True).stdout.split()
        if out == ["missing"]:
            return f"{module:24} not installed"
        times.append(float(out[0]))
        memory.append(float(out[1]))
    return (f"{module:24} import {statistics.median(times):6.0f} ms   "
            f"+RSS {statistics.median(memory):6.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    args = parser.parse_args()
    for module in args.modules:
        print(measure(module, args.runs), flush=True)


if __name__ == "__main__":
    main()
