"""Asking consent, purpose by purpose, in simple words; and ``/toestemming`` to change it.

Other features ask the gate (:func:`bot.features.kit.gate.require`) before they keep
something (a lead, a subscription, a question passed on); this module answers its consent
and age buttons. The age is asked once, before the first consent question: under 13,
nothing more is kept.
A no in ``/toestemming`` erases what that consent covered, at once (see ``consent=`` in the
declarations of storage/models.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from bot.core.consent import AGE_BANDS, PURPOSES, is_under_13, needs_age, with_consent
from bot.core.features import Context, Features, Step
from bot.core.messages import Button, Reply
from bot.core.payloads import Choice, Codec, Number
from bot.features.kit.buttons import typed
from bot.features.kit.gate import (
    CONSENT,
    NO,
    YES,
    Ask,
    ConsentAnswer,
    answer_age,
    consent_question,
    private_chat,
    require,
    take_child_name,
)
from bot.features.privacy import tell_staff

COMMAND = "toestemming"
INTENT = "privacy"


@dataclass(frozen=True)
class AgeAnswer:
    """``age:<band>:<purpose>:<minute>``; no purpose: back to the /toestemming overview."""

    band: str
    purpose: str
    minute: int


AGE = Codec("age", AgeAnswer, (
    (Choice("band", AGE_BANDS), Choice("purpose", ("", *PURPOSES)), Number("minute", base=16)),
))


def features() -> Features:
    return Features(
        commands={COMMAND: overview},
        buttons={CONSENT.prefix: typed(CONSENT, answer_consent), AGE.prefix: typed(AGE, on_age)},
        input_handlers=(take_child_name,),
    )


def ask(ctx: Context, purpose: str) -> Reply:
    """The question for ``purpose`` (the age first, once), even when it was answered before."""
    verdict = require(ctx, None, partial(_age_payload, purpose))
    return verdict.replies[0] if isinstance(verdict, Ask) else consent_question(ctx.render, purpose)


def overview(ctx: Context) -> Step:
    """``/toestemming``: each purpose with ✅ or ⬜; pressing one switches it (never in a group)."""
    if ctx.incoming.in_group:
        return Step((private_chat(ctx),), ctx.state, INTENT)
    verdict = require(ctx, None, partial(_age_payload, ""))
    if isinstance(verdict, Ask):
        return Step(verdict.replies, ctx.state, INTENT)
    render = ctx.render
    buttons = []
    for purpose in PURPOSES:
        given = purpose in ctx.state.consents
        label = render.label(f"button.consent.{purpose}") or purpose
        answer = NO if given else YES
        frame = "button.consent.given" if given else "button.consent.not_given"
        buttons.append(Button(ctx.content.ui_text(frame, "nl", label=label),
                              CONSENT.build(ConsentAnswer(purpose, answer))))
    return Step((render.reply(render.ui("consent.overview"), buttons),), ctx.state, INTENT)


def on_age(ctx: Context, age: AgeAnswer) -> Step:
    """``age:u13:<purpose>:<minute>`` or ``age:13+:<purpose>:<minute>``: kept once, from a
    fresh button (see :mod:`bot.features.age`), then the consent question."""
    render = ctx.render
    if ctx.incoming.in_group:
        return Step((private_chat(ctx),), ctx.state, INTENT)
    if not ctx.store.durable:
        return Step((render.reply(render.ui("store.unavailable")),), ctx.state, INTENT)
    after = answer_age(ctx, age.band, age.minute)
    if isinstance(after, Step):
        return after
    if not age.purpose:
        return overview(after)
    return Step((ask(after, age.purpose),), after.state, INTENT)


def answer_consent(ctx: Context, answer: ConsentAnswer) -> Step:
    """``consent:<purpose>:yes|no``: kept with the person's state before they are told so."""
    render = ctx.render
    if ctx.incoming.in_group:
        return Step((private_chat(ctx),), ctx.state, INTENT)
    if needs_age(ctx.state) or is_under_13(ctx.state):
        return Step((ask(ctx, answer.purpose),), ctx.state, INTENT)
    if not ctx.store.durable:
        return Step((render.reply(render.ui("store.unavailable")),), ctx.state, INTENT)
    given = answer.answer == YES
    if not given:
        withdraw(ctx, answer.purpose)
    state = with_consent(ctx.state, answer.purpose, given)
    key = "consent.saved" if given else "consent.refused"
    return Step((render.reply(render.ui(key)),), state, INTENT)


def withdraw(ctx: Context, purpose: str) -> None:
    """A no erases at once what the consent covered (a lead, a question, a subscription);
    staff hear "🗑️ #L3 ingetrokken", never whose."""
    references = ctx.store.privacy.withdraw(ctx.incoming.user_key, purpose, ctx.now)
    tell_staff(ctx, references, "staff.privacy.withdrawn")


def _age_payload(purpose: str, band: str, minute: int) -> str:
    return AGE.build(AgeAnswer(band, purpose, minute))
