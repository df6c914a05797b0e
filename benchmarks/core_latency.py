"""Per-message latency of the warm core (understanding + dialogue), without a database.

Run: ``.venv/bin/python benchmarks/core_latency.py [--file FILE] [--rounds 3] [--data-dir DIR]``
(a data folder whose ``cache`` holds the trained models saves training them first).
Prints p50/p99 of ``Maatje.handle`` (wall clock, and CPU time, which leaves out waiting
for a core on a shared machine) and of ``Understander.understand`` alone, and the peak RSS.
Goals: p50 ≤ 1 ms, p99 ≤ 5 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from _common import messages, summary

from bot.assembly import build_core
from bot.config import Settings
from bot.core.messages import Incoming, Kind
from bot.core.state import ONBOARDED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, help="JSON Lines of messages (default: training data)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, help="data folder (default: a new one)")
    args = parser.parse_args()
    rows = messages(args.file)
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        core = build_core(Settings(data_dir=args.data_dir or Path(scratch)))
        print(f"core built in {time.perf_counter() - start:.2f} s")
        incoming = [Incoming(user_key="bench", kind=Kind.TEXT, text=row["text"],
                             language_hint=row["language_code"] or None) for row in rows]
        for message in incoming:  # warm up: lingua loads each script's models on first use
            core.handle(message, ONBOARDED)
        handle: list[float] = []
        handle_cpu: list[float] = []
        understand: list[float] = []
        for _ in range(args.rounds):
            for message in incoming:
                tick, cpu = time.perf_counter(), time.thread_time()
                core.handle(message, ONBOARDED)
                handle.append(time.perf_counter() - tick)
                handle_cpu.append(time.thread_time() - cpu)
                tick = time.perf_counter()
                core.understander.understand(message.text, message.language_hint)
                understand.append(time.perf_counter() - tick)
    print(summary("core.handle (wall)", handle))
    print(summary("core.handle (CPU: without waiting for a core on a busy machine)", handle_cpu))
    print(summary("understand (wall)", understand))
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
          "(includes training the model in this process; see cold_start.py for a cached start)")


if __name__ == "__main__":
    main()
