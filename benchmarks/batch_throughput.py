"""Messages per second of ``maatje ask --batch`` (one process, thousands of lines).

Run: ``.venv/bin/python benchmarks/batch_throughput.py [--lines 5000] [--data-dir DIR]``. The
model cache is warmed first (or taken from DIR's), so the figure is answering, not training.
Also prints the child's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from _common import MAATJE, ROOT, environment, messages, peak_rss_mib, rss_parts_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--data-dir", type=Path, help="a data folder with trained models")
    args = parser.parse_args()
    rows = messages()
    lines = [json.dumps(rows[i % len(rows)], ensure_ascii=False) for i in range(args.lines)]
    with tempfile.TemporaryDirectory() as scratch:
        env = environment(args.data_dir or Path(scratch))
        subprocess.run([*MAATJE, "ask", "hallo"], env=env, cwd=ROOT, check=True, capture_output=True)
        start = time.perf_counter()
        result = subprocess.run([*MAATJE, "ask", "--batch", "-"], input="\n".join(lines) + "\n",
                                env=env, cwd=ROOT, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    answered = len(result.stdout.splitlines())
    assert answered == args.lines, f"{answered} answers for {args.lines} lines"
    print(f"ask --batch: {answered} lines in {seconds:.2f} s = {answered / seconds:.0f} messages/s "
          f"(start-up included)")
    print(f"peak RSS of the batch process: {peak_rss_mib(result.stderr):.0f} MiB; at exit "
          f"{rss_parts_mib(result.stderr)} (the sentence model's mapped file)")


if __name__ == "__main__":
    main()
