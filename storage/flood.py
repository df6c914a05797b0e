"""Flood-control buckets in the database, so every bot process sees the same allowance."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.flood import Bucket
from storage.models import FloodBucket


def as_bucket(row: FloodBucket) -> Bucket:
    return Bucket(row.tokens, row.at, row.paused_until)


class FloodBuckets:
    """Load and save one person's :class:`Bucket` within the message's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, channel_key: str) -> Bucket | None:
        row = self.session.get(FloodBucket, channel_key, with_for_update=True)
        return as_bucket(row) if row is not None else None

    def save(self, channel_key: str, bucket: Bucket, row: FloodBucket | None = None) -> None:
        """Keep ``bucket``; ``row``: the person's row as this message read (and locked) it."""
        row = row or self.session.get(FloodBucket, channel_key) or self._first(channel_key, bucket)
        row.tokens = bucket.tokens
        row.at = bucket.at
        row.paused_until = bucket.paused_until

    def _first(self, channel_key: str, bucket: Bucket) -> FloodBucket:
        """A new person's bucket; or, when another process made it at the same moment,
        theirs, locked (the lock is what keeps one person's messages in order).

        The insert runs in a savepoint, so losing the race does not fail the message.
        """
        row = FloodBucket(channel_key=channel_key, tokens=bucket.tokens, at=bucket.at,
                          paused_until=bucket.paused_until)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:
            found = self.session.get(FloodBucket, channel_key, with_for_update=True,
                                     populate_existing=True)
            if found is None:
                raise
            return found
        return row
