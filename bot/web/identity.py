"""Who a web visitor is: a random id in a signed cookie, as a Telegram user is their user id.

The cookie holds ``<id>.<issued>.<signature>``: the id is random (it names nobody), the
signature (HMAC-SHA256 under the deployment's key) stops anyone from writing a cookie for
another person, and ``issued`` lets a cookie expire after :data:`VALID_DAYS` even when a
browser keeps it longer. Each visit signs it anew, so a person who comes back within 90 days
stays the same person.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

COOKIE = "maatje_person"
PREFIX = "web:"
VALID_DAYS = 90
VALID_SECONDS = VALID_DAYS * 24 * 3600
#: Where the key is kept when ``MAATJE_WEB_SECRET`` is unset.
SECRET_FILE = "web-secret"


def person_key(person_id: str) -> str:
    """The person's key in every table, like ``tg:<id>`` for a Telegram user."""
    return f"{PREFIX}{person_id}"


def new_person_id() -> str:
    """128 random bits, URL-safe (22 characters): no two visitors share one."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class CookieSigner:
    """Signs and checks the person cookie with the deployment's key."""

    key: bytes

    def issue(self, person_id: str, now: float) -> str:
        """The cookie value for ``person_id``, issued ``now`` (seconds since the epoch)."""
        body = f"{person_id}.{int(now)}"
        return f"{body}.{self._signature(body)}"

    def person(self, value: str | None, now: float) -> str | None:
        """The person id in a cookie this deployment signed less than 90 days ago, else
        ``None`` (no cookie, a forged or altered one, an expired one)."""
        if not value or value.count(".") != 2:
            return None
        person_id, issued, signature = value.split(".")
        if not hmac.compare_digest(signature, self._signature(f"{person_id}.{issued}")):
            return None
        if not issued.isdigit() or not 0 <= now - int(issued) <= VALID_SECONDS:
            return None
        return person_id

    def _signature(self, body: str) -> str:
        digest = hmac.new(self.key, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def signing_key(configured: str | None, data_dir: Path) -> bytes:
    """``MAATJE_WEB_SECRET``, or the key made once in the data folder (kept for the next
    start: a new key at each start would make every web visitor a stranger)."""
    if configured:
        return configured.encode()
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it just now: use theirs
            return path.read_text(encoding="utf-8").strip().encode()
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text(encoding="utf-8").strip().encode()
