"""The digital medical form: a parent fills it in inside Maatje, step by step.

A linked parent (:mod:`bot.features.camp_parent`) presses "📝 Medische fiche invullen" (or
types ``/fiche``). The answers are health data of a child (GDPR art. 9), so Maatje first
asks the parent's explicit consent for this one purpose; then one question a message:
yes/no questions with buttons, short typed answers for allergies, medication, diet, the
doctor and an emergency contact, the tetanus vaccine as a year or a month and year, and
"🤷 Weet ik niet" everywhere (typed too: ``questions.yaml``, ``form_*``). A summary is
confirmed at the end; the registration then counts the form as ``digital`` and the
reminders stop. Until the camp starts the parent can change any answer; withdrawing the
consent erases the answers at once (so do ``/vergeet`` and the retention job,
``MAATJE_RETENTION_FORMS_DAYS`` after the camp ends).

The answers are kept encrypted (:mod:`storage.forms`); without ``MAATJE_FORMS_KEY`` the
store says the digital form is off and the parent gets the paper form instead. Staff read
a form from the ``/kamp`` card (each read audited); nobody else can.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.payloads import Choice, Codec, Number

INTENT = "camp_form"
PREFIX = "mf"
#: Kinds of question: yes / no / don't know buttons; typed text; the tetanus date.
YESNO, TEXT, DATE = "yesno", "text", "date"
#: The form's questions in order (their texts: ``camp.form.q.<id>`` in ui.yaml).
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("allergy", TEXT), ("medication", TEXT), ("diet", TEXT), ("health", TEXT),
    ("swim", YESNO), ("tetanus", DATE), ("doctor", TEXT), ("emergency", TEXT),
    ("doctor_ok", YESNO), ("painkiller", YESNO),
)
STEPS = tuple(step for step, _ in QUESTIONS)
KINDS = dict(QUESTIONS)
#: Whole-form buttons: open or go on, consent yes / no, the summary is right, change
#: something, erase everything (consent withdrawn).
START, CONSENT, REFUSE, CONFIRM, EDIT, ERASE = "start", "ok", "no", "sure", "edit", "stop"
FORM_ACTIONS = (START, CONSENT, REFUSE, CONFIRM, EDIT, ERASE)
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


BUTTON = Codec(PREFIX, FormButton, (
    (Number("registration"), Choice("action", FORM_ACTIONS)),
    (Number("registration"), Choice("step", STEPS), Choice("action", STEP_ACTIONS)),
))


def payload(registration: int, action: str, step: str | None = None) -> str:
    """The payload of one of the form's buttons."""
    return BUTTON.build(FormButton(registration, action, step))
