"""A pupil in danger: help lines first, then — if she says yes — a youth worker, at once.

After the help lines Maatje asks whether a youth worker may know (✅ / ❌, or typed:
``questions.yaml``). On yes every youth worker and the staff chat get a 🆘 alert with
her first name, language and message; the first to press ✋ takes the case, the others
see who did, and from then on her messages go to that youth worker (and the youth
worker's replies to her, through :mod:`bot.features.relay`), until it is closed. No age
or consent step stands in between: counselling offered to a child needs no parent's
consent (GDPR recital 38). Nobody claims: staff are alerted again, and she is told so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.features import Context, Features, JobContext, Step, Surroundings
from bot.core.helplines import ASK_KEY, danger_reply, reader_of
from bot.core.messages import Button, Kind, Reply
from bot.core.outboxports import Notice
from bot.core.payloads import SOS, Choice, Codec, Number
from bot.core.render import Renderer
from bot.core.safetyports import CLAIMED, OFFERED, OPEN, Case
from bot.core.staffports import StaffMember, StaffPort
from bot.features.common import per_language
from bot.features.kit.buttons import typed
from bot.features.kit.languages import language_name
from bot.features.kit.replies import tell
from bot.features.staffkit import (
    short_time,
    staff_button,
    staff_buttons,
    staff_name,
    staff_reply,
    staff_text,
    step,
)
from content.dates import format_clock, format_day

INTENT = "safeguarding"
CLAIM = "claim"
CLOSE = "close"


@dataclass(frozen=True)
class SafeguardingButton:
    """``sg:yes`` / ``sg:no`` from the pupil; ``sg:claim:<case>`` / ``sg:close:<case>`` from staff."""

    action: str
    case: int | None = None


BUTTON = Codec("sg", SafeguardingButton, (
    (Choice("action", ("yes", "no")),),
    (Choice("action", (CLAIM, CLOSE)), Number("case")),
))
YES = BUTTON.build(SafeguardingButton("yes"))
NO = BUTTON.build(SafeguardingButton("no"))
#: An offer nobody answered is deleted after this (its message was never passed on).
OFFER_LIFETIME = timedelta(days=1)
QUOTE_LIMIT = 1_500


def compose(ctx: Context) -> Step:
    """The danger answer: help lines, then the question (or what happens with her case)."""
    render = ctx.render
    if ctx.incoming.in_group:
        return _in_group(ctx)
    case = ctx.store.safety.current(ctx.incoming.user_key)
    if case is not None and case.status == CLAIMED and ctx.incoming.text.strip():
        _forward(ctx, case)
        return Step((_danger(ctx, (), "safeguarding.forwarded"),), ctx.state, INTENT)
    if case is not None and case.status in (OPEN, CLAIMED):
        return Step((_danger(ctx, (), "safeguarding.already_sent"),), ctx.state, INTENT)
    again = case is not None and case.status == OFFERED
    ctx.store.safety.offer(ctx.incoming.user_key, ctx.incoming.reply_chat, _first_name(ctx),
                           reader_of(render.plan), ctx.incoming.text, ctx.now)
    buttons = [render.button("button.safeguarding_yes", YES),
               render.button("button.safeguarding_no", NO)]
    key = "safeguarding.again" if again else ASK_KEY
    return Step((_danger(ctx, buttons, key),), ctx.state, INTENT)


def _danger(ctx: Context, buttons: Iterable[Button | None], key: str) -> Reply:
    """The help lines with ``key`` under them; only ``key`` when the lines were just sent."""
    if ctx.help_lines_sent:
        render = ctx.render
        return render.reply(render.ui(key), [*buttons, render.button("button.helplines", SOS)])
    return danger_reply(ctx.render, buttons, key)


def _in_group(ctx: Context) -> Step:
    """Help lines in the group; the question is asked in private, where only she answers."""
    render = ctx.render
    buttons: list[Button | None] = []
    if ctx.bot_username:
        label = render.label("button.private_chat")
        url = f"https://t.me/{ctx.bot_username}?start={INTENT}"
        buttons.append(Button(label, url=url) if label else None)
    return Step((_danger(ctx, buttons, "safeguarding.group"),), ctx.state, INTENT)


def on_button(ctx: Context, button: SafeguardingButton) -> Step:
    """``sg:yes`` / ``sg:no`` from the pupil; ``sg:claim:N`` / ``sg:close:N`` from staff."""
    if button.action == "yes" and not ctx.incoming.in_group:
        return pass_on(ctx)
    if button.action == "no" and not ctx.incoming.in_group:
        ctx.store.safety.decline(ctx.incoming.user_key)
        reply = ctx.render.reply(ctx.render.ui("safeguarding.declined"),
                                 [ctx.render.button("button.helplines", SOS)])
        return Step((reply,), ctx.state, INTENT)
    return on_staff_button(ctx, button)


def pass_on(ctx: Context) -> Step:
    """She said yes: alert every youth worker now, and tell her honestly what happens."""
    render, user = ctx.render, ctx.incoming.user_key
    targets = alert_targets(ctx.store.staff)
    if not targets:
        ctx.store.safety.decline(user)
        return Step((danger_reply(render, (), "safeguarding.no_staff"),), ctx.state, INTENT)
    case = ctx.store.safety.current(user) or ctx.store.safety.offer(
        user, ctx.incoming.reply_chat, _first_name(ctx), reader_of(render.plan), "", ctx.now)
    if case is not None and case.status in (OPEN, CLAIMED):
        return Step((_told(ctx, "safeguarding.already_sent"),), ctx.state, INTENT)
    alerted = ctx.store.safety.alert(case.id, ctx.now) if case is not None else None
    if alerted is None:
        return Step((danger_reply(render, (), "handover.not_saved"),), ctx.state, INTENT)
    _alert(ctx, alerted, targets, staff_text(ctx, "staff.safeguarding.alert", **_fields(ctx, alerted)))
    hours = ctx.safeguarding_hours
    if hours is not None and not hours.is_open(ctx.now):
        told = render.reply(_after_hours(render, hours.next_open(ctx.now)), hands_over=True)
        return Step((told, danger_reply(render)), ctx.state, INTENT)
    return Step((_told(ctx, "safeguarding.handover_sent", hands_over=True),), ctx.state, INTENT)


def _told(ctx: Context, key: str, hands_over: bool = False) -> Reply:
    return ctx.render.reply(ctx.render.ui(key), [ctx.render.button("button.helplines", SOS)],
                            hands_over=hands_over)


def _after_hours(render: Renderer, moment: datetime) -> str:
    """"Een jeugdwerker leest het maandag 7 december, om 9.00 uur", each block its language."""
    content = render.content
    return per_language(render, lambda lang: (
        content.ui_text("safeguarding.handover_sent", lang) + "\n" + content.ui_text(
            "safeguarding.after_hours", lang, when=content.ui_text(
                "safeguarding.when", lang, date=format_day(moment.date(), lang),
                time=format_clock(moment, lang)))))


def alert_targets(staff: StaffPort) -> list[str]:
    """Every youth worker's own chat and the staff chat: an alert must not wait for one."""
    chat = staff.staff_chat()
    return list(dict.fromkeys([*staff.member_keys(), *([chat] if chat else [])]))


