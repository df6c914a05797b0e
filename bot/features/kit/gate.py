"""The one consent and age gate: may Maatje keep something about the person who pressed?

Every feature that keeps personal data (a lead, a subscription, an "Ik kom", a question
passed on) asks :func:`require` first and keeps nothing unless it says :class:`Allowed`:

    verdict = require(ctx, CONTACT, lambda band, minute: f"int:age:{band}:{topic}:{minute:x}")
    if isinstance(verdict, Ask):
        return Step(verdict.replies, verdict.state, INTENT)
    ... keep it, then answer with ``verdict.state`` (the consent recorded) ...

The rules are :mod:`bot.core.consent`'s: the age is asked once, before the first consent;
under 13 nothing is kept (a parent or youth worker can sign the child up; what was kept is
erased, see :mod:`bot.features.age`); for a purpose, the consent must be given
(:func:`~bot.core.consent.may_store`). The age question's buttons carry the feature's own
payload with the minute they were shown, so the answer brings the person back to what they
were doing; the feature hands the pressed band and minute to :func:`answer_age`, which
refuses an old button. Safeguarding help never passes through here.

In a class group nothing personal is asked and nothing is kept: the whole group would see
the age or the answer, and a press there is not a consent. Maatje answers with a button that
opens the private chat (a ``knop-`` deep link carrying the pressed button, see
:mod:`bot.features.deeplinks`); there the same button is offered again, and the flow goes on
where only the person sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.consent import (
    FROM_13,
    PURPOSES,
    UNDER_13,
    is_under_13,
    may_store,
    needs_age,
    needs_child,
    with_consent,
)
from bot.core.features import Context, Step
from bot.core.messages import Button, Kind, Reply
from bot.core.payloads import Choice, Codec
from bot.core.render import Renderer
from bot.core.state import UserState
from bot.features import age
from bot.features.deeplinks import button_parameter, link_url
from bot.features.kit.replies import stale_button

#: The payload of one age button, from its band (``"u13"`` or ``"13+"``) and the minute it
#: is shown (:func:`bot.features.age.shown_at`).
AgeButton = Callable[[str, int], str]
YES = "yes"
NO = "no"
#: The pending input while a parent types the child's first name; its text holds the two
#: age buttons to show next, so the answer brings the parent back to what they were doing.
CHILD = "child_name"
NAME_LENGTH = 40


@dataclass(frozen=True)
class ConsentAnswer:
    """``consent:<purpose>:yes|no``: the consent question's buttons (and /toestemming's)."""

    purpose: str
    answer: str


CONSENT = Codec("consent", ConsentAnswer, (
    (Choice("purpose", PURPOSES), Choice("answer", (YES, NO))),
))


@dataclass(frozen=True)
class Allowed:
    """It may be kept; ``state`` is the person's state with the consent the press gave."""

    state: UserState


@dataclass(frozen=True)
class Ask:
    """Nothing may be kept (yet): answer with ``replies``; ``state`` is the state after them."""

    replies: tuple[Reply, ...]
    state: UserState


Verdict = Allowed | Ask


def require(ctx: Context, purpose: str | None, age_button: AgeButton, *,
            consented: bool = True) -> Verdict:
    """Whether something for ``purpose`` may be kept about the person of ``ctx``.

    ``purpose`` is one of :data:`bot.core.consent.PURPOSES`, or ``None`` for data that needs
    only the age check (an "Ik kom"). ``consented``: the press being answered was itself the
    yes for ``purpose`` ("Ja, een jeugdwerker mag me schrijven"); when it was not, the consent
    question is asked unless the person gave that consent before.
    """
    state = ctx.state
    if ctx.incoming.in_group:
        return Ask((private_chat(ctx),), state)
    if is_under_13(state):
        return Ask((under_13(ctx.render),), state)
    if needs_child(state, purpose):
        return Ask((child_question(ctx, age_button),), state)
    if needs_age(state):
        return Ask((age_question(ctx, age_button),), state)
    if purpose is None:
        return Allowed(state)
    given = with_consent(state, purpose, True) if consented else state
    if may_store(given, purpose):
        return Allowed(given)
    return Ask((consent_question(ctx.render, purpose),), state)


