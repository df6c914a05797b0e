"""Flood-control buckets in the database, so every bot process sees the same allowance."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.flood import Bucket
from storage.models import FloodBucket


class FloodBuckets:
    """Load and save one person's :class:`Bucket` within the message's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, channel_key: str) -> Bucket | None:
        row = self.session.get(FloodBucket, channel_key, with_for_update=True)
        if row is None:
            return None
        return Bucket(row.tokens, row.at, row.paused_until)

    def save(self, channel_key: str, bucket: Bucket) -> None:
        row = self.session.get(FloodBucket, channel_key)
        if row is None:
            row = FloodBucket(channel_key=channel_key)
            self.session.add(row)
        row.tokens = bucket.tokens
        row.at = bucket.at
        row.paused_until = bucket.paused_until
