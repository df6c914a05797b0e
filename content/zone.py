"""The one time zone Maatje lives in: where the content's wall-clock times are read and
every date and time a person sees is shown.

The zone is configured (``MAATJE_TIMEZONE``) and travels from the settings into
:func:`content.loader.load_content`, which keeps it on the content; the core turns every
``now`` into it. Nothing else names a zone: :data:`DEFAULT_TIMEZONE` is only the
setting's default (and the zone of content loaded without settings, in tools and tests).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationInfo

DEFAULT_TIMEZONE = "Europe/Brussels"
#: The key of the zone in a pydantic validation context (see :func:`context`).
CONTEXT_KEY = "zone"


def zone_named(name: str) -> ZoneInfo:
    """The zone called ``name``; ``ValueError`` (not a bare ``KeyError``) for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(f"not a time zone, e.g. {DEFAULT_TIMEZONE} ({error})") from None


def default_zone() -> ZoneInfo:
    return ZoneInfo(DEFAULT_TIMEZONE)


def context(zone: tzinfo) -> dict[str, Any]:
    """What content models are validated with, so their times are read in ``zone``."""
    return {CONTEXT_KEY: zone}


def local(value: datetime, info: ValidationInfo) -> datetime:
    """A time from a content file in the configured zone: a wall-clock time (no offset) is
    read in it, a time with an offset is the same moment shown in it."""
    zone = (info.context or {}).get(CONTEXT_KEY) or default_zone()
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
