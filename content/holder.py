"""Live content: youth workers edit a file and Maatje answers with it, without a restart.

The bot asks the holder for the current content on every message. The holder compares
the folder's file times and sizes with those it last loaded (a few ``stat`` calls) and
reloads when they differ. A folder that fails to load, for whatever reason, is refused:
the problems are logged in one line with file and key, and the previous content stays live.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from content.loader import Content, ContentError, load_content

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
CONTENT_SUFFIXES = (".yaml", ".yml", ".pdf")


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: ``changed`` when new content went live, else the problems found."""

    changed: bool
    problems: tuple[str, ...] = ()


def fingerprint(directory: Path) -> Fingerprint:
    """Name, modification time and size of every content file in the folder."""
    entries = []
    try:
        paths = sorted(directory.iterdir())
    except OSError:
        return ()
    for path in paths:
        if path.suffix in CONTENT_SUFFIXES:
            try:
                status = path.stat()
            except OSError:
                continue
            entries.append((path.name, status.st_mtime_ns, status.st_size))
    return tuple(entries)


class ContentHolder:
    """Hands out the current :class:`Content`; reloads it when its files change."""

    def __init__(
        self,
        content: Content,
        loader: Callable[[Path], Content] | None = None,
    ) -> None:
        """``loader`` reads the folder again; by default as ``content`` was read, in its zone."""
        self._content = content
        self._loader = loader or partial(load_content, zone=content.zone)
        self._seen = fingerprint(content.directory)
        self._lock = threading.Lock()
        self._requested = threading.Event()

    @classmethod
    def load(
        cls, directory: Path | None = None, *, strict: bool = True, zone: ZoneInfo | None = None
    ) -> ContentHolder:
        """Load the folder now (raising :class:`ContentError` if it is broken) and watch it."""
        content = load_content(directory, strict=strict, zone=zone)
        return cls(content, partial(load_content, strict=strict, zone=content.zone))

    @property
    def directory(self) -> Path:
        return self._content.directory

    def current(self) -> Content:
        """The live content, reloaded first when a file changed since the last look."""
        if self._requested.is_set() or fingerprint(self.directory) != self._seen:
            self._requested.clear()
            self.reload()
        return self._content

    def request_reload(self) -> None:
        """Reload before the next message (safe to call from a signal handler)."""
        self._requested.set()

    def last_good(self) -> Content:
        """The content that went live last, without looking at the files."""
        return self._content

    def reload(self) -> ReloadResult:
        """Load the folder again; keep the old content when the new one cannot be used.

        Any failure counts, not only a validation error: a bug or an unexpected file in
        the loader must not take the content away (and with it the help lines).
        """
        with self._lock:
            seen = fingerprint(self.directory)
            try:
                content = self._loader(self.directory)
            except ContentError as error:
                problems = tuple(error.problems)
            except Exception as error:  # any failure keeps the last good content
                problems = (f"{type(error).__name__}: {' '.join(str(error).split())}",)
            else:
                self._content = content
                self._seen = seen
                log.info("content reloaded from %s", self.directory)
                return ReloadResult(True)
            self._seen = seen
            log.error("content in %s refused, previous content stays live: %s",
                      self.directory, "; ".join(problems))
            return ReloadResult(False, problems)
