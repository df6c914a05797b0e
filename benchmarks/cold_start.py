"""Wall time of ``maatje ask hallo`` from a fresh process, with the model cache warm.

Run: ``.venv/bin/python benchmarks/cold_start.py [--runs 5]``. The first run trains and
caches the model (reported separately); the next runs are what a user or a restart waits.
Goal: ≤ 2 s. Also prints the largest peak RSS of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from _common import MAATJE, ROOT, environment, peak_rss_mib


def run_once(env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``maatje ask hallo``."""
    start = time.perf_counter()
    done = subprocess.run([*MAATJE, "ask", "hallo"], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return time.perf_counter() - start, peak_rss_mib(done.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = environment(Path(data_dir))
        seconds, rss = run_once(env)
        print(f"first run (trains and caches the model): {seconds:.2f} s, peak RSS {rss:.0f} MiB")
        runs = [run_once(env) for _ in range(args.runs)]
    times = [seconds for seconds, _ in runs]
    print(f"maatje ask hallo, cache warm: min {min(times):.2f} s, median "
          f"{statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} runs; "
          f"peak RSS {max(rss for _, rss in runs):.0f} MiB")


if __name__ == "__main__":
    main()
