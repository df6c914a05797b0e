"""The camp list as staff work from it: per pupil the permission (given by a parent in
Maatje, ticked by staff, or missing), the medical form (digital, paper or missing), paid,
and whether a parent is linked. ``maatje camp list`` prints it (``--csv`` for Excel,
``--incomplete`` for what still needs doing); the texts are the staff's Dutch ones.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core.campports import LINK_PENDING, LINK_WORKING, CampPort, Registration
from bot.features.kit.languages import language_name
from content.loader import Content

#: Where a registration's parent link stands, for the list.
LINKED, WAITING, NOT_LINKED = "linked", "waiting", "none"


@dataclass(frozen=True)
class CampLine:
    """One pupil on the camp list, with where the parent link stands."""

    registration: Registration
    parent: str

    @property
    def incomplete(self) -> bool:
        return bool(self.registration.missing)


def camp_lines(camp: CampPort, *, incomplete: bool = False) -> list[CampLine]:
    """Everyone on the camp list (``incomplete``: only those still missing something)."""
    found = [CampLine(registration, parent_state(camp, registration))
             for registration in camp.everyone()]
    return [line for line in found if line.incomplete] if incomplete else found


def parent_state(camp: CampPort, registration: Registration) -> str:
    """Linked (a confirmed or older working link), waiting for confirmation, or none."""
    statuses = {link.status for link in camp.parent_links(registration.id)}
    if statuses & set(LINK_WORKING):
        return LINKED
    return WAITING if LINK_PENDING in statuses else NOT_LINKED


def fields(content: Content, line: CampLine, zone: ZoneInfo) -> list[str]:
    """The columns of ``staff.camp.list.columns`` for one pupil."""
    registration = line.registration

    def text(key: str) -> str:
        return content.ui_text(f"staff.camp.list.{key}", "nl")

    given = registration.permission_source if "permission" in registration.ticked else None
    at = registration.permission_at
    return [
        f"#{registration.ref}", registration.first_name, language_name(registration.language),
        text(f"permission.{given or 'missing'}"),
        (registration.permission_name or "") if given else "",
        at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if given and at else "",
        text(f"medical.{registration.medical_kind or 'missing'}"),
        text("yes" if "paid" in registration.ticked else "no"),
        text(f"parent.{line.parent}"),
    ]


def columns(content: Content) -> list[str]:
    return content.ui_text("staff.camp.list.columns", "nl").split(";")


def camp_csv(content: Content, lines: Iterable[CampLine], zone: ZoneInfo) -> bytes:
    """Excel-friendly CSV, as ``/export``: UTF-8 with a byte-order mark, ``;`` between fields."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns(content))
    writer.writerows(fields(content, line, zone) for line in lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def camp_table(content: Content, lines: Iterable[CampLine], zone: ZoneInfo) -> str:
    """The same columns as aligned text, for a terminal."""
    rows = [columns(content), *(fields(content, line, zone) for line in lines)]
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return "\n".join("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True))
                     .rstrip() for row in rows)