def _alert(ctx: Surroundings, case: Case, targets: Iterable[str], text: str) -> None:
    claim = staff_button(ctx, "staff.safeguarding.claim", BUTTON.build(SafeguardingButton(CLAIM, case.id)))
    buttons = (claim,) if claim else ()
    for chat in targets:
        ctx.store.outbox.notify(Notice(chat, text, buttons, case.ref, about=case.user_key),
                                ctx.now)


def _fields(ctx: Surroundings, case: Case, **more: object) -> dict[str, object]:
    text = case.text.strip() or "…"
    return {"id": case.id, "name": staff_name(ctx, case.first_name, case.user_key),
            "language": language_name(case.language), "text": text[:QUOTE_LIMIT], **more}


@staff_buttons
def on_staff_button(ctx: Context, member: StaffMember, button: SafeguardingButton) -> Step:
    """``sg:claim:N``: the first one takes it; ``sg:close:N``: the case is done."""
    case = ctx.store.safety.get(button.case) if button.case is not None else None
    if case is None:
        return step(ctx, staff_reply(ctx, "staff.safeguarding.unknown"))
    if button.action == CLAIM:
        return _claim(ctx, member, case)
    closed = ctx.store.safety.close(case.id, ctx.now)
    if closed is not None:
        _tell_pupil(ctx, closed, "safeguarding.closed")
    return step(ctx, staff_reply(ctx, "staff.safeguarding.closed", id=case.id))


