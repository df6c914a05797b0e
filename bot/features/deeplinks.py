"""Deep links: ``t.me/<bot>?start=kamp-ar`` opens Maatje at a topic, in a language.

Posters and letters carry these links as QR codes (``maatje qr``). Telegram passes the
part after ``start=`` as the argument of ``/start``; it allows ``A-Z a-z 0-9 _ -`` and
at most 64 characters, so topics have short Dutch names.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from intents.types import CONTENT_LANGUAGES, INTENTS

#: Short Dutch topic names for links, and the topic each opens.
TOPICS: dict[str, str] = {
    "kamp": "camp_info",
    "paklijst": "camp_packing",
    "fiche": "camp_medical_form",
    "activiteiten": "activities",
    "sport": "club_join",
    "meedoen": "register_interest",
    "vrijwilliger": "volunteer",
    "jeugdwerker": "contact",
    "adres": "location",
    "privacy": "privacy",
    "hulp": "help",
}
#: ``groep-<name>``: a class group's link, joined by bot/features/subscriptions.py (not here).
GROUP_PREFIX = "groep"
#: ``knop-<payload, base64url>``: a button pressed in a class group, carried to the private
#: chat, where it is offered again (personal questions are never asked in a group).
BUTTON_PREFIX = "knop"
PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class TopicLink:
    """Open ``intent``, in ``language`` under the Dutch when given."""

    intent: str
    language: str | None = None


@dataclass(frozen=True)
class ButtonLink:
    """A button pressed in a group (``knop-aW50Om9rOnNwb3J0``), to press again in private."""

    payload: str


DeepLink = TopicLink | ButtonLink


def topic_intent(topic: str) -> str | None:
    """``"kamp"`` (or the intent name itself) → ``"camp_info"``; ``None`` when unknown."""
    topic = topic.lower()
    if topic in TOPICS:
        return TOPICS[topic]
    return topic if topic in INTENTS else None


def parse_start(text: str) -> DeepLink | None:
    """The link behind ``/start <parameter>``, or ``None`` for a plain or unknown start."""
    parts = text.split()
    if len(parts) < 2 or not PARAMETER.match(parts[1]):
        return None
    parameter = parts[1]
    head, _, tail = parameter.partition("-")
    if head.lower() == GROUP_PREFIX:
        return None  # a class group's link: bot/features/subscriptions.py joins it
    if head == BUTTON_PREFIX:
        payload = _decoded(tail)
        return ButtonLink(payload) if payload else None
    topic, _, language = parameter.rpartition("-")
    if topic and language.lower() in CONTENT_LANGUAGES and topic_intent(topic):
        return TopicLink(str(topic_intent(topic)), language.lower())
    intent = topic_intent(parameter)
    return TopicLink(intent) if intent else None


def start_parameter(topic: str, language: str | None = None) -> str:
    """The ``start=`` value for a topic and language; ``ValueError`` names what is wrong."""
    if topic_intent(topic) is None:
        raise ValueError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")
    if language is not None and language.lower() not in CONTENT_LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(CONTENT_LANGUAGES)}")
    return f"{topic.lower()}-{language.lower()}" if language else topic.lower()


def link_url(username: str, parameter: str) -> str:
    """``https://t.me/<bot>?start=<parameter>``."""
    return f"https://t.me/{username.lstrip('@')}?start={parameter}"


def web_link_url(address: str, parameter: str) -> str:
    """``https://<site>/?start=<parameter>``: the web chat's page opens at the topic, as
    the Telegram link does (the page sends ``/start <parameter>``)."""
    return f"{address.rstrip('/')}/?start={parameter}"


def button_parameter(payload: str) -> str | None:
    """The ``start=`` value that carries ``payload`` to the private chat; ``None`` when it
    would be longer than Telegram allows (the link then opens the chat without it)."""
    encoded = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii").rstrip("=")
    parameter = f"{BUTTON_PREFIX}-{encoded}"
    return parameter if PARAMETER.match(parameter) else None


def _decoded(tail: str) -> str | None:
    """The payload of a ``knop-`` link; ``None`` for anything that is not one."""
    try:
        payload = base64.urlsafe_b64decode(tail + "=" * (-len(tail) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return payload if 0 < len(payload.encode("utf-8")) <= 64 and payload.isprintable() else None
