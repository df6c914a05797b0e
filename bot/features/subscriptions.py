"""Announcements, the subscriber's side: opt in (with consent), join a group, opt out.

A group is joined through a deep link on a poster or letter
(``https://t.me/<bot>?start=groep-okan-anderlecht``). Every announcement carries an
"off" button (``sub:off``), which works at once, without questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.consent import AGE_BANDS, ANNOUNCEMENTS, with_consent
from bot.core.features import Context, Features, Step
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.features.common import lines, per_language, ui
from bot.features.consent import withdraw
from bot.features.kit.buttons import GROUP, is_group, typed
from bot.features.kit.gate import Ask, answer_age, require
from bot.features.kit.start import start_token
from bot.features.kit.welcome import welcome

GROUP_LINK = "groep-"


@dataclass(frozen=True)
class SubscribeButton:
    """``sub:on[:<group>]`` (yes), ``sub:no``, ``sub:off`` (under every announcement),
    ``sub:age:<band>[:<group>]:<minute>`` (the age, asked once before the first consent)."""

    action: str
    group: str | None = None
    band: str | None = None
    minute: int | None = None


BUTTON = Codec("sub", SubscribeButton, (
    (Fixed("on", "action"), Match("group", GROUP, optional=True)),
    (Fixed("no", "action"),),
    (Fixed("off", "action"),),
    (Fixed("age", "action"), Choice("band", AGE_BANDS), Number("minute", base=16)),
    (Fixed("age", "action"), Choice("band", AGE_BANDS), Match("group", GROUP),
     Number("minute", base=16)),
))
#: The "off" button under every announcement.
UNSUBSCRIBE = BUTTON.build(SubscribeButton("off"))


def _reply(ctx: Context, *texts: str, buttons: tuple[tuple[str, str], ...] = (),
           intent: str = "subscribe") -> Step:
    render = ctx.render
    reply = render.reply("\n\n".join(texts), [render.button(k, p) for k, p in buttons])
    return Step((reply,), ctx.state, intent)


def ask_consent(ctx: Context, group: str | None = None) -> Step:
    """"Wil je een bericht krijgen…?" with yes (and the group to join) and no."""
    yes = BUTTON.build(SubscribeButton("on", group))
    return _reply(ctx, ctx.render.ui("consent.announcements.question"),
                  buttons=(("consent.announcements.yes", yes),
                           ("consent.announcements.no", BUTTON.build(SubscribeButton("no")))))


def compose_subscribe(ctx: Context) -> Step:
    """``subscribe``: ask consent first, unless the person already gets announcements."""
    if ctx.store.subscribers.subscribed(ctx.incoming.user_key):
        return _reply(ctx, _answer(ctx, "subscribe"))
    return ask_consent(ctx)


def compose_unsubscribe(ctx: Context) -> Step:
    """``unsubscribe``: off at once, and the consent for announcements withdrawn: what it
    covered (the subscription, the groups) is erased, as with a no in ``/toestemming``."""
    ctx.store.subscribers.unsubscribe(ctx.incoming.user_key, ctx.now)
    withdraw(ctx, ANNOUNCEMENTS)
    step = _reply(ctx, _answer(ctx, "unsubscribe"), intent="unsubscribe")
    return Step(step.replies, with_consent(ctx.state, ANNOUNCEMENTS, False), step.intent)


def _answer(ctx: Context, intent: str) -> str:
    return ctx.render.text(ctx.content.answer(intent).text)


def on_button(ctx: Context, button: SubscribeButton) -> Step:
    """Yes (and join a group), no, off (from an announcement), or the age first."""
    if button.action == "off":
        return compose_unsubscribe(ctx)
    if button.action == "no":
        return _reply(ctx, ctx.render.ui("subscribe.declined"))
    if button.action == "age" and button.band is not None and button.minute is not None:
        aged = answer_age(ctx, button.band, button.minute)
        return aged if isinstance(aged, Step) else _subscribe(aged, button.group)
    return _subscribe(ctx, button.group)


def _subscribe(ctx: Context, group: str | None) -> Step:
    """Subscribe (and join ``group``); the answer is one block per language, Dutch first."""
    incoming = ctx.incoming
    if not ctx.store.durable:
        return _reply(ctx, ctx.render.ui("interest.not_saved"))
    verdict = require(ctx, ANNOUNCEMENTS,
                      lambda band, minute: BUTTON.build(SubscribeButton("age", group, band, minute)))
    if isinstance(verdict, Ask):
        return Step(verdict.replies, verdict.state, "subscribe")
    if not ctx.store.subscribers.subscribe(incoming.user_key, incoming.user_key, ctx.now, group):
        return _reply(ctx, ctx.render.ui("interest.not_saved"))
    answer = ctx.content.answer("subscribe").text

    def block(lang: str) -> str:
        joined = ui(ctx.content, "subscribe.group_joined", lang, group=group) if group else None
        return lines(answer.get(lang), joined)

    step = _reply(ctx, per_language(ctx.render, block))
    return Step(step.replies, verdict.state, step.intent)


def join_group(ctx: Context) -> Step | None:
    """``/start groep-<name>``: join the group, asking consent first if needed.

    Someone new also gets the welcome and the language picker first, as a plain start.
    """
    token = start_token(ctx, GROUP_LINK)
    if token is None:
        return None
    group = token.lower()
    if not is_group(group) or not ctx.store.durable:
        return None  # nothing can be kept: a plain start
    if ctx.store.subscribers.subscribed(ctx.incoming.user_key):
        return _subscribe(ctx, group)
    if not ctx.state.onboarded:
        welcome_step = welcome(ctx)
        ask = ask_consent(ctx, group)
        return Step((*welcome_step.replies, *ask.replies), welcome_step.state, welcome_step.intent)
    return ask_consent(ctx, group)


def features() -> Features:
    return Features(
        composers={"subscribe": compose_subscribe, "unsubscribe": compose_unsubscribe},
        buttons={BUTTON.prefix: typed(BUTTON, on_button)},
        interceptors=(join_group,),
    )
