"""Announcements, the staff side: ``/bericht`` → text (and a photo or document) → audience
→ preview with the number of recipients → send now, or at a time; translations optional.

Each step is a button or the staff member's next message; the draft lives in the
database, so a restart in the middle loses nothing. Sending means one outbox row per
recipient, written in one transaction; the outbox sender does the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.broadcastports import Announcement, Letter, Letters, Tally
from bot.core.features import Context, Features, JobContext, Step
from bot.core.messages import Button, Kind, Reply
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.core.staffports import StaffMember
from bot.features.kit.buttons import GROUP, is_group, typed
from bot.features.kit.languages import language_name, person_render
from bot.features.staffkit import (
    short_time,
    staff_button,
    staff_buttons,
    staff_only,
    staff_render,
    staff_reply,
    staff_text,
    step,
)
from bot.features.subscriptions import UNSUBSCRIBE
from content.loader import Content
from intents.types import CONTENT_LANGUAGES

EXPECT_TEXT = "bc_text"
EXPECT_TRANSLATION = "bc_tr"
EXPECT_WHEN = "bc_when"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
AUDIENCES = (
    ("all", "staff.bc.to.all"),
    ("role:pupil", "staff.bc.to.pupils"),
    ("role:parent", "staff.bc.to.parents"),
    ("role:buddy", "staff.bc.to.buddies"),
)
CLOCK = re.compile(r"(\d{1,2})[:.u](\d{2})")
DAY = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")
LANGUAGES = "|".join(CONTENT_LANGUAGES)
#: Who an announcement goes to: everyone, a role, a group or the readers of a language.
AUDIENCE = rf"all|role:(pupil|parent|buddy)|group:{GROUP}|lang:({LANGUAGES})"


@dataclass(frozen=True)
class BroadcastButton:
    """``bc:<draft>:<action>``, ``bc:<draft>:a:<audience>``, ``bc:<draft>:tl:<language>``."""

    draft: int
    action: str
    value: str | None = None


BUTTON = Codec("bc", BroadcastButton, (
    (Number("draft"), Choice("action", ("groups", "langs", "tr", "send", "later", "cancel"))),
    (Number("draft"), Fixed("a", "action"), Match("value", AUDIENCE, rest=True)),
    (Number("draft"), Fixed("tl", "action"), Choice("value", CONTENT_LANGUAGES)),
))


# --- composing ------------------------------------------------------------------------


@staff_only
def start(ctx: Context, member: StaffMember) -> Step:
    """``/bericht``: a new draft; the next message is its text."""
    if ctx.incoming.in_group:
        return step(ctx, staff_reply(ctx, "staff.bc.private_only"))
    draft = ctx.store.broadcasts.draft(member.user_key, ctx.incoming.reply_chat, ctx.now)
    if draft is None:
        return step(ctx, staff_reply(ctx, "staff.bc.gone"))
    ctx.store.inputs.expect(member.user_key, EXPECT_TEXT, str(draft.id), ctx.now)
    return step(ctx, staff_reply(ctx, "staff.bc.write", [_cancel(ctx, draft.id)]))


def take_input(ctx: Context) -> Step | None:
    """A staff member's text, photo or document that Maatje asked for.

    Typed text is the answer, a question too: an announcement may ask the pupils
    something, and nothing goes out before the audience and the send button. The time
    for later is checked: a sentence gets what is expected ("Typ bijvoorbeeld: 18:00").
    """
    incoming = ctx.incoming
    if incoming.kind in (Kind.COMMAND, Kind.BUTTON):
        return None
    expected = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if expected is None or not expected.kind.startswith("bc_"):
        return None
    member = ctx.store.staff.member(incoming.user_key)
    draft = ctx.store.broadcasts.get(int(expected.ref.split(":")[0]))
    if member is None or draft is None or draft.created_by != member.user_key:
        ctx.store.inputs.clear(incoming.user_key)
        return None
    if expected.kind == EXPECT_TEXT:
        return _take_text(ctx, draft)
    if expected.kind == EXPECT_TRANSLATION:
        return _take_translation(ctx, draft, expected.ref.split(":")[-1])
    return _take_time(ctx, draft)


def _take_text(ctx: Context, draft: Announcement) -> Step:
    incoming = ctx.incoming
    attachment = incoming.attachment
    text = incoming.text.strip()
    limit = CAPTION_LIMIT if attachment else TEXT_LIMIT
    if not text and attachment is None:
        return step(ctx, staff_reply(ctx, "staff.bc.write", [_cancel(ctx, draft.id)]))
    if len(text) > limit:
        return step(ctx, staff_reply(ctx, "staff.bc.too_long", length=len(text), limit=limit))
    ctx.store.broadcasts.set_content(
        draft.id, text, attachment.kind if attachment else None,
        attachment.file_id if attachment else None,
    )
    ctx.store.inputs.clear(incoming.user_key)
    return _audiences(ctx, draft.id)


def _take_translation(ctx: Context, draft: Announcement, language: str) -> Step:
    text = ctx.incoming.text.strip()
    if ctx.incoming.kind is not Kind.TEXT or not text or language not in CONTENT_LANGUAGES:
        return step(ctx, staff_reply(ctx, "staff.bc.translate_write", language=language_name(language)))
    ctx.store.broadcasts.add_translation(draft.id, language, text)
    ctx.store.inputs.clear(ctx.incoming.user_key)
    return _preview(ctx, draft.id)


def _take_time(ctx: Context, draft: Announcement) -> Step:
    when = parse_when(ctx.incoming.text, ctx.now, staff_text(ctx, "staff.bc.tomorrow"))
    if when is None:
        return step(ctx, staff_reply(ctx, "staff.bc.when_invalid"))
    if when <= ctx.now:
        return step(ctx, staff_reply(ctx, "staff.bc.when_past"))
    ctx.store.broadcasts.schedule(draft.id, when)
    ctx.store.inputs.clear(ctx.incoming.user_key)
    count = ctx.store.broadcasts.count(draft.audience)
    return step(ctx, staff_reply(ctx, "staff.bc.scheduled", id=draft.id, when=short_time(ctx, when),
                                 count=count))


def parse_when(text: str, now: datetime, tomorrow: str) -> datetime | None:
    """``18:00`` (today, or tomorrow once past), ``morgen 18:00``, ``24/12 09:30``."""
    words = text.lower().split()
    clock = next((CLOCK.fullmatch(w) for w in words if CLOCK.fullmatch(w)), None)
    if clock is None:
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2))
    day = next((DAY.fullmatch(w) for w in words if DAY.fullmatch(w)), None)
    try:
        if day is not None:
            year = int(day.group(3)) if day.group(3) else now.year
            when = now.replace(year=year, month=int(day.group(2)), day=int(day.group(1)),
                               hour=hour, minute=minute, second=0, microsecond=0)
            return when if day.group(3) or when > now else when.replace(year=now.year + 1)
        when = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        return None
    if tomorrow in words or when <= now:
        when += timedelta(days=1)
    return when


# --- buttons --------------------------------------------------------------------------


@staff_buttons
def on_button(ctx: Context, member: StaffMember, button: BroadcastButton) -> Step:
    """``bc:<id>:<action>[:<value>]``, only for the draft's own author.

    An action it does not know (an old or forged button) never reaches here: only
    ``cancel`` stops the draft.
    """
    draft = ctx.store.broadcasts.get(button.draft)
    if draft is None or draft.created_by != member.user_key:
        return step(ctx, staff_reply(ctx, "staff.bc.gone"))
    if draft.state not in ("draft", "scheduled"):
        return step(ctx, staff_reply(ctx, "staff.bc.gone"))
    action, value = button.action, button.value or ""
    if action == "a":
        ctx.store.broadcasts.set_audience(draft.id, value)
        return _preview(ctx, draft.id)
    if action in ("groups", "langs", "tr"):
        return _choices(ctx, draft.id, action)
    if action == "tl":
        ctx.store.inputs.expect(member.user_key, EXPECT_TRANSLATION, f"{draft.id}:{value}", ctx.now)
        return step(ctx, staff_reply(ctx, "staff.bc.translate_write", language=language_name(value)))
    if action == "send":
        return _send(ctx, draft)
    if action == "later":
        ctx.store.inputs.expect(member.user_key, EXPECT_WHEN, str(draft.id), ctx.now)
        return step(ctx, staff_reply(ctx, "staff.bc.when"))
    ctx.store.broadcasts.cancel(draft.id)
    ctx.store.inputs.clear(member.user_key)
    return step(ctx, staff_reply(ctx, "staff.bc.cancelled", id=draft.id))


def _send(ctx: Context, draft: Announcement) -> Step:
    count = ctx.store.broadcasts.queue(draft.id, ctx.now, letters(ctx.content, draft))
    if count == 0:
        return step(ctx, staff_reply(ctx, "staff.bc.nobody"))
    return step(ctx, staff_reply(ctx, "staff.bc.queued", id=draft.id, count=count))


def letters(content: Content, draft: Announcement) -> Letters:
    """The announcement for every language a recipient may keep: the Dutch text (with the
    translation under it) and the off button, in that language. With no translation for a
    reader of another language, the Dutch comes once with a line in her language that the
    youth worker wrote it in Dutch (issue 22: no double Dutch, and she knows why)."""

    def letter(language: str | None) -> Letter:
        translation = draft.translations.get(language or "")
        text = draft.text
        if translation and language != "nl":
            text = f"{draft.text}\n\n{translation}"
        elif language in CONTENT_LANGUAGES and language != "nl":
            text = f"{draft.text}\n\n{content.ui_text('relay.dutch_note', language)}"
        label = person_render(content, language).label("button.unsubscribe")
        return Letter(text, Button(label or "🔕", UNSUBSCRIBE))

    languages = {*CONTENT_LANGUAGES, *draft.translations}
    return Letters({language: letter(language) for language in sorted(languages)}, letter(None))


def progress_text(content: Content, tally: Tally) -> str:
    """The staff member's progress message: "Verstuurd 120 / 450", then the report."""
    if tally.finished:
        return content.ui_text("staff.bc.report", "nl", id=tally.id, sent=tally.sent,
                               blocked=tally.blocked, failed=tally.failed)
    return content.ui_text("staff.bc.progress", "nl", id=tally.id, done=tally.done,
                           total=tally.total)


