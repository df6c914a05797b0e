"""Short answers chosen by words in the message (``details.yaml``).

A *detail* answers one precise question inside a topic ("wat is de SNS-pas?" within
``club_join``) instead of the topic's whole answer, with the topic one button away.
A *referral* answers an out-of-scope message that names something Maatje does not do
(homework, the OCMW, asylum…) with a pointer to a person, never a dead end.
A detail may answer with one of the camp parents' questions (``camp_info``), so a parent
who types "is het eten halal?" gets the answer the button under the camp answer gives.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.features import Composer, Context, Step
from bot.features import camp_info
from bot.features.common import answer_reply
from content.details import OUT_OF_SCOPE, Detail

INTENT = OUT_OF_SCOPE


def with_details(composers: Mapping[str, Composer]) -> dict[str, Composer]:
    """Each composer first tries the details of its topic, then answers as before."""
    return {intent: _detail_first(intent, composer) for intent, composer in composers.items()}


def _detail_first(intent: str, composer: Composer) -> Composer:
    def compose(ctx: Context) -> Step:
        found = ctx.content.details.detail_for(intent, ctx.incoming.text)
        answered = None if found is None else _answer(ctx, intent, found)
        return composer(ctx) if answered is None else answered

    compose.__doc__ = composer.__doc__
    return compose


def referral(ctx: Context) -> Step:
    """An out-of-scope message: its referral when its words name one, else the usual answer."""
    found = ctx.content.details.referral_for(ctx.incoming.text)
    if found is None:
        return Step((answer_reply(ctx, INTENT),), ctx.state, INTENT)
    step = _answer(ctx, INTENT, found)
    assert step is not None  # a referral always has its own text
    return Step(step.replies, step.state, INTENT, referral=found.id)


def _answer(ctx: Context, intent: str, detail: Detail) -> Step | None:
    """The detail's text, or the camp parents' question it names (``None`` when that
    question has no wording for this reader: a pupil gets the topic's answer instead)."""
    render = ctx.render
    if detail.question is not None:
        text = camp_info.question_text(ctx, detail.question)
    else:
        text = render.text(detail.text) if detail.text is not None else None
    if text is None:
        return None
    buttons = [*render.intent_buttons(detail.buttons), render.offer_button(intent)]
    return Step((render.reply(text, buttons),), ctx.state, intent)
