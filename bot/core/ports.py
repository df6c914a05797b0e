"""What the core may ask of the outside world, as protocols the service implements.

Features read and record data (leads, subscriptions, consents…) through a :class:`Store`;
the conversation service hands in one backed by the database session of this message,
``maatje ask`` one that keeps nothing. The core never imports SQLAlchemy.
"""

from __future__ import annotations

from typing import Protocol


class Store(Protocol):
    """Persistence the features need; each feature adds the few methods it uses."""


class NullStore:
    """A store that remembers nothing: for ``maatje ask`` without ``--db`` and for tests."""
