"""Interest follow-up, the pupil's side: "ik wil meedoen" becomes a lead, with consent.

Maatje says what the interest is about (from the entities, or the runner-up topics of the
understanding, or else by asking), asks whether a youth worker may send a message, and
only on yes stores a lead. The reply that says it is saved is sent after the message's
transaction has committed (the service commits before the channel sends).
"""

from __future__ import annotations

import re

from bot.core.consent import AGE_BANDS, CONTACT
from bot.core.features import Context, Features, Step
from bot.features import leads
from bot.features.common import per_language
from bot.features.kit.gate import Ask, answer_age, require
from bot.features.kit.languages import person_language
from bot.features.kit.replies import stale_button
from content.loader import Content

INTENT = "register_interest"
PREFIX = "int"
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


def slug(value: str) -> str | None:
    cleaned = value.strip().lower()
    return cleaned if DETAIL.fullmatch(cleaned) else None


def parse_topic(raw: str) -> str | None:
    """A topic from a payload, or ``None`` when it is not one Maatje offers (forged)."""
    kind, _, detail = raw.partition(":")
    if kind not in TOPICS or (detail and slug(detail) != detail):
        return None
    return raw


def topic_of(ctx: Context) -> str | None:
    """What the interest is about: a named sport or activity first, then a likely topic."""
    for kind, topic in ENTITY_TOPICS.items():
        value = ctx.entities.get(kind)
        detail = slug(value) if value else None
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
    topic = topic_of(ctx)
    return ask_consent(ctx, topic) if topic else ask_topic(ctx)


def ask_topic(ctx: Context) -> Step:
    render = ctx.render
    buttons = [render.button(f"topic.{kind}", f"{PREFIX}:t:{kind}") for kind in TOPICS]
    return Step((render.reply(render.ui("interest.which"), buttons),), ctx.state, INTENT)


def ask_consent(ctx: Context, topic: str) -> Step:
    render = ctx.render
    buttons = [
        render.button("interest.yes", f"{PREFIX}:ok:{topic}"),
        render.button("interest.no", f"{PREFIX}:no"),
    ]
    reply = render.reply(topic_text(ctx, "interest.consent", topic), buttons)
    return Step((reply,), ctx.state, INTENT)


def on_button(ctx: Context, payload: str) -> Step:
    """``int:t:<kind>`` (topic picked), ``int:ok:<topic>`` (consent), ``int:no``,
    ``int:age:<band>:<topic>`` (the age, asked once before the first consent)."""
    _, action, rest = [*payload.split(":", 2), "", ""][:3]
    if action == "age":
        band, _, raw = rest.partition(":")
        topic = parse_topic(raw)
        if band not in AGE_BANDS or topic is None:
            return stale_button(ctx)
        aged = answer_age(ctx, band)
        return Step(aged.replies, aged.state, INTENT) if isinstance(aged, Ask) else save(aged, topic)
    topic = parse_topic(rest)
    if action == "t" and topic and ":" not in topic:
        return ask_consent(ctx, topic)
    if action == "ok" and topic:
        return save(ctx, topic)
    if action == "no":
        return _say(ctx, "interest.declined")
    return ask_topic(ctx)


def save(ctx: Context, topic: str) -> Step:
    """Store the lead (the consent is the button press) and tell what happens next.

    A child under 13 is told a parent or youth worker can sign them up; nothing is kept.
    """
    if not ctx.store.durable:
        return _say(ctx, "interest.not_saved")
    verdict = require(ctx, CONTACT, lambda band: f"{PREFIX}:age:{band}:{topic}")
    if isinstance(verdict, Ask):
        return Step(verdict.replies, verdict.state, INTENT)
    incoming = ctx.incoming
    language = person_language(ctx)
    opened = ctx.store.leads.open(
        incoming.user_key, incoming.user_key, incoming.first_name or "", topic, language, ctx.now
    )
    if opened is None:
        return _say(ctx, "interest.not_saved")
    state = verdict.state
    if not opened.created:
        return Step((ctx.render.reply(topic_text(ctx, "interest.already", topic)),), state, INTENT)
    leads.notify_new(ctx, opened.lead)
    return Step((ctx.render.reply(topic_text(ctx, "interest.saved", topic)),), state, INTENT)


def _say(ctx: Context, key: str) -> Step:
    return Step((ctx.render.reply(ctx.render.ui(key)),), ctx.state, INTENT)


def features() -> Features:
    return Features(composers={INTENT: compose}, buttons={PREFIX: on_button})
