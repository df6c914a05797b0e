"""Camp facts from ``camp.yaml`` under the camp answer, parents' questions as buttons, and
"🏕️ Ik wil mee op kamp": the sign-up, so the camp link (``t.me/<bot>?start=kamp``) that
youth workers share opens both."""

from __future__ import annotations

from bot.core.consent import PARENT
from bot.core.features import Context, Step
from bot.core.payloads import Match
from bot.features.camp_facts import essentials, fact_line
from bot.features.common import answer_reply, lines, per_language, step, ui
from bot.features.interest import BUTTON as INTEREST
from bot.features.interest import InterestButton
from bot.features.kit.buttons import CONTENT_ID, Picked, picked
from bot.features.labels import text_button
from content.camp import Camp
from content.loader import Content

INTENT = "camp_info"
#: ``cq:<question>``: the answer to one parent question.
QUESTION = picked("cq", Match("value", CONTENT_ID))


def compose(ctx: Context) -> Step:
    """First screen: when, where, the price, the sign-up; "➕ Meer": who it is for, what
    it is like, and for a parent a button for each parent question (a pupil is not asked
    "Ben je een ouder?"; an old ``cq:`` button a pupil presses is still answered)."""
    camp = ctx.content.camp
    if camp is None:
        return step(ctx, INTENT, answer_reply(ctx, INTENT))
    answer = ctx.content.answer(INTENT)
    render = ctx.render
    text = per_language(render, lambda lang: lines(answer.text.get(lang),
                                                   *essentials(ctx.content, camp, lang)))
    sign_up = render.button("camp.sign_up", INTEREST.build(InterestButton("t", "camp")))
    first = render.reply(text, [sign_up, *render.intent_buttons(answer.followups),
                                render.offer_button(INTENT)])
    asks = ctx.state.role == PARENT and bool(camp.parent_questions)
    more = per_language(render, lambda lang: lines(
        answer.more.get(lang) if answer.more else None, details(ctx.content, camp, lang, asks)))
    questions = [text_button(render, q.question, QUESTION.build(Picked(q.id)))
                 for q in camp.parent_questions] if asks else []
    return Step((first,), ctx.state, INTENT, more=(render.reply(more, questions),))


def details(content: Content, camp: Camp, lang: str, parent_questions: bool = False) -> str:
    """What "➕ Meer" adds: the ages, who may come, what camp is like, one short line each;
    for a parent, the line above their questions (only parents get those buttons)."""
    return lines(
        ui(content, "camp.ages", lang, age_min=camp.age_min, age_max=camp.age_max),
        camp.who.get(lang),
        *(fact_line(content, fact, lang) for fact in camp.what_it_is_like),
        ui(content, "camp.parent_questions", lang) if parent_questions else None,
    )


def parent_question(ctx: Context, picked: Picked) -> Step:
    """The answer to one parent question; a question taken out of camp.yaml gets the camp facts."""
    text = question_text(ctx, picked.value, typed=False)
    if text is None:
        return compose(ctx)
    render = ctx.render
    return step(ctx, INTENT, render.reply(text, render.intent_buttons([INTENT])))


def question_text(ctx: Context, question_id: str, typed: bool = True) -> str | None:
    """A parents' question and its answer for a parent; for a pupil who typed it, its
    ``pupil`` answer alone (``None`` without one: "uw kind" is not for a pupil, and
    neither is the question "Wat eet mijn kind?"). An old ``cq:`` button a pupil presses
    gets the parent's answer when there is no pupil one. ``None`` too for a question
    camp.yaml no longer has."""
    camp = ctx.content.camp
    question = next((q for q in camp.parent_questions if q.id == question_id), None) if camp else None
    if question is None:
        return None
    pupil = question.pupil_answer()
    if ctx.state.role != PARENT and pupil is not None:
        return ctx.render.text(pupil)
    if ctx.state.role != PARENT and typed:
        return None
    return per_language(ctx.render, lambda lang: lines(question.question.get(lang),
                                                       question.answer.get(lang)))
