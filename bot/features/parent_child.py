"""A parent from before the child was asked: asked once, at the next message (issue 15).

A parent's interest or question is about a child, so the gate (:mod:`bot.features.kit.gate`)
asks the child's first name and age band before it keeps one. Parents who chose "Ouder"
before that existed have none named (migration 0021 marks them, ``UserState.ask_child``):
after Maatje answers their next message, whatever it was, it adds "may I know your child's
name and age?" with yes and no. Once: the mark goes when asked, whatever the answer.

Yes asks the name (typed) and the age, as the gate does; no changes nothing, and the gate
still asks before the next thing kept about a child. The answer is never lost: the
question comes after it, and not at all after danger or "Bedoel je…?" (the core's
:meth:`~bot.core.dialogue.Maatje._afterwards` decides when a hook may add a question).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.consent import AGE_BANDS, PARENT, is_under_13
from bot.core.features import Context, Features, Step
from bot.core.payloads import Choice, Codec, Fixed, Number
from bot.core.state import UserState
from bot.features.age import INTENT
from bot.features.kit.buttons import typed
from bot.features.kit.gate import answer_age, child_question, private_chat
from bot.features.kit.replies import stale_button

YES, NO, AGE = "ja", "nee", "age"


@dataclass(frozen=True)
class ChildButton:
    """``kind:ja|nee`` (the offer), ``kind:age:<band>:<minute>`` (the child's age)."""

    action: str
    band: str | None = None
    minute: int | None = None


BUTTON = Codec("kind", ChildButton, (
    (Choice("action", (YES, NO)),),
    (Fixed(AGE, "action"), Choice("band", AGE_BANDS), Number("minute", base=16)),
))


def features() -> Features:
    return Features(buttons={BUTTON.prefix: typed(BUTTON, on_button)}, afterwards=(ask_once,))


def needs_asking(state: UserState) -> bool:
    """A parent (not under 13) with no child named yet."""
    return state.role == PARENT and state.child_band is None and not is_under_13(state)


def ask_once(ctx: Context) -> Step | None:
    """After the answer to a marked parent's message: "Mag ik … van je kind weten?".

    Not in a class group, nor while Maatje waits for something typed (the answer to "Typ
    je vraag", the child's name itself): then the next message. Someone no longer a parent
    without a child loses the mark without being asked.
    """
    state = ctx.state
    if not state.ask_child or ctx.incoming.in_group:
        return None
    if not needs_asking(state):
        return Step((), state.with_(ask_child=False), INTENT)
    if not ctx.store.durable or ctx.store.inputs.pending(ctx.incoming.user_key, ctx.now):
        return None
    render = ctx.render
    reply = render.reply(render.ui("parent.child.offer"), [
        render.button("button.yes", BUTTON.build(ChildButton(YES))),
        render.button("button.no", BUTTON.build(ChildButton(NO))),
    ])
    return Step((reply,), state.with_(ask_child=False), INTENT)


def on_button(ctx: Context, button: ChildButton) -> Step:
    """Yes: the child's name (typed), then its age; no: later, when it is needed."""
    if ctx.incoming.in_group:
        return Step((private_chat(ctx),), ctx.state, INTENT)
    if not needs_asking(ctx.state):
        return stale_button(ctx)
    render = ctx.render
    if button.action == NO:
        return Step((render.reply(render.ui("parent.child.later")),), ctx.state, INTENT)
    if button.action == YES:
        return Step((child_question(ctx, _age_payload),), ctx.state, INTENT)
    if button.band is None or button.minute is None or not ctx.state.child_name:
        return stale_button(ctx)
    after = answer_age(ctx, button.band, button.minute)
    if isinstance(after, Step):
        return after
    name = after.state.child_name
    return Step((render.reply(render.ui("parent.child.saved", name=name)),), after.state, INTENT)


def _age_payload(band: str, minute: int) -> str:
    return BUTTON.build(ChildButton(AGE, band, minute))
