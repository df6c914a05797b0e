"""Interest follow-up, the pupil's side: "ik wil meedoen" becomes a lead, with consent.

Maatje says what the interest is about (from the entities, or the runner-up topics of the
understanding, or else by asking), asks whether a youth worker may send a message, and
only on yes stores a lead. The reply that says it is saved is sent after the message's
transaction has committed (the service commits before the channel sends).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.consent import AGE_BANDS, CONTACT
from bot.core.features import Context, Features, Step
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.features import camp, leads
from bot.features.common import per_language
from bot.features.kit.buttons import typed
from bot.features.kit.gate import Ask, answer_age, private_chat, require
from bot.features.kit.languages import person_language
from bot.features.staffkit import name_for_staff
from content.loader import Content

INTENT = "register_interest"
#: The deep link (:data:`bot.features.deeplinks.TOPICS`) that opens this in a private chat.
LINK = "meedoen"
TOPICS = ("activity", "sport", "camp", "volunteer")
#: Entity kinds (from the gazetteers) that name what the interest is about.
ENTITY_TOPICS = {"activity": "activity", "sport": "sport", "camp": "camp", "volunteer": "volunteer"}
#: Topics the understanding also considered, and the kind of interest they point at.
INTENT_TOPICS = {
    "activities": "activity", "club_join": "sport", "camp_info": "camp", "camp_packing": "camp",
    "camp_medical_form": "camp", "volunteer": "volunteer",
}  # fmt: skip
#: A runner-up topic counts from this score on.
TOPIC_SCORE = 0.12
DETAIL = re.compile(r"[a-z0-9][a-z0-9 -]{0,23}")
#: A topic's detail in a payload, as :func:`slug` makes it (``boksen`` in ``sport:boksen``).
DETAIL_PART = r"[a-z0-9]([a-z0-9 -]{0,22}[a-z0-9-])?"


@dataclass(frozen=True)
class InterestButton:
    """``int:t:<kind>`` (topic picked), ``int:ok:<kind>[:<detail>]`` (yes), ``int:no``,
    ``int:age:<band>:<kind>[:<detail>]:<minute>`` (the age, asked once before the first
    consent)."""

    action: str
    kind: str | None = None
    detail: str | None = None
    band: str | None = None
    minute: int | None = None

    @property
    def topic(self) -> str | None:
        """``sport:boksen``, as a lead keeps it."""
        return f"{self.kind}:{self.detail}" if self.kind and self.detail else self.kind


def interest_button(action: str, topic: str, band: str | None = None,
                    minute: int | None = None) -> InterestButton:
    kind, _, detail = topic.partition(":")
    return InterestButton(action, kind, detail or None, band, minute)


BUTTON = Codec("int", InterestButton, (
    (Fixed("t", "action"), Choice("kind", TOPICS)),
    (Fixed("ok", "action"), Choice("kind", TOPICS), Match("detail", DETAIL_PART, optional=True)),
    (Fixed("no", "action"),),
    (Fixed("age", "action"), Choice("band", AGE_BANDS), Choice("kind", TOPICS),
     Number("minute", base=16)),
    (Fixed("age", "action"), Choice("band", AGE_BANDS), Choice("kind", TOPICS),
     Match("detail", DETAIL_PART), Number("minute", base=16)),
))


def slug(value: str) -> str | None:
    cleaned = value.strip().lower()
    return cleaned if DETAIL.fullmatch(cleaned) else None


def topic_of(ctx: Context) -> str | None:
    """What the interest is about: a named sport or activity first, then a likely topic."""
    for kind, topic in ENTITY_TOPICS.items():
        value = ctx.entities.get(kind)
        detail = slug(value) if value else None
        if value and f"{kind}:{detail}" == camp.ACTIVITY_CAMP:
            return "camp"  # "ik wil mee op kamp": the gazetteer names the camp an activity
        if value:
            return f"{topic}:{detail}" if detail and detail != topic else topic
    if ctx.understanding is not None:
        for candidate in ctx.understanding.candidates[:4]:
            if candidate.intent in INTENT_TOPICS and candidate.score >= TOPIC_SCORE:
                return INTENT_TOPICS[candidate.intent]
    return None


def topic_label(content: Content, topic: str, lang: str) -> str:
    """``"⚽ sport (skaten)"`` in ``lang``; the detail is the gazetteer's own word."""
    kind, _, detail = topic.partition(":")
    label = content.ui_text(f"topic.{kind}", lang)
    return f"{label} ({detail})" if detail else label


