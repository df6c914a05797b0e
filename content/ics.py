"""iCalendar in and out: send one activity to a phone calendar, read the organisation's feed.

Outgoing files use UTC times, which every calendar app understands without a
time-zone block. Incoming feeds may repeat events (RRULE); those are unfolded into
separate dated activities for the coming weeks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from dateutil.rrule import rrulestr

from content.activities import Activity
from content.schema import Text
from content.zone import context

PRODUCT_ID = "-//Maatje//Activiteiten//NL"
MIME_TYPE = "text/calendar"
UID_DOMAIN = "maatje.local"
#: Repeating events are unfolded this far ahead of the import.
HORIZON = timedelta(days=120)


class CalendarError(ValueError):
    """A file that is not a readable iCalendar."""


def activity_to_ics(activity: Activity, location: str | None, stamp: datetime) -> bytes:
    """A calendar file with this one activity, titled and described in Dutch."""
    import icalendar  # ~50 ms to import: only the calendar buttons and `content import` pay

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", activity.uid or f"{activity.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", activity.start.astimezone(UTC))
    event.add("dtend", activity.ends.astimezone(UTC))
    event.add("summary", activity.title.nl)
    if activity.description is not None:
        event.add("description", activity.description.nl)
    if location:
        event.add("location", location)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def activities_from_ics(data: bytes, now: datetime) -> list[Activity]:
    """Every coming event of a feed as an imported (Dutch-only) activity.

    ``now`` is in the configured zone: the feed's times without a zone (and its all-day
    events) are read in it.
    """
    zone = now.tzinfo
    if zone is None:
        raise ValueError("now needs its time zone: the feed's local times are read in it")
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise CalendarError(f"not an iCalendar file: {error}") from error
    found: dict[str, Activity] = {}
    for event in calendar.walk("VEVENT"):
        for activity in _event_activities(event, now, zone):
            if activity.ends > now:
                found[activity.id] = activity
    return sorted(found.values(), key=lambda a: (a.start, a.id))


def _event_activities(event: Any, now: datetime, zone: tzinfo) -> Iterator[Activity]:
    start = _moment(event.get("dtstart"), zone)
    if start is None or not str(event.get("summary") or "").strip():
        return
    end = _moment(event.get("dtend"), zone)
    length = end - start if end and end > start else None
    uid = str(event.get("uid") or f"{start.isoformat()}-{event.get('summary')}")
    for occurrence in _occurrences(event, start, now, zone):
        yield _activity(event, uid, occurrence, occurrence + length if length else None, zone)


def _occurrences(event: Any, start: datetime, now: datetime, zone: tzinfo) -> Iterator[datetime]:
    rule = event.get("rrule")
    if rule is None:
        yield start
        return
    excluded = set(_excluded(event, zone))
    text = rule.to_ical().decode()
    for occurrence in rrulestr(text, dtstart=start).between(start, now + HORIZON, inc=True):
        if occurrence not in excluded:
            yield occurrence.astimezone(zone)


def _excluded(event: Any, zone: tzinfo) -> Iterator[datetime]:
    values = event.get("exdate") or []
    for value in values if isinstance(values, list) else [values]:
        for item in value.dts:
            moment = _moment(item, zone)
            if moment is not None:
                yield moment


def _activity(event: Any, uid: str, start: datetime, end: datetime | None,
              zone: tzinfo) -> Activity:
    description = str(event.get("description") or "").strip()
    location = str(event.get("location") or "").strip()
    return Activity.model_validate({
        "id": imported_id(uid, start),
        "uid": uid,
        "title": Text(nl=str(event.get("summary")).strip()),
        "start": start,
        "end": end,
        "place": location or None,
        "description": Text(nl=description) if description else None,
        "imported": True,
    }, context=context(zone))


def imported_id(uid: str, start: datetime) -> str:
    """A short, stable id for one occurrence of a feed event (fits in a button payload)."""
    digest = hashlib.sha1(f"{uid}|{start.astimezone(UTC).isoformat()}".encode()).hexdigest()
    return f"ics-{digest[:10]}"


def _moment(prop: Any, zone: tzinfo) -> datetime | None:
    """A feed's start or end as an aware time in ``zone``; all-day events start at midnight."""
    value = getattr(prop, "dt", prop)
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=zone)
        return aware.astimezone(zone)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    return None