def answer_age(ctx: Context, band: str, minute: int) -> Context | Step:
    """An age button shown at ``minute`` was pressed: an old one gets the stale answer; else
    the band is kept. Under 13 that is the end (the answer says what was erased and what
    stayed); otherwise the context to go on with what the person was doing."""
    if ctx.incoming.in_group:
        return Step((private_chat(ctx),), ctx.state, age.INTENT)
    if not age.fresh(ctx, minute):
        return stale_button(ctx)
    return age.take(ctx, band)


def private_chat(ctx: Context, parameter: str | None = None) -> Reply:
    """In a group: "let's do this in private", with a button that opens the private chat.

    ``parameter`` is the deep link's ``start=``; by default the button just pressed, so the
    private chat offers it again. Without a known bot username the text alone is sent.
    """
    render = ctx.render
    incoming = ctx.incoming
    if parameter is None and incoming.kind is Kind.BUTTON and incoming.payload:
        parameter = button_parameter(incoming.payload)
    label = render.label("button.private_chat")
    if not ctx.bot_username or not label:
        return render.reply(render.ui("group.to_private"))
    username = ctx.bot_username.lstrip("@")
    url = link_url(username, parameter) if parameter else f"https://t.me/{username}"
    return render.reply(render.ui("group.to_private"), [Button(label, url=url)])


def age_question(ctx: Context, age_button: AgeButton) -> Reply:
    """"Hoe oud ben je?" with the two age buttons, asked once before the first consent."""
    render, minute = ctx.render, age.shown_at(ctx)
    return render.reply(render.ui("consent.age.question"), [
        render.button("button.age.under13", age_button(UNDER_13, minute)),
        render.button("button.age.13plus", age_button(FROM_13, minute)),
    ])


def child_question(ctx: Context, age_button: AgeButton) -> Reply:
    """For a parent: "Over welk kind gaat het?" (typed), then the child's age with buttons."""
    render, minute = ctx.render, age.shown_at(ctx)
    buttons = (age_button(UNDER_13, minute), age_button(FROM_13, minute))
    if ctx.state.child_name:
        return child_age_question(render, ctx.state.child_name, buttons)
    if not ctx.store.inputs.expect(ctx.incoming.user_key, CHILD, "", ctx.now, text="\n".join(buttons)):
        return render.reply(render.ui("store.unavailable"))
    return render.reply(render.ui("parent.child.name"))


def child_age_question(render: Renderer, name: str, buttons: tuple[str, ...]) -> Reply:
    """"Hoe oud is Amal?" with the same two age buttons a pupil gets."""
    under, over = buttons
    return render.reply(render.ui("parent.child.age", name=name), [
        render.button("button.age.under13", under),
        render.button("button.age.13plus", over),
    ])


def take_child_name(ctx: Context) -> Step | None:
    """The text after "Over welk kind gaat het?": the child's first name, then the age."""
    incoming = ctx.incoming
    expected = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if incoming.in_group or expected is None or expected.kind != CHILD:
        return None
    name = " ".join(incoming.text.split())[:NAME_LENGTH]
    buttons = tuple(expected.text.split("\n"))
    if not name or len(buttons) != 2:
        return None
    ctx.store.inputs.clear(incoming.user_key)
    state = ctx.state.with_(child_name=name)
    return Step((child_age_question(ctx.render, name, buttons),), state, age.INTENT)


def under_13(render: Renderer) -> Reply:
    """Nothing is kept for a child under 13: a parent or youth worker can sign them up."""
    return render.reply(render.ui("consent.under13"))


def consent_question(render: Renderer, purpose: str) -> Reply:
    """The question for one purpose, in simple words, with yes and no."""
    return render.reply(render.ui(f"consent.ask.{purpose}"), [
        render.button("button.consent.yes", CONSENT.build(ConsentAnswer(purpose, YES))),
        render.button("button.consent.no", CONSENT.build(ConsentAnswer(purpose, NO))),
    ])
