"""Hand-over to a person: a question Maatje cannot answer goes to staff, with consent.

The offer comes after the second "Bedoel je…?" or when someone asks for a youth worker.
After a miss, the question just typed waits (``HANDOVER_DRAFT``) for the answer: yes
(``ho:send``) passes it on as typed, no deletes it. Asked for a youth worker (``ho:yes``),
Maatje asks the person to type what they want to ask, so the staff notice holds exactly
what they chose to send. A staff reply comes back through
:mod:`bot.features.relay`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.consent import AGE_BANDS, HANDOVER, with_consent
from bot.core.dialogue import suggestions
from bot.core.features import Context, Features, Step
from bot.core.inputports import HANDOVER_DRAFT, ref_topics
from bot.core.messages import Button, Reply
from bot.core.payloads import HANDOVER_NO, HANDOVER_YES, Choice, Codec, Fixed, Number
from bot.core.questionports import Question
from bot.core.staffports import StaffMember
from bot.features import contact, phrasebook
from bot.features.kit.buttons import typed
from bot.features.kit.gate import Ask, answer_age, private_chat, require
from bot.features.kit.languages import language_name, person_language
from bot.features.staffkit import (
    audit_reads,
    name_for_staff,
    notify_staff,
    short_time,
    staff_button,
    staff_buttons,
    staff_name,
    staff_only,
    staff_render,
    staff_reply,
    staff_text,
    step,
)
from content.schema import LABEL_JOIN

EXPECT = "handover"
INTENT = "contact"
LIST_LIMIT = 10


@dataclass(frozen=True)
class HandoverButton:
    """``ho:yes`` / ``ho:no`` / ``ho:send`` (the core's own offer builds these too),
    ``ho:age:<band>:<minute>``."""

    action: str
    band: str | None = None
    minute: int | None = None


BUTTON = Codec("ho", HandoverButton, (
    (Choice("action", ("yes", "no", "send")),),
    (Fixed("age", "action"), Choice("band", AGE_BANDS), Number("minute", base=16)),
))


@dataclass(frozen=True)
class QuestionButton:
    """``q:<id>:done``: a staff member handled the question outside Maatje."""

    id: int


QUESTION = Codec("q", QuestionButton, ((Number("id"), Fixed("done")),))


def _say(ctx: Context, key: str, *buttons: tuple[str, str]) -> Step:
    render = ctx.render
    reply = render.reply(render.ui(key), [render.button(k, p) for k, p in buttons])
    return Step((reply,), ctx.state, INTENT)


def offer(ctx: Context) -> Step:
    """"Praat met een jeugdwerker": who to call, then the offer to pass a question on."""
    who = contact.compose(ctx)
    ask = _say(ctx, "handover.offer_person", ("handover.yes", HANDOVER_YES),
               ("handover.no", HANDOVER_NO))
    return Step((*who.replies, *ask.replies), ctx.state, INTENT, more=who.more)


def on_button(ctx: Context, button: HandoverButton) -> Step:
    """``ho:yes``: ask for the question; ``ho:no``: keep nothing; ``ho:age:<band>``."""
    if ctx.incoming.in_group:  # a question for a youth worker is asked in private only
        return Step((private_chat(ctx),), ctx.state, INTENT)
    if button.action == "age" and button.band is not None and button.minute is not None:
        aged = answer_age(ctx, button.band, button.minute)
        return aged if isinstance(aged, Step) else _invite_question(aged)
    if button.action == "yes":  # "Praat met een jeugdwerker": a new question, typed next
        _drop_draft(ctx)
    if button.action in ("yes", "send"):
        if not ctx.store.durable:
            return _say(ctx, "handover.not_saved")
        verdict = require(ctx, HANDOVER,
                          lambda band, minute: BUTTON.build(HandoverButton("age", band, minute)))
        if isinstance(verdict, Ask):
            return Step(verdict.replies, verdict.state, INTENT)
        return _invite_question(ctx)  # the consent is kept with the question itself
    ctx.store.inputs.clear(ctx.incoming.user_key)
    return _say(ctx, "handover.cancelled")


def _drop_draft(ctx: Context) -> None:
    """An earlier miss's question is not what "Praat met een jeugdwerker" sends."""
    draft = ctx.store.inputs.pending(ctx.incoming.user_key, ctx.now)
    if draft is not None and draft.kind == HANDOVER_DRAFT:
        ctx.store.inputs.clear(ctx.incoming.user_key)


def _invite_question(ctx: Context) -> Step:
    """"Typ je vraag"; after a second miss, the question typed then is passed on as it is."""
    draft = ctx.store.inputs.pending(ctx.incoming.user_key, ctx.now)
    if draft is not None and draft.kind == HANDOVER_DRAFT and draft.text:
        return _pass_on(ctx, draft.text, topics=ref_topics(draft.ref))
    if not ctx.store.inputs.expect(ctx.incoming.user_key, EXPECT, "", ctx.now):
        return _say(ctx, "handover.not_saved")
    return _say(ctx, "handover.write", ("handover.stop", HANDOVER_NO))


def take_question(ctx: Context) -> Step | None:
    """The text after "Typ je vraag": keep it and notify staff. Not from a class group:
    what she writes there the whole group reads, and it is no answer to a private question."""
    incoming = ctx.incoming
    if incoming.in_group:
        return None
    expected = ctx.store.inputs.pending(incoming.user_key, ctx.now)
    if expected is None or expected.kind != EXPECT:
        return None
    topics = suggestions(ctx.understanding) if ctx.understanding else []
    return _pass_on(ctx, incoming.text.strip(), expected.ref, tuple(topics))


def _pass_on(ctx: Context, text: str, about: str = "", topics: tuple[str, ...] = ()) -> Step:
    """Keep the question (with the yes just given) and notify staff; ``about`` is the
    camp registration (``K3``) a parent's question is about, ``topics`` what Maatje
    guessed it is about ("Vraag over: 🏕️ Kamp · 🎒 Paklijst"), both shown to staff."""
    incoming = ctx.incoming
    ctx.store.inputs.clear(incoming.user_key)
    language = person_language(ctx)
    question = ctx.store.questions.ask(
        incoming.user_key, incoming.user_key, name_for_staff(ctx), language, text, ctx.now,
    )
    if question is None:
        return _say(ctx, "handover.not_saved")
    notice = card(ctx, question, "staff.question.new", about=guessed(ctx, topics))
    if about:
        notice = f"{staff_text(ctx, 'staff.question.camp', camp=about)}\n{notice}"
    notify_staff(ctx, notice, question_buttons(ctx, question), question.ref,
                 about=question.user_key)
    state = with_consent(ctx.state, HANDOVER, True).with_(misses=0)
    reply = ctx.render.reply(ctx.render.ui("handover.sent"), hands_over=True)
    return Step((reply,), state, INTENT)


def guessed(ctx: Context, topics: tuple[str, ...]) -> str:
    """The line under a new question's header: the topics Maatje guessed, by their Dutch
    button labels; nothing when it had no guess."""
    labels = [label for intent in topics if (label := staff_render(ctx).label(f"button.{intent}"))]
    if not labels:
        return ""
    return "\n" + staff_text(ctx, "staff.question.about", topics=LABEL_JOIN.join(labels))


def card(ctx: Context, question: Question, key: str = "staff.question.card",
         about: str = "") -> str:
    return staff_text(
        ctx, key, ref=question.ref, name=staff_name(ctx, question.first_name, question.user_key),
        language=language_name(question.language), since=short_time(ctx, question.created_at),
        text=question.text, about=about,
    )


def question_buttons(ctx: Context, question: Question) -> list[Button | None]:
    return [phrasebook.open_button(ctx, question.ref),
            staff_button(ctx, "staff.question.done", QUESTION.build(QuestionButton(question.id)))]


@staff_buttons
def on_question_button(ctx: Context, member: StaffMember, button: QuestionButton) -> Step:
    """``q:<id>:done``: handled outside Maatje; off the list."""
    question = ctx.store.questions.get(button.id)
    if question is None:
        return step(ctx, staff_reply(ctx, "staff.question.unknown"))
    ctx.store.questions.answered(question.id, member, ctx.now)
    return step(ctx, staff_reply(ctx, "staff.question.closed", ref=question.ref, name=member.name))


@staff_only
def list_unanswered(ctx: Context, member: StaffMember) -> Step:
    """``/vragen``: questions nobody answered yet; also a list for improving the content."""
    found, total = ctx.store.questions.unanswered(LIST_LIMIT)
    audit_reads(ctx, member, "questions.view", (question.user_key for question in found))
    if not found:
        return step(ctx, staff_reply(ctx, "staff.questions.none"))
    replies = [staff_reply(ctx, "staff.questions.header", count=total, shown=len(found))]
    for question in found:
        kept = tuple(b for b in question_buttons(ctx, question) if b is not None)
        replies.append(Reply(card(ctx, question), buttons=kept))
    return step(ctx, *replies)


def features() -> Features:
    return Features(
        composers={INTENT: offer},
        commands={"vragen": list_unanswered},
        buttons={BUTTON.prefix: typed(BUTTON, on_button),
                 QUESTION.prefix: typed(QUESTION, on_question_button)},
        input_handlers=(take_question,),
    )
