"""Typed button payloads for the features: the codecs several features share, and
:func:`typed`, which answers a payload its codec cannot read with the stale-button answer.

The codec itself (prefix, layouts, build and parse) is the core's:
:class:`bot.core.payloads.Codec`. Each feature declares the codec of its own prefix next
to its handlers, as aiogram's ``CallbackData`` factories do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.core.features import ButtonHandler, Context, Step
from bot.core.payloads import Choice, Codec, Fixed, Match, Number
from bot.features.kit.replies import stale_button
from intents.types import CONTENT_LANGUAGES

T = TypeVar("T")


def typed(codec: Codec[T], handler: Callable[[Context, T], Step]) -> ButtonHandler:
    """A button handler that reads the payload with ``codec`` first: a payload it cannot
    read gets the stale-button answer and ``handler`` never runs."""

    def handle(ctx: Context, payload: str) -> Step:
        value = codec.parse(payload)
        return stale_button(ctx) if value is None else handler(ctx, value)

    handle.__doc__ = handler.__doc__
    return handle


# --- payloads more than one feature builds or reads ------------------------------------------

#: An id from the content folder (a club, a place, a parent question), short enough for
#: every payload that carries one.
CONTENT_ID = r"[a-z0-9][a-z0-9_-]{0,39}"
#: A group's name, as in ``groep-`` links: small letters, digits and dashes.
GROUP = r"[a-z0-9][a-z0-9-]{1,39}"


def is_group(name: str) -> bool:
    """Whether ``name`` can be a group's name (in a link, a command or a button)."""
    return re.fullmatch(GROUP, name) is not None


@dataclass(frozen=True)
class Picked:
    """A button that names one thing: ``lang:ar``, ``role:parent``, ``club:<id>``."""

    value: str


def picked(prefix: str, part: Choice | Match) -> Codec[Picked]:
    """The codec of ``<prefix>:<value>``."""
    return Codec(prefix, Picked, ((part,),))


#: A language picked in the picker.
LANGUAGE = picked("lang", Choice("value", CONTENT_LANGUAGES))


@dataclass(frozen=True)
class LeadButton:
    """``lead:<id>:claim|done|reply|grp|camp``, or ``lead:<id>:g:<group>`` (add to a group)."""

    id: int
    action: str
    group: str | None = None


LEAD_ACTIONS = ("claim", "done", "reply", "grp", "camp")
LEAD = Codec("lead", LeadButton, (
    (Number("id"), Choice("action", LEAD_ACTIONS)),
    (Number("id"), Fixed("g", "action"), Match("group", GROUP)),
))


# --- the digital medical form (answered by bot.features.camp_form) --------------------------

#: Kinds of question: yes / no / don't know buttons; typed text; the tetanus date.
YESNO, TEXT, DATE = "yesno", "text", "date"
#: The form's questions in order (their texts: ``camp.form.q.<id>`` in ui.yaml).
FORM_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("allergy", TEXT), ("medication", TEXT), ("diet", TEXT), ("health", TEXT),
    ("swim", YESNO), ("tetanus", DATE), ("doctor", TEXT), ("emergency", TEXT),
    ("doctor_ok", YESNO), ("painkiller", YESNO),
)
STEPS = tuple(step for step, _ in FORM_QUESTIONS)
#: Whole-form buttons: open or go on, consent yes / no, the summary is right, change
#: something, erase everything (consent withdrawn); a pupil's "I am 16 or older" yes / no
#: (``MAATJE_FORM_BY_PUPIL_FROM_AGE``).
START, CONSENT, REFUSE, CONFIRM, EDIT, ERASE = "start", "ok", "no", "sure", "edit", "stop"
OLD, YOUNG = "old", "young"
FORM_ACTIONS = (START, CONSENT, REFUSE, CONFIRM, EDIT, ERASE, OLD, YOUNG)
#: Answers to one question, and "ask this question again" (from the change menu).
YES, NO, NONE, UNKNOWN, CHANGE = "yes", "no", "none", "dk", "change"
STEP_ACTIONS = (YES, NO, NONE, UNKNOWN, CHANGE)


@dataclass(frozen=True)
class FormButton:
    """``mf:<registration>:<action>`` for the whole form, ``mf:<registration>:<step>:<answer>``
    for one question."""

    registration: int
    action: str
    step: str | None = None


FORM = Codec("mf", FormButton, (
    (Number("registration"), Choice("action", FORM_ACTIONS)),
    (Number("registration"), Choice("step", STEPS), Choice("action", STEP_ACTIONS)),
))


def form_payload(registration: int, action: str, step: str | None = None) -> str:
    """The payload of one of the medical form's buttons (the camp permission and the
    parent's reminder offer ``start``)."""
    return FORM.build(FormButton(registration, action, step))