def _audiences(ctx: Context, draft_id: int) -> Step:
    buttons = [staff_button(ctx, key, _payload(draft_id, "a", code)) for code, key in AUDIENCES]
    buttons += [
        staff_button(ctx, "staff.bc.to.group", _payload(draft_id, "groups")),
        staff_button(ctx, "staff.bc.to.language", _payload(draft_id, "langs")),
        _cancel(ctx, draft_id),
    ]
    return step(ctx, staff_reply(ctx, "staff.bc.audience", buttons))


def _choices(ctx: Context, draft_id: int, action: str) -> Step:
    """Buttons for a group, an audience language, or a translation language."""
    if action == "groups":
        groups = ctx.store.broadcasts.groups()
        if not groups:
            return step(ctx, staff_reply(ctx, "staff.bc.no_groups"))
        buttons = [Button(staff_text(ctx, "staff.group.button", group=g),
                          _payload(draft_id, "a", f"group:{g}")) for g in groups if is_group(g)]
        return step(ctx, staff_reply(ctx, "staff.bc.pick_group", buttons))
    languages = CONTENT_LANGUAGES if action == "langs" else CONTENT_LANGUAGES[1:]
    buttons = [Button(language_name(code), _payload(draft_id, "a", f"lang:{code}") if action == "langs"
                      else _payload(draft_id, "tl", code)) for code in languages]
    key = "staff.bc.pick_language" if action == "langs" else "staff.bc.translate_which"
    return step(ctx, staff_reply(ctx, key, buttons))


