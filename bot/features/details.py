"""Short answers chosen by words in the message (``details.yaml``).

A *detail* answers one precise question inside a topic ("wat is de SNS-pas?" within
``club_join``) instead of the topic's whole answer, with the topic one button away.
A *referral* answers an out-of-scope message that names something Maatje does not do
(homework, the OCMW, asylum…) with a pointer to a person, never a dead end.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.features import Composer, Context, Step
from bot.features.common import answer_reply
from content.details import OUT_OF_SCOPE, Detail

INTENT = OUT_OF_SCOPE


def with_details(composers: Mapping[str, Composer]) -> dict[str, Composer]:
    """Each composer first tries the details of its topic, then answers as before."""
    return {intent: _detail_first(intent, composer) for intent, composer in composers.items()}


def _detail_first(intent: str, composer: Composer) -> Composer:
    def compose(ctx: Context) -> Step:
        found = ctx.content.details.detail_for(intent, ctx.incoming.text)
        return composer(ctx) if found is None else _answer(ctx, intent, found)

    compose.__doc__ = composer.__doc__
    return compose


def referral(ctx: Context) -> Step:
    """An out-of-scope message: its referral when its words name one, else the usual answer."""
    found = ctx.content.details.referral_for(ctx.incoming.text)
    if found is None:
        return Step((answer_reply(ctx, INTENT),), ctx.state, INTENT)
    step = _answer(ctx, INTENT, found)
    return Step(step.replies, step.state, INTENT, referral=found.id)


def _answer(ctx: Context, intent: str, detail: Detail) -> Step:
    render = ctx.render
    buttons = [*render.intent_buttons(detail.buttons), render.offer_button(intent)]
    return Step((render.reply(render.text(detail.text), buttons),), ctx.state, intent)