def _claim(ctx: Context, member: StaffMember, case: Case) -> Step:
    if not ctx.store.safety.claim(case.id, member, ctx.now):
        taken = ctx.store.safety.get(case.id)
        name = (taken.claimed_name if taken else None) or "?"
        return step(ctx, staff_reply(ctx, "staff.safeguarding.already", staff=name, id=case.id))
    ctx.store.privacy.audit(member.user_key, "safeguarding.view", case.user_key, at=ctx.now)
    close = staff_button(ctx, "staff.safeguarding.close", BUTTON.build(SafeguardingButton(CLOSE, case.id)))
    own = Notice(member.user_key, staff_text(ctx, "staff.safeguarding.claimed_you", **_fields(ctx, case)),
                 (close,) if close else (), case.ref, about=case.user_key)
    ctx.store.outbox.notify(own, ctx.now)
    others = staff_text(ctx, "staff.safeguarding.claimed_other", staff=member.name, id=case.id)
    here = ctx.incoming.reply_chat
    for chat in alert_targets(ctx.store.staff):
        if chat not in (here, member.user_key):
            ctx.store.outbox.notify(Notice(chat, others, about=case.user_key), ctx.now)
    _tell_pupil(ctx, case, "safeguarding.claimed")
    return step(ctx, staff_reply(ctx, "staff.safeguarding.claimed_other", staff=member.name,
                                 id=case.id))


def _tell_pupil(ctx: Surroundings, case: Case, key: str) -> None:
    tell(ctx, case.chat_key, case.language, lambda lang: ctx.content.ui_text(key, lang),
         lambda render: [render.button("button.helplines", SOS)], about=case.user_key)


def forward(ctx: Context) -> Step | None:
    """While a youth worker has her case, what she types goes to that youth worker."""
    incoming = ctx.incoming
    if incoming.in_group or incoming.kind is not Kind.TEXT or not incoming.text.strip():
        return None
    case = ctx.store.safety.current(incoming.user_key)
    if case is None or case.status != CLAIMED:
        return None
    _forward(ctx, case)
    return Step((_told(ctx, "safeguarding.forwarded"),), ctx.state, INTENT)


def _forward(ctx: Context, case: Case) -> None:
    if case.claimed_by is None:
        return
    text = staff_text(ctx, "staff.safeguarding.message", id=case.id,
                      name=staff_name(ctx, case.first_name, case.user_key),
                      text=ctx.incoming.text.strip()[:QUOTE_LIMIT])
    ctx.store.outbox.notify(Notice(case.claimed_by, text, (), case.ref, about=case.user_key),
                            ctx.now)


def realert(ctx: JobContext, every: timedelta, limit: int) -> None:
    """Scheduled: nobody took a case in ``every``: alert everyone again (``limit`` times)."""
    ctx.store.safety.expire_offers(ctx.now - OFFER_LIFETIME)
    targets = alert_targets(ctx.store.staff)
    for case in ctx.store.safety.unclaimed(ctx.now - every, 1 + limit):
        alerted = ctx.store.safety.alert(case.id, ctx.now)
        if alerted is None:
            continue
        text = staff_text(ctx, "staff.safeguarding.realert", **_fields(
            ctx, alerted, count=alerted.alerts - 1, limit=limit, since=short_time(ctx, case.created_at)))
        _alert(ctx, alerted, targets, text)
        _tell_pupil(ctx, alerted, "safeguarding.nobody_yet")


def before_erasure(ctx: Context) -> None:
    """``/vergeet``: an open case is closed first; staff are told of every case they were
    alerted to, by reference only (an offer she never answered was never theirs to know)."""
    targets = alert_targets(ctx.store.staff)
    for case in ctx.store.safety.of(ctx.incoming.user_key):
        if case.status == OFFERED:
            continue
        ctx.store.safety.close(case.id, ctx.now)
        text = staff_text(ctx, "staff.safeguarding.erased", id=case.id)
        for chat in targets:
            ctx.store.outbox.notify(Notice(chat, text), ctx.now)


def _first_name(ctx: Context) -> str:
    return (ctx.incoming.first_name or "").strip()


def features() -> Features:
    return Features(
        composers={INTENT: compose},
        buttons={BUTTON.prefix: typed(BUTTON, on_button)},
        input_handlers=(forward,),
    )