def topic_text(ctx: Context, key: str, topic: str) -> str:
    """A UI text with ``{topic}`` named in each block's own language."""
    return per_language(ctx.render, lambda lang: ctx.content.ui_text(
        key, lang, topic=topic_label(ctx.content, topic, lang)))


def compose(ctx: Context) -> Step:
    """``register_interest``: name the topic and ask consent, or ask which topic."""
    if ctx.incoming.in_group:  # the consent question is for the private chat only
        return Step((private_chat(ctx, LINK),), ctx.state, INTENT)
    topic = topic_of(ctx)
    return ask_consent(ctx, topic) if topic else ask_topic(ctx)


def ask_topic(ctx: Context) -> Step:
    render = ctx.render
    buttons = [render.button(f"topic.{kind}", BUTTON.build(InterestButton("t", kind))) for kind in TOPICS]
    return Step((render.reply(render.ui("interest.which"), buttons),), ctx.state, INTENT)


def ask_consent(ctx: Context, topic: str) -> Step:
    render = ctx.render
    buttons = [
        render.button("interest.yes", BUTTON.build(interest_button("ok", topic))),
        render.button("interest.no", BUTTON.build(InterestButton("no"))),
    ]
    reply = render.reply(topic_text(ctx, "interest.consent", topic), buttons)
    return Step((reply,), ctx.state, INTENT)


def on_button(ctx: Context, button: InterestButton) -> Step:
    """A topic picked, the yes or the no, or the age before the first consent."""
    if button.action == "no" or button.topic is None:
        return _say(ctx, "interest.declined")
    if ctx.incoming.in_group:  # pressed in a class group: nothing kept, go on in private
        return Step((private_chat(ctx),), ctx.state, INTENT)
    if button.action == "t":
        return ask_consent(ctx, button.topic)
    if button.action == "age" and button.band is not None and button.minute is not None:
        aged = answer_age(ctx, button.band, button.minute)
        return aged if isinstance(aged, Step) else save(aged, button.topic)
    return save(ctx, button.topic)


def save(ctx: Context, topic: str) -> Step:
    """Store the lead (the consent is the button press) and tell what happens next.

    A child under 13 is told a parent or youth worker can sign them up; nothing is kept.
    """
    if not ctx.store.durable:
        return _say(ctx, "interest.not_saved")
    verdict = require(ctx, CONTACT,
                      lambda band, minute: BUTTON.build(interest_button("age", topic, band, minute)))
    if isinstance(verdict, Ask):
        return Step(verdict.replies, verdict.state, INTENT)
    incoming = ctx.incoming
    language = person_language(ctx)
    opened = ctx.store.leads.open(
        incoming.user_key, incoming.user_key, name_for_staff(ctx), topic, language, ctx.now
    )
    if opened is None:
        return _say(ctx, "interest.not_saved")
    state = verdict.state
    if not opened.created:
        already = ctx.render.reply(topic_text(ctx, "interest.already", topic), hands_over=True)
        return Step((already,), state, INTENT)
    leads.notify_new(ctx, opened.lead)
    saved = ctx.render.reply(topic_text(ctx, "interest.saved", topic), hands_over=True)
    signed = camp.sign_up(replace(ctx, state=state), opened.lead) if camp.is_camp(opened.lead) else ()
    return Step((saved, *signed), state, INTENT)


def _say(ctx: Context, key: str) -> Step:
    return Step((ctx.render.reply(ctx.render.ui(key)),), ctx.state, INTENT)


def features() -> Features:
    return Features(composers={INTENT: compose}, buttons={BUTTON.prefix: typed(BUTTON, on_button)})
