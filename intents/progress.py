"""What the operator sees while the model trains: why it waits, and how far it is.

Training embeds every example (two to four minutes on one core) and happens once: at
``scripts/setup``, at a Docker build, or at a start that finds no model for the current
data in the cache. A new operator who sees nothing for minutes thinks Maatje hangs, so
training always says why in one line and shows a bar (``tqdm``, see pyproject.toml). On a
terminal the bar redraws twice a second; in a log (Docker, systemd) it writes a line every
fifteen seconds instead of flooding it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

#: Seconds between two progress lines when the output is a log rather than a terminal.
LOG_INTERVAL = 15.0


@dataclass(frozen=True)
class Progress:
    """Writes the why-line and the bars to ``stream`` (standard error by default)."""

    stream: TextIO | None = None
    started: float = field(default_factory=time.monotonic)

    @property
    def out(self) -> TextIO:
        return self.stream or sys.stderr

    def say(self, line: str) -> None:
        """One line for the operator, outside any bar."""
        print(f"maatje: {line}", file=self.out, flush=True)

    @contextmanager
    def steps(self, total: int, label: str, unit: str = "examples") -> Iterator[Callable[[int], None]]:
        """A bar of ``total`` steps; call the yielded function with each batch's size."""
        from tqdm import tqdm

        terminal = self.out.isatty()
        with tqdm(total=total, desc=label, unit=unit, file=self.out, leave=True,
                  mininterval=0.5 if terminal else LOG_INTERVAL, dynamic_ncols=terminal,
                  ascii=not terminal) as bar:
            yield bar.update

    def done(self, what: str) -> None:
        self.say(f"{what} in {time.monotonic() - self.started:.0f} s")

