"""Interest follow-up, the staff side: notices, claiming, closing, the list and the export.

Every button here carries a lead id and is checked twice: the presser must be staff now,
and the lead must exist. Staff cards show the first name, topic and language only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.features import Context, Features, JobContext, Step, Surroundings
from bot.core.leadports import Lead
from bot.core.messages import Button, Document, Reply
from bot.core.staffports import StaffMember
from bot.features import camp, groups, phrasebook
from bot.features.kit.buttons import LEAD, LeadButton, typed
from bot.features.kit.languages import language_name
from bot.features.staffkit import (
    audit_reads,
    notify_staff,
    short_time,
    staff_button,
    staff_buttons,
    staff_only,
    staff_reply,
    staff_text,
    step,
)
from content.loader import Content

LIST_LIMIT = 10
AGE = re.compile(r"(\d{1,3})d?")
CSV_MIME = "text/csv"


def topic_name(content: Content, topic: str) -> str:
    kind, _, detail = topic.partition(":")
    key = f"topic.{kind}"
    label = content.ui_text(key, "nl") if key in content.ui else kind
    return f"{label} ({detail})" if detail else label


def card(ctx: Surroundings, lead: Lead, key: str = "staff.lead.card") -> str:
    """The staff's view of a lead, with its reference (``#L5``) for replies."""
    status = (
        staff_text(ctx, "staff.lead.claimed_by", name=lead.claimed_name)
        if lead.claimed_name and lead.status != "done"
        else staff_text(ctx, f"staff.lead.status.{lead.status}")
    )
    return staff_text(
        ctx, key, ref=lead.ref, topic=topic_name(ctx.content, lead.topic),
        name=lead.first_name or "?", language=language_name(lead.language),
        since=short_time(ctx, lead.created_at), status=status,
    )


def buttons(ctx: Surroundings, lead: Lead) -> list[Button | None]:
    found = [
        staff_button(ctx, f"staff.lead.{key}", LEAD.build(LeadButton(lead.id, action)))
        for key, action in (("claim", "claim"), ("done", "done"), ("reply", "reply"), ("group", "grp"))
    ]
    if camp.is_camp(lead):
        found.append(staff_button(ctx, "staff.lead.camp", LEAD.build(LeadButton(lead.id, "camp"))))
    found.append(phrasebook.open_button(ctx, lead.ref))
    return found


def notify_new(ctx: Context, lead: Lead) -> bool:
    """The staff chat hears of a new lead, in the same transaction as the lead itself."""
    return notify_staff(ctx, card(ctx, lead, "staff.lead.new"), buttons(ctx, lead), lead.ref,
                        about=lead.user_key)


@staff_buttons
def on_button(ctx: Context, member: StaffMember, button: LeadButton) -> Step:
    """``lead:<id>:claim|done|reply|grp|camp``, ``lead:<id>:g:<group>``."""
    lead = ctx.store.leads.get(button.id)
    if lead is None:
        return step(ctx, staff_reply(ctx, "staff.lead.unknown"))
    if button.action == "g" and button.group is not None:
        return groups.add_to_group(ctx, member, lead, button.group)
    if button.action == "claim":
        return _claim(ctx, member, lead)
    if button.action == "done":
        ctx.store.leads.close(lead.id, member, ctx.now)
        return step(ctx, staff_reply(ctx, "staff.lead.closed", ref=lead.ref, name=member.name))
    if button.action == "reply":
        return step(ctx, Reply(card(ctx, lead, "staff.lead.how_to_reply")))
    if button.action == "grp":
        return groups.pick_group(ctx, member, lead)
    if button.action == "camp" and camp.is_camp(lead):
        return camp.register(ctx, member, lead)
    return step(ctx, staff_reply(ctx, "staff.lead.unknown"))