def _preview(ctx: Context, draft_id: int) -> Step:
    draft = ctx.store.broadcasts.get(draft_id)
    if draft is None:
        return step(ctx, staff_reply(ctx, "staff.bc.gone"))
    extras = []
    if draft.file_kind:
        extras.append(staff_text(ctx, "staff.bc.extra.file"))
    if draft.translations:
        names = ", ".join(language_name(code) for code in sorted(draft.translations))
        extras.append(staff_text(ctx, "staff.bc.extra.translations", languages=names))
    text = staff_text(
        ctx, "staff.bc.preview", text=draft.text or "—", audience=audience_name(ctx, draft.audience),
        count=ctx.store.broadcasts.count(draft.audience),
        extra="".join(f"\n{line}" for line in extras),
    )
    buttons = [
        staff_button(ctx, "staff.bc.send", _payload(draft.id, "send")),
        staff_button(ctx, "staff.bc.later", _payload(draft.id, "later")),
        staff_button(ctx, "staff.bc.translate", _payload(draft.id, "tr")),
        _cancel(ctx, draft.id),
    ]
    return step(ctx, Reply(text[:TEXT_LIMIT], buttons=tuple(b for b in buttons if b)))


def audience_name(ctx: Context, audience: str) -> str:
    kind, _, value = audience.partition(":")
    key = next((k for code, k in AUDIENCES if code == audience), None)
    if key:
        return staff_render(ctx).label(key) or audience
    if kind == "group":
        return staff_text(ctx, "staff.group.button", group=value)
    if kind == "lang":
        return staff_text(ctx, "staff.bc.to_language_name", language=language_name(value))
    return audience


def _cancel(ctx: Context, draft_id: int) -> Button | None:
    return staff_button(ctx, "staff.bc.cancel", _payload(draft_id, "cancel"))


def _payload(draft_id: int, action: str, value: str | None = None) -> str:
    return BUTTON.build(BroadcastButton(draft_id, action, value))


# --- scheduled ------------------------------------------------------------------------


def start_due(ctx: JobContext) -> int:
    """Scheduled announcements whose time has come go into the outbox. Run by the leader."""
    due = ctx.store.broadcasts.due(ctx.now)
    for draft in due:
        ctx.store.broadcasts.queue(draft.id, ctx.now, letters(ctx.content, draft))
    return len(due)


def features() -> Features:
    return Features(
        commands={"bericht": start},
        buttons={BUTTON.prefix: typed(BUTTON, on_button)},
        interceptors=(take_input,),
    )

