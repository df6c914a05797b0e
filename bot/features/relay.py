"""Staff answer pupils through Maatje: a reply to a notice is passed on to the pupil.

Notices carry a reference (``#L5`` for lead 5, ``#V3`` for question 3). When a staff
member replies to such a message, Maatje sends the text to the pupil's own chat, under
a line that says a youth worker wrote it; the staff member's name and account stay
hidden, so nobody has to write to a minor from a private account.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.features import Context, Features, Step
from bot.core.messages import Kind
from bot.core.outboxports import Notice
from bot.core.render import BLOCK_SEPARATOR
from bot.core.safetyports import CLOSED, OPEN
from bot.core.staffports import StaffMember
from bot.features.kit.languages import person_render
from bot.features.staffkit import staff_reply, step

REFERENCE = re.compile(r"#([LVH])(\d+)\b")
MESSAGE_LIMIT = 4096


@dataclass(frozen=True)
class Recipient:
    """Who a reference points at, and what to do once they have been answered."""

    chat_key: str
    first_name: str
    language: str
    answered: Callable[[], None]


def pupil_message(ctx: Context, language: str, text: str, typed: bool = True) -> str:
    """The header in Dutch and the pupil's language, then the staff member's words; under
    words she typed herself (``typed``), a line in the pupil's language that they are Dutch.
    A phrase from the phrasebook brings its own translation."""
    render = person_render(ctx.content, language)
    header = render.ui("relay.message")
    own = render.plan.blocks[1:]
    note = ctx.content.ui_text("relay.dutch_note", own[0]) if typed and own else ""
    room = MESSAGE_LIMIT - len(header) - len(note) - 2 * len(BLOCK_SEPARATOR)
    return BLOCK_SEPARATOR.join(part for part in (header, text[:room], note) if part)


def send(ctx: Context, found: Recipient, text: str, typed: bool = True) -> None:
    """The message to the pupil goes into the outbox; her question or lead is answered."""
    message = pupil_message(ctx, found.language, text, typed)
    ctx.store.outbox.notify(Notice(found.chat_key, message), ctx.now)
    found.answered()


def sent(ctx: Context, found: Recipient, ref: str) -> Step:
    """"Doorgestuurd naar Ali (#L5)" for the staff member."""
    return step(ctx, staff_reply(ctx, "staff.relay.done", name=found.first_name or "?", ref=ref))


def recipient(ctx: Context, member: StaffMember, kind: str, number: int) -> Recipient | None:
    if kind == "L":
        lead = ctx.store.leads.get(number)
        if lead is None:
            return None

        def claim() -> None:
            if lead.status == "open":
                ctx.store.leads.claim(lead.id, member, ctx.now)

        return Recipient(lead.chat_key, lead.first_name, lead.language, claim)
    if kind == "H":
        return _case_recipient(ctx, member, number)
    question = ctx.store.questions.get(number)
    if question is None:
        return None

    def answered() -> None:
        ctx.store.questions.answered(question.id, member, ctx.now)

    return Recipient(question.chat_key, question.first_name, question.language, answered)


def _case_recipient(ctx: Context, member: StaffMember, number: int) -> Recipient | None:
    """A safeguarding case: whoever writes to her first takes the case, if nobody had."""
    case = ctx.store.safety.get(number)
    if case is None or case.status == CLOSED:
        return None

    def claim() -> None:
        if case.status == OPEN:
            ctx.store.safety.claim(case.id, member, ctx.now)

    return Recipient(case.chat_key, case.first_name, case.language, claim)


def relay(ctx: Context) -> Step | None:
    """A staff member's reply to a notice with a reference: pass it on to the pupil."""
    quoted = ctx.incoming.reply_to_text
    match = REFERENCE.search(quoted) if quoted else None
    if match is None or ctx.incoming.kind is Kind.COMMAND:
        return None
    member = ctx.store.staff.member(ctx.incoming.user_key)
    if member is None:
        return None
    text = ctx.incoming.text.strip()
    if ctx.incoming.kind is not Kind.TEXT or not text:
        return step(ctx, staff_reply(ctx, "staff.relay.text_only"))
    found = recipient(ctx, member, match.group(1), int(match.group(2)))
    if found is None:
        return step(ctx, staff_reply(ctx, "staff.relay.unknown"))
    send(ctx, found, text)
    return sent(ctx, found, f"{match.group(1)}{match.group(2)}")


def features() -> Features:
    return Features(interceptors=(relay,))