def _claim(ctx: Context, member: StaffMember, lead: Lead) -> Step:
    if lead.status == "done":
        return step(ctx, staff_reply(ctx, "staff.lead.already_done", ref=lead.ref))
    claimed = ctx.store.leads.claim(lead.id, member, ctx.now) or lead
    if claimed.claimed_name and claimed.claimed_name != member.name:
        return step(ctx, staff_reply(ctx, "staff.lead.taken", ref=lead.ref,
                                     name=claimed.claimed_name))
    return step(ctx, staff_reply(ctx, "staff.lead.claimed", ref=lead.ref, name=member.name,
                                 first_name=lead.first_name or "?"))


def parse_filters(ctx: Context, words: Sequence[str]) -> tuple[str | None, int | None]:
    """``/opvolging kamp 3`` → topic ``camp``, older than 3 days; unknown words are ignored."""
    topic: str | None = None
    days: int | None = None
    for word in words:
        match = AGE.fullmatch(word.lower())
        if match:
            days = int(match.group(1))
            continue
        for kind in ("activity", "sport", "camp", "volunteer"):
            if word.lower() in ctx.content.ui_text(f"topic.{kind}", "nl").lower():
                topic = kind
    return topic, days


@staff_only
def list_waiting(ctx: Context, member: StaffMember) -> Step:
    """``/opvolging [onderwerp] [dagen]``: leads not yet followed up, oldest first."""
    topic, days = parse_filters(ctx, ctx.incoming.text.split()[1:])
    older = ctx.now - timedelta(days=days) if days is not None else None
    found, total = ctx.store.leads.waiting(topic, older, LIST_LIMIT)
    audit_reads(ctx, member, "leads.view", (lead.user_key for lead in found))
    if not found:
        return step(ctx, staff_reply(ctx, "staff.leads.none"))
    replies = [staff_reply(ctx, "staff.leads.header", count=total, shown=len(found))]
    replies.extend(Reply(card(ctx, lead), buttons=_kept(buttons(ctx, lead))) for lead in found)
    return step(ctx, *replies)


def _kept(found: Iterable[Button | None]) -> tuple[Button, ...]:
    return tuple(button for button in found if button is not None)


def leads_csv(content: Content, rows: Iterable[Lead], zone: ZoneInfo) -> bytes:
    """Excel-friendly CSV: UTF-8 with a byte-order mark, ``;`` between fields."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(content.ui_text("staff.export.columns", "nl").split(";"))
    for lead in rows:
        writer.writerow([
            lead.ref, topic_name(content, lead.topic), lead.first_name, lead.language,
            content.ui_text(f"staff.lead.status.{lead.status}", "nl"),
            _when(lead.created_at, zone), lead.claimed_name or "",
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


@staff_only
def export(ctx: Context, member: StaffMember) -> Step:
    """``/export``: every lead as a CSV file, sent privately (never into a group)."""
    if ctx.incoming.in_group:
        return step(ctx, staff_reply(ctx, "staff.export.private_only"))
    rows = ctx.store.leads.everything()
    audit_reads(ctx, member, "leads.export", (lead.user_key for lead in rows))
    data = leads_csv(ctx.content, rows, ctx.content.zone)
    document = Document(f"leads-{ctx.now:%Y%m%d}.csv", data, CSV_MIME,
                        staff_text(ctx, "staff.export.caption", count=len(rows)))
    return step(ctx, Reply(staff_text(ctx, "staff.export.caption", count=len(rows)),
                           document=document))


def remind_unclaimed(ctx: JobContext, after: timedelta) -> int:
    """Once per lead: tell staff that nobody took it after ``after``. Run by the scheduler."""
    due = ctx.store.leads.unclaimed_before(ctx.now - after)
    for lead in due:
        notify_staff(ctx, card(ctx, lead, "staff.lead.reminder"), buttons(ctx, lead), lead.ref,
                     about=lead.user_key)
        ctx.store.leads.mark_reminded(lead.id, ctx.now)
    return len(due)


def features() -> Features:
    return Features(
        commands={"opvolging": list_waiting, "export": export},
        buttons={LEAD.prefix: typed(LEAD, on_button)},
    )
